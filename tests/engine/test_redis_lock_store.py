"""The engines' per-conversation lock, on a real redis-server."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from engine.redis_lock_store import RedisMutexLockStore


def store(port: int) -> RedisMutexLockStore:
    """A lock store as endpoints-redis.yml builds it (one per engine)."""
    config = {"url": "127.0.0.1", "port": port, "db": 1, "key_prefix": "lygte"}
    return RedisMutexLockStore(EndpointConfig(**config))


def test_two_engines_take_turns_on_one_conversation(redis_port: int) -> None:
    engines = [store(redis_port), store(redis_port)]
    inside: list[str] = []
    overlaps: list[str] = []

    async def handle(engine: RedisMutexLockStore, name: str) -> None:
        async with engine.lock("same-person"):
            if inside:
                overlaps.append(name)
            inside.append(name)
            await asyncio.sleep(0.05)  # an await inside, as Rasa's turn has
            inside.remove(name)

    async def scenario() -> float:
        started = time.monotonic()
        await asyncio.gather(*(handle(engines[i % 2], f"turn {i}") for i in range(6)))
        return time.monotonic() - started

    assert asyncio.run(scenario()) >= 6 * 0.05
    assert overlaps == []
    assert engines[0].red.exists("lygte:lock:same-person") == 0  # released, not left behind


def test_different_conversations_do_not_wait_for_each_other(redis_port: int) -> None:
    engine = store(redis_port)

    async def handle(person: str) -> None:
        async with engine.lock(person):
            await asyncio.sleep(0.2)

    async def scenario() -> float:
        started = time.monotonic()
        await asyncio.gather(*(handle(f"person {i}") for i in range(5)))
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 0.2 * 3


def test_a_crashed_engines_lock_ends_with_its_lifetime(redis_port: int) -> None:
    crashed, alive = store(redis_port), store(redis_port)
    # what a crashed engine leaves behind: its lock with the lifetime, never released
    crashed.red.set(crashed.key_prefix + "orphan", "dead-engine", px=300)

    async def scenario() -> float:
        started = time.monotonic()
        async with alive.lock("orphan", lock_lifetime=5):
            return time.monotonic() - started

    waited = asyncio.run(scenario())
    assert 0.2 < waited < 2


def test_an_expired_lock_taken_by_another_is_not_released_by_the_first(redis_port: int) -> None:
    first, second = store(redis_port), store(redis_port)

    async def scenario() -> bytes | None:
        async with first.lock("slow", lock_lifetime=0.2):
            await asyncio.sleep(0.3)  # our lifetime ran out ...
            second.red.set(second.key_prefix + "slow", "second-engine", px=5000)  # ... taken
        return second.red.get(second.key_prefix + "slow")

    assert asyncio.run(scenario()) == b"second-engine"


def test_waiting_longer_than_the_lifetime_is_an_error(redis_port: int) -> None:
    engine = store(redis_port)
    engine.red.set(engine.key_prefix + "stuck", "someone", px=5000)

    async def scenario() -> None:
        async with engine.lock("stuck", lock_lifetime=0.2):
            pass

    with pytest.raises(LockError):
        asyncio.run(scenario())
