"""Turn a response name plus the engine's structured arguments into reply text.

The actions send facts (offers, hours, menu options) as data; the words around them come
from the staff-edited templates, in the person's language and for their channel.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from bot.answers import answer_text
from bot.formatting import sms_cost
from bot.templates import TemplateStore
from lygte.catalogue import EMERGENCY_NUMBERS

Render = Callable[..., str]
#: A reply must fit in three SMS (responses/README.md).
SMS_BUDGET_SEGMENTS = 3


#: Arguments put into a template as they are (the gateway's own replies about a handover).
PLAIN_ARGUMENTS = ("organisation", "text", "hours")


def tidy(text: str) -> str:
    """Remove the gaps an empty placeholder leaves: double spaces, stray marks, blank tails."""
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", line)
        line = re.sub(r" +([.,:;!?])", r"\1", line)
        line = re.sub(r"(?:[.,:;] *)+([.,;])", r"\1", line)  # keep the last mark of a run
        lines.append(line.strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def hours_text(render: Render, hours: Mapping[str, Any], phone: str | None) -> str:
    """Words for an offer's opening state, as computed by the action server."""
    state = hours.get("state")
    if state == "always":
        return render("part_hours_always")
    if state == "open":
        if "days_ahead" in hours:  # closes on a later day: "closes Monday 08:00"
            return render(
                "part_hours_open_until_day", day=day_text(render, hours), time=hours["until"]
            )
        return render("part_hours_open_until", time=hours.get("until", ""))
    if state == "closed":
        return render("part_hours_closed_opens", day=day_text(render, hours), time=hours["time"])
    # Unknown or unconfirmed hours are never guessed: "call <phone> first" when there is one
    # (not for 112: nobody should ring the emergency number to ask about opening hours).
    if phone and phone not in EMERGENCY_NUMBERS:
        return render("part_hours_call_first", phone=phone)
    return render("part_hours_unknown")


def day_text(render: Render, hours: Mapping[str, Any]) -> str:
    """'today', 'tomorrow', the weekday name, or a date when more than a week ahead."""
    offset = hours.get("days_ahead", 0)
    if offset == 0:
        return render("part_today")
    if offset == 1:
        return render("part_tomorrow")
    if hours.get("date"):
        _, month, day = str(hours["date"]).split("-")
        return render("part_date", day=str(int(day)), month=str(int(month)))
    names = render("part_weekdays").split(",")
    return names[int(hours.get("weekday", 0)) % len(names)].strip()


def where_text(render: Render, offer: Mapping[str, Any]) -> str:
    """The address, or what to do instead when there is none."""
    if offer.get("address"):
        return str(offer["address"])
    if offer.get("mobile"):
        return render("part_where_mobile_call" if offer.get("phone") else "part_where_mobile")
    return render("part_where_phone")


def audience_text(render: Render, audience: Any) -> str:
    """'(women only)', '(under 18)' ...; '' for an offer open to everyone."""
    if not audience:
        return ""
    if isinstance(audience, Mapping):
        return render("part_audience_under", age=str(audience["under"]))
    return render(f"part_audience_{audience}")


def distance_text(render: Render, distance: Any) -> str:
    """'(about 400 m)', '(about 1,5 km)' or the area words ('your area'); '' when not known.

    A measured distance comes as {"m": "400"} or {"km": "1.5"}; the decimal mark is the
    language's (part_decimal_mark).
    """
    if not distance:
        return ""
    if isinstance(distance, Mapping):
        unit, figure = next(iter(distance.items()))
        figure = str(figure).replace(".", render("part_decimal_mark"))
        return render(f"part_distance_{unit}", figure=figure)
    return render(f"part_distance_{distance}")


def offer_values(render: Render, offer: Mapping[str, Any], number: int) -> dict[str, str]:
    """Placeholder values for one offer line (the phone once: in "call first" or at the end)."""
    phone = offer.get("phone")
    hours = offer.get("hours") or {}
    call_first = hours.get("state") not in ("always", "open", "closed")
    called_first = call_first and phone not in EMERGENCY_NUMBERS
    values = {
        # A follow-up about "number 1 and 3" numbers its offers itself (not one after another).
        "number": str(offer.get("number") or number),
        "name": str(offer.get("name", "")),
        "about": str(offer.get("about") or ""),
        "where": where_text(render, offer),
        "hours": hours_text(render, hours, phone),
        "phone": render("part_phone", phone=phone) if phone and not called_first else "",
        "audience": audience_text(render, offer.get("audience")),
        "distance": distance_text(render, offer.get("distance")),
    }
    # A follow-up question's answer about this offer (bot/answers.py), for part_answer_line.
    values["answer"] = answer_text(render, offer, values)
    return values


def render_reply(
    store: TemplateStore, name: str, arguments: Mapping[str, Any], language: str, channel: str
) -> str:
    """Render response `name` with the engine's `arguments` in `language` for `channel`.

    Over SMS, an offers list over the budget drops its optional words, least useful first
    (`_without_extras`). Names, addresses, hours and phone numbers are never dropped. Signal
    has room for all of it.
    """
    text = _render_once(store, name, arguments, language, channel)
    if channel != "sms":
        return text
    for trimmed in _without_extras(arguments):
        if sms_cost(text).segments <= SMS_BUDGET_SEGMENTS:
            break
        text = _render_once(store, name, trimmed, language, channel)
    return text


def _without_extras(arguments: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The arguments with the optional extras removed one after another, least useful first:
    the descriptions of all but the first offer (last up), the "where are you?" question, the
    first offer's description, the distance words, then "near <place>" in the heading."""
    offers = [dict(offer) for offer in arguments.get("offers") or []]
    steps: list[Mapping[str, Any]] = []
    for offer in reversed(offers[1:]):
        offer["about"] = None
        steps.append(dict(arguments, offers=[dict(o) for o in offers]))
    steps.append(dict(steps[-1] if steps else arguments, ask_place=False))
    for offer in offers[:1]:
        offer["about"] = None
        steps.append(dict(steps[-1], offers=[dict(o) for o in offers]))
    steps.append(dict(steps[-1], offers=[dict(o, distance=None) for o in offers]))
    steps.append(dict(steps[-1], place=None))
    return steps


def _option_numbers(arguments: Mapping[str, Any]) -> list[int]:
    """The menu numbers of `options`: given (a few suggested needs), else counted on."""
    if arguments.get("option_numbers"):
        return [int(number) for number in arguments["option_numbers"]]
    first = int(arguments.get("first_option", 1))
    return list(range(first, first + len(arguments["options"])))


def _render_once(
    store: TemplateStore, name: str, arguments: Mapping[str, Any], language: str, channel: str
) -> str:
    """Render response `name` once, with every argument given."""

    renderer = store.renderer(language, channel)

    def render(response: str, **values: str) -> str:
        return renderer(response, values)

    values: dict[str, str] = {}
    if "need" in arguments:
        values["need"] = render(f"label_{arguments['need']}")
    if "options" in arguments:
        values["options"] = "\n".join(
            render("part_menu_option", number=str(number), label=render(f"label_{need}"))
            for number, need in zip(_option_numbers(arguments), arguments["options"], strict=True)
        )
        if arguments.get("menu_more"):  # a first menu page (lygte/menu.py): "0 for more"
            values["options"] += "\n" + render("part_menu_more")
    if "offers" in arguments:
        # A follow-up answer names its own line (part_answer_line); lists use the usual ones.
        line = arguments.get("line") or (
            "part_hours_line" if name == "utter_hours" else "part_offer_line"
        )
        first = int(arguments.get("first_number", 1))
        values["offers"] = "\n".join(
            render(line, **offer_values(render, offer, number))
            for number, offer in enumerate(arguments["offers"], start=first)
        )
    values["more"] = render("part_more_hint") if arguments.get("has_more") else ""
    values["place"] = (
        render("part_near_place", place=arguments["place"]) if arguments.get("place") else ""
    )
    values["ask_place"] = render("part_ask_place") if arguments.get("ask_place") else ""
    if "duty" in arguments:  # when staff are next on duty (bot/handover/routing.py)
        values["day"] = day_text(render, arguments["duty"])
        values["time"] = str(arguments["duty"]["time"])
    for key in PLAIN_ARGUMENTS:
        if key in arguments:
            values[key] = str(arguments[key])
    return tidy(render(name, **values))
