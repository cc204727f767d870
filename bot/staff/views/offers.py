"""The offers: the list, the edit form with its hours preview, save, history, restore."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from bot.keys import SESSION_KEY
from bot.staff import hours_form, offer_edit
from bot.staff.i18n import translate
from bot.staff.ids import known_id
from bot.staff.render import (
    Notice,
    Page,
    language_of,
    not_saved,
    notice,
    page_of,
    query_notice,
    refusal,
    render,
    staff_of,
)
from bot.staff.state import Staff
from bot.staff.template_edit import SaveRefused, StaleVersion
from bot.staff.views import feedback
from bot.staff.views.history import Resource, history_response, restore
from lygte.hours import hours_problem, hours_state, wall_clock
from lygte.hours_words import hours_words

log = logging.getLogger(__name__)


def _current_version(staff: Staff, offer_id: str) -> str:
    text, _data = offer_edit.read_offer(staff.settings.offers_dir, offer_id)
    return offer_edit.offer_version(text)


def _restore(staff: Staff, account: str, offer_id: str, content: Any, version: str) -> None:
    offer_edit.save_text(
        staff.settings.offers_dir, staff.history, account, offer_id, content, version, "restore"
    )


OFFERS = Resource("offers", _current_version, _restore)


def _offer_id(request: web.Request) -> str:
    directory = staff_of(request).settings.offers_dir
    offer_id = known_id(request.match_info["offer_id"], offer_edit.offer_ids(directory))
    if offer_id is None:
        raise web.HTTPNotFound(text=translate(language_of(request), "not_found"))
    return offer_id


def _answer(page: Page, state: dict[str, Any]) -> str:
    """The engine's "open now?" answer (lygte.hours.hours_state) as a sentence."""
    kind = state.get("state", "unknown")
    if kind == "closed":
        ahead = state.get("days_ahead", 0)
        if ahead in (0, 1):
            day = page.t("today" if ahead == 0 else "tomorrow")
        else:
            day = page.t("weekdays").split(",")[state.get("weekday", 0)]
        return page.t("state_closed", day=day, time=state.get("time", ""))
    if kind == "open":
        return page.t("state_open", until=state.get("until", ""))
    return page.t("state_always" if kind == "always" else "state_unknown")


def _hours(page: Page, expression: str | None, problems: Sequence[str] = ()) -> dict[str, Any]:
    """What the hours preview shows for `expression`: the problems (the grid's, else the
    expression's), or the hours in words, the week and "open now"."""
    error = hours_problem(expression) if expression and not problems else None
    found = [*problems, *([error] if error else [])]
    if found or not expression:
        return {"expression": expression, "problems": found}
    now = datetime.now(timezone.utc)
    return {
        "expression": expression,
        "problems": [],
        "words": hours_words(expression, page.language),
        "week": offer_edit.week(expression, now),
        "answer": _answer(page, hours_state(expression, True, now)),
    }


def _grid(form: hours_form.FormData | None, expression: str | None) -> dict[str, Any]:
    """The hours editor's fields: the grid as posted in grid mode, else the grid of
    `expression` (None when no grid holds it), and which of the two is chosen."""
    shown: dict[str, Any] = {"choices": hours_form.CHOICES}
    if form is not None and hours_form.mode_of(form) == hours_form.GRID:
        return shown | {"grid": hours_form.posted_fields(form), "hours_mode": hours_form.GRID}
    grid = hours_form.grid_fields(expression, wall_clock(datetime.now(timezone.utc)).date())
    chosen = hours_form.GRID if form is None and grid else hours_form.EXPRESSION
    return shown | {"grid": grid, "hours_mode": chosen}


def _offer_response(
    request: web.Request,
    offer_id: str,
    data: dict[str, Any],
    version: str,
    shown_notice: Notice | None = None,
    status: int = 200,
    form: hours_form.FormData | None = None,
) -> web.Response:
    return render(
        request,
        "offer.html",
        status,
        title=str(data.get("name") or offer_id),
        offer_id=offer_id,
        offer=data,
        version=version,
        notice=shown_notice,
        **_hours(page_of(request), data.get("opening_hours")),
        **_grid(form, data.get("opening_hours")),  # _hours_grid.html
        **feedback.offer_feedback(request, offer_id),  # _feedback.html
    )


async def offers_list(request: web.Request) -> web.Response:
    """GET /staff/offers: every offer with its status, hours and verification date."""
    directory = staff_of(request).settings.offers_dir
    offers = [offer_edit.read_offer(directory, i)[1] for i in offer_edit.offer_ids(directory)]
    offers = [offer for offer in offers if isinstance(offer, dict)]
    language = language_of(request)
    return render(
        request,
        "offers.html",
        title=translate(language, "offers"),
        offers=offers,
        hours_in_words={o.get("id"): hours_words(o.get("opening_hours"), language) for o in offers},
    )


async def offer_form(request: web.Request) -> web.Response:
    """GET /staff/offers/{offer_id}."""
    offer_id = _offer_id(request)
    text, data = offer_edit.read_offer(staff_of(request).settings.offers_dir, offer_id)
    version = offer_edit.offer_version(text)
    return _offer_response(request, offer_id, data, version, query_notice(request))


async def offer_post(request: web.Request) -> web.StreamResponse:
    """POST /staff/offers/{offer_id}: preview or save the submitted facts."""
    staff = staff_of(request)
    offer_id = _offer_id(request)
    form = await request.post()
    old_text, data = offer_edit.read_offer(staff.settings.offers_dir, offer_id)
    hours = hours_form.posted_hours(form, data.get("opening_hours"), language_of(request))
    changes = offer_edit.changes_from_form(data, {k: str(v) for k, v in form.items()})
    changes["opening_hours"] = hours.expression  # the grid's or the raw field's
    shown = {**data, **changes}
    version = str(form.get("version", ""))
    text = offer_edit.new_text(old_text, changes)
    if form.get("action") != "save":
        found = [*hours.problems, *offer_edit.problems(offer_id, text)]
        shown_notice = refusal(request, found)
        return _offer_response(request, offer_id, shown, version, shown_notice, 200, form)
    if hours.problems:  # a grid that cannot be written: nothing is saved
        refused = not_saved(request, hours.problems)
        return _offer_response(request, offer_id, shown, version, refused, 422, form)
    account = request[SESSION_KEY].account
    try:
        offer_edit.save_text(
            staff.settings.offers_dir, staff.history, account, offer_id, text, version
        )
    except StaleVersion:
        latest = offer_edit.offer_version(old_text)
        stale = notice(request, "error", "stale")
        return _offer_response(request, offer_id, shown, latest, stale, 409, form)
    except SaveRefused as refused:
        refused_notice = not_saved(request, refused.problems)
        return _offer_response(request, offer_id, shown, version, refused_notice, 422, form)
    log.info("staff %s saved offer %s", account, offer_id)
    raise web.HTTPSeeOther(f"/staff/offers/{offer_id}?saved=1")


async def offer_preview(request: web.Request) -> web.Response:
    """POST /staff/offers/{offer_id}/preview: the hours preview for the grid or expression."""
    offer_id = _offer_id(request)
    form = await request.post()
    _text, data = offer_edit.read_offer(staff_of(request).settings.offers_dir, offer_id)
    hours = hours_form.posted_hours(form, data.get("opening_hours"), language_of(request))
    shown = _hours(page_of(request), hours.expression, hours.problems)
    return render(request, "_hours.html", **shown)


async def offer_history(request: web.Request) -> web.Response:
    """GET /staff/offers/{offer_id}/history."""
    return history_response(request, OFFERS, _offer_id(request))


async def offer_restore(request: web.Request) -> web.StreamResponse:
    """POST /staff/offers/{offer_id}/restore: put an earlier version back."""
    return await restore(request, OFFERS, _offer_id(request))
