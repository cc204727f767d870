"""The push address of a handed-over person: kept only after an explicit yes, only encrypted.

Pull delivery (the default) keeps nothing. Push delivery needs the number (SMS) or the
Signal UUID to send a staff reply at once, so after the person answers yes to the consent
question (`is_yes`, responses/handover_push.yml) the address is kept here, under the case
code (never in the case, never beside the pseudonym):

- encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`); the plaintext
  also names the case code, so a token copied under another code does not open;
- with a key that is random per process (lost on restart: push falls back to pull) or derived
  from the configured secret HANDOFF_KEY (needed for Redis mode, where another gateway may
  send the reply);
- for at most `max_age` (HANDOFF_HOURS): the store forgets it then (memory: on read or
  `expire`; Redis: the key's TTL), and Fernet refuses a token older than that anyway;
- erased on SLET, STOP, case close, expiry, and when Twilio says the number opted out.

Nothing here logs, and `Address` hides the address in its repr.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

import redis.asyncio as redis
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from lygte.text import fold_phrase

#: Answers to the consent question that mean yes, folded (lygte.text.fold_phrase), in the
#: six languages: da, en, ro, bg, es, th. Anything else keeps pull delivery.
YES_WORDS = frozenset({"ja", "yes", "y", "da", "да", "si", "ใช่", "ได้", "ok ja", "ja tak"})

#: Redis key prefix of the encrypted addresses (database bot.redis_state.GATEWAY_DB).
REDIS_PREFIX = "lygte:push:"


def is_yes(text: str) -> bool:
    """True if `text` (a whole message) is an explicit yes to the consent question."""
    return fold_phrase(text).strip(" .!") in YES_WORDS


@dataclass(frozen=True)
class Address:
    """Where a push reply goes: the channel ("sms" or "signal") and the number or UUID."""

    channel: str
    value: str = field(repr=False)


def fernet_key(secret: str | None) -> bytes:
    """A Fernet key from HANDOFF_KEY (HKDF-SHA256), or a random one for this process."""
    if not secret:
        return Fernet.generate_key()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"lygte handover push")
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode("utf-8")))


class TokenStore(Protocol):
    """Where the encrypted tokens live: this process or Redis."""

    async def put(self, code: str, token: bytes, ttl_s: int) -> None:
        """Keep `token` under `code` for `ttl_s` seconds."""

    async def get(self, code: str) -> bytes | None:
        """The token under `code`, if any and not expired."""

    async def delete(self, code: str) -> None:
        """Erase the token under `code`."""


class MemoryTokens:
    """Tokens in this process's memory, each with its deadline (time.monotonic)."""

    def __init__(self) -> None:
        self._tokens: dict[str, tuple[bytes, float]] = {}

    def __len__(self) -> int:
        return len(self._tokens)

    async def put(self, code: str, token: bytes, ttl_s: int) -> None:
        """Keep `token` under `code` for `ttl_s` seconds."""
        self._tokens[code] = (token, time.monotonic() + ttl_s)

    async def get(self, code: str) -> bytes | None:
        """The token under `code`; an expired one is erased and not returned."""
        token, deadline = self._tokens.get(code, (None, 0.0))
        if token is not None and time.monotonic() >= deadline:
            del self._tokens[code]
            return None
        return token

    async def delete(self, code: str) -> None:
        """Erase the token under `code`."""
        self._tokens.pop(code, None)


class RedisTokens:
    """Tokens in Redis (`lygte:push:<code>`), shared by every gateway, with Redis's TTL."""

    def __init__(self, store: redis.Redis) -> None:
        self.store = store

    async def put(self, code: str, token: bytes, ttl_s: int) -> None:
        """Keep `token` under `code` for `ttl_s` seconds."""
        await self.store.set(REDIS_PREFIX + code, token, ex=max(ttl_s, 1))

    async def get(self, code: str) -> bytes | None:
        """The token under `code`, if Redis still has it."""
        return await self.store.get(REDIS_PREFIX + code)

    async def delete(self, code: str) -> None:
        """Erase the token under `code`."""
        await self.store.delete(REDIS_PREFIX + code)


class AddressVault:
    """Encrypted push addresses by case code, each for at most `max_age`."""

    def __init__(self, tokens: TokenStore, max_age: timedelta, secret: str | None = None):
        self.tokens = tokens
        self.max_age = max_age
        self._fernet = Fernet(fernet_key(secret))

    async def keep(
        self, code: str, address: Address, now: datetime, until: datetime | None = None
    ) -> None:
        """Keep `address` for case `code` from `now` until `until` (the case's end), at most
        `max_age`."""
        ttl = min(until - now if until else self.max_age, self.max_age).total_seconds()
        if ttl <= 0:
            return
        plain = f"{code}\n{address.channel}\n{address.value}".encode()
        token = self._fernet.encrypt_at_time(plain, int(now.timestamp()))
        await self.tokens.put(code, token, int(ttl))

    async def address(self, code: str, now: datetime) -> Address | None:
        """The address kept for `code`, or None (none kept, expired, or another key's)."""
        token = await self.tokens.get(code)
        if token is None:
            return None
        try:
            plain = self._fernet.decrypt_at_time(
                token, int(self.max_age.total_seconds()), int(now.timestamp())
            ).decode()
        except InvalidToken:
            await self.tokens.delete(code)  # expired, or made with a key this process lacks
            return None
        owner, channel, value = plain.split("\n", 2)
        return Address(channel, value) if owner == code else None

    async def erase(self, code: str) -> None:
        """Forget the address of case `code` (SLET, STOP, close, expiry, opted out)."""
        await self.tokens.delete(code)
