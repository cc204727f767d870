"""The forget keyword erases the conversation inside the tracker store, memory or Redis."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.safety import ActionForget
from engine.redis_tracker_store import ExpiringRedisTrackerStore
from engine.tracker_store import (
    ExpiringInMemoryTrackerStore,
    forget_requested,
    storage_keys,
)
from lygte.names import FORGET_ACTION, KEY_SEPARATOR

DOMAIN = Domain.from_path("domain.yml")


def turn(sender: str, text: str, *actions: str) -> DialogueStateTracker:
    events = [UserUttered(text), SlotSet("need", "sleep")]
    for action in actions:
        events += [ActionExecuted(action), BotUttered("reply")]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def forget_turn(sender: str, history: DialogueStateTracker) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(sender, list(history.events), slots=DOMAIN.slots)
    for event in (UserUttered("SLET"), ActionExecuted(FORGET_ACTION), BotUttered("slettet")):
        tracker.update(event)
    return tracker


def stores(redis_port: int | None) -> list:
    memory = ExpiringInMemoryTrackerStore(DOMAIN, record_exp=60)
    if redis_port is None:
        return [memory]
    return [
        memory,
        ExpiringRedisTrackerStore(DOMAIN, host="127.0.0.1", port=redis_port, record_exp=60),
    ]


def test_the_forget_action_names_the_action_the_store_looks_for() -> None:
    assert ActionForget().name() == FORGET_ACTION
    assert FORGET_ACTION in DOMAIN.user_actions


def test_only_a_turn_that_ran_the_forget_action_is_a_forget_request() -> None:
    assert forget_requested(turn("a", "SLET", FORGET_ACTION))
    assert not forget_requested(turn("a", "bad", "action_find_offers"))
    # a forget in an earlier turn does not erase the next conversation
    later = turn("a", "SLET", FORGET_ACTION)
    later.update(UserUttered("hej"))
    later.update(ActionExecuted("action_reply"))
    assert not forget_requested(later)


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_forget_deletes_the_stored_conversation(backend: str, redis_port: int) -> None:
    store = stores(redis_port)[0 if backend == "memory" else 1]

    async def scenario() -> None:
        history = turn("p1", "I need a bed tonight zebra", "action_find_offers")
        await store.save(history)
        assert (await store.retrieve("p1")).get_slot("need") == "sleep"
        await store.save(forget_turn("p1", history))
        assert await store.retrieve("p1") is None
        assert await store.retrieve_full_tracker("p1") is None
        assert "p1" not in set(await store.keys())
        if backend == "redis":
            assert store.red.exists(store.key_prefix + "p1") == 0  # deleted, not overwritten
        else:
            assert "p1" not in store.store

    asyncio.run(scenario())


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_a_conversation_under_the_previous_key_continues_under_the_current_one(
    backend: str, redis_port: int
) -> None:
    store = stores(redis_port)[0 if backend == "memory" else 1]

    async def scenario() -> None:
        await store.save(turn("old", "bed", "action_find_offers"))
        rotated = f"new{KEY_SEPARATOR}old"
        found = await store.retrieve(rotated)
        assert found is not None and found.get_slot("need") == "sleep"
        found.update(UserUttered("more"))
        await store.save(found)
        keys = set(await store.keys())
        assert "old" not in keys and "new" in keys
        assert (await store.retrieve("new")).get_slot("need") == "sleep"
        await store.save(forget_turn(rotated, found))
        assert not {"old", "new"} & set(await store.keys())

    asyncio.run(scenario())


def test_storage_keys_split_candidates_and_keep_a_plain_id() -> None:
    assert storage_keys("abc") == ["abc"]
    assert storage_keys(f"new{KEY_SEPARATOR}old") == ["new", "old"]


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_the_stored_state_has_no_user_text(backend: str, redis_port: int) -> None:
    store = stores(redis_port)[0 if backend == "memory" else 1]

    async def scenario() -> None:
        await store.save(turn("p2", "I need a bed zebra-marker", "action_find_offers"))
        raw = store._read("p2")
        assert "zebra-marker" not in raw and "sleep" in raw
        kept = await store.retrieve("p2")
        assert kept.get_slot("need") == "sleep"
        assert kept.latest_message.text == ""
        assert kept.latest_message.intent is not None

    asyncio.run(scenario())
