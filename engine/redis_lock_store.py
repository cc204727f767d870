"""One conversation handled by one engine at a time: a Redis lock in two round trips.

Rasa's `RedisLockStore` keeps a queue of numbered tickets per conversation, as JSON in one
key that it reads and rewrites: seven blocking Redis calls for every message. Lygte's gateway
already sends one person's messages one after another (bot/redis_state.py), so engines almost
never meet on a conversation; what must hold is that two engines never handle it at the same
moment. This store takes the lock with a single `SET key token NX PX lifetime` (retried with a
short sleep while another engine holds it) and gives it back with a script that deletes the key
only if it still holds this engine's token. A crashed engine's lock ends after its lifetime,
as Rasa's does.

Named in endpoints-redis.yml (`lock_store: type:`); the keys live in the lock database
(`db`, default 1) under `<key_prefix>:lock:<conversation>`.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

#: Deletes the lock only if it is still ours (it may have expired and been taken since).
_RELEASE = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("del", KEYS[1])
end
return 0
"""

#: How long to sleep between two tries while another engine holds the lock.
RETRY_SECONDS = 0.01


class RedisMutexLockStore(RedisLockStore):
    """Rasa's Redis lock store, with a plain mutex per conversation instead of tickets."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        self._release = self.red.register_script(_RELEASE)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[TicketLock]:
        """Hold the conversation's lock for the `async with` block (at most `lock_lifetime`).

        Waits while another engine holds it, up to `lock_lifetime`; then raises LockError.
        """
        key = self.key_prefix + conversation_id
        token = secrets.token_hex(16)
        deadline = time.monotonic() + lock_lifetime
        try:
            while not self.red.set(key, token, nx=True, px=max(1, int(lock_lifetime * 1000))):
                if time.monotonic() > deadline:
                    raise LockError(f"conversation locked for over {lock_lifetime} s")
                await asyncio.sleep(min(RETRY_SECONDS, wait_time_in_seconds))
        except LockError:
            raise
        except Exception as error:  # Redis down: Rasa reports lock errors as LockError too
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        try:
            # Rasa's callers do not use the value; a TicketLock keeps the interface.
            yield TicketLock(conversation_id)
        finally:
            self._release(keys=[key], args=[token])
