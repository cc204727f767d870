"""Gateway settings, read once from the environment (and `.env` through python-dotenv)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from dotenv import load_dotenv

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Values that only a development machine may run with (see .env.example).
DEV_SECRET_PREFIX = "dev-"


def repo_path(value: str) -> Path:
    """A configured path; a relative one is taken from the project root, not the cwd."""
    path = Path(value)
    return path if path.is_absolute() else REPO_ROOT / path


class ConfigError(RuntimeError):
    """Raised when the gateway must not start with the given settings."""


@dataclass(frozen=True)
class Settings:
    """Everything the gateway needs to know about its surroundings."""

    mode: str
    pseudonym_secret: bytes
    twilio_auth_token: str
    public_url: str
    engine_url: str
    actions_url: str
    host: str
    port: int
    responses_dir: Path
    default_language: str
    sms_max_segments: int
    engine_timeout_s: float
    #: Staff editor: accounts and edit history live here (outside the repository's tracked files).
    staff_data_dir: Path = REPO_ROOT / "var" / "staff"
    #: Key that signs staff session cookies; a random one per process when none is configured.
    staff_session_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    #: The offers catalogue the staff editor edits (the action server reads the same OFFERS_DIR).
    offers_dir: Path = REPO_ROOT / "offers"

    @property
    def production(self) -> bool:
        """True when real people text this gateway (simulator off, no dev secrets)."""
        return self.mode == "production"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from an environment mapping; raise ConfigError when unsafe."""
        mode = env.get("LYGTE_MODE", "development").strip().lower()
        if mode not in ("development", "production"):
            raise ConfigError("LYGTE_MODE must be 'development' or 'production'")
        secret = env.get("PSEUDONYM_SECRET", "")
        token = env.get("TWILIO_AUTH_TOKEN", "")
        if not secret:
            raise ConfigError("PSEUDONYM_SECRET is not set (run `make run` once to create .env)")
        if mode == "production":
            for name, value in (("PSEUDONYM_SECRET", secret), ("TWILIO_AUTH_TOKEN", token)):
                if not value or value.startswith(DEV_SECRET_PREFIX):
                    raise ConfigError(f"{name} must be set to a real secret in production mode")
        staff_secret = env.get("STAFF_SESSION_SECRET", "")
        if mode == "production" and staff_secret.startswith(DEV_SECRET_PREFIX):
            raise ConfigError("STAFF_SESSION_SECRET must be a real secret in production mode")
        return cls(
            mode=mode,
            pseudonym_secret=secret.encode("utf-8"),
            twilio_auth_token=token,
            public_url=env.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            engine_url=env.get("ENGINE_URL", "http://127.0.0.1:5005").rstrip("/"),
            actions_url=env.get("ACTIONS_URL", "http://127.0.0.1:5055").rstrip("/"),
            host=env.get("GATEWAY_HOST", "127.0.0.1"),
            port=int(env.get("GATEWAY_PORT", "8000")),
            responses_dir=Path(env.get("RESPONSES_DIR", str(REPO_ROOT / "responses"))),
            default_language=env.get("DEFAULT_LANGUAGE", "da"),
            sms_max_segments=int(env.get("SMS_MAX_SEGMENTS", "3")),
            engine_timeout_s=float(env.get("ENGINE_TIMEOUT_SECONDS", "10")),
            staff_data_dir=repo_path(env.get("STAFF_DATA_DIR", "var/staff")),
            staff_session_secret=(
                staff_secret.encode("utf-8") if staff_secret else secrets.token_bytes(32)
            ),
            offers_dir=repo_path(env.get("OFFERS_DIR", "offers")),
        )


def load_settings() -> Settings:
    """Load `.env` (without overriding variables already set) and return the settings."""
    load_dotenv(REPO_ROOT / ".env", override=False)
    return Settings.from_env(os.environ)
