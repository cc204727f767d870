"""The /staff routes: login and logout, templates, offers, history; and the guard in front.

The guard (a middleware) lets nothing under /staff through without a session except the
login page, checks the CSRF token of every POST there, and in production mode puts the
phone simulator behind the same login.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable

from aiohttp import web

from bot.config import Settings
from bot.staff import offer_edit, pages, template_edit
from bot.staff.accounts import verify_login
from bot.staff.history import History
from bot.staff.i18n import COOKIE as LANGUAGE_COOKIE
from bot.staff.i18n import LANGUAGES, translate
from bot.staff.ids import known_id
from bot.staff.sessions import (
    COOKIE,
    LOGIN_COOKIE,
    MAX_AGE_S,
    SESSION_KEY,
    Session,
    Sessions,
    csrf_ok,
)
from bot.staff.template_edit import SaveRefused, StaleVersion
from bot.staff.throttle import LoginThrottle
from bot.templates import CHANNELS, Template, TemplateStore

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
LOGIN_PATH = "/staff/login"
#: Where a login may send the browser on: staff pages and the simulator, nothing else.
_NEXT = re.compile(r"/(staff|simulator)(/[A-Za-z0-9_/-]*)?")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Staff:
    """What the staff routes share: settings, the gateway's templates, sessions, history."""

    settings: Settings
    templates: TemplateStore
    sessions: Sessions
    history: History
    throttle: LoginThrottle = field(default_factory=LoginThrottle)


STAFF_KEY = web.AppKey("staff", Staff)


def _staff(request: web.Request) -> Staff:
    return request.app[STAFF_KEY]


def _language(request: web.Request) -> str:
    wanted = request.query.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return wanted if wanted in LANGUAGES else "da"


def _page(request: web.Request) -> pages.Page:
    session: Session | None = request.get(SESSION_KEY)
    return pages.Page(
        language=_language(request),
        account=session.account if session else None,
        csrf=session.csrf if session else "",
        path=request.path,
    )


def _html(body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def _guarded(path: str, production: bool) -> bool:
    if path == "/staff" or path.startswith("/staff/"):
        return path != LOGIN_PATH
    return production and (path == "/simulator" or path.startswith("/simulator/"))


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@web.middleware
async def staff_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Sessions, login requirement, CSRF check and security headers for staff pages."""
    staff = _staff(request)
    session = staff.sessions.get(request.cookies.get(COOKIE))
    if session is not None:
        request[SESSION_KEY] = session
    path = request.path
    if _guarded(path, staff.settings.production):
        if session is None:
            if path.startswith("/simulator"):  # production: off for everyone but staff
                return _html(pages.login_needed_page(_page(request), path), 403)
            if request.method in ("GET", "HEAD"):
                raise web.HTTPSeeOther(f"{LOGIN_PATH}?next={path}")
            return _html(pages.error_page(_page(request), "login_needed"), 401)
        if request.method == "POST" and path.startswith("/staff"):
            form = await request.post()
            if not csrf_ok(session, str(form.get("csrf", ""))):
                return _html(pages.error_page(_page(request), "forbidden"), 403)
    response = await handler(request)
    if path.startswith("/staff"):  # (the simulator page has its own inline script)
        response.headers.update(SECURITY_HEADERS)
        if request.query.get("lang") in LANGUAGES:
            response.set_cookie(
                LANGUAGE_COOKIE, request.query["lang"], max_age=365 * 86400, samesite="Strict"
            )
    return response


def _cookie_flags(settings: Settings) -> dict[str, Any]:
    return {
        "httponly": True,
        "samesite": "Strict",
        "secure": settings.public_url.startswith("https://"),
        "path": "/",
    }


# ------------------------------------------------------------------------------ login


async def login_page(request: web.Request) -> web.Response:
    """GET /staff/login: the form, with a fresh pre-login CSRF nonce."""
    return _login_response(request)


def _login_response(request: web.Request, error: str = "", status: int = 200, name: str = ""):
    staff = _staff(request)
    nonce = request.cookies.get(LOGIN_COOKIE) or staff.sessions.new_nonce()
    target = request.query.get("next", "")
    body = pages.login_page(
        _page(request),
        staff.sessions.login_token(nonce),
        error,
        name,
        target if _NEXT.fullmatch(target) else "",
    )
    response = _html(body, status)
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, **_cookie_flags(staff.settings))
    response.headers.update(SECURITY_HEADERS)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    """POST /staff/login: check the token, the throttle, then the password."""
    staff = _staff(request)
    language = _language(request)
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
    cookie, _session = staff.sessions.create(name)
    log.info("staff login: %s", name)
    target = request.query.get("next", "")
    response = web.HTTPSeeOther(target if _NEXT.fullmatch(target) else "/staff/templates")
    response.set_cookie(COOKIE, cookie, max_age=MAX_AGE_S, **_cookie_flags(staff.settings))
    response.del_cookie(LOGIN_COOKIE, path="/")
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """POST /staff/logout: end the session on the server and drop the cookie."""
    staff = _staff(request)
    session: Session = request[SESSION_KEY]
    staff.sessions.end(request.cookies.get(COOKIE))
    log.info("staff logout: %s", session.account)
    response = web.HTTPSeeOther(LOGIN_PATH)
    response.del_cookie(COOKIE, path="/")
    raise response


async def home(request: web.Request) -> web.StreamResponse:
    """GET /staff: the template list is the start page."""
    raise web.HTTPSeeOther("/staff/templates")


async def static_file(request: web.Request) -> web.StreamResponse:
    """GET /staff/static/staff.js (the only static file)."""
    return web.FileResponse(STATIC / "staff.js", headers={"Content-Type": "text/javascript"})


# -------------------------------------------------------------------------- templates


def _template(request: web.Request) -> Template:
    templates = _staff(request).templates.templates()
    name = known_id(request.match_info["name"], templates)
    if name is None:
        raise web.HTTPNotFound(text=translate(_language(request), "not_found"))
    return templates[name]


def _entry_from_form(current: Template, form: Any) -> dict[str, Any]:
    entry = template_edit.entry_of(current)
    languages: set[str] = set()
    for group in ("text", *CHANNELS):
        if group in entry:
            entry[group] = {
                lang: str(form.get(f"{group}.{lang}", "")).replace("\r\n", "\n").strip()
                for lang in entry[group]
            }
            languages.update(entry[group])
    entry["unreviewed"] = [
        lang for lang in sorted(languages) if form.get(f"reviewed.{lang}") != "on"
    ]
    return entry


def _notice(request: web.Request) -> str:
    language = _language(request)
    if "saved" in request.query:
        return pages.messages("ok", translate(language, "saved"))
    if "restored" in request.query:
        return pages.messages("ok", translate(language, "restored"))
    return ""


def _template_response(
    request: web.Request, shown: Template, version: str, notice: str = "", status: int = 200
) -> web.Response:
    staff = _staff(request)
    store = template_edit.Candidate(staff.templates, shown)
    budget = staff.settings.sms_max_segments
    previews = template_edit.previews(store, shown.name, budget)
    page = pages.template_page(_page(request), shown, version, previews, budget, notice)
    return _html(page, status)


async def templates_list(request: web.Request) -> web.Response:
    """GET /staff/templates."""
    return _html(pages.templates_page(_page(request), _staff(request).templates.templates()))


async def template_form(request: web.Request) -> web.Response:
    """GET /staff/templates/{name}."""
    template = _template(request)
    version = template_edit.template_version(template)
    return _template_response(request, template, version, _notice(request))


async def template_post(request: web.Request) -> web.StreamResponse:
    """POST /staff/templates/{name}: preview or save the submitted texts."""
    staff = _staff(request)
    current = _template(request)
    form = await request.post()
    entry = _entry_from_form(current, form)
    candidate = template_edit.from_entry(current.name, entry, current.source)
    version = str(form.get("version", ""))
    language = _language(request)
    if form.get("action") != "save":
        found = template_edit.problems(staff.templates, candidate, staff.settings.sms_max_segments)
        notice = pages.not_saved(language, found) if found else ""
        return _template_response(request, candidate, version, notice)
    account = request[SESSION_KEY].account
    try:
        template_edit.save(
            staff.templates,
            staff.history,
            account,
            current.name,
            entry,
            version,
            staff.settings.sms_max_segments,
        )
    except StaleVersion:
        latest = template_edit.template_version(staff.templates.templates()[current.name])
        notice = pages.messages("error", translate(language, "stale"))
        return _template_response(request, candidate, latest, notice, 409)
    except SaveRefused as refused:
        notice = pages.not_saved(language, refused.problems)
        return _template_response(request, candidate, version, notice, 422)
    log.info("staff %s saved template %s", account, current.name)
    raise web.HTTPSeeOther(f"/staff/templates/{current.name}?saved=1")


async def template_preview(request: web.Request) -> web.Response:
    """POST /staff/templates/{name}/preview: the preview fragment for the typed texts."""
    staff = _staff(request)
    current = _template(request)
    candidate = template_edit.from_entry(
        current.name, _entry_from_form(current, await request.post()), current.source
    )
    budget = staff.settings.sms_max_segments
    store = template_edit.Candidate(staff.templates, candidate)
    found = template_edit.problems(staff.templates, candidate, budget)
    page = _page(request)
    notice = pages.not_saved(page.language, found) if found else ""
    return _html(
        notice
        + pages.preview_fragment(page, template_edit.previews(store, current.name, budget), budget)
    )


async def template_history(request: web.Request) -> web.Response:
    """GET /staff/templates/{name}/history."""
    return _history_response(request, "templates", _template(request).name)


def _current_version(request: web.Request, kind: str, item: str) -> str:
    staff = _staff(request)
    if kind == "templates":
        return template_edit.template_version(staff.templates.templates()[item])
    text, _data = offer_edit.read_offer(staff.settings.offers_dir, item)
    return offer_edit.offer_version(text)


def _history_response(
    request: web.Request, kind: str, item: str, notice: str = "", status: int = 200
) -> web.Response:
    staff = _staff(request)
    records = staff.history.records(kind, item)
    page = _page(request)
    show = pages.template_content if kind == "templates" else pages.offer_content
    body = pages.history_page(
        page,
        translate(page.language, "history_of", name=item),
        f"/staff/{kind}/{item}/restore",
        records,
        _current_version(request, kind, item),
        show,
        notice,
    )
    return _html(body, status)


async def _restore(request: web.Request, kind: str, item: str) -> web.StreamResponse:
    staff = _staff(request)
    form = await request.post()
    records = staff.history.records(kind, item)
    index = str(form.get("index", ""))
    if not index.isdigit() or int(index) >= len(records):
        raise web.HTTPNotFound(text=translate(_language(request), "not_found"))
    record = records[int(index)]
    account = request[SESSION_KEY].account
    language = _language(request)
    try:
        if kind == "templates":
            template_edit.save(
                staff.templates,
                staff.history,
                account,
                item,
                record.content,
                str(form.get("version", "")),
                staff.settings.sms_max_segments,
                "restore",
            )
        else:
            offer_edit.save_text(
                staff.settings.offers_dir,
                staff.history,
                account,
                item,
                record.content,
                str(form.get("version", "")),
                "restore",
            )
    except StaleVersion:
        return _history_response(
            request, kind, item, pages.messages("error", translate(language, "stale")), 409
        )
    except SaveRefused as refused:
        notice = pages.not_saved(language, refused.problems)
        return _history_response(request, kind, item, notice, 422)
    log.info("staff %s restored %s %s", account, kind.rstrip("s"), item)
    raise web.HTTPSeeOther(f"/staff/{kind}/{item}?restored=1")


async def template_restore(request: web.Request) -> web.StreamResponse:
    """POST /staff/templates/{name}/restore: put an earlier version back."""
    return await _restore(request, "templates", _template(request).name)


# ----------------------------------------------------------------------------- offers


def _offer_id(request: web.Request) -> str:
    directory = _staff(request).settings.offers_dir
    offer_id = known_id(request.match_info["offer_id"], offer_edit.offer_ids(directory))
    if offer_id is None:
        raise web.HTTPNotFound(text=translate(_language(request), "not_found"))
    return offer_id


def _hours_html(page: pages.Page, expression: str | None) -> str:
    error = offer_edit.hours_error(expression)
    if error or not expression:
        return pages.hours_fragment(page, expression, error, [], {})
    now = datetime.now(timezone.utc)
    return pages.hours_fragment(
        page,
        expression,
        None,
        offer_edit.week(expression, now),
        offer_edit.open_now(expression, now),
    )


def _offer_response(
    request: web.Request,
    offer_id: str,
    data: dict[str, Any],
    version: str,
    notice: str = "",
    status: int = 200,
) -> web.Response:
    page = _page(request)
    hours = _hours_html(page, data.get("opening_hours"))
    return _html(pages.offer_page(page, offer_id, data, version, hours, notice), status)


async def offers_list(request: web.Request) -> web.Response:
    """GET /staff/offers."""
    directory = _staff(request).settings.offers_dir
    offers = [offer_edit.read_offer(directory, i)[1] for i in offer_edit.offer_ids(directory)]
    return _html(pages.offers_page(_page(request), [o for o in offers if isinstance(o, dict)]))


async def offer_form(request: web.Request) -> web.Response:
    """GET /staff/offers/{offer_id}."""
    offer_id = _offer_id(request)
    text, data = offer_edit.read_offer(_staff(request).settings.offers_dir, offer_id)
    return _offer_response(
        request, offer_id, data, offer_edit.offer_version(text), _notice(request)
    )


async def offer_post(request: web.Request) -> web.StreamResponse:
    """POST /staff/offers/{offer_id}: preview or save the submitted facts."""
    staff = _staff(request)
    offer_id = _offer_id(request)
    form = await request.post()
    old_text, data = offer_edit.read_offer(staff.settings.offers_dir, offer_id)
    changes = offer_edit.changes_from_form(data, {k: str(v) for k, v in form.items()})
    shown = {**data, **changes}
    version = str(form.get("version", ""))
    language = _language(request)
    text = offer_edit.new_text(old_text, changes)
    if form.get("action") != "save":
        found = offer_edit.problems(offer_id, text)
        notice = pages.not_saved(language, found) if found else ""
        return _offer_response(request, offer_id, shown, version, notice)
    account = request[SESSION_KEY].account
    try:
        offer_edit.save_text(
            staff.settings.offers_dir, staff.history, account, offer_id, text, version
        )
    except StaleVersion:
        notice = pages.messages("error", translate(language, "stale"))
        return _offer_response(
            request, offer_id, shown, offer_edit.offer_version(old_text), notice, 409
        )
    except SaveRefused as refused:
        notice = pages.not_saved(language, refused.problems)
        return _offer_response(request, offer_id, shown, version, notice, 422)
    log.info("staff %s saved offer %s", account, offer_id)
    raise web.HTTPSeeOther(f"/staff/offers/{offer_id}?saved=1")


async def offer_preview(request: web.Request) -> web.Response:
    """POST /staff/offers/{offer_id}/preview: the hours preview for the typed expression."""
    _offer_id(request)
    form = await request.post()
    expression = " ".join(str(form.get("opening_hours", "")).split()) or None
    return _html(_hours_html(_page(request), expression))


async def offer_history(request: web.Request) -> web.Response:
    """GET /staff/offers/{offer_id}/history."""
    return _history_response(request, "offers", _offer_id(request))


async def offer_restore(request: web.Request) -> web.StreamResponse:
    """POST /staff/offers/{offer_id}/restore: put an earlier version back."""
    return await _restore(request, "offers", _offer_id(request))


def setup_staff(app: web.Application, settings: Settings, templates: TemplateStore) -> None:
    """Mount the staff editor on `app` (its guard also protects the simulator in production)."""
    app[STAFF_KEY] = Staff(
        settings,
        templates,
        Sessions(settings.staff_session_secret),
        History(settings.staff_data_dir),
    )
    app.middlewares.append(staff_guard)
    router = app.router
    router.add_get("/staff", home)
    router.add_get(LOGIN_PATH, login_page)
    router.add_post(LOGIN_PATH, login)
    router.add_post("/staff/logout", logout)
    router.add_get("/staff/static/staff.js", static_file)
    router.add_get("/staff/templates", templates_list)
    router.add_get("/staff/templates/{name}", template_form)
    router.add_post("/staff/templates/{name}", template_post)
    router.add_post("/staff/templates/{name}/preview", template_preview)
    router.add_get("/staff/templates/{name}/history", template_history)
    router.add_post("/staff/templates/{name}/restore", template_restore)
    router.add_get("/staff/offers", offers_list)
    router.add_get("/staff/offers/{offer_id}", offer_form)
    router.add_post("/staff/offers/{offer_id}", offer_post)
    router.add_post("/staff/offers/{offer_id}/preview", offer_preview)
    router.add_get("/staff/offers/{offer_id}/history", offer_history)
    router.add_post("/staff/offers/{offer_id}/restore", offer_restore)
