"""Rasa's Redis tracker store with Lygte's expiry and erase, for running several engines.

Several `rasa run` processes share conversations through Redis (endpoints-redis.yml): each
conversation is one key, `lygte:tracker:<pseudonym>`, that Redis itself deletes after
`record_exp` seconds without a save (default: CONVERSATION_IDLE_MINUTES, as in memory).
Reading, saving, erasing on the forget keyword and moving a conversation to a rotated key
come from `ErasingStoreMixin` (engine/tracker_store.py), exactly as in memory; this class
only says how Redis reads, writes and deletes one key. (Rasa's own `save` would merge an
empty tracker into the stored one instead of erasing it.)
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.domain import Domain

from engine.settings import settings
from engine.tracker_store import ErasingStoreMixin

#: Alphanumeric (Rasa ignores any other prefix); keys read `lygte:tracker:<pseudonym>`.
KEY_PREFIX = "lygte"


class ExpiringRedisTrackerStore(ErasingStoreMixin, RedisTrackerStore):
    """RedisTrackerStore whose keys expire after the idle time and can be erased at once."""

    def __init__(
        self,
        domain: Domain,
        host: str | None = "localhost",
        port: int | str = 6379,
        db: int | str = 0,
        password: str | None = None,
        event_broker: EventBroker | None = None,
        record_exp: float | None = None,
        key_prefix: str | None = KEY_PREFIX,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            domain,
            host=host or "localhost",
            # endpoints.yml values read from the environment arrive as strings
            port=int(port),
            db=int(db),
            password=password or None,
            event_broker=event_broker,
            # Redis expires keys in whole seconds
            record_exp=math.ceil(
                float(record_exp) if record_exp else settings().conversation_idle_s
            ),
            key_prefix=key_prefix,
            **kwargs,
        )

    def _read(self, key: str) -> str | None:
        return self.red.get(self.key_prefix + key)

    def _write(self, key: str, serialised: str) -> None:
        # The expiry restarts with every message: the idle time, not the age.
        self.red.set(self.key_prefix + key, serialised, ex=self.record_exp)

    def _erase(self, key: str) -> None:
        self.red.delete(self.key_prefix + key)

    async def keys(self) -> Iterable[str]:
        """Return the conversation ids (Rasa's own returns them with the key prefix)."""
        prefix = self.key_prefix
        return [key[len(prefix) :] for key in self.red.scan_iter(match=prefix + "*")]
