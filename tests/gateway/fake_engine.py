"""A stand-in for `rasa run` on a loopback port that records what the gateway sends it.

It speaks the REST channel the gateway uses, as Rasa 3.6 answers it (`POST
/webhooks/rest/webhook` → a list of `{"recipient_id", "text"}`), and Rasa's root route.
Tests use it where a real engine cannot show what they check: the order and overlap of
requests, what was sent for an opt-out, an engine that accepts a request and never answers.
"""

from __future__ import annotations

import asyncio
import random
import secrets
from dataclasses import dataclass, field
from typing import Iterator

from aiohttp import web

from tests.gateway.conftest import Gateway, serve, serve_app, settings_for
from tests.support import free_port


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
            return web.json_response([{"recipient_id": sender, "text": f"echo {text}"}])

        app = web.Application()
        app.router.add_get("/", root)
        app.router.add_post("/webhooks/rest/webhook", rest)
        return app


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
