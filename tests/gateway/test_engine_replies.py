"""The engine answers with data; the gateway renders it once (lygte/payload.py).

A fake engine on a loopback port answers each message with the REST-channel messages a test
gives it, in the shape Rasa 3.6 gives an action's custom payload (`{"recipient_id",
"custom"}`). The replies are checked against the templates rendered and fitted as the line
sends them, in the language the engine's action chose.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import aiohttp
import pytest
from aiohttp import web

from bot.conversation import Line, Turn
from bot.engine_client import EngineClient
from bot.feedback import FeedbackStore
from bot.formatting import fit
from bot.replies import render_reply
from bot.usage import UsageStore
from lygte import replies
from lygte.feedback import day_of
from lygte.menu import menu_arguments
from lygte.payload import Payload
from tests.gateway.conftest import serve_app, settings_for
from tests.gateway.fake_engine import STORE, rest_message
from tests.support import free_port

NUMBER = "+4512345678"
MENU_INTENT = {"name": "menu", "confidence": 0.87}


@dataclass
class ScriptedEngine:
    """A fake engine that answers the n-th message with the n-th list of messages."""

    answers: list[list[dict]] = field(default_factory=list)
    url: str = ""

    def app(self) -> web.Application:
        async def rest(request: web.Request) -> web.Response:
            await request.json()
            return web.json_response(self.answers.pop(0))

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", rest)
        return app


@pytest.fixture
def engine() -> Iterator[ScriptedEngine]:
    fake = ScriptedEngine()
    for url in serve_app(fake.app(), "127.0.0.1", free_port()):
        fake.url = url
        yield fake


def ask(engine: ScriptedEngine, channel: str, text: str, *answers: dict, **parts: object) -> Turn:
    """One message through a Line (with `parts`, e.g. its counters) whose engine answers
    with `answers`."""
    engine.answers.append(list(answers))

    async def run() -> Turn:
        settings = settings_for(free_port(), "t", ENGINE_URL=engine.url)
        async with aiohttp.ClientSession() as session:
            line = Line(settings, STORE, EngineClient(session, engine.url, 5), **parts)
            return await line.handle(channel, NUMBER, text)

    return asyncio.run(run())


def rendered(channel: str, language: str, *responses: tuple[str, dict]) -> list[str]:
    """The messages the templates give for `responses` together on `channel`."""
    text = "\n\n".join(render_reply(STORE, n, a, language, channel) for n, a in responses)
    return fit(STORE, channel, text, language, 3)


def payload(response: str, arguments: dict, language: str | None) -> dict:
    return rest_message("pseudonym", Payload.of(response, arguments, language, MENU_INTENT))


@pytest.mark.parametrize("channel", ["sms", "signal"])
def test_the_turns_replies_are_rendered_together_in_the_actions_language(
    engine: ScriptedEngine, channel: str
) -> None:
    menu = menu_arguments("ro")
    # "hej" guesses Danish; the engine's action decided Romanian: the reply is Romanian.
    turn = ask(
        engine,
        channel,
        "hej",
        payload("utter_language_set", {}, "ro"),
        payload("utter_menu", menu, "ro"),
    )
    assert turn.language == "ro"
    expected = rendered(channel, "ro", ("utter_language_set", {}), ("utter_menu", menu))
    assert turn.replies == expected
    assert turn.replies != rendered(channel, "da", ("utter_menu", menu))
    assert (turn.intent, turn.confidence) == ("menu", 0.87)


def test_the_offers_named_are_counted_once_each_in_order(engine: ScriptedEngine) -> None:
    offers = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    turn = ask(
        engine,
        "sms",
        "bad",
        payload("utter_answer_details", {"offers": offers[:1]}, "da"),
        payload("utter_answer_details", {"offers": offers}, "da"),
    )
    assert turn.offers == ["a", "b"]


def test_a_payload_without_a_language_is_rendered_in_the_gateways_choice(
    engine: ScriptedEngine,
) -> None:
    turn = ask(engine, "sms", "I need a shower please", payload("utter_greet", {}, None))
    assert turn.language == "en" and turn.replies == rendered("sms", "en", ("utter_greet", {}))


def test_a_reply_that_cannot_be_rendered_gets_the_fallback(engine: ScriptedEngine) -> None:
    turn = ask(engine, "sms", "hej", payload("utter_no_such_template", {}, "da"))
    assert turn.replies == rendered("sms", "da", ("utter_engine_down", {}))


def test_words_that_are_not_a_payload_are_never_sent(engine: ScriptedEngine) -> None:
    text = {"recipient_id": "pseudonym", "text": "words Rasa made itself"}
    alone = ask(engine, "sms", "hej", text)
    assert alone.replies == rendered("sms", "da", ("utter_engine_down", {}))
    beside = ask(engine, "sms", "hej", text, payload("utter_greet", {}, "da"))
    assert beside.replies == rendered("sms", "da", ("utter_greet", {}))


def test_a_feedback_answer_is_counted_after_the_turn_even_when_the_usage_count_fails(
    engine: ScriptedEngine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    usage = UsageStore(tmp_path / "usage.sqlite3")
    with closing(sqlite3.connect(tmp_path / "usage.sqlite3")) as db:
        db.execute("DROP TABLE usage")  # the statistics break: the reply must not
    feedback = FeedbackStore(tmp_path / "feedback.sqlite3")
    thanks = {
        replies.FEEDBACK_ANSWER: "closed",
        replies.FEEDBACK_ANSWERED: ["kofoeds-skole"],
        replies.FEEDBACK_DURING_HOURS: {"kofoeds-skole": True},
    }
    answer = payload(replies.FEEDBACK_THANKS["closed"], thanks, "en")
    turn = ask(engine, "sms", "2", answer, usage=usage, feedback=feedback)
    assert turn.replies == rendered("sms", "en", (replies.FEEDBACK_THANKS["closed"], thanks))
    # Counts are kept per Copenhagen day, which is not the UTC day from 23:00 UTC.
    today = day_of(datetime.now(timezone.utc))
    assert feedback.counts(today, 30)["kofoeds-skole"]["closed"] == 1
    assert "counting failed" in caplog.text and "kofoeds" not in caplog.text
