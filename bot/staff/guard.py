"""The guard in front of /staff: sessions, login requirement, CSRF check, security headers.

Nothing under /staff gets through without a session except the login page; every POST there
must carry the session's CSRF token; in production mode the phone simulator is behind the
same login.
"""

from __future__ import annotations

from typing import Awaitable, Callable

from aiohttp import web

from bot.keys import SESSION_KEY
from bot.staff.i18n import COOKIE as LANGUAGE_COOKIE
from bot.staff.i18n import LANGUAGES
from bot.staff.render import page_of, render, staff_of
from bot.staff.sessions import COOKIE, csrf_ok

LOGIN_PATH = "/staff/login"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _guarded(path: str, production: bool) -> bool:
    if path == "/staff" or path.startswith("/staff/"):
        return path != LOGIN_PATH
    return production and (path == "/simulator" or path.startswith("/simulator/"))


def _message(request: web.Request, key: str, status: int, login_link: str = "") -> web.Response:
    title = page_of(request).t(key)
    return render(request, "message.html", status, title=title, login_link=login_link)


@web.middleware
async def staff_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Sessions, login requirement, CSRF check and security headers for staff pages."""
    staff = staff_of(request)
    session = staff.sessions.get(request.cookies.get(COOKIE))
    if session is not None:
        request[SESSION_KEY] = session
    path = request.path
    if _guarded(path, staff.settings.production):
        if session is None:
            if path.startswith("/simulator"):  # production: off for everyone but staff
                return _message(request, "login_needed", 403, login_link=path)
            if request.method in ("GET", "HEAD"):
                raise web.HTTPSeeOther(f"{LOGIN_PATH}?next={path}")
            return _message(request, "login_needed", 401)
        if request.method == "POST" and path.startswith("/staff"):
            form = await request.post()
            if not csrf_ok(session, str(form.get("csrf", ""))):
                return _message(request, "forbidden", 403)
    response = await handler(request)
    if path.startswith("/staff"):  # (the simulator page has its own inline script)
        response.headers.update(SECURITY_HEADERS)
        if request.query.get("lang") in LANGUAGES:
            response.set_cookie(
                LANGUAGE_COOKIE, request.query["lang"], max_age=365 * 86400, samesite="Strict"
            )
    return response
