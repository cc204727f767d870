"""The gateway's own replies in the conversation's language, and SLET over any limit.

The engine here is a small fake that, like Lygte's actions, names the conversation's
language in its payload (sticky, switched by a strong guess) and answers the forget intent.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Iterator

import aiohttp
import pytest
from aiohttp import web

from bot.config import REPO_ROOT
from bot.conversation import Line, Turn
from bot.engine_client import EngineClient
from bot.formatting import fit
from bot.replies import render_reply
from bot.templates import TemplateStore
from lygte.menu import menu_arguments
from lygte.names import FORGET_INTENT, MENU_INTENT
from tests.gateway.conftest import serve_app, settings_for
from tests.gateway.fake_engine import echo_payload, echoed, rest_message
from tests.support import free_port

STORE = TemplateStore(REPO_ROOT / "responses", "da")
NUMBER, OTHER = "+4512345678", "+4587654321"
#: A first message that is strongly in its language (the script says so), then "5".
HELLO = {"th": "สวัสดีค่ะ อยากอาบน้ำ", "bg": "Здравей, искам да се изкъпя"}


@dataclass
class LanguageEngine:
    """A fake engine that keeps each conversation's language, as the real one does."""

    fail_menu: bool = False
    messages: list[tuple[str, str]] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)
    url: str = ""

    def app(self) -> web.Application:
        async def rest(request: web.Request) -> web.Response:
            body = await request.json()
            sender, text, meta = body["sender"], body["message"], body["metadata"]
            self.messages.append((sender, text))
            if text == f"/{MENU_INTENT}" and self.fail_menu:
                return web.Response(status=500)
            if meta.get("language_strong") or sender not in self.languages:
                self.languages[sender] = meta.get("language") or meta["default_language"]
            language = self.languages[sender]
            intent = FORGET_INTENT if text == f"/{FORGET_INTENT}" else "greet"
            if intent == FORGET_INTENT:
                del self.languages[sender]
            payload = echo_payload(text, language, intent)
            return web.json_response([rest_message(sender, payload)])

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", rest)
        return app

    @classmethod
    def running(cls) -> Iterator[LanguageEngine]:
        """A fake engine served on a free loopback port while the generator is open."""
        fake = cls()
        for url in serve_app(fake.app(), "127.0.0.1", free_port()):
            fake.url = url
            yield fake


@pytest.fixture
def engine() -> Iterator[LanguageEngine]:
    yield from LanguageEngine.running()


def converse(
    engine: LanguageEngine, script: list[tuple[str, str]], **overrides: str
) -> tuple[list[Turn], Line]:
    """Send `script` ((number, text), one after another) through one Line."""

    async def run() -> tuple[list[Turn], Line]:
        settings = settings_for(free_port(), "t", ENGINE_URL=engine.url, **overrides)
        async with aiohttp.ClientSession() as session:
            line = Line(settings, STORE, EngineClient(session, engine.url, 5))
            return [await line.handle("sms", number, text) for number, text in script], line

    return asyncio.run(run())


def sms(name: str, language: str, arguments: dict | None = None) -> list[str]:
    text = render_reply(STORE, name, arguments or {}, language, "sms")
    return fit(STORE, "sms", text, language, 3)


@pytest.mark.parametrize("language", ["th", "bg"])
def test_the_slow_down_note_comes_in_the_conversations_language(
    engine: LanguageEngine, language: str
) -> None:
    script = [(NUMBER, HELLO[language]), (NUMBER, "5"), (OTHER, "5"), (OTHER, "5")]
    turns, _line = converse(engine, script, RATE_LIMIT_BURST="1", RATE_LIMIT_PER_MINUTE="1")
    assert turns[0].replies == echoed(HELLO[language], language)
    assert turns[0].language == language
    # "5" says nothing about a language: the conversation's is used, not the default.
    assert turns[1].replies == sms("utter_slow_down", language)
    assert turns[1].replies != sms("utter_slow_down", "da")
    # Someone else, never answered before, gets the line's default.
    assert turns[3].replies == sms("utter_slow_down", "da")


@pytest.mark.parametrize("language", ["th", "bg"])
def test_help_is_the_menu_in_the_conversations_language_even_when_the_engine_fails(
    engine: LanguageEngine, language: str
) -> None:
    engine.fail_menu = True
    turns, _line = converse(engine, [(NUMBER, HELLO[language]), (NUMBER, "HELP")])
    assert engine.messages[-1][1] == f"/{MENU_INTENT}"  # asked the engine first
    assert turns[1].replies == sms("utter_menu", language, menu_arguments(language, "HELP"))


def test_forget_erases_over_the_persons_limit(engine: LanguageEngine) -> None:
    script = [(NUMBER, HELLO["th"]), (NUMBER, "SLET"), (NUMBER, "5"), (NUMBER, "slet")]
    turns, line = converse(engine, script, RATE_LIMIT_BURST="1", RATE_LIMIT_PER_MINUTE="1")
    sender = engine.messages[0][0]
    forgets = [text for who, text in engine.messages if who == sender and text != HELLO["th"]]
    assert forgets == [f"/{FORGET_INTENT}", f"/{FORGET_INTENT}"]  # both SLET, none of "5"
    # The one kind message over the limit confirms the erasing instead of "slow down"...
    assert turns[1].replies == echoed(f"/{FORGET_INTENT}", "th")
    assert turns[2].replies == []
    # ... and over it again the erasing is silent.
    assert turns[3].replies == []
    assert len(line.languages) == 0  # nothing kept in the gateway either


def test_forget_and_stop_erase_over_the_lines_ceiling(engine: LanguageEngine) -> None:
    script = [(NUMBER, "hej"), (OTHER, "SLET"), (OTHER, "STOP"), (OTHER, "hej")]
    turns, _line = converse(engine, script, LINE_REPLIES_PER_MINUTE="1")
    other = engine.messages[1][0]
    assert engine.messages[1:] == [(other, f"/{FORGET_INTENT}"), (other, f"/{FORGET_INTENT}")]
    assert [turn.replies for turn in turns[1:]] == [[], [], []]


def test_the_language_is_kept_under_its_own_key_and_dropped_on_stop(
    engine: LanguageEngine,
) -> None:
    turns, line = converse(engine, [(NUMBER, HELLO["bg"])])
    sender = engine.messages[0][0]
    key = line.languages.key(sender)
    assert key != sender and NUMBER not in key
    assert line.languages.language(key) == "bg"
    turns, line = converse(engine, [(NUMBER, HELLO["bg"]), (NUMBER, "STOP")])
    assert turns[1].replies == [] and len(line.languages) == 0
