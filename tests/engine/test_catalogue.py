"""Tests for the offers catalogue (offers/*.yml) and its loader actions/catalogue.py."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.catalogue import (
    DEFAULT_DIR,
    NEEDS,
    Address,
    CatalogueError,
    Offer,
    load_catalogue,
    main,
    validate_catalogue,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


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


def test_every_need_has_an_offer_except_cvr(offers: tuple[Offer, ...]) -> None:
    served = {need for offer in offers for need in offer.needs}
    # register_cvr has no offer on purpose: the facts only give guidance ("register on
    # virk.dk with your private MitID; free"), not a reachable place or phone line, and the
    # contact details of Københavns Erhvervshus / Erhvervshus Hovedstaden are unknown.
    # That guidance belongs in a response template, not in the offers catalogue.
    # debt and money_benefits are covered (Den Sociale Retshjælps Fond, Jobcenter).
    assert set(NEEDS) - served == {"register_cvr"}


def test_no_confirmed_hours_without_hours(offers: tuple[Offer, ...]) -> None:
    assert [o.id for o in offers if o.hours_confirmed and o.opening_hours is None] == []


def test_no_coordinates_yet(offers: tuple[Offer, ...]) -> None:
    # The facts file has no trustworthy coordinates (to be geocoded with DAWA later).
    assert [o.id for o in offers if o.coordinates is not None] == []


def test_every_offer_is_reachable_and_sourced(offers: tuple[Offer, ...]) -> None:
    for offer in offers:
        assert offer.address or offer.phone or offer.mobile, offer.id
        assert offer.sources and all(s.url.startswith("http") for s in offer.sources)
        assert set(offer.description) >= {"da", "en"}
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
        "audience": {"genders": ["all"], "min_age": None, "note": None},
        "anonymous": "unknown",
        "address": {"street": "Lille Istedgade 2", "postcode": "1706", "city": "København V"},
        "mobile": False,
        "coordinates": None,
        "opening_hours": "Mo-Fr 10:00-13:00",
        "hours_confirmed": False,
        "phone": "+45 33 17 41 22",
        "languages": ["da"],
        "description": {"da": "Mad og hvile. Æble, øl, å, é.", "en": "Food and rest."},
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
    assert offer.describe("ro") == "Food and rest."


def test_coordinates_inside_copenhagen_accepted(tmp_path: Path) -> None:
    data = good_offer()
    data["coordinates"] = {"lat": 55.67, "lon": 12.56}
    write_offer(tmp_path, data)
    assert validate_catalogue(tmp_path) == []
    (offer,) = load_catalogue(tmp_path)
    assert offer.coordinates is not None and offer.coordinates.lat == 55.67


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
    ("unknown gender", _set("audience", "genders", ["female"]), "unknown value(s) ['female']"),
    ("unknown anonymous", _set("anonymous", "maybe"), "anonymous 'maybe' is not one of"),
    ("unknown status", _set("status", "open"), "status 'open' is not one of"),
    ("min_age not int", _set("audience", "min_age", "18"), "min_age must be an integer"),
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
        _set("coordinates", {"lat": 56.16, "lon": 10.2}),
        "outside Greater Copenhagen",
    ),
    ("coordinates lon outside", _set("coordinates", {"lat": 55.7, "lon": 12.9}), "coordinates.lon"),
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
        [sys.executable, "-m", "actions.catalogue"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("offers OK")


def test_module_does_not_import_rasa() -> None:
    code = (
        "import sys, actions.catalogue; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
