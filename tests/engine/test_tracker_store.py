"""The engine's tracker store forgets a conversation after the idle time, for real, and keeps
only what the next turn needs."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from engine import settings
from engine.tracker_store import ExpiringInMemoryTrackerStore

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


def test_idle_time_comes_from_the_settings(monkeypatch) -> None:
    monkeypatch.setenv("CONVERSATION_IDLE_MINUTES", "2")
    settings.settings.cache_clear()
    try:
        assert ExpiringInMemoryTrackerStore(DOMAIN).record_exp == 120
        assert ExpiringInMemoryTrackerStore(DOMAIN, record_exp=5).record_exp == 5
    finally:
        settings.settings.cache_clear()


def test_settings_default_and_refuse_a_bad_idle_time() -> None:
    read = settings.EngineSettings.from_environ
    assert read({}).conversation_idle_s == 30 * 60
    assert read({"CONVERSATION_IDLE_MINUTES": "0.1"}).conversation_idle_s == 6
    for bad in ("", "ten", "0", "-5", "nan"):
        with pytest.raises(ValueError, match="CONVERSATION_IDLE_MINUTES"):
            read({"CONVERSATION_IDLE_MINUTES": bad})


def test_importing_the_stores_installs_nothing() -> None:
    """A stock tracker store or ours: Rasa is patched only by `python -m engine`."""
    code = (
        "import jsonschema, logging, rasa.core.processor, rasa.core.run\n"
        "from rasa.utils.endpoints import EndpointConfig\n"
        "before = (jsonschema.validate, EndpointConfig.session,"
        " rasa.core.processor.DaskGraphRunner, rasa.core.run.load_agent_on_start,"
        " logging.getLogRecordFactory())\n"
        "import engine.tracker_store, engine.redis_tracker_store, engine.redis_lock_store\n"
        "after = (jsonschema.validate, EndpointConfig.session,"
        " rasa.core.processor.DaskGraphRunner, rasa.core.run.load_agent_on_start,"
        " logging.getLogRecordFactory())\n"
        "print(all(a is b for a, b in zip(before, after)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "True"


def conversation(turns: int) -> DialogueStateTracker:
    """`turns` turns as the engine writes them: message, slots, action, reply, listen."""
    t = DialogueStateTracker.from_events("p", [], slots=DOMAIN.slots)
    t.update(ActionExecuted(ACTION_SESSION_START_NAME))
    t.update(SessionStarted())
    t.update(ActionExecuted(ACTION_LISTEN_NAME))
    for turn in range(turns):
        intent = "need_shower" if turn % 2 else "more"
        t.update(UserUttered(f"words of turn {turn}", {"name": intent, "confidence": 0.9}))
        t.update(SlotSet("language", ["da", "en", "ro"][turn % 3]))
        if turn == 1:
            t.update(SlotSet("place", "noerreport"))
        t.update(SlotSet("offers_shown", [f"offer-{turn}"]))
        t.update(ActionExecuted("action_find_offers"))
        t.update(BotUttered(f"reply {turn}"))
        t.update(ActionExecuted(ACTION_LISTEN_NAME))
    return t


def test_only_the_slots_and_the_latest_turn_are_kept() -> None:
    async def scenario() -> None:
        store = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=60)
        sizes = []
        for turns in (2, 5, 40):
            original = conversation(turns)
            await store.save(original)
            kept = await store.retrieve("p")
            assert kept.current_slot_values() == original.current_slot_values()
            assert kept.latest_message.intent == original.latest_message.intent
            assert kept.latest_action_name == ACTION_LISTEN_NAME
            # the session's clock runs from the latest message, as before
            last = kept.get_last_event_for(UserUttered)
            assert last.timestamp == original.get_last_event_for(UserUttered).timestamp
            assert [e.text for e in kept.events if isinstance(e, UserUttered)] == [""]
            assert f"reply {turns - 1}" in store.store["p"]
            assert f"reply {turns - 2}" not in store.store["p"]
            sizes.append(len(kept.events))
        assert sizes[1] == sizes[2]  # flat, however long the conversation (5 or 40 turns)

    asyncio.run(scenario())


def test_reading_back_gives_what_rasas_own_reader_gives() -> None:
    store = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=60)
    asyncio.run(store.save(conversation(3)))
    stored = store.store["p"]
    ours = store.deserialise_tracker("p", stored)
    rasas = TrackerStore.deserialise_tracker(store, "p", stored)
    assert len(ours.events) == len(rasas.events) > 8
    assert list(ours.events) == list(rasas.events)
    assert ours.current_slot_values() == rasas.current_slot_values()
