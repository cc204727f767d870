"""Freeze the engine's heap once its model is loaded, before the first message.

lygte/gc_freeze.py explains why (a full collection over ~500,000 long-lived objects paused a
reply by ~200 ms). The freeze must come after everything long-lived is loaded: `rasa run`
loads the model, the tracker store and the endpoints in `rasa.core.run.load_agent_on_start`,
a Sanic listener that `serve_application` looks up by name when it starts the server.
`install()` replaces that name with `load_agent_then_freeze`: Rasa's loader, then one freeze.
Run by `python -m engine` (engine/patches.py), so the freeze no longer depends on which
tracker store endpoints.yml names.
"""

from __future__ import annotations

from asyncio import AbstractEventLoop

import rasa.core.run
from rasa.core.agent import Agent
from rasa.core.utils import AvailableEndpoints
from sanic import Sanic

from engine import guard
from lygte import gc_freeze

#: Rasa's own loader, as it was before `install()`.
_ORIGINAL = rasa.core.run.load_agent_on_start


async def load_agent_then_freeze(
    model_path: str,
    endpoints: AvailableEndpoints,
    remote_storage: str | None,
    app: Sanic,
    loop: AbstractEventLoop,
) -> Agent:
    """Rasa's `load_agent_on_start`, then collect and freeze everything alive (once)."""
    agent = await _ORIGINAL(model_path, endpoints, remote_storage, app, loop)
    gc_freeze.freeze_once()
    return agent


def install() -> None:
    """Make `rasa run` freeze the heap after loading its agent (idempotent).

    Refuses (`guard.Refused`) on another Rasa, or a loader of other parameters.
    """
    if rasa.core.run.load_agent_on_start is load_agent_then_freeze:
        return
    guard.require_version("rasa", __name__)
    parameters = ("model_path", "endpoints", "remote_storage", "app", "loop")
    guard.require_parameters(rasa.core.run.load_agent_on_start, parameters, __name__)
    rasa.core.run.load_agent_on_start = load_agent_then_freeze
