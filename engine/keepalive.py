"""Keep the engine's HTTP connections to the action server open between calls.

Rasa 3.6's `EndpointConfig.request` creates a new aiohttp session for every call and closes
it afterwards (`async with self.session() as session`): a new TCP connection, and a new
connector and session to set up and tear down, for every call (when replies were still put
into words by the gateway's /nlg, for every reply too). That was about a tenth of an engine's
time per message.

`install()` makes `EndpointConfig.session` hand out one session per endpoint and event loop,
wrapped so that leaving the `async with` does not close it; the request itself stays Rasa's.
The session has Rasa's settings (headers, basic auth, timeout) and closes a connection after
IDLE_CLOSE_S without use: before the far side does (the action server's Sanic closes after
5 s), so a request never races the server's close of an idle connection. `python -m engine`
installs it (engine/patches.py).
"""

from __future__ import annotations

import asyncio

import aiohttp
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

from engine import guard

#: Seconds an idle connection is kept: less than any server's keep-alive (Sanic: 5 s).
IDLE_CLOSE_S = 2.0
#: Where an endpoint keeps its (event loop, session); EndpointConfig is not hashable.
_HELD = "_lygte_keepalive"
#: Every session made, so that tests can close them.
_made: list[tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = []


class _Lent:
    """`async with` gives the shared session and leaves it open afterwards."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *_exc: object) -> None:
        return None


def _new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """A session configured as Rasa configures it, with short-lived idle connections."""
    auth = None
    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_CLOSE_S),
    )


def shared_session(endpoint: EndpointConfig) -> _Lent:
    """The endpoint's session for the running event loop, made on first use."""
    loop = asyncio.get_running_loop()
    held = getattr(endpoint, _HELD, None)
    # A session cannot outlive its loop (tests run several loops in one process).
    if held is None or held[0] is not loop or held[1].closed:
        held = (loop, _new_session(endpoint))
        setattr(endpoint, _HELD, held)
        _made[:] = [made for made in _made if not made[1].closed] + [held]
    return _Lent(held[1])


async def close_all() -> None:
    """Close the sessions of the running loop (for tests; the engine keeps them for life)."""
    loop = asyncio.get_running_loop()
    for made_in, session in _made:
        if made_in is loop:
            await session.close()


def install() -> None:
    """Make every Rasa endpoint call in this process reuse its endpoint's connections.

    Idempotent. Refuses (`guard.Refused`) on another Rasa, or when `EndpointConfig.session`
    or `request` (which opens the session with `async with`) take other parameters.
    """
    if EndpointConfig.session is shared_session:
        return
    guard.require_version("rasa", __name__)
    guard.require_parameters(EndpointConfig.session, ("self",), __name__)
    request_parameters = ("self", "method", "subpath", "content_type", "compress", "kwargs")
    guard.require_parameters(EndpointConfig.request, request_parameters, __name__)
    EndpointConfig.session = shared_session  # type: ignore[method-assign,assignment]
