"""Tests for the offers catalogue (offers/*.yml) and its loader lygte/catalogue/."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lygte.catalogue import (
    DEFAULT_DIR,
    DESCRIPTION_LANGUAGES,
    NEEDS,
    PRECISIONS,
    Address,
    CatalogueError,
    Offer,
    load_catalogue,
    main,
    validate_catalogue,
)
from lygte.hours import TIMEZONE, hours_state
from lygte.selection import Catalogue

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The shared facts next to the repository (read-only; not part of a clean clone).
COORDINATES_CSV = REPO_ROOT.parent / "shared" / "facts" / "coordinates.csv"


# ----------------------------------------------------------------- the real catalogue


@pytest.fixture(scope="module")
def offers() -> tuple[Offer, ...]:
    return load_catalogue()


def test_default_dir_is_repo_offers() -> None:
    assert DEFAULT_DIR == REPO_ROOT / "offers"


def test_real_catalogue_validates() -> None:
    assert validate_catalogue() == []


def test_real_catalogue_loads_sorted(offers: tuple[Offer, ...]) -> None:
    ids = [offer.id for offer in offers]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))
    assert len(offers) >= 20


@pytest.mark.parametrize(
    ("number", "offer_id"),
    [
        ("112", "alarm-112"),
        ("114", "politi-114"),
        ("1813", "akuttelefonen-1813"),
        ("1888", "lev-uden-vold-1888"),
        ("+45 70 20 25 50", "center-mod-menneskehandel"),
        ("116 006", "offerraadgivningen"),
        ("116 111", "boernetelefonen"),
        ("+45 70 201 201", "livslinien"),
        ("+45 35 30 17 17", "dialog-mod-vold"),
        ("+45 33 33 00 47", "danner"),
    ],
)
def test_national_lines_present(offers: tuple[Offer, ...], number: str, offer_id: str) -> None:
    by_id = {offer.id: offer for offer in offers}
    assert offer_id in by_id
    line = by_id[offer_id]
    assert line.phone == number
    assert line.address is None
    assert line.mobile is False


def test_social_emergency_services_present(offers: tuple[Offer, ...]) -> None:
    by_id = {offer.id: offer for offer in offers}
    assert by_id["den-sociale-doegnvagt"].opening_hours == "24/7"
    assert by_id["hjemloese-og-udsatteenheden"].phone == "+45 33 17 41 22"
    assert by_id["sociolancen"].phone == "112"
    assert by_id["sociolancen"].mobile is True


def served_by(offers: tuple[Offer, ...], need: str) -> set[str]:
    return {offer.id for offer in offers if need in offer.needs}


def test_every_need_has_an_offer(offers: tuple[Offer, ...]) -> None:
    # register_cvr is served by Erhvervshus Hovedstaden since part 2 of the facts gave its
    # address and phone; the CVR steps themselves are a guidance template.
    assert {need for need in NEEDS if not served_by(offers, need)} == set()
    assert served_by(offers, "register_cvr") == {"erhvervshus-hovedstaden"}


def test_emergency_numbers_serve_no_need(offers: tuple[Offer, ...]) -> None:
    # 112 belongs in the danger lead, never as "place number 1" for a non-urgent need.
    by_id = {offer.id: offer for offer in offers}
    assert by_id["alarm-112"].needs == ()
    assert by_id["sociolancen"].needs == ()
    assert [o.id for o in offers if o.phone == "112" and o.needs] == []


@pytest.mark.parametrize(
    ("need", "must", "must_not"),
    [
        # places that test, not the assault centre or 1813
        (
            "sexual_health",
            {"bispebjerg-koensygdomme"},
            {"akuttelefonen-1813", "center-for-seksuelle-overgreb"},
        ),
        # a suicide-prevention line; a violence line is not "talk" for everyone
        ("talk", {"livslinien"}, {"lev-uden-vold-1888", "alarm-112"}),
        ("health", {"akuttelefonen-1813"}, {"alarm-112", "sociolancen"}),
        ("want_to_leave", {"livarehab", "reden-koebenhavn", "center-mod-menneskehandel"}, set()),
        ("violence", {"offerraadgivningen", "lev-uden-vold-1888"}, {"alarm-112"}),
        ("need_shower", {"morgencafe-for-hjemloese", "reden-koebenhavn"}, set()),
        ("sleep", {"roede-kors-herberg-for-kvinder"}, {"sociolancen"}),
    ],
)
def test_need_lists_follow_the_sources(
    offers: tuple[Offer, ...], need: str, must: set[str], must_not: set[str]
) -> None:
    served = served_by(offers, need)
    assert must <= served, must - served
    assert not served & must_not, served & must_not


def test_sexual_health_is_the_clinics_main_purpose(offers: tuple[Offer, ...]) -> None:
    # selection.need_fit ranks an offer whose *first* need is the asked one first
    clinic = next(o for o in offers if o.id == "bispebjerg-koensygdomme")
    assert clinic.needs[0] == "sexual_health"


def test_sleep_has_a_confirmed_24_7_womens_shelter(offers: tuple[Offer, ...]) -> None:
    shelters = [
        o
        for o in offers
        if "sleep" in o.needs
        and o.audience.genders == ("women",)
        and o.opening_hours == "24/7"
        and o.hours_confirmed
        and o.address is not None
    ]
    assert [o.id for o in shelters] == ["roede-kors-herberg-for-kvinder"]


CHRISTMAS_EVE = dt.datetime(2026, 12, 24, 10, 0, tzinfo=TIMEZONE)
CHRISTMAS_DAY = dt.datetime(2026, 12, 25, 10, 0, tzinfo=TIMEZONE)


def test_holiday_hours(offers: tuple[Offer, ...]) -> None:
    by_id = {offer.id: offer for offer in offers}

    def state(offer_id: str, when: dt.datetime) -> str:
        offer = by_id[offer_id]
        return hours_state(offer.opening_hours, True, when)["state"]

    # 1813 answers on public holidays (the psychiatric team is reached through it then)
    assert state("akuttelefonen-1813", CHRISTMAS_DAY) == "open"
    # Christmas Eve is not a public holiday and no source states it: call first
    assert state("akuttelefonen-1813", CHRISTMAS_EVE) == "unknown"
    # the assault advice line (Thursday 13-15) is not "open" on Christmas Eve
    assert state("center-for-seksuelle-overgreb-raadgivning", CHRISTMAS_EVE) == "unknown"
    assert state("hjemloese-og-udsatteenheden", CHRISTMAS_DAY) == "unknown"
    # "365 dage om året - uden undtagelse"
    assert by_id["offerraadgivningen"].hours_confirmed
    assert state("offerraadgivningen", CHRISTMAS_EVE) == "always"


def test_third_party_or_conflicting_hours_are_not_confirmed(offers: tuple[Offer, ...]) -> None:
    by_id = {offer.id: offer for offer in offers}
    for offer_id in ("livslinien", "morgencafe-for-hjemloese", "boernetelefonen", "danner"):
        assert by_id[offer_id].hours_confirmed is False, offer_id
    assert by_id["livslinien"].opening_hours is None  # hours conflict: never picked


def test_under_18_services_say_so(offers: tuple[Offer, ...]) -> None:
    by_id = {offer.id: offer for offer in offers}
    assert by_id["joannahuset"].audience.max_age == 17
    assert by_id["center-for-seksuelle-overgreb-boern"].audience.max_age == 14
    # no upper age in the sources: listed as a service for under-18s, and the note says why
    assert by_id["boernetelefonen"].audience.max_age == 17
    assert "under-18s" in (by_id["boernetelefonen"].audience.note or "")


def test_no_confirmed_hours_without_hours(offers: tuple[Offer, ...]) -> None:
    assert [o.id for o in offers if o.hours_confirmed and o.opening_hours is None] == []


def test_coordinates_only_where_sourced(offers: tuple[Offer, ...]) -> None:
    placed = {o.id: o.coordinates for o in offers if o.coordinates is not None}
    assert set(placed) == {
        "center-for-seksuelle-overgreb",
        "maendenes-hjem",
        "maendenes-hjem-herberg",
        "maendenes-hjem-sundhedsklinik",
        "skyen",
    }
    # Rigshospitalet's point is the complex itself; Lille Istedgade 2 is Istedgade's point
    assert placed["center-for-seksuelle-overgreb"].precision == "exact"
    assert placed["skyen"].precision == "street"
    assert all(o.address is not None for o in offers if o.coordinates is not None)


def test_coordinates_match_the_shared_file(offers: tuple[Offer, ...]) -> None:
    if not COORDINATES_CSV.is_file():
        pytest.skip("shared/facts/coordinates.csv is not next to this checkout")
    with COORDINATES_CSV.open(encoding="utf-8") as handle:
        rows = {row["name"]: row for row in csv.DictReader(handle)}
    prefix = "shared/facts/coordinates.csv: "
    checked = 0
    for offer in offers:
        point = offer.coordinates
        if point is None or not point.source.startswith(prefix):
            continue
        row = rows[point.source.removeprefix(prefix)]
        assert (point.lat, point.lon) == (float(row["lat"]), float(row["lon"])), offer.id
        assert point.precision == row["precision"], offer.id
        checked += 1
    assert checked >= 1


def test_every_offer_is_reachable_and_sourced(offers: tuple[Offer, ...]) -> None:
    for offer in offers:
        assert offer.address or offer.phone or offer.mobile, offer.id
        assert offer.sources and all(s.url.startswith("http") for s in offer.sources)
        assert tuple(offer.description) == DESCRIPTION_LANGUAGES
        assert offer.closed_until is None or offer.status == "temporarily_closed"


def test_address_one_line() -> None:
    full = Address(street="Lille Istedgade 2", postcode="1706", city="København V")
    assert full.one_line() == "Lille Istedgade 2, 1706 København V"
    assert Address(street="Halmtorvet 17", postcode=None, city="Vesterbro").one_line() == (
        "Halmtorvet 17, Vesterbro"
    )
    assert Address(street="Åboulevard 38").one_line() == "Åboulevard 38"


# ------------------------------------------------------------ small bad catalogues


def good_offer(offer_id: str = "test-offer") -> dict[str, Any]:
    """A valid offer, as it would be read from offers/<offer_id>.yml."""
    return {
        "id": offer_id,
        "name": "Teststed",
        "organisation": "Testorganisation",
        "needs": ["food_rest", "health"],
        "audience": {"genders": ["all"], "min_age": None, "max_age": None, "note": None},
        "anonymous": "unknown",
        "address": {"street": "Lille Istedgade 2", "postcode": "1706", "city": "København V"},
        "mobile": False,
        "coordinates": None,
        "opening_hours": "Mo-Fr 10:00-13:00",
        "hours_confirmed": False,
        "phone": "+45 33 17 41 22",
        "languages": ["da"],
        "description": {
            "da": "Mad og hvile. Æble, øl, å, é.",
            "en": "Food and rest.",
            "ro": "Mâncare și odihnă, în oraș. Țară, ă, î.",
            "bg": "Храна и почивка.",
            "es": "Comida y descanso. Mañana, ¿donde? ¡Ya!",
            "th": "อาหารและที่พัก",
        },
        "status": "confirmed",
        "closed_until": None,
        "sources": [{"url": "https://example.org/offer", "note": "address"}],
        "facts_ref": "shared/facts/copenhagen-offers.md §3",
        "verified": dt.date(2026, 11, 27),
        "verified_note": "Test.",
    }


def write_offer(directory: Path, data: Any, filename: str | None = None) -> Path:
    if filename is None:
        filename = f"{data['id']}.yml"
    path = directory / filename
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def test_good_offer_validates(tmp_path: Path) -> None:
    write_offer(tmp_path, good_offer())
    assert validate_catalogue(tmp_path) == []
    (offer,) = load_catalogue(tmp_path)
    assert offer.id == "test-offer"
    assert offer.address is not None
    assert offer.address.one_line() == "Lille Istedgade 2, 1706 København V"
    assert offer.verified == dt.date(2026, 11, 27)
    assert offer.needs == ("food_rest", "health")
    assert offer.describe("en") == "Food and rest."
    assert offer.describe("th") == "อาหารและที่พัก"
    assert offer.describe("xx") == "Food and rest."  # unknown language: English


def test_a_change_that_does_not_validate_keeps_the_last_valid_catalogue(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_offer(tmp_path, good_offer())
    catalogue = Catalogue(tmp_path)
    (before,) = catalogue.offers()
    path.write_text("id: test-offer\nname: [broken", "utf-8")  # a hand edit gone wrong
    assert catalogue.offers() == (before,)  # people still get the offer
    assert catalogue.problem is not None and "test-offer.yml" in str(catalogue.problem)
    assert "last catalogue that validated" in caplog.text
    write_offer(tmp_path, good_offer() | {"name": "Nyt navn"})
    assert [offer.name for offer in catalogue.offers()] == ["Nyt navn"]
    assert catalogue.problem is None


def test_a_catalogue_that_never_validated_is_an_error(tmp_path: Path) -> None:
    write_offer(tmp_path, good_offer() | {"phone": "not a number", "mobile": "maybe"})
    with pytest.raises(CatalogueError):
        Catalogue(tmp_path).offers()


def test_lock_screen_words_are_fine_later_in_the_line(tmp_path: Path) -> None:
    data = good_offer()
    data["description"]["en"] = "Room with nurses where you can use drugs, after violence."
    data["description"]["th"] = "ห้องที่มีพยาบาล ใช้ยาเสพติดได้"
    write_offer(tmp_path, data)
    assert validate_catalogue(tmp_path) == []


@pytest.mark.parametrize("precision", PRECISIONS)
@pytest.mark.parametrize(
    "source",
    [
        "https://example.org/wiki/Place",
        "shared/facts/coordinates.csv: Lille Istedgade 2, 1706 København V (Mændenes Hjem)",
    ],
)
def test_coordinates_inside_copenhagen_accepted(
    tmp_path: Path, precision: str, source: str
) -> None:
    data = good_offer()
    data["coordinates"] = {"lat": 55.67, "lon": 12.56, "precision": precision, "source": source}
    write_offer(tmp_path, data)
    assert validate_catalogue(tmp_path) == []
    (offer,) = load_catalogue(tmp_path)
    assert offer.coordinates is not None
    assert (offer.coordinates.lat, offer.coordinates.lon) == (55.67, 12.56)
    assert (offer.coordinates.precision, offer.coordinates.source) == (precision, source)


def test_emergency_line_may_serve_no_need(tmp_path: Path) -> None:
    data = good_offer()
    data["phone"] = "112"
    data["needs"] = []
    write_offer(tmp_path, data)
    assert validate_catalogue(tmp_path) == []
    assert load_catalogue(tmp_path)[0].needs == ()


def test_max_age_loads(tmp_path: Path) -> None:
    data = good_offer()
    data["audience"]["max_age"] = 17
    write_offer(tmp_path, data)
    assert load_catalogue(tmp_path)[0].audience.max_age == 17


def test_unquoted_yes_for_anonymous_accepted(tmp_path: Path) -> None:
    data = good_offer()
    data["anonymous"] = True  # what YAML 1.1 makes of an unquoted `yes`
    write_offer(tmp_path, data)
    assert load_catalogue(tmp_path)[0].anonymous == "yes"


def _set(*path_and_value: Any) -> Callable[[dict[str, Any]], None]:
    """Mutator: set data[k1][k2]... = value."""
    *path, value = path_and_value

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(*path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _move_id_last(data: dict[str, Any]) -> None:
    data["id"] = data.pop("id")


def _no_address_phone_or_mobile(data: dict[str, Any]) -> None:
    data["address"] = None
    data["phone"] = None
    data["mobile"] = False


def _closed_until_without_status(data: dict[str, Any]) -> None:
    data["closed_until"] = dt.date(2027, 1, 1)
    data["status"] = "confirmed"


def _point(**changes: Any) -> dict[str, Any]:
    """A valid coordinates mapping with `changes` applied."""
    point: dict[str, Any] = {"lat": 55.67, "lon": 12.56, "precision": "exact"}
    point["source"] = "https://example.org/x"
    return point | changes


def _min_above_max(data: dict[str, Any]) -> None:
    data["audience"]["min_age"] = 18
    data["audience"]["max_age"] = 17


def _confirmed_hours_without_hours(data: dict[str, Any]) -> None:
    data["opening_hours"] = None
    data["hours_confirmed"] = True


BAD_OFFERS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("unknown key", _set("website", "https://example.org"), "unknown key(s): website"),
    ("missing key", _delete("facts_ref"), "missing key(s): facts_ref"),
    ("key order", _move_id_last, "not in schema order"),
    ("unknown audience key", _set("audience", "age", 18), "audience: unknown key(s): age"),
    ("missing address key", _delete("address", "city"), "address: missing key(s): city"),
    ("unknown need", _set("needs", ["shower"]), "unknown need(s): ['shower']"),
    ("no needs", _set("needs", []), "needs must be a non-empty list"),
    ("112 with needs", _set("phone", "112"), "belongs in the danger lead"),
    ("phone without +45", _set("phone", "33 17 41 22"), "not a plausible Danish number"),
    ("phone grouped oddly", _set("phone", "+45 7020 1201"), "not a plausible Danish number"),
    ("unknown gender", _set("audience", "genders", ["female"]), "unknown value(s) ['female']"),
    ("unknown anonymous", _set("anonymous", "maybe"), "anonymous 'maybe' is not one of"),
    ("unknown status", _set("status", "open"), "status 'open' is not one of"),
    ("min_age not int", _set("audience", "min_age", "18"), "min_age must be an integer"),
    ("max_age not int", _set("audience", "max_age", 17.5), "max_age must be an integer"),
    ("min_age above max_age", _min_above_max, "min_age is higher than audience.max_age"),
    ("missing max_age", _delete("audience", "max_age"), "audience: missing key(s): max_age"),
    ("mobile not bool", _set("mobile", "no"), "mobile must be true or false"),
    ("id != file name", _set("id", "other-offer"), "does not match the file name"),
    ("id not kebab-case", _set("id", "Test_Offer"), "not lowercase ascii kebab-case"),
    ("no source", _set("sources", []), "at least one source"),
    (
        "source without url",
        _set("sources", [{"url": None, "note": "x"}]),
        "url must be an http(s) URL",
    ),
    (
        "source not http",
        _set("sources", [{"url": "ftp://example.org/x", "note": "x"}]),
        "url must be an http(s) URL",
    ),
    ("verified missing", _set("verified", None), "verified date is missing"),
    ("verified not a date", _set("verified", "yesterday"), "verified must be an ISO date"),
    ("description without da", _delete("description", "da"), "description is missing 'da'"),
    ("description without en", _delete("description", "en"), "description is missing 'en'"),
    ("description without ro", _delete("description", "ro"), "description is missing 'ro'"),
    ("description without bg", _delete("description", "bg"), "description is missing 'bg'"),
    ("description without es", _delete("description", "es"), "description is missing 'es'"),
    ("description without th", _delete("description", "th"), "description is missing 'th'"),
    ("description other language", _set("description", "de", "Essen"), "unknown language"),
    ("romanian letters in da", _set("description", "da", "Mad și hvile"), "not GSM-7 basic"),
    ("spanish accent not GSM", _set("description", "es", "Clínica"), "not GSM-7 basic"),
    ("cyrillic in es", _set("description", "es", "Comida храна"), "not GSM-7 basic"),
    ("thai in bg", _set("description", "bg", "Храна อาหาร"), "not GSM-7 basic"),
    ("cedilla s in ro", _set("description", "ro", "Mâncare \u015fi odihn\u0103"), "not GSM-7"),
    ("curly quote in bg", _set("description", "bg", "\u201cХрана\u201d"), "not GSM-7 basic"),
    ("emoji in th", _set("description", "th", "อาหาร \U0001f37d"), "not GSM-7 basic"),
    ("thai too long", _set("description", "th", "ก" * 91), "91 characters"),
    ("url in ro", _set("description", "ro", "Vezi www.x.dk"), "must not contain a URL"),
    ("lock screen da", _set("description", "da", "Stofindtagelsesrum"), "sensitive word 'Stof'"),
    ("lock screen en", _set("description", "en", "Violence hotline"), "sensitive word"),
    ("lock screen en sex", _set("description", "en", "Sex workers' clinic"), "sensitive word"),
    ("lock screen ro", _set("description", "ro", "Trafic de persoane"), "sensitive word"),
    ("lock screen bg", _set("description", "bg", "Насилие: линия"), "sensitive word"),
    ("lock screen es", _set("description", "es", "Drogas: sala"), "sensitive word"),
    ("lock screen th", _set("description", "th", "ความรุนแรง สายด่วน"), "sensitive word"),
    ("lock screen spaces", _set("description", "en", "  Rape crisis line"), "sensitive word"),
    ("lock screen en hiv", _set("description", "en", "HIV testing, free"), "sensitive word 'HIV'"),
    ("lock screen th inject", _set("description", "th", "ฉีดยา ปลอดภัย"), "sensitive word"),
    (
        "description curly quote",
        _set("description", "en", "Food \u201crest\u201d"),
        "not GSM-7 basic",
    ),
    ("description en dash", _set("description", "da", "Mad \u2013 hvile"), "not GSM-7 basic"),
    ("description emoji", _set("description", "en", "Food \U0001f37d"), "not GSM-7 basic"),
    ("description extension char", _set("description", "en", "Food [ok]"), "not GSM-7 basic"),
    ("description two lines", _set("description", "en", "Food\nrest"), "single line"),
    ("description too long", _set("description", "en", "x" * 91), "91 characters"),
    ("description url", _set("description", "en", "See https://x.dk"), "must not contain a URL"),
    ("phone format", _set("phone", "33174122"), "not a plausible Danish number"),
    ("phone foreign", _set("phone", "+46 70 123 45 67"), "not a plausible Danish number"),
    ("phone unquoted", _set("phone", 112), "phone must be a quoted string"),
    ("postcode unquoted", _set("address", "postcode", 1706), "postcode must be a quoted"),
    ("no address/phone/mobile", _no_address_phone_or_mobile, "needs an address, a phone"),
    (
        "coordinates outside",
        _set("coordinates", _point(lat=56.16, lon=10.2)),
        "outside Greater Copenhagen",
    ),
    (
        "coordinates lon outside",
        _set("coordinates", _point(lon=12.9)),
        "coordinates.lon",
    ),
    (
        "coordinates without precision",
        _set("coordinates", {"lat": 55.7, "lon": 12.5, "source": "https://example.org/x"}),
        "coordinates: missing key(s): precision",
    ),
    (
        "coordinates old form",
        _set("coordinates", {"lat": 55.7, "lon": 12.5}),
        "missing key(s): precision, source",
    ),
    (
        "coordinates bad precision",
        _set("coordinates", _point(precision="postcode")),
        "coordinates.precision 'postcode' is not one of",
    ),
    (
        "coordinates source not a url",
        _set("coordinates", _point(source="Wikipedia")),
        "coordinates.source must be",
    ),
    (
        "coordinates source csv without row",
        _set("coordinates", _point(source="shared/facts/coordinates.csv: ")),
        "coordinates.source must be",
    ),
    (
        "coordinates source missing",
        _set("coordinates", _point(source=None)),
        "coordinates.source must be",
    ),
    ("closed_until without status", _closed_until_without_status, "status is not temporarily"),
    ("opening_hours empty", _set("opening_hours", "  "), "opening_hours must not be empty"),
    ("opening_hours not string", _set("opening_hours", 24), "opening_hours must be a string"),
    (
        "opening_hours two lines",
        _set("opening_hours", "Mo 10:00-12:00\nTu 10:00-12:00"),
        "single line",
    ),
    ("hours confirmed, none given", _confirmed_hours_without_hours, "hours_confirmed is true"),
    ("opening_hours bad weekday", _set("opening_hours", "Mo-Fx 10:00-13:00"), "does not parse"),
    ("opening_hours prose", _set("opening_hours", "weekdays 10 to 13"), "does not parse"),
    ("language code", _set("languages", ["dansk"]), "languages has invalid code(s)"),
]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [pytest.param(mutate, expected, id=rule) for rule, mutate, expected in BAD_OFFERS],
)
def test_validator_rule_fails(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = copy.deepcopy(good_offer())
    mutate(data)
    write_offer(tmp_path, data, filename="test-offer.yml")
    problems = validate_catalogue(tmp_path)
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith("test-offer.yml: ") for problem in problems), problems
    with pytest.raises(CatalogueError):
        load_catalogue(tmp_path)


def test_duplicate_ids(tmp_path: Path) -> None:
    write_offer(tmp_path, good_offer("same-offer"))
    write_offer(tmp_path, good_offer("same-offer"), filename="copy-of-same-offer.yml")
    problems = validate_catalogue(tmp_path)
    assert "duplicate id 'same-offer' in copy-of-same-offer.yml, same-offer.yml" in problems


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = yaml.safe_dump(good_offer(), sort_keys=False, allow_unicode=True)
    (tmp_path / "test-offer.yml").write_text(text + "status: unconfirmed\n", "utf-8")
    problems = validate_catalogue(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("test-offer.yml: cannot be read as YAML")
    assert "duplicate key 'status'" in problems[0]


def test_broken_yaml_and_wrong_extension(tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text("id: [unclosed\n", "utf-8")
    write_offer(tmp_path, good_offer(), filename="test-offer.yaml")
    problems = validate_catalogue(tmp_path)
    assert any(p.startswith("broken.yml: cannot be read as YAML") for p in problems)
    assert any(p.startswith("test-offer.yaml: offer files must end in .yml") for p in problems)


def test_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "list.yml").write_text("- id: list\n", "utf-8")
    assert validate_catalogue(tmp_path) == ["list.yml: must be a YAML mapping with the offer keys"]


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    assert any("no offer files" in p for p in validate_catalogue(tmp_path))
    assert any("not found" in p for p in validate_catalogue(tmp_path / "nope"))


def test_load_lists_all_problems_with_file_names(tmp_path: Path) -> None:
    write_offer(tmp_path, good_offer("fine-offer"))
    first = good_offer("first-offer")
    first["needs"] = ["shower"]
    write_offer(tmp_path, first)
    second = good_offer("second-offer")
    second["phone"] = "12345678"
    second["status"] = "open"
    write_offer(tmp_path, second)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    problems = caught.value.problems
    assert len(problems) == 3
    assert sum(p.startswith("first-offer.yml: ") for p in problems) == 1
    assert sum(p.startswith("second-offer.yml: ") for p in problems) == 2
    message = str(caught.value)
    assert "first-offer.yml" in message and "second-offer.yml" in message


# ---------------------------------------------------------------------- command line


def test_main_ok_and_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_offer(tmp_path, good_offer())
    assert main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "1 offers OK"

    bad = good_offer()
    bad["needs"] = ["shower"]
    write_offer(tmp_path, bad)
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "test-offer.yml: unknown need(s)" in out


def test_module_runs_on_default_catalogue() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lygte.catalogue"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("offers OK")


def test_module_does_not_import_rasa() -> None:
    code = (
        "import sys, lygte.catalogue; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
