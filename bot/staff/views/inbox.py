"""The staff inbox page: people who asked for a person, live (bot/staff/static/inbox.js).

The page is a frame; the script fills it from the JSON contract (views/cases_api.py) and
follows /staff/api/events, so new cases and messages appear without reloading.

Canned replies are existing response templates (responses/), not a section of their own:
they are already written in all six languages, reviewed by staff, checked for the SMS budget,
GSM-7 and the lock screen, and edited in the same editor. The page carries each one rendered
for every language and channel, and the script offers those of the open case's.
"""

from __future__ import annotations

import json

from aiohttp import web

from bot.keys import CASES_KEY
from bot.staff.i18n import TEXTS, translate
from bot.staff.render import language_of, render, staff_of
from bot.templates import TemplateStore
from lygte.names import CHANNELS, LANGUAGES
from lygte.templates import TemplateError

INBOX_PATH = "/staff/inbox"
#: Replies staff often send, as response names (each without placeholders); their labels
#: are the interface texts "canned_<name>" in bot/staff/i18n.py.
CANNED = (
    "utter_ask_need",
    "utter_phone_safety",
    "utter_storage",
    "utter_danger_acute",
    "utter_goodbye",
)


def canned_replies(templates: TemplateStore) -> dict[str, dict[str, dict[str, str]]]:
    """Each canned reply rendered per language and channel: language -> channel -> name ->
    text (a reply missing from responses/ is left out rather than failing the inbox)."""
    known = [name for name in CANNED if name in templates.templates()]
    replies: dict[str, dict[str, dict[str, str]]] = {}
    for language in LANGUAGES:
        for channel in CHANNELS:
            render_one = templates.renderer(language, channel)
            try:
                texts = {name: render_one(name, {}) for name in known}
            except TemplateError:
                continue
            replies.setdefault(language, {})[channel] = texts
    return replies


async def inbox(request: web.Request) -> web.Response:
    """GET /staff/inbox: the open cases; opening one shows its messages and a reply box.
    In memory mode the page says that a restart loses them."""
    page_language = language_of(request)
    canned = canned_replies(staff_of(request).templates)
    labels = {name: translate(page_language, f"canned_{name}") for name in CANNED}
    return render(
        request,
        "inbox.html",
        title=translate(page_language, "inbox"),
        canned_json=json.dumps({"texts": canned, "labels": labels}, ensure_ascii=False),
        interface_json=json.dumps(_interface_texts(page_language), ensure_ascii=False),
        # memory mode: say that a restart loses the open cases and their waiting replies
        memory_only=not request.app[CASES_KEY].survives_restart,
    )


#: Interface texts the script needs (it builds rows and messages itself).
SCRIPT_TEXTS = (
    "inbox_empty",
    "inbox_open",
    "inbox_waiting",
    "inbox_taken_by",
    "inbox_taken_by_you",
    "inbox_unread",
    "inbox_from_person",
    "inbox_from_staff",
    "inbox_from_line",
    "inbox_taken_elsewhere",
    "inbox_closed",
    "inbox_failed",
    "inbox_no_links",
    "inbox_reply_sent",
    "inbox_reply_pushed",
    "inbox_minutes",
    "inbox_seconds",
    "channel_sms",
    "channel_signal",
    "state_waiting",
    "state_taken",
)


def _interface_texts(language: str) -> dict[str, str]:
    """The script's texts in the interface language, with the names of the languages."""
    texts = {key: translate(language, key) for key in SCRIPT_TEXTS}
    texts.update(
        {
            f"language_name_{code}": translate(language, f"language_name_{code}")
            for code in LANGUAGES
            if f"language_name_{code}" in TEXTS
        }
    )
    return texts
