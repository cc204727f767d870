"""A stand-in for `rasa run` on a loopback port that records what the gateway sends it.

It speaks the REST channel the gateway uses, as Rasa 3.6 answers it when an action sends
Lygte's payload (`POST /webhooks/rest/webhook` → a list of `{"recipient_id", "custom"}`,
lygte/payload.py), and Rasa's root route. Tests use it where a real engine cannot show what
they check: the order and overlap of requests, what was sent for an opt-out, an engine that
accepts a request and never answers.

Its answer echoes the message: the words are the place of `utter_place_noted` ("OK, near
<words>. What do you need? ..."), so a test sees which message a reply answers.
"""

from __future__ import annotations

import asyncio
import random
import secrets
from dataclasses import dataclass, field
from typing import Iterator

from aiohttp import web

from bot.config import REPO_ROOT
from bot.formatting import fit
from bot.replies import render_reply
from bot.templates import TemplateStore
from lygte.payload import Payload
from tests.gateway.conftest import Gateway, serve, serve_app, settings_for
from tests.support import free_port

STORE = TemplateStore(REPO_ROOT / "responses", "da")
#: The response the fake answers every message with.
ECHO = "utter_place_noted"


@dataclass
class FakeEngine:
    """What the fake engine received, and how it behaves."""

    #: Seconds to wait before answering each message: a random one in this range.
    delay: tuple[float, float] = (0.0, 0.0)
    #: Never answer a message (the connection stays open): a hung engine.
    hang: bool = False
    messages: list[tuple[str, str]] = field(default_factory=list)  # (sender, text) in order
    in_flight: dict[str, int] = field(default_factory=dict)
    most_in_flight: int = 0  # most messages of one sender handled at the same time
    url: str = ""

    def app(self) -> web.Application:
        """The aiohttp application serving the REST channel and Rasa's root route."""
        rng = random.Random(5)

        async def root(request: web.Request) -> web.Response:
            return web.Response(text="Hello from Rasa: 3.6.21")

        async def rest(request: web.Request) -> web.Response:
            body = await request.json()
            sender, text = body["sender"], body["message"]
            self.messages.append((sender, text))
            self.in_flight[sender] = self.in_flight.get(sender, 0) + 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight[sender])
            try:
                if self.hang:
                    await asyncio.Event().wait()
                await asyncio.sleep(rng.uniform(*self.delay))
            finally:
                self.in_flight[sender] -= 1
            return web.json_response([rest_message(sender, echo_payload(text))])

        app = web.Application()
        app.router.add_get("/", root)
        app.router.add_post("/webhooks/rest/webhook", rest)
        return app


def echo_payload(text: str, language: str = "da", intent: str = "inform_location") -> Payload:
    """What the fake's action says for `text`: the words as a place, in `language`."""
    return Payload.of(ECHO, {"place": text}, language, {"name": intent, "confidence": 0.9})


def rest_message(sender: str, payload: Payload) -> dict:
    """One message of Rasa 3.6's REST channel for an action's custom payload (json_message)."""
    return {"recipient_id": sender, "custom": payload.to_json()}


def echoed(text: str, language: str = "da") -> list[str]:
    """The SMS a person gets for the fake's answer to `text`: rendered and fitted."""
    rendered = render_reply(STORE, ECHO, {"place": text}, language, "sms")
    return fit(STORE, "sms", rendered, language, 3)


def run_fake_engine(engine: FakeEngine) -> Iterator[FakeEngine]:
    """Serve `engine` on a free loopback port until the generator is closed."""
    for url in serve_app(engine.app(), "127.0.0.1", free_port()):
        engine.url = url
        yield engine


def gateway_for(engine: FakeEngine, **overrides: str) -> Iterator[Gateway]:
    """Serve a gateway whose engine is `engine` (already running) until the generator closes."""
    port, token = free_port(), "test-" + secrets.token_hex(8)
    for url in serve(settings_for(port, token, ENGINE_URL=engine.url, **overrides)):
        yield Gateway(url, token)
