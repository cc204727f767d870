"""Talking to a person, the person's side, through a real gateway and a fake engine:
offer -> case -> texts to the case, not the engine -> a staff reply in the next reply; SLET,
danger and BOT during a case; off duty."""

from __future__ import annotations

import asyncio
import secrets
from datetime import datetime, timezone
from typing import Iterator

import aiohttp
import pytest
from aiohttp import web

from bot.app import create_app
from bot.handover.store import MemoryCaseStore
from bot.keys import CASES_KEY
from tests.gateway.conftest import serve_app, settings_for
from tests.gateway.fake_engine import FakeEngine, echo_payload, rest_message, run_fake_engine
from tests.support import free_port

ADDRESS = "+4511223344"


class TalkEngine(FakeEngine):
    """The fake engine, but "talk ..." and "/talk" are the engine's `talk` intent."""

    def app(self) -> web.Application:
        async def rest(request: web.Request) -> web.Response:
            body = await request.json()
            sender, text = body["sender"], body["message"]
            self.messages.append((sender, text))
            intent = "talk" if text.lower().lstrip("/").startswith("talk") else "inform_location"
            payload = echo_payload(text, "en", intent)
            return web.json_response([rest_message(sender, payload)])

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", rest)
        return app


@pytest.fixture
def engine() -> Iterator[TalkEngine]:
    yield from run_fake_engine(TalkEngine())


def line(engine: TalkEngine, duty_hours: str) -> Iterator[tuple[str, MemoryCaseStore]]:
    """A real gateway with `duty_hours`: its URL and its case store."""
    port = free_port()
    settings = settings_for(
        port,
        "test-" + secrets.token_hex(8),
        ENGINE_URL=engine.url,
        HANDOFF_DUTY_HOURS=duty_hours,
        HANDOFF_ORGANISATION="Reden",
    )
    app = create_app(settings)
    for url in serve_app(app, settings.host, port):
        yield url, app[CASES_KEY]


@pytest.fixture
def on_duty(engine: TalkEngine) -> Iterator[tuple[str, MemoryCaseStore]]:
    yield from line(engine, "24/7")


def say(url: str, text: str) -> list[str]:
    """What the phone shows for an SMS `text` sent through the simulator."""

    async def post() -> list[str]:
        async with aiohttp.ClientSession() as session:
            body = {"channel": "sms", "from": ADDRESS, "text": text}
            async with session.post(f"{url}/simulator/api/message", json=body) as response:
                assert response.status == 200
                return (await response.json())["replies"]

    return asyncio.run(post())


def the_case(cases: MemoryCaseStore):
    """The one open case."""
    [case] = asyncio.run(cases.open_cases())
    return case


def test_a_person_is_handed_over_and_the_staff_reply_comes_with_the_next_text(
    engine: TalkEngine, on_duty: tuple[str, MemoryCaseStore]
) -> None:
    url, cases = on_duty
    offered = " ".join(say(url, "talk to someone"))
    assert "A worker from Reden can answer you here" in offered
    assert "They will not see your number" in offered
    assert "send anything, e.g. OK" in offered
    case = the_case(cases)
    assert (case.language, case.channel, case.state) == ("en", "sms", "waiting")
    sent_to_engine = len(engine.messages)

    assert "Sent." in " ".join(say(url, "I need help with my landlord"))
    assert len(engine.messages) == sent_to_engine  # the case got it, not the engine
    assert [m.text for m in the_case(cases).messages] == ["I need help with my landlord"]

    now = datetime.now(timezone.utc)
    assert asyncio.run(cases.reply(case.code, "mette", "Hi, I am Mette. Tell me more.", now))
    assert any("Hi, I am Mette. Tell me more." in reply for reply in say(url, "OK"))
    assert not any("Mette" in reply for reply in say(url, "OK"))  # delivered once
    assert ADDRESS not in repr(the_case(cases))


def test_slet_during_a_case_erases_it(
    engine: TalkEngine, on_duty: tuple[str, MemoryCaseStore]
) -> None:
    url, cases = on_duty
    say(url, "talk")
    say(url, "my secret words")
    say(url, "SLET")
    assert asyncio.run(cases.open_cases()) == []
    assert engine.messages[-1][1] == "/forget_me"  # the engine erased its side too


def test_danger_during_a_case_is_answered_at_once(
    engine: TalkEngine, on_duty: tuple[str, MemoryCaseStore]
) -> None:
    url, cases = on_duty
    say(url, "talk")
    replies = say(url, "he is hitting me")
    assert "112" in replies[0]
    assert the_case(cases).messages[-1].text == "he is hitting me"


def test_bot_returns_to_the_bot_and_closes_the_case(
    engine: TalkEngine, on_duty: tuple[str, MemoryCaseStore]
) -> None:
    url, cases = on_duty
    say(url, "talk")
    assert "back with the bot" in " ".join(say(url, "Bot"))
    assert asyncio.run(cases.open_cases()) == []
    sent = len(engine.messages)
    say(url, "near Vesterbro")
    assert len(engine.messages) == sent + 1  # the engine answers again


def test_off_duty_says_when_staff_are_next_on_duty_and_gives_the_lines(
    engine: TalkEngine,
) -> None:
    for url, cases in line(engine, "Mo-Su 00:00-00:01; PH off"):
        replies = say(url, "talk to someone")
        assert "A worker from Reden can answer you here" in replies[0]
        assert "Open now:" in replies[0]
        assert len(replies) > 1  # the engine's answer to "talk": the lines
        assert asyncio.run(cases.open_cases()) == []


def test_duty_hours_default_to_24_7_in_development() -> None:
    settings = settings_for(free_port(), "test-x", LYGTE_MODE="development")
    assert settings.handover.duty_hours == "24/7"
