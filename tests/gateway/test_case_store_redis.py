"""RedisCaseStore (bot/handover/store.py) against a real redis-server: the memory store's tests,
then what only Redis mode promises (several gateways, restarts, keys that expire)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest
import redis
import redis.asyncio as aioredis

import tests.gateway.test_case_store as memory_tests
from bot.handover.store import RedisCaseStore
from tests.redis_server import redis_server

NOW = datetime.now(timezone.utc)
MAX_AGE = timedelta(hours=72)
SHARED = sorted(name for name in dir(memory_tests) if name.startswith("test_"))


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    with redis_server() as port:
        yield port


@pytest.fixture
def port(redis_port: int) -> int:
    """The server, emptied."""
    redis.Redis(port=redis_port).flushall()
    return redis_port


def gateway(port: int) -> RedisCaseStore:
    """A store as one gateway has it (its own connection)."""
    return RedisCaseStore(aioredis.Redis(port=port, db=2), MAX_AGE)


@pytest.mark.parametrize("name", SHARED)
def test_the_memory_store_tests_pass_on_redis(
    name: str, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory_tests, "store", lambda: gateway(port))
    getattr(memory_tests, name)()


def test_two_gateways_racing_for_a_case_give_it_to_one_account(port: int) -> None:
    async def scenario() -> None:
        one, two = gateway(port), gateway(port)
        code = (await one.open("pseudonym-a", "da", "sms", NOW)).code
        results = await asyncio.gather(
            *(g.take(code, account) for g, account in ((one, "mette"), (two, "ali")) * 5)
        )
        winners = {account for ok, account in zip(results, ["mette", "ali"] * 5, strict=True) if ok}
        assert len(winners) == 1
        assert (await two.by_code(code)).taken_by in winners

    asyncio.run(scenario())


def test_a_pending_reply_survives_a_gateway_restart_and_is_delivered_once(port: int) -> None:
    async def before() -> str:
        store = gateway(port)
        code = (await store.open("pseudonym-a", "da", "sms", NOW)).code
        assert await store.reply(code, "mette", "Hej", NOW)
        return code

    code = asyncio.run(before())

    async def after() -> None:  # a new process: new loop, new connections
        one, two = gateway(port), gateway(port)
        assert (await one.case_for("pseudonym-a")).code == code
        got = await asyncio.gather(one.pending_for("pseudonym-a"), two.pending_for("pseudonym-a"))
        assert sorted(got) == [[], ["Hej"]]

    asyncio.run(after())


def test_every_case_key_expires_by_the_handoff_hours(port: int) -> None:
    async def scenario() -> None:
        store = gateway(port)
        code = (await store.open("pseudonym-a", "da", "sms", NOW)).code
        await store.reply(code, "mette", "Hej", NOW)

    asyncio.run(scenario())
    client = redis.Redis(port=port, db=2)
    for key in client.scan_iter("lygte:case:*"):
        assert 0 < client.ttl(key) <= MAX_AGE.total_seconds() + 1, key


def test_close_leaves_nothing_of_the_case_in_redis(port: int) -> None:
    async def scenario() -> None:
        store = gateway(port)
        code = (await store.open("pseudonym-a", "da", "sms", NOW)).code
        await store.reply(code, "mette", "Hej", NOW)
        assert await store.close(code)

    asyncio.run(scenario())
    assert redis.Redis(port=port, db=2).keys("*") == []
