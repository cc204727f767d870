"""Server-rendered HTML of the staff pages: plain forms, labels on every field, visible focus.

Every value shown is escaped here; the only script (static/staff.js) just refreshes the
preview while typing, and every page works without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from bot.staff.history import Record
from bot.staff.i18n import language_name, problem_text, translate
from bot.staff.template_edit import Preview
from bot.templates import CHANNELS, Template
from lygte.catalogue import STATUSES

STYLE = """
:root { color-scheme: light; }
body { font: 1.05rem/1.5 system-ui, sans-serif; color: #111; background: #fff; margin: 0; }
a { color: #0645ad; } a:visited { color: #5a2a82; }
header { background: #12355b; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap;
  gap: 1rem; align-items: center; }
header a, header button.link { color: #fff; }
header nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0;
  flex-wrap: wrap; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff;
  color: #000; padding: .5rem; z-index: 10; }
:focus-visible { outline: 3px solid #d97706; outline-offset: 2px; }
label { display: block; font-weight: 600; margin-top: 1rem; }
label.check { font-weight: normal; display: flex; gap: .5rem; align-items: flex-start; }
input[type=text], input[type=password], input[type=date], input:not([type]), textarea, select {
  font: inherit; width: 100%; box-sizing: border-box; padding: .4rem; border: 2px solid #555;
  border-radius: 4px; background: #fff; color: #111; }
textarea { min-height: 6rem; }
button { font: inherit; padding: .45rem 1rem; border: 2px solid #12355b; border-radius: 4px;
  background: #12355b; color: #fff; cursor: pointer; margin: 1rem .5rem 0 0; }
button.secondary { background: #fff; color: #12355b; }
button.link { background: none; border: 0; padding: 0; margin: 0; text-decoration: underline; }
.hint { color: #333; font-size: .95rem; margin: .2rem 0; }
.error { border: 3px solid #b00020; background: #fdecee; padding: .5rem 1rem; }
.ok { border: 3px solid #1b5e20; background: #e8f5e9; padding: .5rem 1rem; }
.badge { display: inline-block; border: 1px solid #8a4b00; color: #5c3200; background: #fff4e5;
  border-radius: 3px; padding: 0 .3rem; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ccc;
  text-align: left; padding: .35rem; vertical-align: top; }
.phone { border: 2px solid #333; border-radius: 12px; padding: .6rem; max-width: 22rem;
  background: #f5f5f7; }
.bubble { background: #e5e5ea; border-radius: 12px; padding: .4rem .7rem; margin: .3rem 0;
  white-space: pre-wrap; }
.previews { display: flex; flex-wrap: wrap; gap: 1rem; }
fieldset { border: 1px solid #999; margin-top: 1rem; }
pre { white-space: pre-wrap; background: #f5f5f7; padding: .5rem; }
"""


@dataclass(frozen=True)
class Page:
    """Who looks at a page, in which language, with which CSRF token."""

    language: str
    account: str | None = None
    csrf: str = ""
    path: str = "/staff/templates"

    def t(self, key: str, /, **values: object) -> str:
        """An escaped interface text."""
        return escape(translate(self.language, key, **values))


def e(value: Any) -> str:
    """Escape any value for HTML text or an attribute."""
    return escape("" if value is None else str(value), quote=True)


def csrf_field(page: Page) -> str:
    """The hidden CSRF field every form carries."""
    return f'<input type="hidden" name="csrf" value="{e(page.csrf)}">'


def layout(page: Page, title: str, body: str, script: bool = False) -> str:
    """A whole page: skip link, menu (when logged in), language switch, main content."""
    other = "en" if page.language == "da" else "da"
    switch = f'<a href="{e(page.path)}?lang={other}" lang="{other}">{page.t("other_language")}</a>'
    nav = ""
    if page.account:
        nav = (
            f'<nav aria-label="{page.t("nav")}"><ul>'
            f'<li><a href="/staff/templates">{page.t("templates")}</a></li>'
            f'<li><a href="/staff/offers">{page.t("offers")}</a></li>'
            f'<li><a href="/simulator" target="_blank" rel="noopener">'
            f"{page.t('simulator')}</a></li>"
            f"<li>{switch}</li></ul></nav>"
            f'<form method="post" action="/staff/logout">{csrf_field(page)}'
            f"<span>{page.t('logged_in_as')} {e(page.account)}</span> "
            f'<button class="link" type="submit">{page.t("logout")}</button></form>'
        )
    else:
        nav = f'<nav aria-label="{page.t("nav")}"><ul><li>{switch}</li></ul></nav>'
    js = '<script src="/staff/static/staff.js" defer></script>' if script else ""
    return (
        f'<!doctype html><html lang="{page.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} - {page.t('app')}</title><style>{STYLE}</style>{js}</head><body>"
        f'<a class="skip" href="#main">{page.t("skip")}</a>'
        f"<header><strong>{page.t('app')}</strong>{nav}</header>"
        f'<main id="main" tabindex="-1"><h1>{e(title)}</h1>{body}</main></body></html>'
    )


def messages(kind: str, title: str, items: Sequence[str] = (), announce: bool = True) -> str:
    """A success or error box, announced to screen readers (an error as an alert)."""
    role = (' role="alert"' if kind == "error" else ' role="status"') if announce else ""
    listed = "".join(f"<li>{e(item)}</li>" for item in items)
    return f'<div class="{kind}"{role}><p>{e(title)}</p>' + (
        f"<ul>{listed}</ul></div>" if listed else "</div>"
    )


def not_saved(language: str, problems: Sequence[str]) -> str:
    """The alert that says why a save was refused, each reason in the interface language."""
    return messages(
        "error",
        translate(language, "not_saved"),
        [problem_text(language, problem) for problem in problems],
    )


def login_page(page: Page, token: str, error: str = "", name: str = "", next_path: str = "") -> str:
    """The login form (`next_path`: an already checked local page to go on to)."""
    box = messages("error", error) if error else ""
    action = "/staff/login" + (f"?next={next_path}" if next_path else "")
    body = (
        f'{box}<form method="post" action="{e(action)}">'
        f'<input type="hidden" name="csrf" value="{e(token)}">'
        f'<label for="name">{page.t("name")}</label>'
        f'<input id="name" name="name" autocomplete="username" required value="{e(name)}">'
        f'<label for="password">{page.t("password")}</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" '
        "required>"
        f'<button type="submit">{page.t("login")}</button></form>'
    )
    return layout(page, translate(page.language, "login"), body)


def _unreviewed_badges(page: Page, template: Template) -> str:
    return " ".join(
        f'<span class="badge">{e(language_name(page.language, lang))}: '
        f"{page.t('unreviewed')}</span>"
        for lang in template.unreviewed
    )


def templates_page(page: Page, templates: Mapping[str, Template]) -> str:
    """Every response, grouped by file, with languages, variants and review marks."""
    rows = []
    for name, template in sorted(templates.items(), key=lambda i: (i[1].source.name, i[0])):
        languages = ", ".join(sorted(template.text))
        variants = ", ".join(
            f"{channel}: {', '.join(sorted(texts))}" for channel, texts in template.variants.items()
        )
        rows.append(
            f'<tr><td><a href="/staff/templates/{e(name)}">{e(name)}</a></td>'
            f"<td>{e(template.about)}</td><td>{e(languages)}</td><td>{e(variants) or '-'}</td>"
            f"<td>{e(template.source.name)}</td><td>{_unreviewed_badges(page, template)}</td></tr>"
        )
    body = (
        f'<table><thead><tr><th scope="col">{page.t("response")}</th>'
        f'<th scope="col">{page.t("about")}</th><th scope="col">{page.t("languages")}</th>'
        f'<th scope="col">{page.t("variants")}</th><th scope="col">{page.t("file")}</th>'
        f'<th scope="col">{page.t("unreviewed")}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return layout(page, translate(page.language, "templates"), body)


def preview_fragment(page: Page, previews: Iterable[Preview], budget: int) -> str:
    """The preview of each language as SMS and as Signal (also sent alone while typing)."""
    parts = []
    for preview in previews:
        heading = page.t("as_sms" if preview.channel == "sms" else "as_signal")
        bubbles = "".join(
            f'<div class="bubble" aria-label="{page.t("message_n", n=n)}">{e(text)}</div>'
            for n, text in enumerate(preview.messages, start=1)
        )
        cost = ""
        if preview.channel == "sms":
            cost = (
                '<p class="hint">'
                + page.t(
                    "sms_cost",
                    segments=preview.segments,
                    encoding=preview.encoding,
                    left=preview.left,
                    budget=budget,
                )
                + "</p>"
            )
        problems = messages(
            "error",
            translate(page.language, "cannot_save"),
            [problem_text(page.language, problem) for problem in preview.problems],
            announce=False,
        )
        parts.append(
            f'<section class="phone" aria-label="{heading} ({e(preview.language)})">'
            f"<h3>{heading}, {e(language_name(page.language, preview.language))}</h3>{bubbles}"
            f"{cost}{problems if preview.problems else ''}</section>"
        )
    return f'<div class="previews">{"".join(parts)}</div>'


def _text_fields(page: Page, template: Template) -> str:
    fields = []
    groups = [("text", "default_text", template.text)] + [
        (channel, f"variant_{channel}", template.variants[channel])
        for channel in CHANNELS
        if channel in template.variants
    ]
    for field_group, label_key, texts in groups:
        for language in sorted(texts):
            key = f"{field_group}.{language}"
            label = translate(
                page.language,
                "text_in",
                what=translate(page.language, label_key),
                language=language_name(page.language, language),
            )
            mark = (
                f' <span class="badge">{page.t("unreviewed")}</span>'
                if language in template.unreviewed
                else ""
            )
            fields.append(
                f'<label for="f-{e(key)}">{e(label)}{mark}</label>'
                f'<textarea id="f-{e(key)}" name="{e(key)}" lang="{e(language)}" '
                f'aria-describedby="placeholders">{e(texts[language])}</textarea>'
            )
    return "".join(fields)


def template_page(
    page: Page,
    template: Template,
    version: str,
    previews: Iterable[Preview],
    budget: int,
    notice: str = "",
) -> str:
    """The form to edit one response, with its placeholders, review marks and preview.

    `template` is what the fields show: the saved version, or what was just submitted.
    """
    placeholders = (
        " ".join(f"<code>{{{e(p)}}}</code>" for p in template.placeholders)
        + f" {page.t('placeholders_help')}"
        if template.placeholders
        else page.t("no_placeholders")
    )
    languages = sorted(
        {lang for texts in (template.text, *template.variants.values()) for lang in texts}
    )
    reviewed = "".join(
        f'<label class="check"><input type="checkbox" name="reviewed.{e(lang)}"'
        f"{'' if lang in template.unreviewed else ' checked'}>"
        f"{page.t('reviewed_box', language=language_name(page.language, lang))}</label>"
        for lang in languages
    )
    body = (
        f"{notice}<p>{e(template.about)}</p>"
        f'<p><a href="/staff/templates/{e(template.name)}/history">{page.t("history")}</a> · '
        f'<a href="/simulator" target="_blank" rel="noopener">{page.t("try_simulator")}</a></p>'
        f'<form method="post" id="edit-form" action="/staff/templates/{e(template.name)}" '
        f'data-preview="/staff/templates/{e(template.name)}/preview">{csrf_field(page)}'
        f'<input type="hidden" name="version" value="{e(version)}">'
        f'<p id="placeholders" class="hint"><strong>{page.t("placeholders")}:</strong> '
        f"{placeholders}</p>{_text_fields(page, template)}"
        f"<fieldset><legend>{page.t('review')}</legend>{reviewed}</fieldset>"
        f'<button type="submit" name="action" value="save">{page.t("save")}</button>'
        f'<button type="submit" class="secondary" name="action" value="preview">'
        f"{page.t('preview')}</button></form>"
        f'<h2 id="preview-title">{page.t("preview_title")}</h2>'
        f'<p class="hint">{page.t("preview_note")}</p>'
        f'<p id="preview-status" class="hint" role="status" aria-live="polite" '
        f'data-done="{page.t("preview_updated")}"></p>'
        f'<div id="preview">{preview_fragment(page, previews, budget)}</div>'
    )
    return layout(page, template.name, body, script=True)


def history_page(
    page: Page,
    title: str,
    action_url: str,
    records: Sequence[Record],
    current: str,
    show: Any,
    notice: str = "",
) -> str:
    """Every version of a template or offer, newest first, each with a restore button."""
    if not records:
        return layout(page, title, f"{notice}<p>{page.t('no_history')}</p>")
    rows = []
    for index in reversed(range(len(records))):
        record = records[index]
        restore = (
            page.t("current")
            if record.version == current
            else (
                f'<form method="post" action="{e(action_url)}">{csrf_field(page)}'
                f'<input type="hidden" name="index" value="{index}">'
                f'<input type="hidden" name="version" value="{e(current)}">'
                f'<button type="submit" class="secondary">{page.t("restore")}</button></form>'
            )
        )
        rows.append(
            f"<tr><td>{e(record.at)}</td><td>{e(record.account)}</td>"
            f"<td>{page.t('action_' + record.action)}</td><td>{show(record.content)}</td>"
            f"<td>{restore}</td></tr>"
        )
    body = notice + (
        f'<table><thead><tr><th scope="col">{page.t("when")}</th><th scope="col">{page.t("who")}'
        f'</th><th scope="col">{page.t("what")}</th><th scope="col">{page.t("version")}</th>'
        f'<th scope="col"><span class="skip">{page.t("restore")}</span></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return layout(page, title, body)


def template_content(content: Mapping[str, Any]) -> str:
    """One template version as a list of its texts."""
    items = []
    for channel in ("text", *CHANNELS):
        for language, text in (content.get(channel) or {}).items():
            items.append(f"<dt>{e(channel)}.{e(language)}</dt><dd>{e(text)}</dd>")
    return f"<dl>{''.join(items)}</dl>"


def offer_content(content: str) -> str:
    """One offer version as its file."""
    return f"<details><summary>YAML</summary><pre>{e(content)}</pre></details>"


def offers_page(page: Page, offers: Sequence[Mapping[str, Any]]) -> str:
    """Every offer with its status, hours and verification date."""
    rows = "".join(
        f'<tr><td><a href="/staff/offers/{e(o["id"])}">{e(o.get("name"))}</a></td>'
        f"<td>{_status(page, o)}</td>"
        f"<td>{e(o.get('opening_hours') or '-')}</td><td>{e(o.get('verified'))}</td></tr>"
        for o in offers
    )
    body = (
        f'<table><thead><tr><th scope="col">{page.t("offer")}</th>'
        f'<th scope="col">{page.t("status")}</th><th scope="col">{page.t("hours")}</th>'
        f'<th scope="col">{page.t("verified")}</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return layout(page, translate(page.language, "offers"), body)


def hours_fragment(
    page: Page,
    expression: str | None,
    error: str | None,
    week: Sequence[tuple[dt.date, list[str]]],
    state: Mapping[str, Any],
) -> str:
    """The readable week and the "open now?" answer for an opening_hours value."""
    if error:
        return messages("error", translate(page.language, "cannot_save"), [error])
    if not expression:
        return f"<p>{page.t('no_hours')}</p>"
    names = translate(page.language, "weekdays").split(",")
    days = "".join(
        f'<tr><th scope="row">{e(names[day.weekday()])} {e(day.isoformat())}</th>'
        f"<td>{e(', '.join(spans)) if spans else page.t('closed_day')}</td></tr>"
        for day, spans in week
    )
    kind = state.get("state", "unknown")
    if kind == "closed":
        ahead = state.get("days_ahead", 0)
        day = (
            translate(page.language, "today" if ahead == 0 else "tomorrow")
            if ahead in (0, 1)
            else names[state.get("weekday", 0)]
        )
        answer = page.t("state_closed", day=day, time=state.get("time", ""))
    elif kind == "open":
        answer = page.t("state_open", until=state.get("until", ""))
    else:
        answer = page.t("state_always" if kind == "always" else "state_unknown")
    return (
        f"<p><strong>{page.t('open_now')}</strong> {answer}</p>"
        f"<table><caption>{page.t('week')}</caption><tbody>{days}</tbody></table>"
    )


def _input(
    page: Page, name: str, label: str, value: Any, kind: str = "text", help_key: str = ""
) -> str:
    described = f' aria-describedby="h-{name}"' if help_key else ""
    help_text = f'<p class="hint" id="h-{name}">{page.t(help_key)}</p>' if help_key else ""
    return (
        f'<label for="f-{name}">{page.t(label)}</label>{help_text}'
        f'<input id="f-{name}" name="{name}" type="{kind}" value="{e(value)}"{described}>'
    )


def offer_page(
    page: Page,
    offer_id: str,
    data: Mapping[str, Any],
    version: str,
    hours_html: str,
    notice: str = "",
) -> str:
    """The form to edit one offer's facts, with the hours preview."""
    address = data.get("address") or {}
    status_options = "".join(
        f'<option value="{s}"{" selected" if data.get("status") == s else ""}>'
        f"{page.t('status_' + s)}</option>"
        for s in STATUSES
    )
    checked = " checked" if data.get("hours_confirmed") else ""
    body = (
        f'{notice}<p class="hint">{page.t("facts_rule")}</p>'
        f'<p><a href="/staff/offers/{e(offer_id)}/history">{page.t("history")}</a></p>'
        f'<form method="post" id="edit-form" action="/staff/offers/{e(offer_id)}" '
        f'data-preview="/staff/offers/{e(offer_id)}/preview">{csrf_field(page)}'
        f'<input type="hidden" name="version" value="{e(version)}">'
        + _input(
            page, "opening_hours", "hours", data.get("opening_hours") or "", help_key="hours_help"
        )
        + f'<label class="check"><input type="checkbox" name="hours_confirmed"{checked}>'
        f'{page.t("hours_confirmed")}</label><p class="hint">{page.t("hours_unconfirmed_note")}</p>'
        f'<div id="preview" aria-labelledby="preview-title"><h2 id="preview-title">'
        f"{page.t('hours_preview')}</h2>{hours_html}</div>"
        f'<p id="preview-status" class="hint" role="status" aria-live="polite" '
        f'data-done="{page.t("preview_updated")}"></p>'
        + _input(page, "phone", "phone", data.get("phone") or "", help_key="phone_help")
        + f"<fieldset><legend>{page.t('address')}</legend>"
        + _input(page, "street", "street", address.get("street") or "")
        + _input(page, "postcode", "postcode", address.get("postcode") or "")
        + _input(page, "city", "city", address.get("city") or "")
        + "</fieldset>"
        f'<label for="f-status">{page.t("status")}</label>'
        f'<select id="f-status" name="status">{status_options}</select>'
        + _input(
            page,
            "closed_until",
            "closed_until",
            data.get("closed_until") or "",
            "date",
            "closed_until_help",
        )
        + _input(page, "verified", "verified", data.get("verified") or "", "date")
        + f'<label for="f-verified_note">{page.t("verified_note")}</label>'
        f'<textarea id="f-verified_note" name="verified_note">'
        f"{e(data.get('verified_note'))}</textarea>"
        f"<fieldset><legend>{page.t('new_source')}</legend>"
        + _input(page, "source_url", "source_url", "")
        + _input(page, "source_note", "source_note", "")
        + "</fieldset>"
        f'<button type="submit" name="action" value="save">{page.t("save")}</button>'
        f'<button type="submit" class="secondary" name="action" value="preview">'
        f"{page.t('preview')}</button></form>"
    )
    return layout(page, str(data.get("name") or offer_id), body, script=True)


def _status(page: Page, offer: Mapping[str, Any]) -> str:
    status = offer.get("status")
    text = page.t(f"status_{status}") if status in STATUSES else e(status)
    return text + (f" {e(offer['closed_until'])}" if offer.get("closed_until") else "")


def login_needed_page(page: Page, next_path: str) -> str:
    """403 for the simulator in production: a link to the login instead."""
    link = f'<p><a href="/staff/login?next={e(next_path)}">{page.t("login")}</a></p>'
    return layout(page, translate(page.language, "login_needed"), link)


def error_page(page: Page, status_key: str) -> str:
    """A short page for 403/404."""
    return layout(page, translate(page.language, status_key), "")
