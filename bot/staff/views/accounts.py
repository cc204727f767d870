"""Login and logout: the login form with its pre-login CSRF token, the throttle, sessions."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.keys import SESSION_KEY
from bot.staff.accounts import roles_of, verify_login
from bot.staff.guard import LOGIN_PATH, SECURITY_HEADERS
from bot.staff.i18n import translate
from bot.staff.render import Notice, language_of, render, staff_of
from bot.staff.sessions import COOKIE, LOGIN_COOKIE, MAX_AGE_S
from bot.staff.views.inbox import INBOX_PATH

log = logging.getLogger(__name__)

#: Where a login may send the browser on: staff pages and the simulator, nothing else.
_NEXT = re.compile(r"/(staff|simulator)(/[A-Za-z0-9_/-]*)?")
START = "/staff/templates"


def _cookie_flags(settings: Settings) -> dict[str, Any]:
    return {
        "httponly": True,
        "samesite": "Strict",
        "secure": settings.public_url.startswith("https://"),
        "path": "/",
    }


def _next(request: web.Request) -> str:
    """The checked ?next= page, or "" when it is missing or not a local staff page."""
    target = request.query.get("next", "")
    return target if _NEXT.fullmatch(target) else ""


def _login_response(
    request: web.Request, error: str = "", status: int = 200, name: str = ""
) -> web.Response:
    staff = staff_of(request)
    nonce = request.cookies.get(LOGIN_COOKIE) or staff.sessions.new_nonce()
    response = render(
        request,
        "login.html",
        status,
        title=translate(language_of(request), "login"),
        notice=Notice("error", error) if error else None,
        token=staff.sessions.login_token(nonce),
        name=name,
        next_path=_next(request),
    )
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, **_cookie_flags(staff.settings))
    response.headers.update(SECURITY_HEADERS)
    return response


async def login_page(request: web.Request) -> web.Response:
    """GET /staff/login: the form, with a fresh pre-login CSRF nonce."""
    return _login_response(request)


async def login(request: web.Request) -> web.StreamResponse:
    """POST /staff/login: check the token, the throttle, then the password."""
    staff = staff_of(request)
    language = language_of(request)
    form = await request.post()
    name = str(form.get("name", "")).strip().lower()
    password = str(form.get("password", ""))
    if not staff.sessions.login_token_ok(
        request.cookies.get(LOGIN_COOKIE), str(form.get("csrf", ""))
    ):
        return _login_response(request, translate(language, "login_expired"), 403, name)
    client = request.remote or "-"
    wait = staff.throttle.retry_after(name, client)
    if wait:
        response = _login_response(
            request, translate(language, "throttled", minutes=(wait + 59) // 60), 429, name
        )
        response.headers["Retry-After"] = str(wait)
        return response
    loop = asyncio.get_running_loop()  # argon2 takes a while: keep the line answering
    ok = await loop.run_in_executor(
        None, verify_login, staff.settings.staff_data_dir, name, password
    )
    if not ok:
        staff.throttle.failed(name, client)
        log.warning("staff login failed")  # no name: people type passwords into it
        return _login_response(request, translate(language, "login_failed"), 401, name)
    staff.throttle.succeeded(name, client)
    cookie, _session = staff.sessions.create(name)  # a new id: a session is never carried over
    log.info("staff login: %s", name)
    # an account that only answers starts in the inbox (roles: bot/staff/accounts.py)
    start = START if "edit" in roles_of(staff.settings.staff_data_dir, name) else INBOX_PATH
    response = web.HTTPSeeOther(_next(request) or start)
    response.set_cookie(COOKIE, cookie, max_age=MAX_AGE_S, **_cookie_flags(staff.settings))
    response.del_cookie(LOGIN_COOKIE, path="/")
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """POST /staff/logout: end the session on the server and drop the cookie."""
    staff = staff_of(request)
    session = request[SESSION_KEY]
    staff.sessions.end(request.cookies.get(COOKIE))
    log.info("staff logout: %s", session.account)
    response = web.HTTPSeeOther(LOGIN_PATH)
    response.del_cookie(COOKIE, path="/")
    raise response
