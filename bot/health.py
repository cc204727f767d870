"""GET /healthz: 200 when an engine and the action server answer, 503 otherwise.

With several engines (ENGINE_URLS), "engine" is true while at least one of them is up.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.engine_client import is_up
from bot.keys import LINE_KEY


async def healthz(request: web.Request) -> web.Response:
    """Report whether the engine and the actions are up."""
    line = request.app[LINE_KEY]
    engine, actions = await asyncio.gather(
        line.engine.check(),
        is_up(line.engine.session, f"{line.settings.actions_url}/health"),
    )
    status = 200 if engine and actions else 503
    return web.json_response({"engine": engine, "actions": actions}, status=status)
