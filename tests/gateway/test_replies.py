"""Structured engine arguments put into words with the real templates."""

from __future__ import annotations

import pytest

from bot.config import REPO_ROOT
from bot.formatting import sms_cost
from bot.replies import render_reply, tidy
from bot.templates import TemplateStore

STORE = TemplateStore(REPO_ROOT / "responses", "da")

OFFER = {
    "id": "kirkens-korshaer-natcafe",
    "name": "Kirkens Korshærs natcafé",
    "address": "Stengade 40, 2200 København N",
    "mobile": False,
    "phone": None,
    "hours": {"state": "unknown"},
}
PHONE_LINE = {
    "id": "lev-uden-vold-1888",
    "name": "Lev Uden Vold",
    "address": None,
    "mobile": False,
    "phone": "1888",
    "hours": {"state": "always"},
}


def render(name: str, arguments: dict, language: str = "en") -> str:
    return render_reply(STORE, name, arguments, language, "sms")


def test_offers_list_names_each_offer_with_where_and_hours() -> None:
    text = render("utter_offers", {"need": "need_shower", "offers": [OFFER, PHONE_LINE]})
    assert "1. Kirkens Korshærs natcafé, Stengade 40, 2200 København N" in text
    assert "2. Lev Uden Vold" in text and "1888" in text
    assert STORE.render("part_hours_always", "en", "sms") in text
    assert STORE.render("part_hours_unknown", "en", "sms") in text
    assert STORE.render("label_need_shower", "en", "sms") in text
    assert STORE.render("part_more_hint", "en", "sms") not in text


def test_unknown_hours_with_a_phone_say_call_first() -> None:
    offer = dict(OFFER, phone="+45 33 17 41 22")
    text = render("utter_offers", {"need": "sleep", "offers": [offer], "has_more": True})
    assert "Hours not confirmed - call +45 33 17 41 22 first." in text
    assert text.count("33 17 41 22") == 1  # the number once, inside "call first"
    assert STORE.render("part_more_hint", "en", "sms") in text


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ({"state": "open", "until": "23:30"}, "23:30"),
        ({"state": "closed", "time": "09:00", "days_ahead": 0, "weekday": 4}, "09:00"),
        ({"state": "closed", "time": "09:00", "days_ahead": 3, "weekday": 1}, "09:00"),
    ],
)
def test_open_and_closed_states(hours: dict, expected: str) -> None:
    text = render("utter_hours", {"offers": [dict(OFFER, hours=hours)]})
    assert expected in text
    if hours.get("days_ahead") == 3:
        assert STORE.render("part_weekdays", "en", "sms").split(",")[1] in text


def test_numbers_continue_on_the_next_page() -> None:
    text = render("utter_offers", {"need": "health", "offers": [OFFER], "first_number": 4})
    assert "4. Kirkens" in text


def test_menu_lists_every_option_numbered() -> None:
    options = ["need_shower", "sleep", "talk"]
    text = render("utter_menu", {"options": options}, "da")
    for number, need in enumerate(options, 1):
        assert f"{number} {STORE.render(f'label_{need}', 'da', 'sms')}" in text


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_full_page_of_offers_fits_the_sms_budget(language: str) -> None:
    long = dict(
        OFFER,
        name="Mændenes Hjem sundhedsklinik",
        address="Lille Istedgade 2, 1706 København V",
        phone="+45 33 17 41 22",
        audience="women_trans",
        distance="next",
        about="x" * 90,  # as long as a description may be
    )
    for arguments in (
        {"need": "sexual_health", "offers": [long] * 3, "has_more": True, "ask_place": True},
        {
            "need": "sexual_health",
            "offers": [long] * 3,
            "has_more": True,
            "place": "Poul Henningsens Plads",
        },
    ):
        text = render_reply(STORE, "utter_offers", arguments, language, "sms")
        assert sms_cost(text).segments <= 3, text
        assert text.count("Mændenes Hjem sundhedsklinik") == 3
        assert text.count("+45 33 17 41 22") == 3 and text.count("1706 København V") == 3


ABOUT = "Food and rest for everyone. Free."


def test_descriptions_are_sent_and_dropped_over_sms_from_the_last_offer_up() -> None:
    offers = [
        dict(
            OFFER, name=f"Place {n}", about=f"About place {n}: " + "y" * 70, phone="+45 70 22 93 30"
        )
        for n in (1, 2, 3)
    ]
    arguments = {"need": "sleep", "offers": offers, "has_more": True}
    sms = render_reply(STORE, "utter_offers", arguments, "en", "sms")
    assert sms_cost(sms).segments <= 3, sms
    assert "About place 1" in sms and "About place 3" not in sms
    signal = render_reply(STORE, "utter_offers", arguments, "en", "signal")
    assert all(f"About place {n}" in signal for n in (1, 2, 3))
    short = render("utter_offers", {"need": "sleep", "offers": [dict(OFFER, about=ABOUT)]})
    assert "København N. Food and rest for everyone. Free. Hours not known." in short


@pytest.mark.parametrize(
    ("distance", "language", "expected"),
    [
        ({"m": "400"}, "en", "(about 400 m)"),
        ({"km": "1.5"}, "en", "(about 1.5 km)"),
        ({"km": "1.5"}, "da", "(ca. 1,5 km)"),
        ({"km": "3"}, "en", "(about 3 km)"),
        ("far", "en", "(further away)"),
    ],
)
def test_distance_in_metres_kilometres_or_area_words(distance, language, expected) -> None:
    offer = dict(OFFER, distance=distance)
    text = render("utter_offers", {"need": "sleep", "offers": [offer]}, language)
    assert f"København N {expected}." in text


def test_an_age_limit_is_said_in_words() -> None:
    offer = dict(OFFER, audience={"under": "18"})
    assert "natcafé (under 18 only), " in render(
        "utter_offers", {"need": "sleep", "offers": [offer]}
    )
    da = render("utter_offers", {"need": "sleep", "offers": [offer]}, "da")
    assert "natcafé (kun under 18 år), " in da


def test_optional_words_stay_when_the_list_is_short() -> None:
    offer = dict(OFFER, distance="next")
    text = render("utter_offers", {"need": "sleep", "offers": [offer], "place": "Valby"})
    assert "(next area)" in text


def test_place_distance_and_audience_are_said_in_words() -> None:
    offer = dict(OFFER, audience="men", distance="same")
    text = render("utter_offers", {"need": "sleep", "offers": [offer], "place": "Istedgade"})
    assert text.startswith("Sleep near Istedgade:\n1. Kirkens Korshærs natcafé (men only), ")
    assert "København N (your area)." in text
    asked = render("utter_offers", {"need": "sleep", "offers": [OFFER], "ask_place": True})
    assert asked.endswith(STORE.render("part_ask_place", "en", "sms"))
    assert "(" not in asked


@pytest.mark.parametrize(
    ("offer", "expected"),
    [
        (
            dict(PHONE_LINE, mobile=True, phone="112", hours={"state": "unknown"}),
            # nobody is sent to ring the emergency number to ask about opening hours
            "mobile - call. Hours not known. Tel. 112",
        ),
        (
            dict(PHONE_LINE, mobile=True, phone=None, hours={"state": "unknown"}),
            "mobile team. Hours not known.",
        ),
        (
            dict(OFFER, hours={"state": "open", "until": "08:00", "days_ahead": 3, "weekday": 0}),
            "Open now, closes Monday 08:00.",
        ),
        (
            dict(
                OFFER,
                hours={
                    "state": "closed",
                    "time": "20:00",
                    "days_ahead": 183,
                    "weekday": 1,
                    "date": "2026-12-01",
                },
            ),
            "Closed now, opens on 1/12 20:00.",
        ),
    ],
)
def test_offer_line_wording(offer: dict, expected: str) -> None:
    assert expected in render("utter_offers", {"need": "sleep", "offers": [offer]})


def test_tidy_removes_the_gaps_empty_placeholders_leave() -> None:
    assert tidy("1. Name, . Hours  .  ") == "1. Name. Hours."
    assert tidy("a\n\n\n\nb\n") == "a\n\nb"
