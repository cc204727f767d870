"""The guard in front of /staff: sessions, login requirement, CSRF check, security headers.

Nothing under /staff gets through without a session except the login page; every POST there
must carry the session's CSRF token (a form field, or the `X-CSRF-Token` header for the JSON
API under /staff/api/); in production mode the phone simulator is behind the same login.
Roles (bot/staff/accounts.py) decide the rest: the inbox and its API need "answer", the
editors "edit"; they are read from the accounts file on each request, so a changed or removed
account takes effect at once.
"""

from __future__ import annotations

from typing import Awaitable, Callable

from aiohttp import web

from bot.keys import ROLES_KEY, SESSION_KEY
from bot.staff.accounts import roles_of
from bot.staff.i18n import COOKIE as LANGUAGE_COOKIE
from bot.staff.i18n import LANGUAGES
from bot.staff.render import page_of, render, staff_of
from bot.staff.sessions import COOKIE, Session, csrf_ok

LOGIN_PATH = "/staff/login"
API_PREFIX = "/staff/api/"
CSRF_HEADER = "X-CSRF-Token"
#: Paths every logged-in account may use, whatever its roles (/staff sends it on by role).
_ANY_ROLE = ("/staff", "/staff/logout")
_ANY_ROLE_PREFIXES = ("/staff/static/",)
_ANSWER_PATHS = ("/staff/inbox",)
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


def needed_role(path: str) -> str | None:
    """The role a staff path needs: "answer" for the inbox and the API, "edit" for the rest."""
    if not path.startswith("/staff") or path in _ANY_ROLE or path.startswith(_ANY_ROLE_PREFIXES):
        return None
    if path in _ANSWER_PATHS or path.startswith(API_PREFIX):
        return "answer"
    return "edit"


def _api_error(status: int, error: str) -> web.Response:
    return web.json_response({"error": error}, status=status, headers=SECURITY_HEADERS)


async def _refusal(request: web.Request, session: Session | None) -> web.Response | None:
    """The answer to a request the guard stops, or None to let it through."""
    path = request.path
    api = path.startswith(API_PREFIX)
    if session is None:
        if path.startswith("/simulator"):  # production: off for everyone but staff
            return _message(request, "login_needed", 403, login_link=path)
        if api:
            return _api_error(401, "login_needed")
        if request.method in ("GET", "HEAD"):
            raise web.HTTPSeeOther(f"{LOGIN_PATH}?next={path}")
        return _message(request, "login_needed", 401)
    if request.method == "POST" and path.startswith("/staff"):
        if api:
            token = request.headers.get(CSRF_HEADER, "")
        else:
            token = str((await request.post()).get("csrf", ""))
        if not csrf_ok(session, token):
            return _api_error(403, "forbidden") if api else _message(request, "forbidden", 403)
    role = needed_role(path)
    if role is not None and role not in request[ROLES_KEY]:
        return _api_error(403, "role") if api else _message(request, "forbidden_role", 403)
    return None


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
        request[ROLES_KEY] = roles_of(staff.settings.staff_data_dir, session.account)
    path = request.path
    if _guarded(path, staff.settings.production):
        refused = await _refusal(request, session)
        if refused is not None:
            return refused
    response = await handler(request)
    # (the simulator page has its own inline script; a stream, /staff/api/events, has sent
    # its headers already and set them itself)
    if path.startswith("/staff") and not response.prepared:
        response.headers.update(SECURITY_HEADERS)
        if request.query.get("lang") in LANGUAGES:
            response.set_cookie(
                LANGUAGE_COOKIE, request.query["lang"], max_age=365 * 86400, samesite="Strict"
            )
    return response
