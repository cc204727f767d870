"""RedisCaseStore (bot/handover/store.py) against a real redis-server: the memory store's tests,
then what only Redis mode promises (several gateways, restarts, keys that expire)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest
import redis
import redis.asyncio as aioredis

import tests.gateway.test_case_store as memory_tests
import tests.redis_server
from bot.handover.store import EVENTS, CaseEvent, RedisCaseStore
from lygte.handover import Message
from tests.redis_server import redis_server
from tests.support import free_port

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
    monkeypatch.setattr(memory_tests, "listening", lambda cases: cases.relaying())
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


def test_every_key_expires_text_only_in_the_messages_and_close_leaves_nothing(
    port: int,
) -> None:
    person, staff = "person-words-41c9", "staff-words-93ab"

    async def scenario() -> None:
        store = gateway(port)
        code = (await store.open("pseudonym-a", "da", "sms", NOW)).code
        await store.add_message(code, Message("person", person, NOW))
        await store.reply(code, "mette", staff, NOW)
        await store.note_wait(code)
        await store.mark_read(code)
        found = await everything(store.client)
        assert found and all(0 < ttl <= MAX_AGE.total_seconds() + 1 for ttl, _ in found.values())
        for key, (_, value) in found.items():
            assert person not in key and staff not in key
            if person in value or staff in value:
                assert key.startswith(("lygte:case:msgs:", "lygte:case:pending:")), key
        assert await store.close(code)
        assert await store.client.keys("*") == []

    asyncio.run(scenario())


async def everything(client: aioredis.Redis) -> dict[str, tuple[int, str]]:
    """Every key of the database: its TTL and its values as one text."""
    found = {}
    for key in await client.keys("*"):
        kind = (await client.type(key)).decode()
        if kind == "string":
            values = [await client.get(key)]
        elif kind == "hash":
            values = [*(await client.hgetall(key)).values()]
        elif kind == "list":
            values = await client.lrange(key, 0, -1)
        else:
            values = await client.zrange(key, 0, -1)
        text = b" ".join(values).decode()
        found[key.decode()] = (await client.ttl(key), text)
    return found


def test_events_reach_the_other_gateways_subscribers_and_carry_no_text(port: int) -> None:
    async def scenario() -> None:
        one, two = gateway(port), gateway(port)
        raw = two.client.pubsub()
        await raw.subscribe(EVENTS)
        async with one.relaying(), two.relaying():
            here, there = one.subscribe(), two.subscribe()
            code = (await one.open("pseudonym-a", "da", "sms", NOW)).code
            await one.add_message(code, Message("person", "secret words", NOW))
            await two.take(code, "mette")
            expected = [CaseEvent("opened", code), CaseEvent("message", code)]
            expected.append(CaseEvent("taken", code))
            for queue in (here, there):
                assert [await asyncio.wait_for(queue.get(), 10) for _ in expected] == expected
        payloads = []
        async with asyncio.timeout(10):
            while len(payloads) < len(expected):
                message = await raw.get_message(ignore_subscribe_messages=True, timeout=None)
                if message is not None:  # None: the subscription's confirmation
                    payloads.append(json.loads(message["data"]))
        await raw.aclose()
        assert payloads == [{"kind": e.kind, "code": e.code} for e in expected]

    asyncio.run(scenario())


def test_the_relay_outlives_a_lost_connection_and_junk_on_the_channel(
    port: int, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        one = gateway(port)
        two = RedisCaseStore(aioredis.Redis(port=port, db=2, client_name="two"), MAX_AGE)
        admin = aioredis.Redis(port=port)
        async with two.relaying():
            queue = two.subscribe()
            [listener] = [
                c["id"] for c in await admin.client_list(_type="pubsub") if c["name"] == "two"
            ]
            assert await admin.client_kill_filter(_id=listener)
            await subscribed_again(admin)
            await admin.publish(EVENTS, b"not json pseudonym-a")
            await admin.publish(EVENTS, json.dumps({"kind": "deleted", "code": "ABCD"}))
            code = (await one.open("pseudonym-a", "da", "sms", NOW)).code
            assert await asyncio.wait_for(queue.get(), 10) == CaseEvent("opened", code)
        await admin.aclose()

    asyncio.run(scenario())
    said = [record.getMessage() for record in caplog.records]
    assert said.count("a malformed case event was ignored") == 2
    assert "case events: listening again after a lost connection" in said
    assert "pseudonym-a" not in caplog.text


async def subscribed_again(admin: aioredis.Redis) -> None:
    """Wait until a gateway listens to the events channel again."""
    async with asyncio.timeout(30):
        while (await admin.pubsub_numsub(EVENTS))[0][1] == 0:
            await asyncio.sleep(0.05)


def test_the_relay_stops_cleanly_with_nothing_left_running(port: int) -> None:
    async def scenario() -> None:
        store, admin = gateway(port), aioredis.Redis(port=port)
        async with store.relaying():
            assert (await admin.pubsub_numsub(EVENTS))[0][1] == 1
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert (await admin.pubsub_numsub(EVENTS))[0][1] == 0
        await store.client.aclose()
        await admin.aclose()

    asyncio.run(scenario())


def test_the_relay_listens_again_after_redis_was_down(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Redis stops (redis-py's own retries run out) and comes back on the same port."""
    port = free_port()
    monkeypatch.setattr(tests.redis_server, "free_port", lambda: port)  # the same port again

    async def lost() -> None:
        async with asyncio.timeout(60):
            while "case events: Redis failed (ConnectionError)" not in caplog.text:
                await asyncio.sleep(0.1)

    async def scenario() -> None:
        store, admin = gateway(port), aioredis.Redis(port=port)
        with contextlib.ExitStack() as first:
            first.enter_context(redis_server())
            async with store.relaying():
                queue = store.subscribe()
                first.close()  # Redis stops
                await lost()
                with redis_server():
                    await subscribed_again(admin)
                    code = (await store.open("pseudonym-a", "da", "sms", NOW)).code
                    assert await asyncio.wait_for(queue.get(), 10) == CaseEvent("opened", code)
                    await admin.aclose()

    asyncio.run(scenario())
    assert "pseudonym-a" not in caplog.text
