"""The staff pages' one static file: the live-preview script."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).parent.parent / "static"


async def static_file(request: web.Request) -> web.StreamResponse:
    """GET /staff/static/staff.js (the only static file)."""
    return web.FileResponse(STATIC / "staff.js", headers={"Content-Type": "text/javascript"})
