"""The gateway's state in Redis, so that several gateways behave as one (Redis mode).

When REDIS_HOST is set, the per-person rate limit, the line-wide ceiling and the
one-message-at-a-time order of bot/ratelimit.py live in Redis (database 2; the engines use 0
and 1) instead of one process's memory, with the same rules; so do the open cases of people
talking to staff (bot/handover/store.py, RedisCaseStore: they outlive a gateway restart and
their live events reach every gateway) and the push vault's encrypted addresses
(bot/handover/vault.py, RedisTokens). A gateway then keeps nothing between requests and any
gateway can answer any message.

These keys hold pseudonyms only (never a number, a UUID or text) and disappear by themselves:
- `lygte:rate:<pseudonym>`: the token bucket; expires once it would be full again;
- `lygte:line:<minute>`: replies counted in one minute (answers and pushed staff replies);
  expires after two minutes;
- `lygte:turn:<pseudonym>:next|serving|done`: the order of one person's messages; deleted
  as soon as no message of theirs is waiting (and expiring after a minute if a gateway died).
The case keys (`lygte:case*`, with the case's messages) and `lygte:push:<code>` are described
where they are kept; they expire after HANDOFF_HOURS at the latest and close deletes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import Any, AsyncIterator

import redis.asyncio as redis

from bot.config import Settings
from bot.handover.store import RedisCaseStore
from bot.handover.vault import RedisTokens
from bot.ratelimit import Admission

log = logging.getLogger(__name__)

#: Database of the gateway's keys (endpoints-redis.yml: 0 trackers, 1 locks).
GATEWAY_DB = 2
#: Seconds a person's order keys live after their last use if a gateway died holding them.
TURN_KEYS_TTL_S = 60
#: A turn not finished after this long is taken as lost (its gateway died). Longer than the
#: reply deadline, after which a live gateway always finishes its turn.
STALE_TURN_S = 15.0
POLL_S = 0.01
#: Prefix of the line's per-minute reply counts (`<prefix>:<minute>`).
LINE_KEY = "lygte:line"

# Lua: `now` (seconds) on Redis's clock, the same for every gateway (their clocks differ).
NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

# Lua: count one reply in this minute's window of the line (key `line`, expiring after two
# minutes); over `ceiling`, return 'ceiling' the first time (logged) and 'silent' after.
LINE_WINDOW = """
local window = {line} .. ':' .. math.floor(now / 60)
local count = redis.call('INCR', window)
if count == 1 then redis.call('EXPIRE', window, 120) end
if count == ceiling + 1 then return 'ceiling' end
if count > ceiling then return 'silent' end
"""

# Token bucket and line ceiling in one atomic step. KEYS: bucket, line. ARGV: burst, rate,
# ceiling.
ADMIT = (
    NOW
    + """
local burst, rate, ceiling = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'stamp', 'warned')
local tokens = tonumber(b[1]) or burst
local stamp = tonumber(b[2]) or now
local warned = b[3] == '1'
tokens = math.min(burst, tokens + (now - stamp) * rate)
local result
if tokens < 1 then
  if warned then result = 'silent' else warned = true; result = 'slow_down' end
else
  tokens = tokens - 1; warned = false; result = 'answer'
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now),
           'warned', warned and '1' or '0')
local refill = 3600
if rate > 0 then refill = math.ceil((burst - tokens) / rate) + 1 end
redis.call('EXPIRE', KEYS[1], refill)
if result == 'silent' then return result end
"""
    + LINE_WINDOW.format(line="KEYS[2]")
    + "return result\n"
)

# One reply the line sends unasked, against the line's ceiling. KEYS: line. ARGV: ceiling.
SPEND = (
    NOW
    + "local ceiling = tonumber(ARGV[1])\n"
    + LINE_WINDOW.format(line="KEYS[1]")
    + "return 'answer'\n"
)

# Mark a ticket done and move `serving` past every finished ticket; drop the keys when no
# ticket is outstanding. KEYS: serving, done, next. ARGV: ticket, ttl.
FINISH = """
redis.call('SADD', KEYS[2], ARGV[1])
local serving = tonumber(redis.call('GET', KEYS[1]) or '0')
while redis.call('SISMEMBER', KEYS[2], tostring(serving + 1)) == 1 do
  serving = serving + 1
  redis.call('SREM', KEYS[2], tostring(serving))
end
if tonumber(redis.call('GET', KEYS[3]) or '0') <= serving then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
else
  redis.call('SET', KEYS[1], serving, 'EX', ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
return serving
"""


class RedisLimiter:
    """bot.ratelimit.Limiter with its buckets and ceiling shared by every gateway."""

    def __init__(
        self, store: redis.Redis, burst: int, per_minute: float, line_per_minute: int
    ) -> None:
        self.store = store
        self.args = (burst, per_minute / 60.0, line_per_minute)
        self.line_per_minute = line_per_minute
        self._admit = store.register_script(ADMIT)
        self._spend = store.register_script(SPEND)

    async def admit(self, key: str) -> Admission:
        """Count one message from `key` (a pseudonym); the rules of MemoryLimiter."""
        result = await self._admit(keys=[f"lygte:rate:{key}", LINE_KEY], args=self.args)
        return self._admission(result)

    async def spend(self) -> bool:
        """Count one message the line sends unasked (a pushed staff reply) against the line's
        ceiling, in the window `admit` counts in; False when the ceiling is reached."""
        result = await self._spend(keys=[LINE_KEY], args=[self.line_per_minute])
        return self._admission(result) is Admission.ANSWER

    def _admission(self, result: bytes | str) -> Admission:
        """A script's verdict; the first over the ceiling in a minute is logged."""
        result = result.decode() if isinstance(result, bytes) else result
        if result == "ceiling":
            log.warning("line ceiling of %d replies a minute reached", self.line_per_minute)
            return Admission.SILENT
        return Admission(result)


class RedisTurnQueue:
    """bot.ratelimit.TurnQueue across gateways: one message per person at a time, in order.

    Each message draws a ticket; it goes when every earlier ticket is done. A message that
    gives up waiting (its deadline passed) still counts as done, so nobody waits behind it.
    """

    def __init__(self, store: redis.Redis, stale_s: float = STALE_TURN_S) -> None:
        self.store = store
        self.stale_s = stale_s
        self._finish = store.register_script(FINISH)

    @contextlib.asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        """Wait until every earlier message from `key` has been answered."""
        keys = [f"lygte:turn:{key}:{part}" for part in ("serving", "done", "next")]
        async with self.store.pipeline(transaction=True) as pipe:
            ticket, _ = await pipe.incr(keys[2]).expire(keys[2], TURN_KEYS_TTL_S).execute()
        try:
            await self._wait(keys, ticket)
            yield
        finally:
            # Shielded: a cancelled request must still let the next message go.
            await asyncio.shield(self._finish(keys=keys, args=[ticket, TURN_KEYS_TTL_S]))

    async def _wait(self, keys: list[str], ticket: int) -> None:
        """Poll until `serving` reaches the ticket before ours; skip a turn whose gateway died."""
        seen, since = -1, time.monotonic()
        while (serving := int(await self.store.get(keys[0]) or 0)) < ticket - 1:
            if serving != seen:
                seen, since = serving, time.monotonic()
            elif time.monotonic() - since > self.stale_s:
                log.warning("a turn was not finished in %.0f s: skipped", self.stale_s)
                await self._finish(keys=keys, args=[serving + 1, TURN_KEYS_TTL_S])
            await asyncio.sleep(POLL_S)


@contextlib.asynccontextmanager
async def shared_state(settings: Settings) -> AsyncIterator[dict]:
    """In Redis mode (`settings.redis`) the line's `limiter` and `turns`, the open `cases`
    (their events relayed to this process while inside) and the push vault's `tokens`, all in
    Redis; else nothing (the caller keeps them in memory)."""
    if settings.redis is None:
        yield {}
        return
    store = redis.Redis(
        host=settings.redis.host,
        port=settings.redis.port,
        password=settings.redis.password or None,
        db=GATEWAY_DB,
    )
    cases = RedisCaseStore(store, timedelta(seconds=settings.handover.max_age_s))
    state: dict[str, Any] = {
        "limiter": RedisLimiter(
            store, settings.rate_burst, settings.rate_per_minute, settings.line_replies_per_minute
        ),
        "turns": RedisTurnQueue(store),
        "cases": cases,
        "tokens": RedisTokens(store),
    }
    try:
        async with cases.relaying():
            yield state
    finally:
        await store.aclose()
