"""The lock screen: no SMS starts with a word that names a topic, in any of the six languages.

Every reply template is rendered in every language through the real path (bot.replies +
bot.formatting.fit, as Line sends it), offer lists with the real catalogue for every need,
and each SMS part's lock-screen window is checked against the topic words below: a list
kept here on purpose, apart from lygte/lockscreen.py, as the words a reader would see.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Iterator
from zoneinfo import ZoneInfo

import pytest

from bot.config import REPO_ROOT
from bot.formatting import GSM7_LANGUAGES, fit, format_reply, lock_screen_safe, to_gsm7
from bot.replies import render_reply
from bot.templates import TemplateStore
from lygte.catalogue import NEEDS, load_catalogue
from lygte.lockscreen import (
    LOCK_SCREEN_CHARS,
    lock_screen_window,
    sensitive_labels,
    topic_shown,
)
from lygte.menu import language_menu_arguments, menu_arguments
from lygte.names import LANGUAGES
from lygte.places import load_gazetteer
from lygte.selection import describe, offers_for
from lygte.text import fold_phrase as fold

STORE = TemplateStore(REPO_ROOT / "responses", "da")
LEAD = "part_lock_screen_lead"

#: What a reader would recognise, as it appears in our texts (matched anywhere in the window).
SEEN_TOPICS = {
    "da": ("stof", "vold", "overgreb", "menneskehandel", "seksu", "sex", "selvmord", "livslinien"),
    "en": ("drug", "violen", "rape", "assault", "traffick", "sex", "suicid", "self-harm"),
    "ro": ("drog", "violen", "viol ", "trafic", "sex", "sinucid"),
    "bg": ("дрог", "наркот", "насили", "изнасил", "трафик", "секс", "самоуби"),
    "es": ("droga", "violen", "violac", "trata de personas", "sex", "suicid"),
    "th": ("ยาเสพติด", "ความรุนแรง", "ทำร้าย", "ข่มขืน", "ค้ามนุษย์", "ทางเพศ", "ฆ่าตัวตาย"),
}
_SEEN = re.compile("|".join(re.escape(fold(w)) for ws in SEEN_TOPICS.values() for w in ws))


def seen_topic(part: str) -> str | None:
    match = _SEEN.search(fold(lock_screen_window(part)) + " ")
    return match.group(0) if match else None


def sent(text: str, language: str) -> list[str]:
    """The SMS parts the line sends for `text` (bot.conversation.Line._fit)."""
    return fit(STORE, "sms", text, language, 3)


def lead(language: str) -> str:
    text = STORE.render(LEAD, language, "sms")
    return to_gsm7(text) if language in GSM7_LANGUAGES else text


# --- the check itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Stoffer:\n1. Skyen (stofindtagelsesrum), Lille Istedgade 2", "stoffer"),
        ("Bad:\n1. H17 Stofindtagelsen, Halmtorvet 17", "stofindtagelsen"),
        ("Vold:\n1. Lev Uden Vold hotline 1888", "vold"),
        ("Sove:\n1. Center mod Menneskehandel (hotline)", "menneskehandel"),
        ("Snak:\n1. Center for Seksuelle Overgreb", "seksu"),
        ("Snak:\n1. Livslinien, ring 70 201 201", "livslinien"),
        ("Mad/hvile:\n1. Partnervold-linjen", "vold"),  # inside a Danish compound
        ("Violence:\n1. Lev Uden Vold", "violence"),
        ("Talk:\n1. help after rape, call 1813", "rape"),
        ("Violenta:\n1. Lev Uden Vold", "violenta"),  # GSM-7 of "Violență"
        ("Droguri:\n1. Skyen", "droguri"),
        ("Насилие:\n1. Lev Uden Vold", "насилие"),
        ("Дроги:\n1. Skyen", "дроги"),
        ("Помощ при трафик на хора", "трафик"),
        ("Drogas:\n1. Skyen", "drogas"),
        ("ยาเสพติด:\n1. Skyen", "ยาเสพติด"),
        ("ทำร้าย:\n1. Lev Uden Vold", "ทำร้าย"),
        ("เรื่องความรุนแรงโทร 1888", "ความรุนแรง"),
        ("สายด่วนป้องกันการฆ่าตัวตาย", "ฆ่าตัวตาย"),
    ],
)
def test_a_topic_at_the_start_is_found_in_every_language_and_script(text: str, word: str) -> None:
    labels = sensitive_labels(STORE.templates())
    found = topic_shown(text, labels)
    assert found and fold(word).startswith(fold(found)), found


@pytest.mark.parametrize(
    "text",
    [
        "If you are in danger now, call 112 (police and ambulance).",
        "Er du i fare nu, så ring 112 (politi og ambulance).",
        "В опасност ли си, звънни на 112.",
        "ถ้าอยู่ในอันตราย โทร 112",
        "Bad:\n1. Kofoeds Skole, Nørre Farimagsgade 1",
        "Sove:\n1. Røde Kors Herberg for Kvinder",
        "Ring 1813 hvis du har seks dage med feber",  # "seks" is six
        "The therapist can see you today",  # "rape" inside a word
        "พยาบาลช่วยได้ ไม่ยากเลย",  # nurse, not difficult: ยา inside other words
        "Lygte: here is the answer to what you wrote us. Vold",  # past the window
    ],
)
def test_everyday_words_and_the_danger_openings_are_not_topics(text: str) -> None:
    assert topic_shown(text, sensitive_labels(STORE.templates())) is None


def test_the_window_counts_what_a_person_sees_and_a_word_cut_at_its_edge() -> None:
    # Thai vowel and tone marks above or below a letter take no place of their own.
    thai = "ที่นี่" * 20
    assert len(lock_screen_window(thai)) > LOCK_SCREEN_CHARS
    # Half a word shows enough of it: "Lev Uden Vo..." is "Lev Uden Vold".
    text = "Er du i fare nu, så ring 112. Lev Uden Vold: ring 1888."
    assert lock_screen_window(text).endswith("Vold")
    assert topic_shown(text) == "Vold"  # as written


def test_staff_labels_count_as_they_are_written_now() -> None:
    labels = sensitive_labels(STORE.templates())
    for language in LANGUAGES:
        for need in ("drugs", "violence"):
            assert STORE.render(f"label_{need}", language, "sms") in labels
    assert topic_shown("Gemstones:\n1. Skyen", ("Gemstones",)) == "Gemstones"


def test_a_part_split_off_by_the_lead_is_checked_again() -> None:
    line = "Vold: " + "ring og snak med nogen om det, der er sket. " * 3
    bodies = [line.strip() + "\n" + line.strip()]
    parts = lock_screen_safe(bodies, lead("da"), 1)
    assert len(parts) > 1 and parts[0].startswith(lead("da") + "\nVold")
    assert not any(topic_shown(part) for part in parts)


# --- every reply, every language ----------------------------------------------------------

CATALOGUE = load_catalogue()
GAZETTEER = load_gazetteer()
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
#: A weekday noon, a night and Christmas Eve: different hours, so different words and lengths.
INSTANTS = [
    datetime(2026, 3, 4, 12, 0, tzinfo=COPENHAGEN),
    datetime(2026, 3, 7, 3, 30, tzinfo=COPENHAGEN),
    datetime(2026, 12, 24, 18, 0, tzinfo=COPENHAGEN),
]
PAGE = 3


def offer_pages(need: str, language: str) -> Iterator[dict[str, Any]]:
    """The arguments of every page of offers for `need`, as actions/actions.py sends them."""
    places = [None, GAZETTEER.default_place]
    for now in INSTANTS:
        for place in places:
            ranked = offers_for(need, CATALOGUE, now, GAZETTEER, place)
            for start in range(0, len(ranked), PAGE):
                page = ranked[start : start + PAGE]
                yield {
                    "need": need,
                    "offers": [describe(o, now, GAZETTEER, place, language) for o in page],
                    "first_number": start + 1,
                    "has_more": len(ranked) > start + PAGE,
                    "place": place.name if place else None,
                    "ask_place": place is None and start == 0,
                }


def arguments_for(name: str, placeholders: tuple[str, ...], language: str) -> Iterator[dict]:
    """Every set of arguments the engine sends with response `name`."""
    if "offers" in placeholders:
        for need in NEEDS:
            yield from offer_pages(need, language)
    elif "options" in placeholders:
        yield menu_arguments(language, "menu")
        yield menu_arguments(language, "0")
        yield language_menu_arguments()
    elif "need" in placeholders:
        for need in NEEDS:
            yield {"need": need}
    else:
        yield {}


def every_reply() -> Iterator[tuple[str, str, str, list[str]]]:
    for name, template in sorted(STORE.templates().items()):
        if not name.startswith("utter_"):
            continue  # parts and labels are only ever sent inside a reply
        for language in LANGUAGES:
            for arguments in arguments_for(name, template.placeholders, language):
                text = render_reply(STORE, name, arguments, language, "sms")
                yield name, language, text, sent(text, language)


def test_no_sms_part_shows_a_topic_on_the_lock_screen() -> None:
    seen = set()
    shown = []
    for name, language, _text, parts in every_reply():
        seen.add((name, language))
        for part in parts:
            if seen_topic(part) or topic_shown(part):
                shown.append((name, language, part[:60]))
    assert not shown, "\n".join(map(str, shown))
    assert {language for _name, language in seen} == set(LANGUAGES)
    assert ("utter_offers", "th") in seen and ("utter_menu", "bg") in seen


def test_offer_lists_that_name_a_topic_lead_with_the_neutral_line() -> None:
    led = set()
    for name, language, text, parts in every_reply():
        if name == "utter_offers" and seen_topic(format_reply("sms", text, language, 3)[0]):
            assert parts[0].startswith(lead(language) + "\n"), (language, parts[0][:60])
            led.add(language)
    assert led == set(LANGUAGES)  # "Stoffer:", "Дроги:", "ยาเสพติด:" ... heading a list


def test_menus_and_the_lines_own_replies_need_no_neutral_line() -> None:
    own = ("utter_menu", "utter_fallback", "utter_greet", "utter_slow_down", "utter_engine_down")
    own += ("utter_iamabot", "utter_empty", "utter_forgotten", "utter_ask_need")
    for name, language, text, parts in every_reply():
        if name in own:
            assert parts == format_reply("sms", text, language, 3), (name, language)


def test_danger_first_replies_stay_first() -> None:
    """The danger replies open with "If you are in danger now, call 112": no neutral line
    may push that down, so no topic word may come within their first 40 characters."""
    pushed = []
    for name, language, text, parts in every_reply():
        if name.startswith("utter_danger_") and parts != format_reply("sms", text, language, 3):
            pushed.append((name, language, text[:60]))
    assert not pushed, "\n".join(map(str, pushed))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lead_fills_the_whole_window(language: str) -> None:
    text = lead(language)
    assert text.startswith(lock_screen_window(text + "\nVold"))
    assert topic_shown(f"{text}\nVold: Lev Uden Vold") is None
