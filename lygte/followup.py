"""Follow-up questions about the offers just listed, and the kinder fallback (pure logic).

After a list, "where is it?", "is it free?", "do I need a CPR number?", "do they speak
romanian?", "who can come?", "is it far?" or "what about number 2?" are about the offers
on the last page shown (`offers_shown` holds every id listed for the need, in order; a page
is PAGE_SIZE ids). A number or an ordinal word ("nr 2", "the first one", "den anden") picks
one offer by the number it had in the list; without one the question is about the whole
last page.

Each answer is facts only, taken from the catalogue's structured fields: which template
parts say it (`answer`, a list of response names the gateway renders, bot/answers.py) and
the values those parts need. What the catalogue does not state is "not known - call first":
never guessed. The English staff notes (`audience.note`, sources) are never sent: a Thai
reader gets Thai words built from the structured fields.

Nothing here imports rasa_sdk, so the gateway's tests can check the response names too.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

from lygte.catalogue import EMERGENCY_NUMBERS, Offer
from lygte.menu import MENU_NEEDS, option_numbers
from lygte.places import Gazetteer, Place
from lygte.selection import describe

#: Question intents and the kind of answer each gets (utter_answer_<kind>).
QUESTION_KINDS: dict[str, str] = {
    "ask_where": "where",
    "ask_price": "price",
    "ask_cpr": "cpr",
    "ask_languages": "languages",
    "ask_who": "who",
    "ask_far": "far",
    "ask_details": "details",
}

#: The line each offer gets in a follow-up answer: "1. Name: <answer>".
ANSWER_LINE = "part_answer_line"
#: A question about a list when no list was shown.
NO_LIST = "utter_answer_no_list"
#: "Is it far?" when the person has not said where they are.
FAR_ASK_PLACE = "utter_answer_far_ask_place"

#: Parts of an answer (responses/dialogue.yml); the gateway renders them in order.
PART_UNKNOWN_CALL = "part_answer_unknown_call"  # not known - call {phone} first
PART_UNKNOWN_ASK = "part_answer_unknown_ask"  # not known - ask there
PART_UNKNOWN = "part_answer_unknown"  # not known
PART_FREE = "part_answer_free"
PART_CPR_YES = "part_answer_cpr_yes"  # anonymous: no name or CPR needed
PART_CPR_NO = "part_answer_cpr_no"  # asks for CPR / ID
PART_LANGUAGES = "part_answer_languages"
PART_WHERE = "part_answer_where"  # {where} {distance}
PART_PHONE = "part_phone"
PART_WHO_FROM_AGE = "part_who_from_age"
PART_WHO_UNDER_AGE = "part_who_under_age"
#: Who may come, by the set of genders the catalogue lists.
WHO_PARTS: dict[frozenset[str], str] = {
    frozenset({"all"}): "part_who_everyone",
    frozenset({"women"}): "part_who_women",
    frozenset({"men"}): "part_who_men",
    frozenset({"trans"}): "part_who_trans",
    frozenset({"women", "trans"}): "part_who_women_trans",
    frozenset({"women", "men"}): "part_who_women_men",
    frozenset({"women", "men", "trans"}): "part_who_women_men_trans",
}

#: Every response name this module may ask the gateway for.
ANSWER_RESPONSES: frozenset[str] = frozenset(
    {f"utter_answer_{kind}" for kind in QUESTION_KINDS.values()}
    | {ANSWER_LINE, NO_LIST, FAR_ASK_PLACE, PART_UNKNOWN_CALL, PART_UNKNOWN_ASK, PART_UNKNOWN}
    | {PART_FREE, PART_CPR_YES, PART_CPR_NO, PART_LANGUAGES, PART_WHERE, PART_PHONE}
    | {PART_WHO_FROM_AGE, PART_WHO_UNDER_AGE, *WHO_PARTS.values()}
)


# Ordinal words, as people text them (no diacritics too), for the first three places.
_ORDINALS: dict[int, tuple[str, ...]] = {
    1: (
        "first",
        "1st",
        "forste",
        "første",
        "primul",
        "prima",
        "primer",
        "primero",
        "primera",
        "първи",
        "първото",
        "първия",
        "първата",
        "parvi",
        "purvi",
        "parvoto",
        "แรก",
    ),
    2: (
        "second",
        "2nd",
        "anden",
        "al doilea",
        "a doua",
        "doilea",
        "segundo",
        "segunda",
        "втори",
        "второто",
        "втория",
        "втората",
        "vtori",
        "vtoroto",
        "ที่สอง",
        "อันที่2",
    ),
    3: (
        "third",
        "3rd",
        "tredje",
        "treje",
        "al treilea",
        "a treia",
        "treilea",
        "tercero",
        "tercera",
        "tercer",
        "трети",
        "третото",
        "третия",
        "третата",
        "treti",
        "tretoto",
        "ที่สาม",
    ),
}
_FREE = re.compile(r"\bfree\b", re.IGNORECASE)
_NOT_STATED = re.compile(r"\b(not|whether|if|no longer)\b[^.]*\bfree\b", re.IGNORECASE)


def last_page(shown: Sequence[str], page_size: int) -> list[str]:
    """The ids of the last page listed ("more" pages hold up to `page_size` ids each)."""
    if not shown:
        return []
    return list(shown[(len(shown) - 1) // page_size * page_size :])


def referenced_numbers(text: str) -> list[int]:
    """The list numbers a text points at: "nr 2", "2 and 3", "the first one", "den anden".

    A number of three or more digits is a postcode or a year, never a place's number.
    """
    lowered = f" {(text or '').casefold()} "
    numbers = option_numbers(lowered)
    for number, words in _ORDINALS.items():
        # Latin words need word edges; Thai has no spaces, so a Thai ordinal may stand anywhere.
        if any(
            (
                re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered)
                if word.isascii()
                else word in lowered
            )
            for word in words
        ):
            numbers.append(number)
    return sorted(set(n for n in numbers if n > 0))


def offers_asked_about(text: str, shown: Sequence[str], page_size: int) -> list[tuple[int, str]]:
    """(number in the list, offer id) for each offer the question is about.

    The numbers the text names that were listed, else every offer on the last page.
    """
    numbers = [n for n in referenced_numbers(text) if n <= len(shown)]
    if numbers:
        return [(n, shown[n - 1]) for n in numbers]
    page = last_page(shown, page_size)
    first = len(shown) - len(page) + 1
    return list(enumerate(page, start=first))


def picked_offer(text: str, shown: Sequence[str]) -> tuple[int, str] | None:
    """The listed offer a bare number such as "2" or "nr 2" picks, if it was listed."""
    numbers = referenced_numbers(text)
    if len(numbers) == 1 and numbers[0] <= len(shown):
        return numbers[0], shown[numbers[0] - 1]
    return None


def _callable(phone: str | None) -> bool:
    return bool(phone) and phone not in EMERGENCY_NUMBERS


def unknown_parts(offer: Offer) -> list[str]:
    """'not known - call <phone> first', '... ask there' (an address, no phone), or 'not known'."""
    if _callable(offer.phone):
        return [PART_UNKNOWN_CALL]
    return [PART_UNKNOWN_ASK] if offer.address is not None else [PART_UNKNOWN]


def says_free(offer: Offer) -> bool:
    """True when the offer's own description says it is free ("Free legal advice ...").

    Only the description counts (the same claim in all six languages, checked on its English
    text); "whether it is free is not known" in a staff note is not a statement that it is.
    """
    text = offer.description.get("en", "")
    return bool(_FREE.search(text)) and not _NOT_STATED.search(text)


def who_parts(offer: Offer) -> tuple[list[str], dict[str, str]]:
    """Who may come, from the structured audience (genders, ages), never from the note."""
    parts: list[str] = []
    values: dict[str, str] = {}
    audience = offer.audience
    genders = WHO_PARTS.get(frozenset(audience.genders))
    if genders is None and audience.min_age is None and audience.max_age is None:
        return unknown_parts(offer), values
    if genders is not None:
        parts.append(genders)
    if audience.min_age is not None:
        parts.append(PART_WHO_FROM_AGE)
        values["min_age"] = str(audience.min_age)
    if audience.max_age is not None:
        parts.append(PART_WHO_UNDER_AGE)
        values["under_age"] = str(audience.max_age + 1)
    return parts, values


def answer_facts(kind: str, offer: Offer, described: Mapping[str, Any]) -> dict[str, Any]:
    """What one offer's line in a `kind` answer says: `answer` (parts) and their values.

    `described` is the offer as selection.describe gives it (address, phone, distance...);
    the result is added to it, so the gateway has the name, number and phone as for a list.
    """
    if kind == "where" or (kind == "far" and not described.get("distance")):
        # No distance (phone line, mobile team, or no point to measure from): say where it is.
        parts = [PART_WHERE] if offer.address is not None or offer.mobile else []
        if offer.address is None and offer.phone:
            parts.append(PART_PHONE)
        return {"answer": parts or unknown_parts(offer)}
    if kind == "far":
        return {"answer": [PART_WHERE]}
    if kind == "price":
        return {"answer": [PART_FREE] if says_free(offer) else unknown_parts(offer)}
    if kind == "cpr":
        if offer.anonymous == "yes":
            return {"answer": [PART_CPR_YES]}
        if offer.anonymous == "no":
            return {"answer": [PART_CPR_NO]}
        return {"answer": unknown_parts(offer)}
    if kind == "languages":
        if offer.languages:
            return {"answer": [PART_LANGUAGES], "languages": list(offer.languages)}
        return {"answer": unknown_parts(offer)}
    if kind == "who":
        parts, values = who_parts(offer)
        return {"answer": parts, **values}
    raise ValueError(f"no answer kind {kind!r}")


def answer_message(
    kind: str,
    pairs: Sequence[tuple[int, str]],
    offers: Mapping[str, Offer],
    now: datetime,
    gazetteer: Gazetteer,
    place: Place | None,
    language: str,
) -> dict[str, Any]:
    """The response and facts answering a `kind` question about the listed offers `pairs`.

    "details" is the full offer line (name, description, where, hours, phone); every other
    kind is one short line per offer ("1. Name: <answer>", part_answer_line). Offers gone
    from the catalogue since the list are left out.
    """
    lines = []
    for number, offer_id in pairs:
        offer = offers.get(offer_id)
        if offer is None:
            continue
        line = {**describe(offer, now, gazetteer, place, language), "number": number}
        if kind != "details":
            line.update(answer_facts(kind, offer, line))
        lines.append(line)
    message: dict[str, Any] = {"response": f"utter_answer_{kind}", "offers": lines}
    if kind != "details":
        message["line"] = ANSWER_LINE
    if kind == "far" and place is not None:
        message["place"] = place.name
    return message


# --- the kinder fallback ------------------------------------------------------------------

#: Fallback answers in the order a run of misses gets them; then round again, so the same
#: answer never comes three times in a row.
FALLBACK_SUGGEST = "utter_fallback_suggest"  # "did you mean: 4 Doctor, 2 Sleep, 7 ...?"
FALLBACK_ASK = "utter_fallback_ask"  # one short question, when nothing is likely
FALLBACK_MENU = "utter_fallback"  # sorry + the whole menu
FALLBACK_PERSON = "utter_fallback_person"  # crisis lines, someone to talk to, MENU
FALLBACK_CYCLE = 3
SUGGESTIONS = 3
#: A need below this score is not worth suggesting (scores are a softmax over ~40 intents).
MIN_SUGGESTION_SCORE = 0.02

FALLBACK_RESPONSES = frozenset({FALLBACK_SUGGEST, FALLBACK_ASK, FALLBACK_MENU, FALLBACK_PERSON})


def likely_needs(ranking: Iterable[Mapping[str, Any]], limit: int = SUGGESTIONS) -> list[str]:
    """The needs the classifier scored highest for a text it did not understand, best first."""
    scored = [
        (float(item.get("confidence") or 0.0), str(item.get("name")))
        for item in ranking or ()
        if item.get("name") in MENU_NEEDS
    ]
    scored = [item for item in scored if item[0] >= MIN_SUGGESTION_SCORE]
    return [name for _score, name in sorted(scored, key=lambda item: -item[0])[:limit]]


def fallback_step(misses: int) -> int:
    """0, 1 or 2: which fallback the `misses`-th text in a row not understood gets (from 1)."""
    return (max(misses, 1) - 1) % FALLBACK_CYCLE
