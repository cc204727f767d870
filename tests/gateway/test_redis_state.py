"""The gateway's shared state against a real redis-server: two gateways behave as one."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest
import redis.asyncio as aioredis

from bot.handover.store import CaseEvent, RedisCaseStore
from bot.handover.vault import RedisTokens
from bot.ratelimit import Admission, Limiter, MemoryLimiter
from bot.redis_state import GATEWAY_DB, RedisLimiter, RedisTurnQueue, shared_state
from tests.gateway.conftest import settings_for
from tests.redis_server import redis_server
from tests.support import free_port

PASSWORD = "test-redis-password"


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    with redis_server(PASSWORD) as port:
        yield port


def run(redis_port: int, scenario) -> None:
    """Run `scenario(store)` with a fresh client on a flushed gateway database."""

    async def main() -> None:
        store = aioredis.Redis(port=redis_port, password=PASSWORD, db=GATEWAY_DB)
        await store.flushdb()
        try:
            await scenario(store)
        finally:
            await store.aclose()

    asyncio.run(main())


def test_two_gateways_share_one_bucket(redis_port: int) -> None:
    async def scenario(store: aioredis.Redis) -> None:
        first, second = (RedisLimiter(store, 3, 1, 1000) for _ in range(2))
        seen = [await (first if i % 2 else second).admit("p1") for i in range(5)]
        assert seen == [Admission.ANSWER] * 3 + [Admission.SLOW_DOWN, Admission.SILENT]
        assert await first.admit("p2") is Admission.ANSWER  # another person is not limited
        assert 0 < await store.ttl("lygte:rate:p1") <= 181  # gone once full again

    run(redis_port, scenario)


def test_the_line_ceiling_counts_every_gateway(redis_port: int) -> None:
    async def scenario(store: aioredis.Redis) -> None:
        first, second = RedisLimiter(store, 5, 10, 2), RedisLimiter(store, 5, 10, 2)
        seen = [await limiter.admit(f"p{i}") for i, limiter in enumerate([first, second] * 2)]
        assert seen == [Admission.ANSWER, Admission.ANSWER, Admission.SILENT, Admission.SILENT]

    run(redis_port, scenario)


def test_pushed_replies_count_against_the_ceiling_like_in_memory(redis_port: int) -> None:
    """spend() and admit() share the minute's window; the memory limiter gives the same."""

    async def steps(first: Limiter, second: Limiter) -> list[object]:
        return [
            await first.admit("p1"),
            await second.spend(),
            await first.spend(),
            await second.spend(),  # the fourth reply with a ceiling of three
            await first.admit("p2"),
            await second.spend(),
        ]

    async def scenario(store: aioredis.Redis) -> None:
        await fresh_minute(store)
        one, two = RedisLimiter(store, 5, 10, 3), RedisLimiter(store, 5, 10, 3)
        in_redis = await steps(one, two)
        assert in_redis == [Admission.ANSWER, True, True, False, Admission.SILENT, False]
        memory = MemoryLimiter(5, 10, 3)
        assert await steps(memory, memory) == in_redis
        [window] = await store.keys("lygte:line:*")
        assert 0 < await store.ttl(window) <= 120

    run(redis_port, scenario)


async def fresh_minute(store: aioredis.Redis) -> None:
    """Wait out the last seconds of a minute on Redis's clock, so that a test's counts fall
    into one window."""
    while (await store.time())[0] % 60 >= 58:
        await asyncio.sleep(0.2)


def test_turns_go_in_arrival_order_across_gateways(redis_port: int) -> None:
    async def scenario(store: aioredis.Redis) -> None:
        gateways = [RedisTurnQueue(store), RedisTurnQueue(store)]
        order: list[int] = []
        release = asyncio.Event()

        async def message(index: int) -> None:
            async with gateways[index % 2].turn("p1"):
                order.append(index)
                if index == 0:
                    await release.wait()  # the first message is slow

        tasks = []
        for index in range(4):
            tasks.append(asyncio.create_task(message(index)))
            await asyncio.sleep(0.05)  # arrival order 0, 1, 2, 3
        assert order == [0]
        release.set()
        await asyncio.gather(*tasks)
        assert order == [0, 1, 2, 3]
        assert await store.keys("lygte:turn:*") == []  # nothing kept once all are answered

    run(redis_port, scenario)


def test_a_message_that_gives_up_does_not_block_the_next(redis_port: int) -> None:
    async def scenario(store: aioredis.Redis) -> None:
        queue = RedisTurnQueue(store)
        holder_inside, release = asyncio.Event(), asyncio.Event()

        async def holder() -> None:
            async with queue.turn("p1"):
                holder_inside.set()
                await release.wait()

        async def impatient() -> None:
            async with asyncio.timeout(0.2):
                async with queue.turn("p1"):
                    pytest.fail("must not get the turn before the holder is done")

        held = asyncio.create_task(holder())
        await holder_inside.wait()
        with pytest.raises(TimeoutError):
            await impatient()
        release.set()
        await held
        async with asyncio.timeout(5):
            async with queue.turn("p1"):
                pass
        assert await store.keys("lygte:turn:*") == []

    run(redis_port, scenario)


def test_a_turn_whose_gateway_died_is_skipped(redis_port: int) -> None:
    async def scenario(store: aioredis.Redis) -> None:
        await store.incr("lygte:turn:p1:next")  # a gateway drew ticket 1 and died
        async with asyncio.timeout(5):
            async with RedisTurnQueue(store, stale_s=0.2).turn("p1"):
                pass
        assert await store.keys("lygte:turn:*") == []

    run(redis_port, scenario)


def test_shared_state_only_with_redis_host(redis_port: int) -> None:
    memory = settings_for(free_port(), "test-token")
    env = {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis_port), "REDIS_PASSWORD": PASSWORD}
    shared = settings_for(free_port(), "test-token", HANDOFF_HOURS="5", **env)

    async def scenario() -> None:
        async with shared_state(memory) as state:
            assert state == {}
        async with shared_state(shared) as state:
            assert isinstance(state["limiter"], RedisLimiter)
            assert await state["limiter"].admit("p9") is Admission.ANSWER
            assert isinstance(state["turns"], RedisTurnQueue)
            assert isinstance(state["tokens"], RedisTokens)
            cases = state["cases"]
            assert isinstance(cases, RedisCaseStore)
            assert cases.max_age == timedelta(hours=5)  # HANDOFF_HOURS
            queue = cases.subscribe()
            code = (await cases.open("p9", "da", "sms", datetime.now(timezone.utc))).code
            assert await asyncio.wait_for(queue.get(), 10) == CaseEvent("opened", code)
            await cases.close(code)
        assert asyncio.all_tasks() == {asyncio.current_task()}  # the relay stopped with it

    asyncio.run(scenario())
