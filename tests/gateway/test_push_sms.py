"""SMS push (bot/handover/push.py) over real HTTP to the Twilio Messages API fake."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Awaitable, Callable, Iterator

import pytest

from bot.config import PushSettings
from bot.handover.push import Pusher, TwilioSms
from bot.handover.store import MemoryCaseStore
from bot.handover.vault import Address, AddressVault, MemoryTokens
from bot.ratelimit import MemoryLimiter
from tests.fakes.twilio_api import FakeTwilioApi

NOW = datetime(2026, 12, 2, 19, 0, tzinfo=timezone.utc)
NUMBER = "+4520123456"
LINE_NUMBER = "+4571000000"
MAX_AGE = timedelta(hours=72)


@pytest.fixture
def twilio() -> Iterator[FakeTwilioApi]:
    with FakeTwilioApi() as fake:
        yield fake


def settings_for(fake: FakeTwilioApi, **overrides: str) -> PushSettings:
    """Push settings that send through `fake` from the line's number."""
    values = {
        "twilio_account_sid": fake.account_sid,
        "twilio_from": LINE_NUMBER,
        "twilio_api_url": fake.base_url,
        **overrides,
    }
    return PushSettings(**values)


Scenario = Callable[[Pusher, MemoryCaseStore, str], Awaitable[None]]


def run(fake: FakeTwilioApi, scenario: Scenario, token: str = "", ceiling: int = 300) -> None:
    """Open a case with push consent to NUMBER, then run `scenario(pusher, store, code)`."""

    async def main() -> None:
        store = MemoryCaseStore(MAX_AGE)
        sms = TwilioSms(settings_for(fake), token or fake.auth_token)
        limiter = MemoryLimiter(burst=6, per_minute=10, line_per_minute=ceiling)
        pusher = Pusher(store, AddressVault(MemoryTokens(), MAX_AGE), {"sms": sms}, limiter)
        code = (await store.open("pseudonym-marker", "da", "sms", NOW)).code
        assert await pusher.consent(code, Address("sms", NUMBER), NOW)
        try:
            await scenario(pusher, store, code)
        finally:
            await sms.close()

    asyncio.run(main())


def test_a_staff_reply_is_sent_at_once_as_twilio_documents(twilio: FakeTwilioApi) -> None:
    async def scenario(pusher: Pusher, store: MemoryCaseStore, code: str) -> None:
        assert (await store.by_code(code)).push
        await store.reply(code, "mette", "Hej, jeg hedder Mette.", NOW)
        assert await pusher.deliver(code, NOW) == 1
        assert await store.pending_for("pseudonym-marker") == []
        http = pusher.senders["sms"].http  # twilio-python's copy of the request is dropped
        assert (http._test_only_last_request, http._test_only_last_response) == (None, None)

    run(twilio, scenario)
    [request] = twilio.requests
    assert request.path == f"/2010-04-01/Accounts/{twilio.account_sid}/Messages.json"
    assert request.user == twilio.account_sid
    assert request.form == {"To": NUMBER, "From": LINE_NUMBER, "Body": "Hej, jeg hedder Mette."}
    assert twilio.bodies_to(NUMBER) == ["Hej, jeg hedder Mette."]


def test_a_wrong_auth_token_keeps_the_reply_for_pull(twilio: FakeTwilioApi) -> None:
    async def scenario(pusher: Pusher, store: MemoryCaseStore, code: str) -> None:
        await store.reply(code, "mette", "Hej", NOW)
        assert await pusher.deliver(code, NOW) == 0
        assert (await store.by_code(code)).push  # the address stays: next reply may work
        assert await store.pending_for("pseudonym-marker") == ["Hej"]

    run(twilio, scenario, token="not-the-token")
    assert twilio.messages == []


def test_an_opted_out_number_is_erased_and_the_reply_waits_for_pull(
    twilio: FakeTwilioApi,
) -> None:
    twilio.opted_out.add(NUMBER)

    async def scenario(pusher: Pusher, store: MemoryCaseStore, code: str) -> None:
        await store.reply(code, "mette", "Hej", NOW)
        assert await pusher.deliver(code, NOW) == 0
        assert await pusher.vault.address(code, NOW) is None
        assert not (await store.by_code(code)).push
        await store.reply(code, "mette", "Er du der?", NOW)
        assert await pusher.deliver(code, NOW) == 0
        assert await store.pending_for("pseudonym-marker") == ["Hej", "Er du der?"]

    run(twilio, scenario)
    assert len(twilio.requests) == 1 and twilio.messages == []


def test_too_many_requests_keeps_the_unsent_replies_in_order(twilio: FakeTwilioApi) -> None:
    async def scenario(pusher: Pusher, store: MemoryCaseStore, code: str) -> None:
        await store.reply(code, "mette", "en", NOW)
        await store.reply(code, "mette", "to", NOW)
        twilio.fail_next(429)
        assert await pusher.deliver(code, NOW) == 0
        assert await pusher.deliver(code, NOW) == 2
        assert await store.pending_for("pseudonym-marker") == []

    run(twilio, scenario)
    assert twilio.bodies_to(NUMBER) == ["en", "to"]


def test_pushed_replies_count_against_the_line_ceiling(twilio: FakeTwilioApi) -> None:
    async def scenario(pusher: Pusher, store: MemoryCaseStore, code: str) -> None:
        for text in ("en", "to", "tre"):
            await store.reply(code, "mette", text, NOW)
        assert await pusher.deliver(code, NOW) == 2
        assert await store.pending_for("pseudonym-marker") == ["tre"]

    run(twilio, scenario, ceiling=2)
    assert twilio.bodies_to(NUMBER) == ["en", "to"]


def test_without_consent_nothing_is_pushed(twilio: FakeTwilioApi) -> None:
    async def scenario(pusher: Pusher, store: MemoryCaseStore, code: str) -> None:
        await pusher.withdraw(code)
        await store.reply(code, "mette", "Hej", NOW)
        assert await pusher.deliver(code, NOW) == 0
        assert await store.pending_for("pseudonym-marker") == ["Hej"]

    run(twilio, scenario)
    assert twilio.requests == []


def test_a_messaging_service_may_send_instead_of_the_number(twilio: FakeTwilioApi) -> None:
    async def main() -> None:
        sms = TwilioSms(
            settings_for(twilio, twilio_from="", twilio_messaging_service_sid="MG" + "1" * 32),
            twilio.auth_token,
        )
        assert await sms.send(NUMBER, "Hej") == "sent"
        await sms.close()

    asyncio.run(main())
    assert twilio.requests[0].form["MessagingServiceSid"] == "MG" + "1" * 32
    assert twilio.messages[0]["status"] == "accepted"
