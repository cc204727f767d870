"""The phone simulator: a page that looks like a phone thread, and its JSON API.

`POST /simulator/api/message` takes ``{"channel", "from", "text"}`` and goes through exactly
the path of a real message (pseudonym, engine, actions, templates, channel formatting);
`from` is treated like a phone number or a Signal UUID (but never asked for push delivery
of staff replies: it is no real address). In production mode only a logged-in
staff member may use it (the staff guard in bot/staff/guard.py sends others to the login).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from bot.keys import LINE_KEY, SESSION_KEY
from lygte.names import CHANNELS

PAGE = Path(__file__).parent / "static" / "simulator.html"


def _refuse_in_production(request: web.Request) -> web.Response | None:
    if not request.app[LINE_KEY].settings.production:
        return None
    if request.get(SESSION_KEY) is None:
        return web.json_response({"error": "the simulator needs a staff login"}, status=403)
    if request.method == "POST":
        # The session cookie is SameSite=Strict; a JSON body from the same origin is also
        # required, which a form on another site cannot send without CORS allowing it.
        origin = request.headers.get("Origin")
        public = urlsplit(request.app[LINE_KEY].settings.public_url)
        allowed = {f"{request.scheme}://{request.host}", f"{public.scheme}://{public.netloc}"}
        if request.content_type != "application/json" or (
            origin is not None and origin not in allowed
        ):
            return web.json_response({"error": "cross-site request refused"}, status=403)
    return None


async def simulator_page(request: web.Request) -> web.StreamResponse:
    """Serve the simulator page."""
    return _refuse_in_production(request) or web.FileResponse(PAGE)


async def simulator_message(request: web.Request) -> web.Response:
    """Answer one simulated message with the replies and what the engine understood."""
    refused = _refuse_in_production(request)
    if refused:
        return refused
    try:
        body = await request.json()
        channel, address, text = body["channel"], body["from"], body.get("text", "")
    except (ValueError, KeyError, TypeError):
        return web.json_response({"error": 'expected {"channel", "from", "text"}'}, status=400)
    if channel not in CHANNELS or not isinstance(address, str) or not address.strip():
        return web.json_response(
            {"error": 'channel must be "sms" or "signal" and from a non-empty string'}, status=400
        )
    # No push from the simulator: `from` is made up, and a pushed reply would go to it.
    turn = await request.app[LINE_KEY].handle(channel, address, str(text or ""), pushable=False)
    return web.json_response(
        {
            "replies": turn.replies,
            "intent": turn.intent,
            "confidence": turn.confidence,
            "language": turn.language,
            "offers": turn.offers,
        }
    )
