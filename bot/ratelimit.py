"""How many messages the line answers, and in which order: per pseudonym and for the whole line.

- Per pseudonym, a token bucket: a burst of `burst` messages, then `per_minute` a minute.
  The first message over the limit gets a kind "slow down"; the rest of that burst get
  silence (each SMS reply costs money, and a loop or a pumping script would otherwise be
  answered forever). Limits never stop a person from being forgotten: SLET over a limit is
  still erased (bot/conversation.py, `Line.handle`), and STOP is not counted at all.
- For the whole line, a ceiling of replies a minute: above it the line goes silent, which
  caps what SMS-pumping fraud (many numbers, each within its own limit) can cost.
- Per pseudonym, one message at a time, in arrival order (`TurnQueue`), so that a burst is
  answered in the order it was written even when the requests arrive concurrently.

State is keyed by pseudonym only, kept in memory, bounded in size, and forgotten once a
bucket is full again. `Limiter` is the interface; bot/redis_state.py implements it in Redis
for several gateways (Redis mode).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import AsyncIterator, Callable, Protocol

log = logging.getLogger(__name__)

#: Most pseudonyms a MemoryLimiter keeps; the least recently seen are dropped first.
MAX_KEYS = 10_000


class Admission(enum.Enum):
    """What the line does with one incoming message."""

    ANSWER = "answer"
    SLOW_DOWN = "slow_down"  # over the person's limit: one kind "slow down" reply
    SILENT = "silent"  # over a limit again, or over the line's ceiling: no reply


class Limiter(Protocol):
    """Decides whether a message from `key` (a pseudonym) is answered."""

    async def admit(self, key: str) -> Admission:
        """Count one message from `key` and say how to treat it."""
        ...

    async def spend(self) -> bool:
        """Count one reply the line sends unasked (push) against the line's ceiling; False
        when the ceiling is reached."""
        ...


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    warned: bool = False


class MemoryLimiter:
    """Token buckets per pseudonym plus a line-wide ceiling per minute, in this process."""

    def __init__(
        self,
        burst: int,
        per_minute: float,
        line_per_minute: int,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.rate = per_minute / 60.0
        self.line_per_minute = line_per_minute
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._window_start = clock()
        self._window_count = 0

    def __len__(self) -> int:
        return len(self._buckets)

    async def admit(self, key: str) -> Admission:
        """Count one message from `key`; see the module docstring for the rules."""
        now = self.clock()
        self._expire(now)
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        self._buckets[key] = bucket  # most recently seen last
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            if bucket.warned:
                return Admission.SILENT
            bucket.warned = True
            return self._reply(now, Admission.SLOW_DOWN)
        bucket.tokens -= 1
        bucket.warned = False
        return self._reply(now, Admission.ANSWER)

    async def spend(self) -> bool:
        """Count one message the line sends unasked (a pushed staff reply) against the line's
        ceiling; False when the ceiling is reached (the reply then waits for pull)."""
        return self._reply(self.clock(), Admission.ANSWER) is Admission.ANSWER

    def _reply(self, now: float, admission: Admission) -> Admission:
        """Count a reply against the line's ceiling; SILENT when the ceiling is reached."""
        if now - self._window_start >= 60:
            self._window_start, self._window_count = now, 0
        if self._window_count >= self.line_per_minute:
            if self._window_count == self.line_per_minute:
                log.warning("line ceiling of %d replies a minute reached", self.line_per_minute)
                self._window_count += 1  # log once per minute
            return Admission.SILENT
        self._window_count += 1
        return admission

    def _expire(self, now: float) -> None:
        """Forget buckets that are full again: they say nothing a fresh bucket would not."""
        refill = self.burst / self.rate if self.rate else float("inf")
        while self._buckets:
            key, bucket = next(iter(self._buckets.items()))
            if now - bucket.stamp < refill:
                break  # ordered by last use: every later bucket is younger
            del self._buckets[key]


class TurnQueue:
    """One message at a time per key, first come first served (asyncio.Lock is fair)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    def __len__(self) -> int:
        return len(self._locks)

    @contextlib.asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        """Wait until every earlier message from `key` has been answered."""
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]  # nobody waits: keep nothing about this key
            else:
                self._locks[key] = (lock, users - 1)
