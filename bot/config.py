"""Gateway settings, read once from the environment (and `.env` through python-dotenv)."""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from dotenv import load_dotenv

from bot.privacy import PseudonymKeys
from lygte.catalogue import STALE_AFTER_DAYS, stale_days_from
from lygte.hours import hours_problem

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Values that only a development machine may run with (see .env.example).
DEV_SECRET_PREFIX = "dev-"
#: Twilio gives up on a webhook after this many seconds: every answer must come sooner.
TWILIO_WAIT_SECONDS = 15


def repo_path(value: str) -> Path:
    """A configured path; a relative one is taken from the project root, not the cwd."""
    path = Path(value)
    return path if path.is_absolute() else REPO_ROOT / path


class ConfigError(RuntimeError):
    """Raised when the gateway must not start with the given settings."""


@dataclass(frozen=True)
class SignalSettings:
    """The Signal channel (bot/channels/signal.py); off unless service and number are set."""

    #: host:port of signal-cli-rest-api (MODE=json-rpc), without http://.
    service: str = ""
    #: The line's own Signal number, as registered or linked in signal-cli-rest-api.
    number: str = ""
    #: Disappearing-message timer set on a chat's first message; 0 leaves chats alone.
    disappearing_s: int = 86400
    typing_indicator: bool = True
    read_receipts: bool = True
    #: Tries for one reply when /v2/send answers 429, 5xx or cannot be reached.
    send_attempts: int = 4

    @property
    def enabled(self) -> bool:
        """True when the gateway should run the Signal bot."""
        return bool(self.service and self.number)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SignalSettings:
        """Read the SIGNAL_* variables; raise ConfigError when they cannot work."""
        service = env.get("SIGNAL_SERVICE", "").strip()
        number = env.get("SIGNAL_NUMBER", "").strip()
        if bool(service) != bool(number):
            raise ConfigError("set both SIGNAL_SERVICE and SIGNAL_NUMBER, or neither")
        if service and not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+:\d+", service):
            raise ConfigError("SIGNAL_SERVICE must be host:port (no http://)")
        if number and not re.fullmatch(r"\+\d{6,15}", number):
            raise ConfigError("SIGNAL_NUMBER must be in international format, e.g. +4512345678")
        seconds = int(env.get("SIGNAL_DISAPPEARING_SECONDS", "86400"))
        if seconds < 0 or seconds % 3600:
            # whole hours, so the note to the person can name the time in words
            raise ConfigError("SIGNAL_DISAPPEARING_SECONDS must be 0 or a whole number of hours")
        attempts = int(env.get("SIGNAL_SEND_ATTEMPTS", "4"))
        if attempts < 1:
            raise ConfigError("SIGNAL_SEND_ATTEMPTS must be at least 1")
        return cls(
            service=service,
            number=number,
            disappearing_s=seconds,
            typing_indicator=env_flag(env, "SIGNAL_TYPING_INDICATOR", True),
            read_receipts=env_flag(env, "SIGNAL_READ_RECEIPTS", True),
            send_attempts=attempts,
        )


@dataclass(frozen=True)
class HandoverSettings:
    """Talking to a person (issue 16, bot/handover/): who answers, when, and for how long."""

    #: The organisation whose workers answer, named to the person (HANDOFF_ORGANISATION).
    organisation: str = "Lygte"
    #: When staff are on duty, an OpenStreetMap opening_hours expression; empty = nobody.
    duty_hours: str = ""
    #: A person waiting longer than this for a staff answer is told so (HANDOFF_WAIT_MINUTES).
    wait_s: float = 15 * 60.0
    #: A case (its text, its pending replies) is erased after this at the latest (HANDOFF_HOURS).
    max_age_s: float = 72 * 3600.0

    @classmethod
    def from_env(cls, env: Mapping[str, str], mode: str) -> HandoverSettings:
        """Read the HANDOFF_* variables; duty hours default to 24/7 only in development."""
        default_hours = "24/7" if mode == "development" else ""
        duty_hours = env.get("HANDOFF_DUTY_HOURS", default_hours).strip()
        if duty_hours and (problem := hours_problem(duty_hours)):
            raise ConfigError(f"HANDOFF_DUTY_HOURS is not opening_hours syntax: {problem}")
        wait_minutes = float(env.get("HANDOFF_WAIT_MINUTES", "15"))
        hours = float(env.get("HANDOFF_HOURS", "72"))
        if wait_minutes <= 0 or hours <= 0:
            raise ConfigError("HANDOFF_WAIT_MINUTES and HANDOFF_HOURS must be above 0")
        return cls(
            organisation=env.get("HANDOFF_ORGANISATION", "").strip() or "Lygte",
            duty_hours=duty_hours,
            wait_s=wait_minutes * 60,
            max_age_s=hours * 3600,
        )


@dataclass(frozen=True)
class PushSettings:
    """Push delivery of staff replies (bot/handover/push.py), only after the person's yes."""

    #: Twilio account that sends the SMS through the REST Messages API (TWILIO_ACCOUNT_SID);
    #: its auth token is TWILIO_AUTH_TOKEN. Empty: no SMS push (replies wait for pull).
    twilio_account_sid: str = ""
    #: The line's number as sender (TWILIO_FROM), or a Messaging Service
    #: (TWILIO_MESSAGING_SERVICE_SID) that picks the sender.
    twilio_from: str = ""
    twilio_messaging_service_sid: str = ""
    #: Base URL of the Messages API (TWILIO_API_URL); tests point it at the fake.
    twilio_api_url: str = ""
    #: Secret the push addresses are encrypted with (HANDOFF_KEY); empty: a random key per
    #: process (a restart falls back to pull). Needed for Redis mode with several gateways.
    key: str = field(default="", repr=False)

    @property
    def sms(self) -> bool:
        """True when SMS replies can be pushed through Twilio."""
        return bool(
            self.twilio_account_sid and (self.twilio_from or self.twilio_messaging_service_sid)
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str], mode: str) -> PushSettings:
        """Read TWILIO_ACCOUNT_SID, TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID, TWILIO_API_URL
        and HANDOFF_KEY; raise ConfigError when they cannot work."""
        key = env.get("HANDOFF_KEY", "")
        if mode == "production" and key.startswith(DEV_SECRET_PREFIX):
            raise ConfigError("HANDOFF_KEY must be a real secret in production mode")
        sender = env.get("TWILIO_FROM", "").strip()
        if sender and not re.fullmatch(r"\+\d{6,15}", sender):
            raise ConfigError("TWILIO_FROM must be in international format, e.g. +4512345678")
        return cls(
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", "").strip(),
            twilio_from=sender,
            twilio_messaging_service_sid=env.get("TWILIO_MESSAGING_SERVICE_SID", "").strip(),
            twilio_api_url=env.get("TWILIO_API_URL", "").strip().rstrip("/"),
            key=key,
        )


def env_flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """A true/false setting; anything but true/false/1/0/yes/no/on/off is an error."""
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false")


@dataclass(frozen=True)
class RedisSettings:
    """Redis mode (bot/redis_state.py): the gateway's limits and order shared with others."""

    host: str
    port: int = 6379
    password: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RedisSettings | None:
        """REDIS_HOST, REDIS_PORT, REDIS_PASSWORD; None (memory only) without REDIS_HOST."""
        host = env.get("REDIS_HOST", "").strip()
        if not host:
            return None
        return cls(host, int(env.get("REDIS_PORT", "6379")), env.get("REDIS_PASSWORD", ""))


def engine_urls(env: Mapping[str, str], fallback: str) -> tuple[str, ...]:
    """The engine URLs from ENGINE_URLS (comma-separated), else `(fallback,)` (ENGINE_URL)."""
    urls = [u.strip().rstrip("/") for u in env.get("ENGINE_URLS", "").split(",") if u.strip()]
    return tuple(urls) or (fallback,)


def stale_days(env: Mapping[str, str]) -> int:
    """OFFER_STALE_DAYS (default lygte's STALE_AFTER_DAYS); below 0 is an error."""
    try:
        return stale_days_from(env.get("OFFER_STALE_DAYS"))
    except ValueError as error:
        raise ConfigError(str(error)) from error


def log_level(env: Mapping[str, str]) -> str:
    """LOG_LEVEL (default INFO); a name logging does not know is an error."""
    level = env.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if level not in logging.getLevelNamesMapping():
        raise ConfigError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    return level


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
    #: SharedKey secret for webhooks Twilio signs with a Webhook Setting (HMAC-SHA256), if any.
    twilio_shared_key: str = field(default="", repr=False)
    #: Every message is answered (or falls back) within this many seconds (Twilio waits 15).
    reply_deadline_s: float = 12.0
    #: Per pseudonym: messages answered in a burst, then per minute.
    rate_burst: int = 6
    rate_per_minute: float = 10.0
    #: Replies a minute for the whole line, whoever writes (caps SMS-pumping fraud).
    line_replies_per_minute: int = 300

    #: The Signal channel; off unless SIGNAL_SERVICE and SIGNAL_NUMBER are set.
    signal: SignalSettings = field(default_factory=SignalSettings)
    #: A previous pseudonym secret still accepted while a rotation settles (bot/privacy.py).
    pseudonym_previous_secret: bytes = field(default=b"", repr=False)
    #: One pseudonym key per calendar day, so days cannot be linked (bot/privacy.py).
    pseudonym_daily: bool = False
    #: The anonymous usage counts (bot/usage.py); an SQLite file outside the tracked files.
    usage_db: Path = REPO_ROOT / "var" / "usage.sqlite3"
    #: The "did it help?" counts per offer and day (bot/feedback.py; FEEDBACK_DB).
    feedback_db: Path = REPO_ROOT / "var" / "feedback.sqlite3"
    #: Offers verified longer ago are flagged stale to staff (OFFER_STALE_DAYS, the same
    #: variable with which the action server says "call first" instead of their hours).
    offer_stale_days: int = STALE_AFTER_DAYS
    #: How long the engine keeps an idle conversation (CONVERSATION_IDLE_MINUTES); the
    #: gateway keeps a conversation's language no longer than that.
    conversation_idle_s: float = 30 * 60.0
    #: The engines the gateway sends messages to (ENGINE_URLS, else ENGINE_URL; bot/engine_pool.py).
    engine_urls: tuple[str, ...] = ()
    #: Redis mode: limits and per-person order shared by every gateway; None keeps them here.
    redis: RedisSettings | None = None
    #: The gateway's log level (LOG_LEVEL); DEBUG shows steps, never content (lygte/log_guard.py).
    log_level: str = "INFO"
    #: Talking to a person (HANDOFF_*; bot/handover/).
    handover: HandoverSettings = field(default_factory=HandoverSettings)
    #: Push delivery of staff replies after the person's yes (TWILIO_ACCOUNT_SID ..., HANDOFF_KEY).
    push: PushSettings = field(default_factory=PushSettings)

    @property
    def pseudonym_keys(self) -> PseudonymKeys:
        """The secrets conversation keys are made with, the current one first."""
        previous = (self.pseudonym_previous_secret,) if self.pseudonym_previous_secret else ()
        return PseudonymKeys((self.pseudonym_secret, *previous), self.pseudonym_daily)

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
        previous = env.get("PSEUDONYM_SECRET_PREVIOUS", "")
        if mode == "production" and previous.startswith(DEV_SECRET_PREFIX):
            raise ConfigError("PSEUDONYM_SECRET_PREVIOUS must be a real secret in production mode")
        staff_secret = env.get("STAFF_SESSION_SECRET", "")
        if mode == "production" and staff_secret.startswith(DEV_SECRET_PREFIX):
            raise ConfigError("STAFF_SESSION_SECRET must be a real secret in production mode")
        deadline = float(env.get("REPLY_DEADLINE_SECONDS", "12"))
        if not 0 < deadline < TWILIO_WAIT_SECONDS:
            raise ConfigError(
                f"REPLY_DEADLINE_SECONDS must be above 0 and below {TWILIO_WAIT_SECONDS}"
            )
        engine_url = env.get("ENGINE_URL", "http://127.0.0.1:5005").rstrip("/")
        return cls(
            signal=SignalSettings.from_env(env),
            mode=mode,
            pseudonym_secret=secret.encode("utf-8"),
            twilio_auth_token=token,
            public_url=env.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            engine_url=engine_url,
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
            twilio_shared_key=env.get("TWILIO_WEBHOOK_SHARED_KEY", ""),
            reply_deadline_s=deadline,
            rate_burst=int(env.get("RATE_LIMIT_BURST", "6")),
            rate_per_minute=float(env.get("RATE_LIMIT_PER_MINUTE", "10")),
            line_replies_per_minute=int(env.get("LINE_REPLIES_PER_MINUTE", "300")),
            pseudonym_previous_secret=previous.encode("utf-8"),
            pseudonym_daily=env_flag(env, "PSEUDONYM_DAILY", False),
            usage_db=repo_path(env.get("USAGE_DB", "var/usage.sqlite3")),
            feedback_db=repo_path(env.get("FEEDBACK_DB", "var/feedback.sqlite3")),
            offer_stale_days=stale_days(env),
            conversation_idle_s=float(env.get("CONVERSATION_IDLE_MINUTES", "30")) * 60,
            engine_urls=engine_urls(env, engine_url),
            redis=RedisSettings.from_env(env),
            log_level=log_level(env),
            handover=HandoverSettings.from_env(env, mode),
            push=PushSettings.from_env(env, mode),
        )


def load_settings() -> Settings:
    """Load `.env` (without overriding variables already set) and return the settings."""
    load_dotenv(REPO_ROOT / ".env", override=False)
    return Settings.from_env(os.environ)
