"""Rendering the staff pages: Jinja2 templates in bot/staff/templates, autoescaped.

Jinja2 escapes every value a template shows (autoescape for *.html), so no view has to
remember to; the views hand the templates data, never HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.keys import ROLES_KEY, SESSION_KEY, STAFF_KEY
from bot.staff.i18n import COOKIE as LANGUAGE_COOKIE
from bot.staff.i18n import LANGUAGES, language_name, problem_text, translate
from bot.staff.state import Staff
from lygte.catalogue import STATUSES
from lygte.names import CHANNELS

TEMPLATES = Path(__file__).parent / "templates"


def _shown(value: Any) -> Any:
    """What `{{ value }}` prints: nothing for None (an empty field), the value otherwise."""
    return "" if value is None else value


ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"], default_for_string=True),
    undefined=StrictUndefined,  # a misspelt name fails the page instead of showing nothing
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_shown,
)
ENVIRONMENT.globals.update(CHANNELS=CHANNELS, STATUSES=STATUSES)


@dataclass(frozen=True)
class Page:
    """Who looks at a page, in which language, with which CSRF token."""

    language: str
    account: str | None = None
    csrf: str = ""
    path: str = "/staff/templates"
    #: What the account may do ("edit", "answer"): the menu shows only those pages.
    roles: frozenset[str] = frozenset()

    def t(self, key: str, /, **values: object) -> str:
        """The interface text `key` (the template escapes it)."""
        return translate(self.language, key, **values)

    def language_name(self, code: str) -> str:
        """The name of language `code` in the interface language."""
        return language_name(self.language, code)

    def problems(self, problems: Sequence[str]) -> list[str]:
        """Save problems in the interface language."""
        return [problem_text(self.language, problem) for problem in problems]


@dataclass(frozen=True)
class Notice:
    """A success ("ok") or error box above a form; `items` are the reasons, if any."""

    kind: str
    title: str
    items: Sequence[str] = ()


def staff_of(request: web.Request) -> Staff:
    """The staff editor's shared state."""
    return request.app[STAFF_KEY]


def language_of(request: web.Request) -> str:
    """The interface language: ?lang=, else the language cookie, else Danish."""
    wanted = request.query.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return wanted if wanted in LANGUAGES else "da"


def page_of(request: web.Request) -> Page:
    """Who looks at this request's page (the guard has put the session in, if any)."""
    session = request.get(SESSION_KEY)
    return Page(
        language=language_of(request),
        account=session.account if session else None,
        csrf=session.csrf if session else "",
        path=request.path,
        roles=request.get(ROLES_KEY, frozenset()),
    )


def render(
    request: web.Request, template_name: str, status: int = 200, /, **context: Any
) -> web.Response:
    """The HTML response of template `template_name` with `context` and `page` (Page)."""
    text = ENVIRONMENT.get_template(template_name).render(page=page_of(request), **context)
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def notice(request: web.Request, kind: str, key: str) -> Notice:
    """A box with the interface text `key`."""
    return Notice(kind, translate(language_of(request), key))


def not_saved(request: web.Request, problems: Sequence[str]) -> Notice:
    """The alert that says why a save was refused, each reason in the interface language."""
    page = page_of(request)
    return Notice("error", page.t("not_saved"), page.problems(problems))


def refusal(request: web.Request, problems: Sequence[str]) -> Notice | None:
    """The not-saved alert for a preview, or None when nothing stands in the way."""
    return not_saved(request, problems) if problems else None


def query_notice(request: web.Request) -> Notice | None:
    """The success box after a redirect from a save (?saved) or a restore (?restored)."""
    for key in ("saved", "restored"):
        if key in request.query:
            return notice(request, "ok", key)
    return None
