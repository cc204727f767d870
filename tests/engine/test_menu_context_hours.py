"""Menu digits, language stickiness and opening states at fixed instants."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from actions.context import choose_language
from lygte.hours import TIMEZONE, hours_state
from lygte.menu import (
    FIRST_PAGE,
    LANGUAGE_OPTION,
    MENU_NEEDS,
    asks_for_languages,
    language_for_option,
    language_menu_arguments,
    menu_arguments,
    need_for_option,
)
from lygte.names import LANGUAGES


def test_menu_has_every_need_intent_of_the_domain_once() -> None:
    """The needs (lygte/names.py) are the domain's need intents: those listed before the
    "# conversation" comment of domain.yml's intents (the menu has its own order)."""
    intents = Path("domain.yml").read_text(encoding="utf-8").split("intents:", 1)[1]
    needs_block = intents.split("# conversation", 1)[0]
    domain_needs = [
        line.strip()[2:] for line in needs_block.splitlines() if line.strip().startswith("- ")
    ]
    assert len(set(MENU_NEEDS)) == len(MENU_NEEDS)
    assert sorted(domain_needs) == sorted(MENU_NEEDS)


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("1", "need_shower"),
        ("nr 2", "sleep"),
        ("#14", "talk"),
        ("3.", "food_rest"),
        ("0", None),
        ("15", None),
        ("hej", None),
        ("", None),
    ],
)
def test_need_for_option(text: str, need: str | None) -> None:
    assert need_for_option(text) == need


@pytest.mark.parametrize(
    ("current", "metadata", "expected"),
    [
        (None, {"language": "en", "language_strong": False}, "en"),
        (None, {"language": None, "default_language": "da"}, "da"),
        (None, {}, "da"),
        ("da", {"language": "en", "language_strong": False}, "da"),
        ("da", {"language": "en", "language_strong": True}, "en"),
        ("en", {"language": None}, "en"),
        # Bulgarian typed in Latin letters: the gateway's guess is bg, strong when clear.
        (None, {"language": "bg", "language_strong": False}, "bg"),
        ("en", {"language": "bg", "language_strong": False}, "en"),
        ("en", {"language": "bg", "language_strong": True}, "bg"),
        # Only a real True switches, and only to one of the line's languages.
        ("ro", {"language": "en", "language_strong": "false"}, "ro"),
        ("da", {"language": "fr", "language_strong": True}, "da"),
        (None, {"language": "fr", "default_language": "en"}, "en"),
        (None, {"language": None, "default_language": "xx"}, "da"),
        ("xx", {"language": None, "default_language": "es"}, "es"),
    ],
)
def test_choose_language(current: str | None, metadata: dict, expected: str) -> None:
    assert choose_language(current, metadata) == expected


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)


@pytest.mark.parametrize(
    ("expression", "instant", "expected"),
    [
        ("24/7", "2026-12-24 03:00", {"state": "always"}),
        ("Mo-Fr 10:00-13:00", "2026-11-27 11:00", {"state": "open", "until": "13:00"}),
        (
            "Mo-Fr 10:00-13:00",
            "2026-11-27 14:00",  # a Friday afternoon: next opening Monday
            {"state": "closed", "time": "10:00", "days_ahead": 3, "weekday": 0},
        ),
        (
            "Mo-Fr 10:00-13:00; PH off",
            "2026-12-25 09:00",  # Christmas Day is a Danish public holiday
            {"state": "closed", "time": "10:00", "days_ahead": 3, "weekday": 0},
        ),
        ("Th-Sa 22:00-04:00", "2026-11-28 01:30", {"state": "open", "until": "04:00"}),
        (
            "Mo-Fr 10:00-13:00",
            "2026-11-27 08:00",
            {"state": "closed", "time": "10:00", "days_ahead": 0, "weekday": 4},
        ),
    ],
)
def test_hours_state_at_fixed_instants(expression: str, instant: str, expected: dict) -> None:
    assert hours_state(expression, True, at(instant)) == expected


def test_unconfirmed_or_missing_hours_are_unknown() -> None:
    assert hours_state("24/7", False, at("2026-11-27 11:00")) == {"state": "unknown"}
    assert hours_state(None, True, at("2026-11-27 11:00")) == {"state": "unknown"}


@pytest.mark.parametrize("text", ["2450", "i'm in 2200", "postcode 1620", "2500 valby"])
def test_a_postcode_is_no_menu_choice(text: str) -> None:
    assert need_for_option(text) is None


def test_bulgarian_and_thai_menus_come_in_two_pages_with_the_same_numbers() -> None:
    everything = [*MENU_NEEDS, LANGUAGE_OPTION]
    assert menu_arguments("da") == {"options": everything}
    assert menu_arguments("es", "0") == {"options": everything}
    first, second = menu_arguments("th", "menu"), menu_arguments("th", "0")
    assert first["options"] + second["options"] == everything
    assert first["menu_more"] and second["first_option"] == FIRST_PAGE + 1
    assert need_for_option(str(FIRST_PAGE + 1)) == second["options"][0]


def test_the_last_menu_option_lists_the_languages_numbered_after_it() -> None:
    number = len(MENU_NEEDS) + 1
    assert asks_for_languages(str(number)) and asks_for_languages(f"nr {number}")
    assert not any(asks_for_languages(text) for text in ("1", "0", "16", "2015", "hej"))
    listed = language_menu_arguments()
    assert listed["first_option"] == number + 1
    assert listed["options"] == [f"{LANGUAGE_OPTION}_{code}" for code in LANGUAGES]
    for offset, code in enumerate(LANGUAGES):
        assert language_for_option(str(number + 1 + offset)) == code
        assert need_for_option(str(number + 1 + offset)) is None


@pytest.mark.parametrize("text", ["0", "1", "14", "15", "22", "99", "2016", "dansk", ""])
def test_no_other_text_picks_a_language_by_number(text: str) -> None:
    assert language_for_option(text) is None
