"""Ranking: need fit, open now, audience, then nearness (area, metres); what a line says."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from lygte.catalogue import STALE_AFTER_DAYS, Address, Audience, load_catalogue
from lygte.hours import TIMEZONE
from lygte.person import read_person
from lygte.places import load_gazetteer
from lygte.selection import (
    ELSEWHERE,
    NEXT_AREA,
    PAGE_SIZE,
    SAME_AREA,
    UNKNOWN_AREA,
    Catalogue,
    audience_word,
    describe,
    nearness,
    needs_no_cpr,
    offers_for,
    reach_without_calling,
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
        ("den-sociale-doegnvagt", "noerreport", NEXT_AREA),  # 2200 København N
        ("roede-kors-herberg-for-kvinder", "vesterbro", UNKNOWN_AREA),  # Hvidovre
        ("joannahuset", "valby", NEXT_AREA),  # city: Frederiksberg
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


def test_ranking_order_open_then_audience_then_near() -> None:
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
        "e-unstated-open-near",
        "c-women-open-near",
        "d-all-closed-near",
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
    assert audience_word(OFFERS["joannahuset"]) == {"under": "18"}
    sleep = offers_for("sleep", tuple(OFFERS.values()), FRIDAY_NOON, GAZETTEER)
    assert {"maendenes-hjem-herberg", "roede-kors-herberg-for-kvinder"} <= {o.id for o in sleep}


def test_sleep_tonight_puts_a_confirmed_shelter_for_adults_first() -> None:
    # The issue: a confirmed 24/7 women's shelter before a phone line that opens tomorrow;
    # and an under-18 crisis centre is listed for all to see, but after the adult places.
    tonight = datetime(2026, 12, 8, 23, 30, tzinfo=TIMEZONE)
    sleep = [o.id for o in offers_for("sleep", tuple(OFFERS.values()), tonight, GAZETTEER)]
    assert sleep.index("roede-kors-herberg-for-kvinder") < sleep.index("joannahuset")
    assert sleep.index("roede-kors-herberg-for-kvinder") < sleep.index(
        "hjemloese-og-udsatteenheden"
    )
    assert OFFERS[sleep[0]].audience.max_age is None


def test_a_line_has_distance_only_when_a_place_is_known() -> None:
    offer = replace(OFFERS["maendenes-hjem"], coordinates=None)  # area words without a point
    assert describe(offer, FRIDAY_NOON, GAZETTEER)["distance"] is None
    assert describe(offer, FRIDAY_NOON, GAZETTEER, place("istedgade"))["distance"] == "same"
    assert describe(offer, FRIDAY_NOON, GAZETTEER, place("valby"))["distance"] == "next"
    assert describe(offer, FRIDAY_NOON, GAZETTEER, place("vanloese"))["distance"] == "far"
    phone_line = OFFERS["lev-uden-vold-1888"]
    assert describe(phone_line, FRIDAY_NOON, GAZETTEER, place("vanloese"))["distance"] is None


def test_the_main_purpose_comes_before_a_side_offer() -> None:
    side = replace(variant("a-side", ("all",), "24/7", "1706"), needs=("food_rest", "need_shower"))
    main = variant("b-main", ("all",), "Mo-Fr 18:00-20:00", "2720")  # closed now, far
    ranked = offers_for("need_shower", (side, main), FRIDAY_NOON, GAZETTEER)
    assert [o.id for o in ranked] == ["b-main", "a-side"]
    assert [o.id for o in offers_for("food_rest", (side, main), FRIDAY_NOON, GAZETTEER)] == [
        "a-side"
    ]


def test_ties_are_broken_by_name_not_by_file_name() -> None:
    offers = (
        replace(variant("a-file", ("all",), "24/7", "1706"), name="Zebra"),
        replace(variant("z-file", ("all",), "24/7", "1706"), name="alpha"),
    )
    ranked = offers_for("need_shower", offers, FRIDAY_NOON, GAZETTEER)
    assert [o.name for o in ranked] == ["alpha", "Zebra"]


def test_hours_verified_too_long_ago_are_not_sent_as_fact() -> None:
    fresh = variant("fresh", ("all",), "24/7", "1706")
    assert describe(fresh, FRIDAY_NOON, GAZETTEER)["hours"] == {"state": "always"}
    old = replace(fresh, verified=FRIDAY_NOON.date() - timedelta(days=STALE_AFTER_DAYS + 1))
    assert describe(old, FRIDAY_NOON, GAZETTEER)["hours"] == {"state": "unknown"}
    # ... and an open place with trusted hours ranks before the same place gone stale
    stale = replace(old, id="old", name="a")
    ranked = offers_for("need_shower", (stale, fresh), FRIDAY_NOON, GAZETTEER)
    assert [o.id for o in ranked] == ["fresh", "old"]


def test_the_catalogue_sets_how_long_hours_stay_fresh() -> None:
    """OFFER_STALE_DAYS reaches the offers through the Catalogue the action server builds."""
    verified = {o.id: o.verified for o in OFFERS.values() if o.hours_confirmed}
    days = {offer_id: (FRIDAY_NOON.date() - date).days for offer_id, date in verified.items()}
    offer_id = min(days, key=days.__getitem__)  # the most recently verified, with hours
    for stale_after_days, trusted in ((days[offer_id], True), (days[offer_id] - 1, False)):
        offers = Catalogue(stale_after_days=stale_after_days).offers()
        offer = next(o for o in offers if o.id == offer_id)
        assert offer.hours_trusted(FRIDAY_NOON.date()) is trusted


def test_a_description_comes_in_the_language_asked_for() -> None:
    offer = OFFERS["maendenes-hjem"]
    for language in ("da", "en", "ro", "bg", "es", "th"):
        about = describe(offer, FRIDAY_NOON, GAZETTEER, language=language)["about"]
        assert about == offer.description[language]


def test_within_an_area_the_nearer_point_comes_first_and_is_said_in_metres() -> None:
    # Two points on the same postcode (both Vesterbro), read from places/copenhagen.yml
    # stations so the test needs no coordinates of its own.
    near = GAZETTEER.places["hovedbanegaarden"].point
    far = GAZETTEER.places["dybboelsbro"].point
    offers = (
        replace(variant("a-far", ("all",), "24/7", "1706"), coordinates=far),
        replace(variant("b-near", ("all",), "24/7", "1706"), coordinates=near),
    )
    origin = place("vesterport")
    ranked = offers_for("need_shower", offers, FRIDAY_NOON, GAZETTEER, origin)
    assert [o.id for o in ranked] == ["b-near", "a-far"]
    assert describe(ranked[0], FRIDAY_NOON, GAZETTEER, origin)["distance"] == {"m": "350"}
    # from a district's point only "about N km" can be said
    valby = describe(ranked[0], FRIDAY_NOON, GAZETTEER, place("valby"))["distance"]
    assert set(valby) == {"km"} and float(valby["km"]).is_integer()
    # a phone line has no distance, however precise the place
    assert (
        describe(OFFERS["lev-uden-vold-1888"], FRIDAY_NOON, GAZETTEER, origin)["distance"] is None
    )


def test_unknown_hours_with_a_number_to_call_come_before_nothing_to_call() -> None:
    silent = replace(
        variant("a-silent", ("all",), "24/7", "1706"), hours_confirmed=False, phone=None
    )
    callable_ = replace(silent, id="b-callable", name="b", phone="+45 70 22 93 30")
    closed = variant("c-closed", ("all",), "Mo-Fr 18:00-20:00", "1706")
    ranked = offers_for("need_shower", (silent, callable_, closed), FRIDAY_NOON, GAZETTEER)
    assert [o.id for o in ranked] == ["c-closed", "b-callable", "a-silent"]


# What the person said about themselves (lygte/person.py), on the real catalogue.


def ranked_for(need: str, text: str) -> list[str]:
    person = read_person(text)
    return [
        o.id
        for o in offers_for(need, tuple(OFFERS.values()), FRIDAY_NOON, GAZETTEER, person=person)
    ]


def test_a_doctor_without_cpr_starts_with_an_offer_that_does_not_ask_for_one() -> None:
    ranked = ranked_for("health", "læge uden cpr")
    first = OFFERS[ranked[0]]
    assert first.anonymous != "no" and needs_no_cpr(first) == 0
    # the Red Cross clinic for people without papers is on the first page, 1813 (asks for
    # CPR) comes after every offer that does not ask
    assert "roede-kors-sundhedsklinik" in ranked[:PAGE_SIZE]
    assert ranked[-1] == "akuttelefonen-1813"
    # without that fact 1813 keeps its place
    assert ranked_for("health", "læge")[0] == "akuttelefonen-1813"


def test_a_man_gets_no_women_only_shelter() -> None:
    ranked = ranked_for("sleep", "im a man, where can i sleep")
    assert ranked
    assert all(OFFERS[i].audience.admits("men") is not False for i in ranked)
    assert "roede-kors-herberg-for-kvinder" not in ranked
    assert "maendenes-hjem-herberg" in ranked
    # a woman is not sent to a men's shelter
    assert "maendenes-hjem-herberg" not in ranked_for("sleep", "soy mujer")


def test_a_trans_person_is_left_out_nowhere_but_gets_offers_that_admit_them_first() -> None:
    everyone = ranked_for("trafficking", "")
    ranked = ranked_for("trafficking", "I'm trans")
    assert sorted(ranked) == sorted(everyone)
    admitted = [OFFERS[i].audience.admits("trans") for i in ranked]
    assert admitted == sorted(admitted, key=lambda a: 0 if a else 1 if a is None else 2)


def test_a_16_year_old_asking_for_sleep_gets_joannahuset_first() -> None:
    assert ranked_for("sleep", "im 16 and need somewhere to sleep")[0] == "joannahuset"
    assert ranked_for("sleep", "tengo 16 años")[0] == "joannahuset"


def test_youth_offers_first_for_an_under_18_adult_ones_kept_after() -> None:
    ranked = ranked_for("talk", "I'm under 18")
    youth = [i for i in ranked if OFFERS[i].audience.max_age is not None]
    assert youth and ranked[: len(youth)] == youth
    assert len(ranked) > len(youth)  # the catalogue rarely says "adults only": kept


def test_an_age_outside_an_offers_limits_leaves_it_out() -> None:
    # the centre for children under 15 is not for a 16-year-old, nor for an adult
    assert "center-for-seksuelle-overgreb-boern" in ranked_for("violence", "I'm 13")
    assert "center-for-seksuelle-overgreb-boern" not in ranked_for("violence", "I'm 16")
    assert "joannahuset" not in ranked_for("sleep", "I'm 25")
    assert "joannahuset" not in ranked_for("sleep", "I'm over 18")


def test_someone_who_cannot_call_gets_places_before_phone_lines() -> None:
    ranked = ranked_for("violence", "I'm deaf")
    reach = [reach_without_calling(OFFERS[i]) for i in ranked]
    assert reach == sorted(reach) and reach[0] == 0
    # among lines, one that also takes SMS (BørneTelefonen's note) before call-only lines
    talk = ranked_for("talk", "only sms")
    assert talk.index("boernetelefonen") < talk.index("livslinien")


def test_nothing_known_changes_nothing() -> None:
    for need in ("sleep", "health", "violence", "talk"):
        default = offers_for(need, tuple(OFFERS.values()), FRIDAY_NOON, GAZETTEER)
        assert [o.id for o in default] == ranked_for(need, "")
