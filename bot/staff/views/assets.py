"""The staff pages' static files: the live-preview script and the inbox script."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).parent.parent / "static"
#: Every file served under /staff/static/ (nothing else in the directory is).
FILES = ("staff.js", "inbox.js")


async def static_file(request: web.Request) -> web.StreamResponse:
    """GET /staff/static/<one of FILES>."""
    name = request.path.rpartition("/")[2]
    if name not in FILES:
        raise web.HTTPNotFound()
    return web.FileResponse(STATIC / name, headers={"Content-Type": "text/javascript"})
