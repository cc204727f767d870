"""GET /healthz: 200 when the engine and the action server both answer, 503 otherwise."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.channels.sms import LINE_KEY
from bot.engine_client import is_up


async def healthz(request: web.Request) -> web.Response:
    """Report whether the engine and the actions are up."""
    line = request.app[LINE_KEY]
    session = line.engine.session
    engine, actions = await asyncio.gather(
        is_up(session, f"{line.settings.engine_url}/"),
        is_up(session, f"{line.settings.actions_url}/health"),
    )
    status = 200 if engine and actions else 503
    return web.json_response({"engine": engine, "actions": actions}, status=status)
