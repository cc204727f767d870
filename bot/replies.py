"""Turn a response name plus the engine's structured arguments into reply text.

The actions send facts (offers, hours, menu options) as data; the words around them come
from the staff-edited templates, in the person's language and for their channel.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from bot.templates import TemplateStore

Render = Callable[..., str]


def tidy(text: str) -> str:
    """Remove the gaps an empty placeholder leaves: double spaces, stray marks, blank tails."""
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", line)
        line = re.sub(r" +([.,:;!?])", r"\1", line)
        line = re.sub(r"(?:[.,:;] *)+([.,;])", r"\1", line)  # keep the last mark of a run
        lines.append(line.strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def hours_text(render: Render, hours: Mapping[str, Any], has_phone: bool) -> str:
    """Words for an offer's opening state, as computed by the action server."""
    state = hours.get("state")
    if state == "always":
        return render("part_hours_always")
    if state == "open":
        return render("part_hours_open_until", time=hours.get("until", ""))
    if state == "closed":
        return render("part_hours_closed_opens", day=day_text(render, hours), time=hours["time"])
    # Unknown or unconfirmed hours are never guessed: "call first" when there is a number.
    return render("part_hours_call_first" if has_phone else "part_hours_unknown")


def day_text(render: Render, hours: Mapping[str, Any]) -> str:
    """'today', 'tomorrow' or the weekday name for the next opening."""
    offset = hours.get("days_ahead", 0)
    if offset == 0:
        return render("part_today")
    if offset == 1:
        return render("part_tomorrow")
    names = render("part_weekdays").split(",")
    return names[int(hours.get("weekday", 0)) % len(names)].strip()


def where_text(render: Render, offer: Mapping[str, Any]) -> str:
    """The address, or what to do instead when there is none."""
    if offer.get("address"):
        return str(offer["address"])
    return render("part_where_mobile" if offer.get("mobile") else "part_where_phone")


def offer_values(render: Render, offer: Mapping[str, Any], number: int) -> dict[str, str]:
    """Placeholder values for one offer line."""
    phone = offer.get("phone")
    return {
        "number": str(number),
        "name": str(offer.get("name", "")),
        "where": where_text(render, offer),
        "hours": hours_text(render, offer.get("hours") or {}, bool(phone)),
        "phone": render("part_phone", phone=phone) if phone else "",
    }


def render_reply(
    store: TemplateStore, name: str, arguments: Mapping[str, Any], language: str, channel: str
) -> str:
    """Render response `name` with the engine's `arguments` in `language` for `channel`."""

    def render(response: str, **values: str) -> str:
        return store.render(response, language, channel, values)

    values: dict[str, str] = {}
    if "need" in arguments:
        values["need"] = render(f"label_{arguments['need']}")
    if "options" in arguments:
        values["options"] = "\n".join(
            render("part_menu_option", number=str(number), label=render(f"label_{need}"))
            for number, need in enumerate(arguments["options"], start=1)
        )
    if "offers" in arguments:
        line = "part_hours_line" if name == "utter_hours" else "part_offer_line"
        first = int(arguments.get("first_number", 1))
        values["offers"] = "\n".join(
            render(line, **offer_values(render, offer, number))
            for number, offer in enumerate(arguments["offers"], start=first)
        )
    values["more"] = render("part_more_hint") if arguments.get("has_more") else ""
    return tidy(render(name, **values))
