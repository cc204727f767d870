"""engine/keepalive.py against a real aiohttp server on 127.0.0.1.

Every call goes through Rasa's own `EndpointConfig.request`; the server records each request
and the TCP connection it came on (the client's address and port), so connections are counted
where they arrive, not trusted from the client.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from engine import keepalive

#: Rasa's own `EndpointConfig.session` (importing engine modules installs nothing).
RASA_SESSION = EndpointConfig.session


@dataclass
class Seen:
    """What the server saw: one entry per request."""

    #: (client address, client port) of the connection each request came on.
    connections: list[tuple[str, int]] = field(default_factory=list)
    #: The server side of each request's connection.
    transports: list[asyncio.BaseTransport] = field(default_factory=list)
    #: method, path with query, headers (but Host) and body of each request.
    requests: list[dict[str, Any]] = field(default_factory=list)


@asynccontextmanager
async def serving() -> AsyncIterator[tuple[str, Seen]]:
    """A JSON echo server on a free loopback port; a path ending in /missing answers 404."""
    seen = Seen()

    async def echo(request: web.Request) -> web.Response:
        assert request.transport is not None
        seen.connections.append(request.transport.get_extra_info("peername"))
        seen.transports.append(request.transport)
        body = await request.text()
        seen.requests.append(
            {
                "method": request.method,
                "path": request.path_qs,
                # Host names the server's port, which differs from one server to the next
                "headers": {k: v for k, v in request.headers.items() if k != "Host"},
                "body": body,
            }
        )
        if request.path.endswith("/missing"):
            raise web.HTTPNotFound()
        return web.json_response({"echo": body, "path": request.path_qs})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}", seen
    finally:
        await runner.cleanup()


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keepalive installed as `python -m engine` installs it; Rasa's session back afterwards."""
    assert RASA_SESSION.__module__ == "rasa.utils.endpoints"
    monkeypatch.setattr(EndpointConfig, "session", RASA_SESSION)
    keepalive.install()


async def calls(endpoint: EndpointConfig, count: int) -> list[Any]:
    """`count` calls of the action server's kind, one after another, through Rasa's request."""
    return [await endpoint.request(json={"next_action": f"action_{n}"}) for n in range(count)]


def test_calls_to_one_endpoint_share_one_connection(installed: None) -> None:
    async def scenario() -> tuple[list[Any], Seen]:
        async with serving() as (url, seen):
            answers = await calls(EndpointConfig(f"{url}/webhook"), 5)
            await keepalive.close_all()
        return answers, seen

    answers, seen = asyncio.run(scenario())
    assert [answer["echo"] for answer in answers] == [
        f'{{"next_action": "action_{n}"}}' for n in range(5)
    ]
    assert len(seen.requests) == 5 and len(set(seen.connections)) == 1


def test_without_keepalive_rasa_opens_a_connection_per_call() -> None:
    """The count above means something: Rasa's own session connects every time."""
    assert EndpointConfig.session is RASA_SESSION

    async def scenario() -> Seen:
        async with serving() as (url, seen):
            await calls(EndpointConfig(f"{url}/webhook"), 5)
        return seen

    assert len(set(asyncio.run(scenario()).connections)) == 5


def test_one_session_per_endpoint_and_event_loop(installed: None) -> None:
    actions, other = EndpointConfig("http://127.0.0.1:9/webhook"), EndpointConfig("http://x")

    async def sessions() -> list[aiohttp.ClientSession]:
        found = []
        for endpoint in (actions, actions, other):
            async with endpoint.session() as session:
                found.append(session)
        assert not any(session.closed for session in found)  # leaving `async with` keeps it
        await keepalive.close_all()
        return found

    first_loop, second_loop = asyncio.run(sessions()), asyncio.run(sessions())
    assert first_loop[0] is first_loop[1]  # one endpoint, one loop: one session
    assert first_loop[0] is not first_loop[2]  # another endpoint: its own
    assert second_loop[0] is not first_loop[0]  # a new loop: a new session
    assert all(session.closed for session in first_loop + second_loop)  # close_all did


def test_an_idle_connection_is_closed_after_idle_close_s(
    installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keepalive, "IDLE_CLOSE_S", 0.2)

    async def scenario() -> tuple[Seen, bool, bool]:
        async with serving() as (url, seen):
            endpoint = EndpointConfig(f"{url}/webhook")
            await calls(endpoint, 2)
            open_while_in_use = not seen.transports[0].is_closing()
            await asyncio.sleep(1.0)  # five times the idle limit, well under the server's 75 s
            closed_when_idle = seen.transports[0].is_closing()
            await calls(endpoint, 1)
            await keepalive.close_all()
        return seen, open_while_in_use, closed_when_idle

    seen, open_while_in_use, closed_when_idle = asyncio.run(scenario())
    assert open_while_in_use and closed_when_idle  # the client closed it, not the server
    assert seen.connections[0] == seen.connections[1] != seen.connections[2]


def endpoint_with_everything(url: str) -> EndpointConfig:
    """An endpoint with every setting Rasa's session and request use."""
    return EndpointConfig(
        f"{url}/webhook",
        params={"lang": "da"},
        headers={"X-Lygte-Test": "yes"},
        basic_auth={"username": "engine", "password": "not-a-secret"},
        token="t0ken",
    )


async def rasas_answers(endpoint: EndpointConfig) -> list[Any]:
    """A POST, a GET with parameters and a failing call, answers or errors as Rasa gives them."""
    found: list[Any] = []
    for method, subpath, kwargs in (
        ("post", None, {"json": {"sender_id": "pseudonym"}}),
        ("get", "status", {"params": {"page": "2"}}),
        ("post", "missing", {"json": {}}),
    ):
        try:
            found.append(await endpoint.request(method=method, subpath=subpath, **kwargs))
        except ClientResponseError as error:  # Rasa's own, raised on a status >= 400
            found.append(("error", error.status))
    return found


def test_rasas_headers_auth_parameters_and_errors_are_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same calls, through Rasa's session and through ours: the server sees the same."""

    async def scenario() -> tuple[list[Any], list[dict]]:
        async with serving() as (url, seen):
            answers = await rasas_answers(endpoint_with_everything(url))
            await keepalive.close_all()
        return answers, seen.requests

    rasas = asyncio.run(scenario())
    monkeypatch.setattr(EndpointConfig, "session", RASA_SESSION)
    keepalive.install()
    ours = asyncio.run(scenario())
    assert ours == rasas
    answers, requests = ours
    assert (
        answers[2] == ("error", 404)
        and answers[1]["path"] == "/webhook/status?lang=da&token=t0ken&page=2"
    )
    assert requests[0]["headers"]["X-Lygte-Test"] == "yes"
    assert (
        requests[0]["headers"]["Authorization"]
        == aiohttp.BasicAuth("engine", "not-a-secret").encode()
    )


def test_rasas_timeout_is_kept(installed: None) -> None:
    async def timeouts() -> tuple[aiohttp.ClientTimeout, aiohttp.ClientTimeout]:
        endpoint = endpoint_with_everything("http://127.0.0.1:9")
        async with RASA_SESSION(endpoint) as rasas, endpoint.session() as ours:
            found = rasas.timeout, ours.timeout
        await keepalive.close_all()
        return found

    rasas, ours = asyncio.run(timeouts())
    assert ours == rasas and ours.total == DEFAULT_REQUEST_TIMEOUT
