"""The action server's settings, read once from the environment (and `.env`, as the gateway does).

The core (lygte/) reads no environment variable: what it needs is passed from here
(`Catalogue(settings.offers_dir, settings.offer_stale_days)` in actions/facts.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from dotenv import load_dotenv

from lygte.catalogue import DEFAULT_DIR, STALE_AFTER_DAYS, stale_days_from

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Everything the action server is configured with (documented in .env.example)."""

    #: The offers catalogue (OFFERS_DIR; a relative path is taken from the project root).
    offers_dir: Path = DEFAULT_DIR
    #: Hours verified longer ago than this many days are not sent as fact (OFFER_STALE_DAYS).
    offer_stale_days: int = STALE_AFTER_DAYS

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Settings from an environment mapping; a bad number raises ValueError at start."""
        offers_dir = Path(env.get("OFFERS_DIR", "") or DEFAULT_DIR)
        return cls(
            offers_dir=offers_dir if offers_dir.is_absolute() else REPO_ROOT / offers_dir,
            offer_stale_days=stale_days_from(env.get("OFFER_STALE_DAYS")),
        )


def load_settings() -> Settings:
    """Load `.env` (without overriding variables already set) and return the settings."""
    load_dotenv(REPO_ROOT / ".env", override=False)
    return Settings.from_env(os.environ)
