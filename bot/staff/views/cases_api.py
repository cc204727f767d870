"""The staff inbox's JSON contract under /staff/api/ (the inbox page is built on it).

    GET  /staff/api/cases                -> [{"code", "language", "channel", "state",
                                              "waiting_s", "unread"}]
    GET  /staff/api/cases/{code}         -> one case, with "taken_by" and its "messages"
                                            [{"from": "person"|"staff"|"line", "text", "at"}]
                                            (staff have now read it: unread 0)
    POST /staff/api/cases/{code}/take    -> the case; 409 when another account holds it
    POST /staff/api/cases/{code}/reply   {"text"} -> the case, and "delivered": "push" (sent
                                            at once) or "pull" (waits for the person's next
                                            text); 409 when another holds it; 422 with
                                            "error": "text" (empty, too long) or "link" (a
                                            link in an SMS case: operators filter them)
    POST /staff/api/cases/{code}/close   -> {"closed": code}; the case's text and the push
                                            address are erased
    GET  /staff/api/events               -> server-sent events: a case changed

The guard (bot/staff/guard.py) requires a login with the "answer" role, and the session's
CSRF token in the `X-CSRF-Token` header of every POST. What goes out is built here from a
Case, which never carries the number, the UUID or the pseudonym; the events carry only the
kind of change and the case code, never text.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from bot.formatting import has_link
from bot.handover.store import CaseStore
from bot.keys import CASES_KEY, PUSHER_KEY, SESSION_KEY
from bot.staff.guard import SECURITY_HEADERS
from lygte.handover import CODE_ALPHABET, CODE_LENGTH, Case

log = logging.getLogger(__name__)

#: The longest staff reply (an SMS reply is split by the line; a wall of text helps no one).
MAX_REPLY_CHARS = 1000
#: A comment line on the event stream this often, so a dead connection is noticed.
KEEPALIVE_S = 15.0
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def cases_of(request: web.Request) -> CaseStore:
    """The gateway's case store."""
    return request.app[CASES_KEY]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def waiting_s(case: Case, now: datetime) -> int:
    """Whole seconds the person has waited for staff (0 when staff had the last word)."""
    since = case.waiting_since()
    return 0 if since is None else max(0, int((now - since).total_seconds()))


def case_summary(case: Case, now: datetime) -> dict[str, Any]:
    """A case in the inbox list: what staff need to pick one, nothing about who it is."""
    return {
        "code": case.code,
        "language": case.language,
        "channel": case.channel,
        "state": case.state,
        "waiting_s": waiting_s(case, now),
        "unread": case.unread,
    }


def case_detail(case: Case, now: datetime) -> dict[str, Any]:
    """A case with its messages (this handover's only) and who holds it."""
    return {
        **case_summary(case, now),
        "taken_by": case.taken_by,
        "opened_at": case.opened_at.isoformat(timespec="seconds"),
        "messages": [
            {"from": m.sender, "text": m.text, "at": m.at.isoformat(timespec="seconds")}
            for m in case.messages
        ],
    }


def _error(status: int, error: str, **extra: Any) -> web.Response:
    return web.json_response({"error": error, **extra}, status=status)


async def _case(request: web.Request) -> Case:
    """The case the path names; 404 (JSON) when the code is malformed or not open."""
    code = request.match_info["code"].upper()
    case = await cases_of(request).by_code(code) if _CODE.fullmatch(code) else None
    if case is None:
        raise web.HTTPNotFound(
            text=json.dumps({"error": "not_found"}), content_type="application/json"
        )
    return case


async def _refused(request: web.Request, case: Case) -> web.Response:
    """409: another account holds the case (as it is now)."""
    now_held = await cases_of(request).by_code(case.code)
    return _error(409, "taken", taken_by=now_held.taken_by if now_held else None)


async def list_cases(request: web.Request) -> web.Response:
    """GET /staff/api/cases: every open case, oldest first."""
    now = _now()
    cases = await cases_of(request).open_cases()
    return web.json_response([case_summary(case, now) for case in cases])


async def get_case(request: web.Request) -> web.Response:
    """GET /staff/api/cases/{code}: the case and its messages; staff have now read it."""
    case = await _case(request)
    await cases_of(request).mark_read(case.code)
    case.unread = 0
    return web.json_response(case_detail(case, _now()))


async def take_case(request: web.Request) -> web.Response:
    """POST /staff/api/cases/{code}/take: answer this case; 409 if someone else does."""
    case = await _case(request)
    store, account = cases_of(request), request[SESSION_KEY].account
    if not await store.take(case.code, account):
        return await _refused(request, case)
    log.info("staff %s took case %s", account, case.code)
    taken = await store.by_code(case.code)
    return web.json_response(case_detail(taken or case, _now()))


async def _reply_text(request: web.Request) -> str | None:
    """The reply's text from the JSON body, or None when it is missing, empty or too long."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_REPLY_CHARS:
        return None
    return text.strip()


async def reply_case(request: web.Request) -> web.Response:
    """POST /staff/api/cases/{code}/reply {"text"}: queue a reply for the person (takes the
    case if no one holds it); 409 if someone else does, 422 for an empty or long text, or a
    link in an SMS case."""
    case = await _case(request)
    text = await _reply_text(request)
    if text is None:
        return _error(422, "text", max_chars=MAX_REPLY_CHARS)
    if case.channel == "sms" and has_link(text):
        # The line removes links from SMS: refused, so staff are not left thinking it went.
        return _error(422, "link")
    store, account = cases_of(request), request[SESSION_KEY].account
    if not await store.reply(case.code, account, text, _now()):
        return await _refused(request, case)
    pushed = await request.app[PUSHER_KEY].deliver(case.code, _now())
    delivered = "push" if pushed else "pull"
    log.info("staff %s replied in case %s (%s)", account, case.code, delivered)  # never the text
    replied = await store.by_code(case.code)
    return web.json_response({**case_detail(replied or case, _now()), "delivered": delivered})


async def close_case(request: web.Request) -> web.Response:
    """POST /staff/api/cases/{code}/close: close and erase the case; 409 if someone else
    holds it."""
    case = await _case(request)
    account = request[SESSION_KEY].account
    if case.taken_by not in (None, account):
        return await _refused(request, case)
    await request.app[PUSHER_KEY].end_case(case.code)  # the push address goes with it
    log.info("staff %s closed case %s", account, case.code)
    return web.json_response({"closed": case.code})


async def events(request: web.Request) -> web.StreamResponse:
    """GET /staff/api/events: server-sent events, one per case change, until the browser
    goes or the gateway stops (the browser then reconnects, to another gateway in Redis
    mode): `event: case` with data `{"kind": "opened"|"message"|"taken"|"closed", "code"}`."""
    store = cases_of(request)
    response = web.StreamResponse(
        headers={
            **SECURITY_HEADERS,
            "Content-Type": "text/event-stream",
            "X-Accel-Buffering": "no",  # a proxy in front must not hold events back
        }
    )
    queue = store.subscribe()
    try:
        await response.prepare(request)
        await response.write(b"retry: 3000\n\n")
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except TimeoutError:
                await response.write(b": keepalive\n\n")
                continue
            if event is None:  # hung up: the gateway stops
                break
            data = json.dumps({"kind": event.kind, "code": event.code})
            await response.write(f"event: case\ndata: {data}\n\n".encode())
    except ConnectionResetError:
        pass  # the browser went away
    finally:
        store.unsubscribe(queue)
    return response


async def end_event_streams(app: web.Application) -> None:
    """On shutdown: end the open event streams, which would otherwise hold the gateway's
    stop up (aiohttp waits for running handlers). No store if the start failed."""
    if (store := app.get(CASES_KEY)) is not None:
        store.hang_up()
