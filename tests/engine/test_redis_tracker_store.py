"""The Redis tracker store against a real redis-server: shared, expiring, erasable."""

from __future__ import annotations

import asyncio
import time

import redis
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from engine.redis_lock_store import RedisMutexLockStore
from engine.redis_tracker_store import ExpiringRedisTrackerStore
from engine.settings import settings
from lygte.names import FORGET_ACTION, KEY_SEPARATOR

DOMAIN = Domain.from_path("domain.yml")


def tracker(sender: str, text: str = "hej") -> DialogueStateTracker:
    t = DialogueStateTracker.from_events(sender, [UserUttered(text)], slots=DOMAIN.slots)
    t.update(SlotSet("language", "da"))
    return t


def store(port: int, **kwargs) -> ExpiringRedisTrackerStore:
    return ExpiringRedisTrackerStore(DOMAIN, host="127.0.0.1", port=str(port), **kwargs)


def test_two_engines_share_a_conversation(redis_port: int) -> None:
    async def scenario() -> None:
        first, second = store(redis_port, record_exp=60), store(redis_port, record_exp=60)
        await first.save(tracker("shared"))
        seen = await second.retrieve("shared")
        assert seen is not None and seen.get_slot("language") == "da"
        assert "shared" in set(await second.keys())

    asyncio.run(scenario())


def test_key_expires_after_the_idle_time_and_is_renewed_on_save(redis_port: int) -> None:
    async def scenario() -> None:
        s = store(redis_port, record_exp=1)
        await s.save(tracker("idle"))
        key = s.key_prefix + "idle"
        assert 0 < s.red.ttl(key) <= 1
        time.sleep(1.5)
        assert await s.retrieve("idle") is None
        assert s.red.exists(key) == 0  # deleted by Redis, not merely reset

    asyncio.run(scenario())


def test_delete_erases_the_key_at_once(redis_port: int) -> None:
    async def scenario() -> None:
        s = store(redis_port, record_exp=60)
        await s.save(tracker("forget-me", "secret-marker"))
        s.delete("forget-me")
        assert await s.retrieve("forget-me") is None
        assert s.red.exists(s.key_prefix + "forget-me") == 0
        assert not any("secret-marker" in (s.red.get(k) or "") for k in s.red.scan_iter())

    asyncio.run(scenario())


def test_a_turn_that_ran_the_forget_action_erases_the_conversation(redis_port: int) -> None:
    async def scenario() -> None:
        s = store(redis_port, record_exp=60)
        await s.save(tracker("leaving", "secret-marker"))
        forgotten = await s.retrieve("leaving")
        forgotten.update(UserUttered("/forget_me"))
        forgotten.update(ActionExecuted(FORGET_ACTION))
        await s.save(forgotten)
        assert s.red.exists(s.key_prefix + "leaving") == 0
        assert await s.retrieve("leaving") is None

    asyncio.run(scenario())


def test_a_conversation_moves_to_the_rotated_key(redis_port: int) -> None:
    async def scenario() -> None:
        s = store(redis_port, record_exp=60)
        await s.save(tracker("old-key"))
        both = KEY_SEPARATOR.join(["new-key", "old-key"])
        moved = await s.retrieve(both)
        assert moved is not None and moved.get_slot("language") == "da"
        await s.save(moved)
        assert s.red.exists(s.key_prefix + "old-key") == 0
        assert s.red.exists(s.key_prefix + "new-key") == 1
        assert s.red.ttl(s.key_prefix + "new-key") > 0

    asyncio.run(scenario())


def test_idle_time_defaults_to_the_settings(monkeypatch, redis_port: int) -> None:
    monkeypatch.setenv("CONVERSATION_IDLE_MINUTES", "2")
    settings.cache_clear()
    try:
        assert store(redis_port).record_exp == 120
    finally:
        settings.cache_clear()


def test_endpoints_template_builds_redis_tracker_and_lock_stores(
    monkeypatch, redis_port: int
) -> None:
    monkeypatch.setenv("REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("REDIS_PORT", str(redis_port))
    monkeypatch.setenv("REDIS_PASSWORD", "")
    monkeypatch.setenv("ACTIONS_URL", "http://127.0.0.1:5055")
    endpoints = read_endpoints_from_path("endpoints-redis.yml")
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"
    tracker_store = TrackerStore.create(endpoints.tracker_store, DOMAIN)
    assert isinstance(tracker_store, ExpiringRedisTrackerStore)
    lock_store = LockStore.create(endpoints.lock_store)
    assert isinstance(lock_store, RedisMutexLockStore)
    # The two stores use separate databases of the same server.
    pool = tracker_store.red.connection_pool.connection_kwargs
    assert (pool["port"], pool["db"]) == (redis_port, 0)
    assert lock_store.red.connection_pool.connection_kwargs["db"] == 1
    assert redis.Redis(port=redis_port).ping()
