"""The reply texts: the list, the edit form with its live preview, save, history, restore."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from bot.keys import ROLES_KEY, SESSION_KEY
from bot.staff import template_edit
from bot.staff.i18n import translate
from bot.staff.ids import known_id
from bot.staff.render import (
    Notice,
    language_of,
    not_saved,
    notice,
    query_notice,
    refusal,
    render,
    staff_of,
)
from bot.staff.state import Staff
from bot.staff.template_edit import SaveRefused, StaleVersion
from bot.staff.views.history import Resource, history_response, restore
from lygte.names import CHANNELS
from lygte.templates import Template

log = logging.getLogger(__name__)


def _current_version(staff: Staff, name: str) -> str:
    return template_edit.template_version(staff.templates.templates()[name])


def _restore(staff: Staff, account: str, name: str, content: Any, version: str) -> None:
    template_edit.save(
        staff.templates,
        staff.history,
        account,
        name,
        content,
        version,
        staff.settings.sms_max_segments,
        "restore",
    )


TEMPLATES = Resource("templates", _current_version, _restore)


def _template(request: web.Request) -> Template:
    templates = staff_of(request).templates.templates()
    name = known_id(request.match_info["name"], templates)
    if name is None:
        raise web.HTTPNotFound(text=translate(language_of(request), "not_found"))
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


def _previews(request: web.Request, shown: Template) -> dict[str, Any]:
    """The preview of `shown` (what the form holds) and the SMS budget, for the templates."""
    staff = staff_of(request)
    budget = staff.settings.sms_max_segments
    store = template_edit.Candidate(staff.templates, shown)
    return {"previews": template_edit.previews(store, shown.name, budget), "budget": budget}


def _template_response(
    request: web.Request,
    shown: Template,
    version: str,
    shown_notice: Notice | None = None,
    status: int = 200,
) -> web.Response:
    return render(
        request,
        "template.html",
        status,
        title=shown.name,
        template=shown,
        version=version,
        languages=template_edit.languages(shown),
        notice=shown_notice,
        **_previews(request, shown),
    )


def _submitted(current: Template, form: Any) -> tuple[dict[str, Any], Template]:
    """The submitted form as a file entry and as the template it makes."""
    entry = _entry_from_form(current, form)
    return entry, template_edit.from_entry(current.name, entry, current.source)


async def home(request: web.Request) -> web.StreamResponse:
    """GET /staff: the template list is the start page (the inbox for an account that only
    answers)."""
    raise web.HTTPSeeOther("/staff/templates" if "edit" in request[ROLES_KEY] else "/staff/inbox")


async def templates_list(request: web.Request) -> web.Response:
    """GET /staff/templates: every response, grouped by file."""
    templates = staff_of(request).templates.templates()
    return render(
        request,
        "templates.html",
        title=translate(language_of(request), "templates"),
        templates=sorted(templates.values(), key=lambda t: (t.source.name, t.name)),
    )


async def template_form(request: web.Request) -> web.Response:
    """GET /staff/templates/{name}."""
    template = _template(request)
    version = template_edit.template_version(template)
    return _template_response(request, template, version, query_notice(request))


async def template_post(request: web.Request) -> web.StreamResponse:
    """POST /staff/templates/{name}: preview or save the submitted texts."""
    staff = staff_of(request)
    current = _template(request)
    form = await request.post()
    entry, candidate = _submitted(current, form)
    version = str(form.get("version", ""))
    budget = staff.settings.sms_max_segments
    if form.get("action") != "save":
        found = template_edit.problems(staff.templates, candidate, budget)
        return _template_response(request, candidate, version, refusal(request, found))
    account = request[SESSION_KEY].account
    try:
        template_edit.save(
            staff.templates, staff.history, account, current.name, entry, version, budget
        )
    except StaleVersion:
        latest = _current_version(staff, current.name)
        stale = notice(request, "error", "stale")
        return _template_response(request, candidate, latest, stale, 409)
    except SaveRefused as refused:
        refused_notice = not_saved(request, refused.problems)
        return _template_response(request, candidate, version, refused_notice, 422)
    log.info("staff %s saved template %s", account, current.name)
    raise web.HTTPSeeOther(f"/staff/templates/{current.name}?saved=1")


async def template_preview(request: web.Request) -> web.Response:
    """POST /staff/templates/{name}/preview: the preview fragment for the typed texts."""
    staff = staff_of(request)
    _entry, candidate = _submitted(_template(request), await request.post())
    found = template_edit.problems(staff.templates, candidate, staff.settings.sms_max_segments)
    return render(
        request,
        "template_preview.html",
        notice=refusal(request, found),
        **_previews(request, candidate),
    )


async def template_history(request: web.Request) -> web.Response:
    """GET /staff/templates/{name}/history."""
    return history_response(request, TEMPLATES, _template(request).name)


async def template_restore(request: web.Request) -> web.StreamResponse:
    """POST /staff/templates/{name}/restore: put an earlier version back."""
    return await restore(request, TEMPLATES, _template(request).name)
