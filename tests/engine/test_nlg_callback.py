"""The engine's NLG callback: Rasa's request to /nlg, over real HTTP, without the history."""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, read_endpoint_config

import engine.tracker_store  # noqa: F401  (what `rasa run` imports: installs keepalive)
from engine import keepalive
from engine.nlg import CurrentStateCallbackNLG
from tests.support import free_port

DOMAIN = Domain.from_path("domain.yml")


def conversation() -> DialogueStateTracker:
    """Two turns: the first one's words must not travel with the second reply."""
    tracker = DialogueStateTracker.from_events("pseudonym", [], slots=DOMAIN.slots)
    for event in [
        UserUttered("first words", {"name": "greet", "confidence": 0.9}),
        ActionExecuted("action_reply"),
        ActionExecuted("action_listen"),
        UserUttered(
            "latest words", {"name": "menu", "confidence": 0.8}, metadata={"channel": "sms"}
        ),
        SlotSet("language", "ro"),
    ]:
        tracker.update(event)
    return tracker


@asynccontextmanager
async def nlg_generator(
    handler: Callable[[web.Request], Awaitable[web.Response]],
) -> AsyncIterator[CurrentStateCallbackNLG]:
    """The engine's generator pointed at a real HTTP /nlg served by `handler` on 127.0.0.1."""
    app = web.Application()
    app.router.add_post("/nlg", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield CurrentStateCallbackNLG(EndpointConfig(url=f"http://127.0.0.1:{port}/nlg"))
    finally:
        await keepalive.close_all()
        await runner.cleanup()


async def ask(reply: Any, status: int = 200) -> tuple[dict, dict | Exception]:
    """Run one generate() against a real HTTP /nlg that answers `reply`; return both sides."""
    seen: dict = {}

    async def nlg(request: web.Request) -> web.Response:
        seen.update(await request.json())
        return web.json_response(reply, status=status)

    async with nlg_generator(nlg) as generator:
        try:
            answer: dict | Exception = await generator.generate(
                "utter_menu", conversation(), "rest", options=["need_shower"]
            )
        except (RasaException, ClientResponseError) as error:
            answer = error
    return seen, answer


def test_endpoints_yml_names_this_generator() -> None:
    config = read_endpoint_config("endpoints.yml", "nlg")
    generator = NaturalLanguageGenerator.create(config, DOMAIN)
    assert isinstance(generator, CurrentStateCallbackNLG)


def test_request_carries_state_and_arguments_but_no_history() -> None:
    seen, answer = asyncio.run(ask({"text": "Meniu", "custom": {"lygte": {}}}))
    assert answer == {"text": "Meniu", "custom": {"lygte": {}}}
    assert seen["response"] == "utter_menu"
    assert seen["arguments"] == {"options": ["need_shower"]}
    assert seen["channel"] == {"name": "rest"}
    tracker = seen["tracker"]
    assert tracker["slots"]["language"] == "ro"
    assert tracker["latest_message"]["intent"]["name"] == "menu"
    assert tracker["latest_message"]["metadata"] == {"channel": "sms"}
    assert tracker["events"] is None
    assert "first words" not in json.dumps(seen)


@pytest.mark.parametrize("reply", [{"text": 12}, ["not", "an", "object"]])
def test_an_invalid_nlg_answer_is_refused(reply: Any) -> None:
    _, answer = asyncio.run(ask(reply))
    assert isinstance(answer, RasaException)


def test_an_nlg_error_status_is_raised_as_rasa_does() -> None:
    _, answer = asyncio.run(ask({"error": "template could not be rendered"}, status=500))
    assert isinstance(answer, ClientResponseError) and answer.status == 500


async def client_ports(pauses: list[float]) -> list[int]:
    """The client port of each of len(pauses) + 1 replies, with those pauses between them."""
    ports: list[int] = []

    async def nlg(request: web.Request) -> web.Response:
        ports.append(request.transport.get_extra_info("peername")[1])
        return web.json_response({"text": "ok"})

    async with nlg_generator(nlg) as generator:
        for pause in [0.0, *pauses]:
            await asyncio.sleep(pause)
            await generator.generate("utter_menu", conversation(), "rest")
    return ports


def test_replies_reuse_one_connection() -> None:
    # engine/keepalive.py, installed when `rasa run` loads engine.tracker_store
    ports = asyncio.run(client_ports([0.0, 0.0]))
    assert len(ports) == 3 and len(set(ports)) == 1  # one client port: the connection was kept


def test_an_idle_connection_is_closed_by_the_engine_first(monkeypatch) -> None:
    monkeypatch.setattr(keepalive, "IDLE_CLOSE_S", 0.2)
    ports = asyncio.run(client_ports([0.0, 0.6]))
    assert ports[0] == ports[1] != ports[2]  # reused while busy, a new one after the pause
