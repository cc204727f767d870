"""The history of a template or an offer: every version, and putting an earlier one back.

The two kinds differ only in how the current version is read and how a version is saved;
each resource module (templates.py, offers.py) describes that in a Resource.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from aiohttp import web

from bot.keys import SESSION_KEY
from bot.staff.i18n import translate
from bot.staff.render import language_of, not_saved, notice, render, staff_of
from bot.staff.state import Staff
from bot.staff.template_edit import SaveRefused, StaleVersion

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resource:
    """What history needs of a kind of item: its name in URLs and how to read and save it."""

    kind: str  # "templates" or "offers": the URL segment and the history folder
    #: (staff, item) -> the item's current version fingerprint
    current_version: Callable[[Staff, str], str]
    #: (staff, account, item, content, expected version) -> None; raises StaleVersion or
    #: SaveRefused
    restore: Callable[[Staff, str, str, Any, str], None]


def history_response(
    request: web.Request,
    resource: Resource,
    item: str,
    shown_notice: Any = None,
    status: int = 200,
) -> web.Response:
    """The history page of `item`."""
    staff = staff_of(request)
    return render(
        request,
        "history.html",
        status,
        title=translate(language_of(request), "history_of", name=item),
        kind=resource.kind,
        action_url=f"/staff/{resource.kind}/{item}/restore",
        records=staff.history.records(resource.kind, item),
        current=resource.current_version(staff, item),
        notice=shown_notice,
    )


async def restore(request: web.Request, resource: Resource, item: str) -> web.StreamResponse:
    """Put the version the form names back as `item`'s current one."""
    staff = staff_of(request)
    form = await request.post()
    records = staff.history.records(resource.kind, item)
    index = str(form.get("index", ""))
    if not index.isdigit() or int(index) >= len(records):
        raise web.HTTPNotFound(text=translate(language_of(request), "not_found"))
    account = request[SESSION_KEY].account
    try:
        resource.restore(
            staff, account, item, records[int(index)].content, str(form.get("version", ""))
        )
    except StaleVersion:
        return history_response(request, resource, item, notice(request, "error", "stale"), 409)
    except SaveRefused as refused:
        return history_response(request, resource, item, not_saved(request, refused.problems), 422)
    log.info("staff %s restored %s %s", account, resource.kind.rstrip("s"), item)
    raise web.HTTPSeeOther(f"/staff/{resource.kind}/{item}?restored=1")
