"""Tracker stores that erase for real: after an idle time, and at once on the forget keyword.

Rasa's own InMemoryTrackerStore keeps every conversation for as long as the process runs,
and its `action_restart` only appends a `Restarted` event: the old events stay stored.
Lygte keeps a conversation only while it is in use:

- after `record_exp` seconds without a message (default: CONVERSATION_IDLE_MINUTES, 30, read
  through engine/settings.py) it is deleted, not merely reset;
- when a turn ran `action_forget` (the forget keyword, SLET / DELETE / ...; see
  actions/safety.py), `save` deletes the conversation instead of saving it. The reply has
  already gone to the channel by then; nothing of the conversation is written again.

Key rotation (bot/privacy.py): while a previous pseudonym secret is still accepted, the
gateway sends the candidate keys of one person joined by "." (current key first). The store
reads the first candidate that holds a conversation and always saves under the current key,
erasing the others, so a conversation moves to the new key on its next message.

What is stored is the conversation's state without the person's words: its slots and its
latest turn only (intent, entities, the reply), and the text of the user message is blanked
before it is written (the actions read the text of the current message only, from the turn in
progress). Earlier turns are dropped: nothing the engine decides depends on them.

`ErasingStoreMixin` holds that logic on top of three primitives (`_read`, `_write`,
`_erase`), so any key-value store gets it: the in-memory store below, and a Redis store that
mixes it in (delete the key, never overwrite it with an empty tracker: Redis's own `save`
merges).
"""

from __future__ import annotations

import json
import time
from functools import cache
from typing import Any, Iterable

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.conversation import Dialogue
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions

from engine.settings import settings
from lygte.names import FORGET_ACTION, KEY_SEPARATOR


def storage_keys(sender_id: str) -> list[str]:
    """The keys a conversation may be stored under, the current one first."""
    return [key for key in sender_id.split(KEY_SEPARATOR) if key] or [sender_id]


def forget_requested(tracker: DialogueStateTracker) -> bool:
    """True when the latest turn (since the last user message) ran the forget action."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
    return False


@cache
def _event_class(type_name: str) -> type[Event] | None:
    """The Event subclass stored as `type_name` (Rasa's own lookup, remembered)."""
    return Event.resolve_by_type(type_name)


def latest_turn(tracker: DialogueStateTracker) -> list[Event]:
    """The conversation as its next turn needs it: the current slots, then the latest turn.

    Every slot is `influence_conversation: false` and every rule is one turn long
    (intents/rules.yml), so earlier turns change nothing the engine decides. Keeping only the
    latest one stores less of a conversation and keeps the cost of a turn flat (Rasa replays
    every stored event on each message) however long the conversation runs.
    """
    events = list(tracker.events)
    last_user = next(
        (i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), None
    )
    if last_user is None:
        return events
    at = events[last_user].timestamp
    # A fresh session holding today's slots, listening: what Rasa itself writes at a session
    # start. The latest turn then re-applies its own slot events on top: same end state.
    start: list[Event] = [
        ActionExecuted(ACTION_SESSION_START_NAME, timestamp=at),
        SessionStarted(timestamp=at),
    ]
    slots = [
        SlotSet(name, value, timestamp=at)
        for name, value in tracker.current_slot_values().items()
        if value is not None
    ]
    return [*start, *slots, ActionExecuted(ACTION_LISTEN_NAME, timestamp=at), *events[last_user:]]


def stored_form(tracker: DialogueStateTracker) -> str:
    """What is written: the latest turn (`latest_turn`), every user message's text blanked."""
    dialogue = Dialogue(tracker.sender_id, latest_turn(tracker)).as_dict()
    for event in dialogue.get("events", []):
        if event.get("event") == "user":
            event["text"] = ""
            if isinstance(event.get("parse_data"), dict):
                event["parse_data"]["text"] = ""
    return json.dumps(dialogue)


class ErasingStoreMixin:
    """save / retrieve / delete with erase-on-forget and key migration, for a key-value store.

    The class it is mixed into provides `_read(key)`, `_write(key, text)` and `_erase(key)`,
    plus Rasa's `serialise_tracker`, `deserialise_tracker` and `stream_events`.
    """

    def _read(self, key: str) -> str | None:
        raise NotImplementedError

    def _write(self, key: str, serialised: str) -> None:
        raise NotImplementedError

    def _erase(self, key: str) -> None:
        raise NotImplementedError

    def delete(self, sender_id: str) -> None:
        """Erase one conversation at once, under every key it may be stored under."""
        for key in storage_keys(sender_id):
            self._erase(key)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save under the current key; a forgotten conversation is deleted, not saved."""
        if forget_requested(tracker):
            self.delete(tracker.sender_id)
            return
        await self.stream_events(tracker)  # type: ignore[attr-defined]
        current, *previous = storage_keys(tracker.sender_id)
        self._write(current, stored_form(tracker))
        for key in previous:  # the conversation now lives under the current key only
            self._erase(key)

    async def _retrieve(
        self, sender_id: str, fetch_all_sessions: bool
    ) -> DialogueStateTracker | None:
        for key in storage_keys(sender_id):
            stored = self._read(key)
            if stored is None:
                continue
            tracker = self.deserialise_tracker(sender_id, stored)
            # What `save` writes is one session (latest_turn); Rasa's split replays it again.
            starts = sum(isinstance(event, SessionStarted) for event in tracker.events)
            if fetch_all_sessions or starts <= 1:
                return tracker
            return get_trackers_for_conversation_sessions(tracker)[-1]
        return None

    def deserialise_tracker(self, sender_id: str, serialised: str | bytes) -> DialogueStateTracker:
        """Rasa's `deserialise_tracker`, with each event's class found in a table.

        Rasa's `Event.from_parameters` walks every subclass of Event for every stored event,
        on every message: a large share of an engine's time before this.
        """
        tracker = self.init_tracker(sender_id)  # type: ignore[attr-defined]
        dialogue = json.loads(serialised)
        events = []
        for fields in dialogue.get("events", []):
            event_class = _event_class(fields["event"]) if fields.get("event") else None
            event = event_class._from_parameters(fields) if event_class else None
            if event is not None:
                events.append(event)
        tracker.recreate_from_dialogue(Dialogue(dialogue.get("name"), events))
        return tracker

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """Return the latest session of the conversation, or None if there is none."""
        return await self._retrieve(sender_id, fetch_all_sessions=False)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Return every session of the conversation, or None if there is none."""
        return await self._retrieve(sender_id, fetch_all_sessions=True)


class ExpiringInMemoryTrackerStore(ErasingStoreMixin, InMemoryTrackerStore):
    """In-memory store that erases conversations idle for longer than `record_exp` seconds."""

    def __init__(
        self,
        domain: Domain,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        record_exp: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.record_exp = float(record_exp) if record_exp else settings().conversation_idle_s
        self._last_used: dict[str, float] = {}

    def _expire(self) -> None:
        """Delete every conversation whose last save is older than the idle time."""
        deadline = time.monotonic() - self.record_exp
        for key in [k for k, used in self._last_used.items() if used < deadline]:
            self._erase(key)

    def _read(self, key: str) -> str | None:
        self._expire()
        return self.store.get(key)

    def _write(self, key: str, serialised: str) -> None:
        self._expire()
        self.store[key] = serialised
        self._last_used[key] = time.monotonic()

    def _erase(self, key: str) -> None:
        self.store.pop(key, None)
        self._last_used.pop(key, None)

    async def keys(self) -> Iterable[str]:
        """Return the keys of the conversations that have not expired."""
        self._expire()
        return list(self.store.keys())
