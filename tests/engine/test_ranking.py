"""Ranking: need fit, audience fit, open now, then nearness by area; and what a line says."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from actions.catalogue import Address, Audience, load_catalogue
from actions.hours import TIMEZONE
from actions.places import load_gazetteer
from actions.selection import (
    ELSEWHERE,
    NEXT_AREA,
    SAME_AREA,
    UNKNOWN_AREA,
    audience_word,
    describe,
    nearness,
    offers_for,
)

GAZETTEER = load_gazetteer()
OFFERS = {offer.id: offer for offer in load_catalogue()}
FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=TIMEZONE)


def place(place_id: str):
    return GAZETTEER.places[place_id]


@pytest.mark.parametrize(
    ("offer_id", "place_id", "expected"),
    [
        ("maendenes-hjem", "istedgade", SAME_AREA),  # 1706 København V
        ("maendenes-hjem", "halmtorvet", SAME_AREA),
        ("maendenes-hjem", "noerreport", SAME_AREA),  # København V also covers the centre
        ("maendenes-hjem", "valby", NEXT_AREA),
        ("maendenes-hjem", "amagerbro", NEXT_AREA),
        ("maendenes-hjem", "vanloese", ELSEWHERE),
        ("kirkens-korshaer-natcafe", "noerrebrogade", SAME_AREA),  # 2200 København N
        ("kirkens-korshaer-natcafe", "frederiksberg", NEXT_AREA),
        ("kirkens-korshaer-natcafe", "valby", ELSEWHERE),
        ("h17", "enghave-plads", SAME_AREA),  # city: Vesterbro
        ("blaa-kors-gracekbh-morgencafe", "blaagaards-plads", SAME_AREA),  # city: Nørrebro
        ("den-sociale-doegnvagt", "noerreport", UNKNOWN_AREA),  # no postcode, street unknown
        ("roede-kors-herberg-for-kvinder", "vesterbro", UNKNOWN_AREA),  # Hvidovre
        ("lev-uden-vold-1888", "vanloese", SAME_AREA),  # a phone line comes to you
        ("sociolancen", "amager", SAME_AREA),  # mobile
    ],
)
def test_nearness_by_area(offer_id: str, place_id: str, expected: int) -> None:
    assert nearness(OFFERS[offer_id], place(place_id), GAZETTEER) == expected


def variant(name: str, genders: tuple[str, ...], hours: str, postcode: str):
    base = OFFERS["maendenes-hjem"]
    return replace(
        base,
        id=name,
        name=name,
        needs=("need_shower",),
        audience=Audience(genders=genders),
        opening_hours=hours,
        hours_confirmed=True,
        address=Address(street="Testgade 1", postcode=postcode, city=None),
    )


def test_ranking_order_audience_then_open_then_near() -> None:
    offers = (
        variant("a-all-open-far", ("all",), "24/7", "2720"),  # Vanløse
        variant("b-all-open-near", ("all",), "24/7", "1706"),  # Vesterbro
        variant("c-women-open-near", ("women",), "24/7", "1706"),
        variant("d-all-closed-near", ("all",), "Mo-Fr 18:00-20:00", "1706"),
        variant("e-unstated-open-near", (), "24/7", "1706"),
        variant("f-all-open-next", ("all",), "24/7", "2500"),  # Valby
    )
    ranked = offers_for("need_shower", offers, FRIDAY_NOON, GAZETTEER, place("istedgade"))
    assert [o.id for o in ranked] == [
        "b-all-open-near",
        "f-all-open-next",
        "a-all-open-far",
        "d-all-closed-near",
        "e-unstated-open-near",
        "c-women-open-near",
    ]
    # From Vanløse the far one becomes the near one.
    ranked = offers_for("need_shower", offers, FRIDAY_NOON, GAZETTEER, place("vanloese"))
    assert [o.id for o in ranked][:3] == ["a-all-open-far", "f-all-open-next", "b-all-open-near"]


def test_without_a_place_ranking_is_from_the_central_station() -> None:
    offers = (
        variant("a-valby", ("all",), "24/7", "2500"),
        variant("b-vanloese", ("all",), "24/7", "2720"),
        variant("c-vesterbro", ("all",), "24/7", "1706"),
    )
    ranked = offers_for("need_shower", offers, FRIDAY_NOON, GAZETTEER)
    assert [o.id for o in ranked] == ["c-vesterbro", "a-valby", "b-vanloese"]
    # A place whose district is unknown ranks like no place.
    assert offers_for("need_shower", offers, FRIDAY_NOON, GAZETTEER, place("groendal")) == ranked


def test_other_needs_are_filtered_out() -> None:
    ranked = offers_for("need_shower", tuple(OFFERS.values()), FRIDAY_NOON, GAZETTEER)
    assert ranked and all("need_shower" in o.needs for o in ranked)


def test_audience_is_said_in_words_not_hidden() -> None:
    assert audience_word(OFFERS["maendenes-hjem-herberg"]) == "men"
    assert audience_word(OFFERS["roede-kors-herberg-for-kvinder"]) == "women"
    assert audience_word(OFFERS["reden-international"]) == "women_trans"
    assert audience_word(OFFERS["maendenes-hjem"]) is None
    sleep = offers_for("sleep", tuple(OFFERS.values()), FRIDAY_NOON, GAZETTEER)
    assert {"maendenes-hjem-herberg", "roede-kors-herberg-for-kvinder"} <= {o.id for o in sleep}


def test_a_line_has_distance_only_when_a_place_is_known() -> None:
    offer = OFFERS["maendenes-hjem"]
    assert describe(offer, FRIDAY_NOON, GAZETTEER)["distance"] is None
    assert describe(offer, FRIDAY_NOON, GAZETTEER, place("istedgade"))["distance"] == "same"
    assert describe(offer, FRIDAY_NOON, GAZETTEER, place("valby"))["distance"] == "next"
    assert describe(offer, FRIDAY_NOON, GAZETTEER, place("vanloese"))["distance"] == "far"
    phone_line = OFFERS["lev-uden-vold-1888"]
    assert describe(phone_line, FRIDAY_NOON, GAZETTEER, place("vanloese"))["distance"] is None
