"""The engine's own settings, read from the environment once per process.

Only what engine/ code itself reads lives here. The Redis stores' address and password
(REDIS_HOST, REDIS_PORT, REDIS_PASSWORD) and the lock lifetime (TICKET_LOCK_LIFETIME) reach
the engine through Rasa: endpoints-redis.yml names them as `${...}` and Rasa substitutes them,
refusing to start when one is missing. See .env.example.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Mapping


@dataclass(frozen=True)
class EngineSettings:
    """Settings of one engine process."""

    #: A conversation idle for this long is erased (CONVERSATION_IDLE_MINUTES, default 30).
    conversation_idle_s: float

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> EngineSettings:
        """Read the settings from `environ`; ValueError names a variable that is not valid."""
        raw = environ.get("CONVERSATION_IDLE_MINUTES", "30")
        try:
            minutes = float(raw)
        except ValueError:
            minutes = -1.0
        if not minutes > 0:
            raise ValueError(f"CONVERSATION_IDLE_MINUTES must be a positive number, not {raw!r}")
        return cls(conversation_idle_s=minutes * 60)


@cache
def settings() -> EngineSettings:
    """This process's settings, read from os.environ on first use."""
    return EngineSettings.from_environ(os.environ)
