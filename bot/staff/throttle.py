"""Throttling of wrong passwords, in memory only (nothing about login attempts goes to disk).

Failures are counted per (account name, client address). After MAX_FAILURES within WINDOW_S
seconds that pair gets HTTP 429 until the window has passed; a correct password does not
help while blocked, so guessing cannot go on at speed.
"""

from __future__ import annotations

import time
from collections import deque

MAX_FAILURES = 5
WINDOW_S = 15 * 60
#: Bound on remembered pairs, so a flood of made-up names cannot fill the memory.
MAX_KEYS = 10_000


class LoginThrottle:
    """Counts recent failed logins per key and says when a key must wait."""

    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def retry_after(self, name: str, client: str) -> int:
        """Seconds until `name` may be tried again from `client` (0 when it may now)."""
        now = time.monotonic()
        times = self._recent((name, client), now)
        if len(times) < self.max_failures:
            return 0
        return max(1, int(self.window_s - (now - times[0])) + 1)

    def failed(self, name: str, client: str) -> None:
        """Record one wrong password for `name` from `client`."""
        now = time.monotonic()
        if len(self._failures) >= MAX_KEYS:
            for key in [k for k in self._failures if not self._recent(k, now)]:
                del self._failures[key]
            if len(self._failures) >= MAX_KEYS:  # still full of live keys: forget the oldest
                del self._failures[next(iter(self._failures))]
        times = self._recent((name, client), now)
        times.append(now)
        self._failures[(name, client)] = times

    def succeeded(self, name: str, client: str) -> None:
        """Forget the failures of `name` from `client` after a correct login."""
        self._failures.pop((name, client), None)
