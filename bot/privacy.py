"""Identity handling: a phone number or Signal UUID never leaves this module unkeyed.

The engine, logs and stores only ever see `pseudonym(...)`: an HMAC of channel and address
under a secret from the environment. Without the secret the address cannot be recovered,
and the same person on SMS and on Signal gets two unrelated pseudonyms.

Rotating the secret without downtime (`PseudonymKeys`): set the new PSEUDONYM_SECRET and
move the old one to PSEUDONYM_SECRET_PREVIOUS. The gateway then sends the engine every key a
person's conversation may be stored under, the current one first, joined by "."; the
engine's tracker store reads the first that exists and saves under the current key
(engine/tracker_store.py), so conversations keep working and move to the new key. Remove
PSEUDONYM_SECRET_PREVIOUS once CONVERSATION_IDLE_MINUTES have passed.

Daily keys (PSEUDONYM_DAILY=true): each secret is turned into one key per calendar day
(Europe/Copenhagen), so pseudonyms of different days cannot be linked by anyone holding logs
or stores of both days. Yesterday's key is still accepted, so a conversation running over
midnight continues. The price: everything keyed by pseudonym starts afresh every day (the
per-person rate limit, Signal's one-time notice about disappearing messages), and no one can
tell whether the same person wrote on two days, even in a case of abuse.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lygte.hours import TIMEZONE  # calendar days for daily keys begin at midnight here
from lygte.names import KEY_SEPARATOR


def pseudonym(secret: bytes, channel: str, address: str) -> str:
    """Return the conversation key for `address` on `channel` (64 hex characters)."""
    normalised = "".join(address.split()).lower()
    message = f"{channel}:{normalised}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def day_secret(secret: bytes, day: date) -> bytes:
    """The key derived from `secret` for one calendar day (daily-key mode)."""
    return hmac.new(secret, f"lygte-day:{day.isoformat()}".encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class PseudonymKeys:
    """The secrets a conversation key may be made with: the current one first."""

    secrets: tuple[bytes, ...]
    daily: bool = False

    def candidates(self, channel: str, address: str, now: datetime | None = None) -> list[str]:
        """Every pseudonym `address` may have a live conversation under, the current first."""
        keys = self.secrets
        if self.daily:
            today = (now or datetime.now(TIMEZONE)).astimezone(TIMEZONE).date()
            days = (today, today - timedelta(days=1))
            keys = tuple(day_secret(secret, day) for secret in self.secrets for day in days)
        found = [pseudonym(key, channel, address) for key in keys]
        return list(dict.fromkeys(found))  # the same secret twice gives one key

    def conversation_key(self, channel: str, address: str, now: datetime | None = None) -> str:
        """The sender id the engine gets: the candidates joined by KEY_SEPARATOR."""
        return KEY_SEPARATOR.join(self.candidates(channel, address, now))


def describe_error(error: BaseException) -> str:
    """Name an error for a log line without its message, which may quote a person's text."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = f" at {frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame else ""
    return f"{type(error).__name__}{where}"
