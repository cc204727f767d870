"""An in-memory tracker store whose conversations expire after an idle time.

Rasa's own InMemoryTrackerStore keeps every conversation for as long as the process runs.
Lygte keeps a conversation only while it is in use: after `record_exp` seconds without a
message (default: CONVERSATION_IDLE_MINUTES, 30) it is deleted, not merely reset.
"""

from __future__ import annotations

import os
import time
from typing import Any, Iterable

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


def idle_seconds_from_env() -> float:
    """The idle time after which a conversation is erased, from CONVERSATION_IDLE_MINUTES."""
    return float(os.environ.get("CONVERSATION_IDLE_MINUTES", "30")) * 60


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """InMemoryTrackerStore that erases conversations idle for longer than `record_exp` seconds."""

    def __init__(
        self,
        domain: Domain,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        record_exp: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.record_exp = float(record_exp) if record_exp else idle_seconds_from_env()
        self._last_used: dict[str, float] = {}

    def _expire(self) -> None:
        """Delete every conversation whose last save is older than the idle time."""
        deadline = time.monotonic() - self.record_exp
        for sender_id in [s for s, used in self._last_used.items() if used < deadline]:
            self.delete(sender_id)

    def delete(self, sender_id: str) -> None:
        """Erase one conversation at once (idle timeout or the forget keyword)."""
        self.store.pop(sender_id, None)
        self._last_used.pop(sender_id, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save and mark the conversation as used now."""
        self._expire()
        await super().save(tracker)
        self._last_used[tracker.sender_id] = time.monotonic()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """Return the conversation, or None if it never existed or has expired."""
        self._expire()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Return all sessions of the conversation, or None if it has expired."""
        self._expire()
        return await super().retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[str]:
        """Return the ids of the conversations that have not expired."""
        self._expire()
        return list(self.store.keys())
