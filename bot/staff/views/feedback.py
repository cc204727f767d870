"""What people's "did it help?" answers tell staff (lygte/feedback.py, bot/feedback.py).

Each offer's page shows its verification (date, age, sources, a stale flag), its answer
counts over the last 30 and 90 days and a flag for repeated "closed" reports during its
stated hours (`offer_feedback`, for the block in _feedback.html). /staff/checking lists the
offers that need checking, most urgent first, each with a "checked today" form that saves
through the offer editor's own path (validation, stale-version check, history entry).
/staff/feedback.csv exports the counts for the city's reporting. Every count staff see goes
through `lygte.feedback.shown` ("<5" for 1 to 4).
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.feedback import FeedbackStore
from bot.keys import FEEDBACK_KEY, SESSION_KEY
from bot.staff import offer_edit
from bot.staff.i18n import translate
from bot.staff.ids import known_id
from bot.staff.render import (
    Notice,
    language_of,
    not_saved,
    notice,
    query_notice,
    render,
    staff_of,
)
from bot.staff.state import Staff
from bot.staff.template_edit import SaveRefused, StaleVersion
from lygte.catalogue import CatalogueError, Offer
from lygte.feedback import (
    ANSWERS,
    CLOSED_FLAG_FROM,
    KEEP_DAYS,
    WINDOWS,
    Check,
    age_days,
    day_of,
    is_stale,
    needs_checking,
    report_window,
    shown,
)
from lygte.selection import Catalogue

log = logging.getLogger(__name__)

CHECKING_PATH = "/staff/checking"


@dataclass(frozen=True)
class OfferFeedback:
    """What the offer page shows about an offer's verification and its answers."""

    verified: date
    age_days: int
    stale: bool
    stale_days: int
    #: The offer file's sources: mappings with url and note.
    sources: Sequence[Mapping[str, Any]]
    #: Per window (days), per answer, the count as staff may see it ("<5", ...).
    counts: Mapping[int, Mapping[str, str]]
    #: "closed" answers during its stated hours since its last verification, as shown.
    closed_reports: str
    closed_flag: bool
    #: The answers, in the order of their digits.
    answers: Sequence[str] = ANSWERS


def _today() -> date:
    return day_of(datetime.now(timezone.utc))


@lru_cache(maxsize=4)
def _catalogue(directory: Path, stale_after_days: int) -> Catalogue:
    """One catalogue per directory, re-read only when a file changes (a full load is slow)."""
    return Catalogue(directory, stale_after_days)


def offer_feedback(request: web.Request, offer_id: str) -> dict[str, Any]:
    """The offer page's context for _feedback.html: `feedback` (None when unreadable).

    Read from the saved file, not the form being edited. The counts are a few rows of a
    small local SQLite file, read here directly (the editor's own file reads are too).
    """
    staff = staff_of(request)
    _text, data = offer_edit.read_offer(staff.settings.offers_dir, offer_id)
    verified = data.get("verified") if isinstance(data, dict) else None
    if not isinstance(verified, date):  # a hand-edited file the catalogue would refuse
        return {"feedback": None}
    store = request.app[FEEDBACK_KEY]
    today = _today()
    counts = {window: store.counts(today, window).get(offer_id, {}) for window in WINDOWS}
    closed = store.reports_during_hours(today, report_window(verified, today), ("closed",))
    closed_reports = closed.get(offer_id, 0)
    stale_days = staff.settings.offer_stale_days
    feedback = OfferFeedback(
        verified=verified,
        age_days=age_days(verified, today),
        stale=is_stale(verified, today, stale_days),
        stale_days=stale_days,
        sources=[s for s in data.get("sources") or [] if isinstance(s, dict)],
        counts={
            window: {answer: shown(found.get(answer, 0)) for answer in ANSWERS}
            for window, found in counts.items()
        },
        closed_reports=shown(closed_reports),
        closed_flag=closed_reports >= CLOSED_FLAG_FROM,
    )
    return {"feedback": feedback}


def _reports(offers: Sequence[Offer], store: FeedbackStore, today: date) -> dict[str, int]:
    """Each offer's problem reports during its stated hours since its last verification."""
    by_window: dict[int, list[Offer]] = {}
    for offer in offers:
        by_window.setdefault(report_window(offer.verified, today), []).append(offer)
    reports: dict[str, int] = {}
    for window, group in by_window.items():  # a query per verification date, not per offer
        found = store.reports_during_hours(today, window)
        reports.update({offer.id: found.get(offer.id, 0) for offer in group})
    return reports


def _checks(
    staff: Staff, store: FeedbackStore, today: date
) -> tuple[list[Check], CatalogueError | None]:
    """The "needs checking" list, and why offers/ does not validate if it does not
    (blocking: run it in a thread). The list is of the offers the line answers from."""
    settings = staff.settings
    catalogue = _catalogue(settings.offers_dir, settings.offer_stale_days)
    try:
        offers = catalogue.offers()
    except CatalogueError as error:  # not one valid version yet: nothing to list
        return [], error
    checks = needs_checking(
        offers, today, _reports(offers, store, today), store.listed(today, KEEP_DAYS)
    )
    return checks, catalogue.problem


def checked_changes(
    data: Mapping[str, Any], today: date, note: str, source_url: str
) -> dict[str, Any]:
    """An offer's new verification: `today`, the note, and the source added if it is new."""
    note = " ".join(note.split())
    source_url = source_url.strip()
    sources = list(data.get("sources") or [])
    if source_url and source_url not in {s.get("url") for s in sources if isinstance(s, dict)}:
        sources.append({"url": source_url, "note": note or None})
    return {"verified": today, "verified_note": note or None, "sources": sources}


async def _checking_response(
    request: web.Request, shown_notice: Notice | None = None, status: int = 200
) -> web.Response:
    staff = staff_of(request)
    checks, problem = await asyncio.to_thread(_checks, staff, request.app[FEEDBACK_KEY], _today())
    if problem is not None and (shown_notice is None or shown_notice.kind != "error"):
        # A hand-edited file does not validate: say which and why (a refused save's own
        # reasons come first).
        title = translate(language_of(request), "catalogue_invalid")
        shown_notice = Notice("error", title, problem.problems)
    directory = staff.settings.offers_dir
    versions = {
        c.offer.id: offer_edit.offer_version(offer_edit.read_offer(directory, c.offer.id)[0])
        for c in checks
    }
    return render(
        request,
        "checking.html",
        status,
        title=translate(language_of(request), "needs_checking"),
        checks=checks,
        versions=versions,
        shown=shown,
        notice=shown_notice,
    )


async def checking_list(request: web.Request) -> web.Response:
    """GET /staff/checking: the offers that need checking, most urgent first."""
    return await _checking_response(request, query_notice(request))


async def checked_today(request: web.Request) -> web.StreamResponse:
    """POST /staff/checking/{offer_id}: record "checked today" with a note and a source."""
    staff = staff_of(request)
    directory = staff.settings.offers_dir
    offer_id = known_id(request.match_info["offer_id"], offer_edit.offer_ids(directory))
    if offer_id is None:
        raise web.HTTPNotFound(text=translate(language_of(request), "not_found"))
    form = await request.post()
    old_text, data = offer_edit.read_offer(directory, offer_id)
    changes = checked_changes(
        data, _today(), str(form.get("note", "")), str(form.get("source_url", ""))
    )
    text = offer_edit.new_text(old_text, changes)
    account = request[SESSION_KEY].account
    try:
        offer_edit.save_text(
            directory,
            staff.history,
            account,
            offer_id,
            text,
            str(form.get("version", "")),
            "checked",
        )
    except StaleVersion:
        return await _checking_response(request, notice(request, "error", "stale"), 409)
    except SaveRefused as refused:
        return await _checking_response(request, not_saved(request, refused.problems), 422)
    log.info("staff %s checked offer %s", account, offer_id)
    raise web.HTTPSeeOther(f"{CHECKING_PATH}?saved=1")


def _csv(offer_ids: Sequence[str], store: FeedbackStore, today: date) -> str:
    """One row per offer: offer_id, then each answer's count over 30 days, then 90 days."""
    counts = {window: store.counts(today, window) for window in WINDOWS}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["offer_id", *(f"{answer}_{window}d" for window in WINDOWS for answer in ANSWERS)]
    )
    for offer_id in offer_ids:
        writer.writerow(
            [
                offer_id,
                *(
                    shown(counts[window].get(offer_id, {}).get(answer, 0))
                    for window in WINDOWS
                    for answer in ANSWERS
                ),
            ]
        )
    return out.getvalue()


async def feedback_csv(request: web.Request) -> web.Response:
    """GET /staff/feedback.csv: the answer counts per offer, for the city's reporting."""
    offer_ids = offer_edit.offer_ids(staff_of(request).settings.offers_dir)
    text = await asyncio.to_thread(_csv, offer_ids, request.app[FEEDBACK_KEY], _today())
    return web.Response(
        text=text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="lygte-feedback.csv"'},
    )
