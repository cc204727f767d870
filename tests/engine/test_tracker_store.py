"""The engine's tracker store forgets a conversation after the idle time, for real."""

from __future__ import annotations

import asyncio
import time

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from engine.tracker_store import ExpiringInMemoryTrackerStore, idle_seconds_from_env

DOMAIN = Domain.from_path("domain.yml")


def tracker(sender: str) -> DialogueStateTracker:
    t = DialogueStateTracker.from_events(sender, [UserUttered("hej")], slots=DOMAIN.slots)
    t.update(SlotSet("language", "da"))
    return t


def test_conversation_is_kept_while_in_use_and_erased_when_idle() -> None:
    async def scenario() -> None:
        store = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=0.5)
        await store.save(tracker("a"))
        assert (await store.retrieve("a")).get_slot("language") == "da"
        time.sleep(0.3)
        await store.save(tracker("b"))
        assert set(await store.keys()) == {"a", "b"}
        time.sleep(0.3)  # a: 0.6 s idle, b: 0.3 s idle
        assert await store.retrieve("a") is None
        assert await store.retrieve_full_tracker("a") is None
        assert set(await store.keys()) == {"b"}
        assert "a" not in store.store  # deleted, not merely reset

    asyncio.run(scenario())


def test_delete_erases_at_once() -> None:
    async def scenario() -> None:
        store = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=60)
        await store.save(tracker("a"))
        store.delete("a")
        assert await store.retrieve("a") is None and "a" not in store.store

    asyncio.run(scenario())


def test_idle_time_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("CONVERSATION_IDLE_MINUTES", "2")
    assert idle_seconds_from_env() == 120
    assert ExpiringInMemoryTrackerStore(DOMAIN).record_exp == 120
    monkeypatch.delenv("CONVERSATION_IDLE_MINUTES")
    assert idle_seconds_from_env() == 30 * 60
