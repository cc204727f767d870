"""Push delivery: a staff reply sent at once to a person who said yes, else kept for pull.

After `store.reply(code, ...)` queued a staff reply, `Pusher.deliver(code, now)` looks for the
case's address in the vault (only there after the person's yes, bot/handover/vault.py). With
one, it pops the waiting replies and sends them:

- SMS through Twilio's REST Messages API with the `twilio` package (`TwilioSms`);
- Signal through the gateway's signalbot bot (`SignalPush`, bot/channels/signal_send.py,
  retried on 429/5xx like every Signal reply).

Each pushed reply counts against the line's ceiling of replies a minute (bot/ratelimit.py,
`spend`): above it the reply waits for pull. When Twilio says the number opted out (error
21610), the address is erased, the case leaves push mode and the reply waits for pull; any
other failure keeps the reply for pull and the address as it is. Nothing about the person or
the text is logged: only the channel and the kind of failure.
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from signalbot import SignalBot
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.channels.signal_send import send_to
from bot.config import PushSettings, Settings
from bot.handover.store import CaseStore
from bot.handover.vault import Address, AddressVault, MemoryTokens, TokenStore

log = logging.getLogger(__name__)

#: Twilio's error for a 'To' number that texted STOP to the line.
OPTED_OUT = 21610
#: Where twilio-python sends Messages API requests; TWILIO_API_URL replaces it in tests.
TWILIO_API = "https://api.twilio.com"

Outcome = Literal["sent", "opted_out", "failed"]


class Sender(Protocol):
    """Sends one text to one address of its channel."""

    async def send(self, address: str, text: str) -> Outcome:
        """Send `text` to `address`; say whether it was sent, opted out, or failed."""


class Ceiling(Protocol):
    """The line's ceiling of replies a minute (bot.ratelimit.MemoryLimiter / RedisLimiter)."""

    async def spend(self) -> bool:
        """Count one unasked reply; False when the ceiling is reached."""


class BaseUrlHttpClient(AsyncTwilioHttpClient):
    """twilio-python's aiohttp client, sending to another base URL than api.twilio.com.

    twilio-python 9 builds every URL from https://api.twilio.com (edge and region only
    rename the host within twilio.com); its documented way to change transport is a custom
    `http_client`, which is what this is.
    """

    def __init__(self, base_url: str, **kwargs: object) -> None:
        super().__init__(logger=_quiet_logger(), **kwargs)  # type: ignore[arg-type]
        self.base_url = base_url.rstrip("/")

    async def request(self, method: str, url: str, *args: object, **kwargs: Any):  # type: ignore[override]
        """Send to `base_url` instead of api.twilio.com, and keep nothing of the request."""
        if self.base_url and url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        auth = kwargs.pop("auth", None)
        if auth is not None:  # as a header: aiohttp deprecates its `auth=` argument
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Authorization": _basic(*auth)}
        try:
            return await super().request(method, url, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            # twilio-python keeps the last request and answer (the number, the text) for its
            # own tests: not here.
            self._test_only_last_request = self._test_only_last_response = None


def _basic(user: str, password: str) -> str:
    """An HTTP Basic Authorization header value."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _quiet_logger() -> logging.Logger:
    """twilio-python logs each request's URL and headers at INFO: keep that logger at WARNING."""
    logger = logging.getLogger("bot.handover.twilio_http")
    logger.setLevel(logging.WARNING)
    return logger


class TwilioSms:
    """SMS through Twilio's REST Messages API (POST .../Accounts/{Sid}/Messages.json)."""

    def __init__(self, settings: PushSettings, auth_token: str) -> None:
        self.settings = settings
        self.http = BaseUrlHttpClient(settings.twilio_api_url or TWILIO_API, timeout=10)
        self.client = Client(
            settings.twilio_account_sid, auth_token, http_client=self.http, environment={}
        )

    async def send(self, address: str, text: str) -> Outcome:
        """Send `text` to the number `address`; 21610 means the number opted out."""
        sender = (
            {"from_": self.settings.twilio_from}
            if self.settings.twilio_from
            else {"messaging_service_sid": self.settings.twilio_messaging_service_sid}
        )
        try:
            await self.client.messages.create_async(to=address, body=text, **sender)
        except TwilioRestException as error:
            if error.code == OPTED_OUT:
                return "opted_out"
            log.warning("push: Twilio answered HTTP %s (error %s)", error.status, error.code)
            return "failed"
        except (TwilioException, OSError) as error:
            log.warning("push: Twilio not reached (%s)", type(error).__name__)
            return "failed"
        return "sent"

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.http.close()


class SignalPush:
    """Signal through the gateway's signalbot bot (retried like every Signal reply)."""

    def __init__(self, bot: SignalBot, attempts: int) -> None:
        self.bot = bot
        self.attempts = attempts

    async def send(self, address: str, text: str) -> Outcome:
        """Send `text` to the Signal UUID `address`."""
        return "sent" if await send_to(self.bot, address, text, self.attempts) else "failed"


class Pusher:
    """Consent, withdrawal and delivery of staff replies by push."""

    def __init__(
        self,
        store: CaseStore,
        vault: AddressVault,
        senders: dict[str, Sender],
        ceiling: Ceiling | None = None,
    ) -> None:
        self.store = store
        self.vault = vault
        self.senders = senders
        self.ceiling = ceiling

    async def close(self) -> None:
        """Close the senders' connections (the Twilio HTTP session)."""
        for sender in self.senders.values():
            if isinstance(sender, TwilioSms):
                await sender.close()

    def offers_push(self, channel: str) -> bool:
        """True when replies on `channel` can be pushed (ask for consent only then)."""
        return channel in self.senders

    async def consent(self, code: str, address: Address, now: datetime) -> bool:
        """The person said yes: keep the address (encrypted) until the case's end at most."""
        case = await self.store.by_code(code)
        if case is None or not self.offers_push(address.channel):
            return False
        await self.vault.keep(code, address, now, case.opened_at + self.vault.max_age)
        await self.store.set_push(code, True)
        return True

    async def withdraw(self, code: str) -> None:
        """Erase the address (SLET, STOP, close, expiry, opted out); replies wait for pull."""
        await self.vault.erase(code)
        await self.store.set_push(code, False)

    async def end_case(self, code: str) -> None:
        """Close case `code` (staff close, BOT, SLET, STOP): the address first, then the
        case's text and mapping."""
        await self.withdraw(code)
        await self.store.close(code)

    async def deliver(self, code: str, now: datetime) -> int:
        """Push the replies waiting in case `code`; how many were sent (the rest wait)."""
        address = await self.vault.address(code, now)
        sender = self.senders.get(address.channel) if address else None
        if address is None or sender is None:
            return 0
        texts = await self.store.pop_pending(code)
        for sent, text in enumerate(texts):
            outcome = await self._send(sender, address, text)
            if outcome != "sent":
                await self.store.requeue(code, texts[sent:])
                if outcome == "opted_out":
                    log.info("push: the number opted out; the address is erased")
                    await self.withdraw(code)
                return sent
        return len(texts)

    async def _send(self, sender: Sender, address: Address, text: str) -> Outcome:
        """One reply, if the line's ceiling allows it."""
        if self.ceiling is not None and not await self.ceiling.spend():
            return "failed"
        return await sender.send(address.value, text)


def make_pusher(settings: Settings, cases: CaseStore, tokens: TokenStore | None) -> Pusher:
    """The line's Pusher: the vault over `tokens` (Redis mode) or this process's memory,
    keyed by HANDOFF_KEY; SMS push when Twilio's Messages API is configured (with the auth
    token that also checks the webhook's signatures). Signal adds its sender when it runs
    (bot/channels/signal.py). No senders: push is never offered."""
    max_age = timedelta(seconds=settings.handover.max_age_s)
    if tokens is not None and not settings.push.key:
        # Shared tokens need the shared key: another gateway's random key cannot open them
        # and would erase them (AddressVault.address).
        log.warning("push: HANDOFF_KEY is not set; the addresses stay in this gateway")
        tokens = None
    vault = AddressVault(tokens or MemoryTokens(), max_age, settings.push.key or None)
    senders: dict[str, Sender] = {}
    if settings.push.sms:
        senders["sms"] = TwilioSms(settings.push, settings.twilio_auth_token)
    return Pusher(cases, vault, senders)
