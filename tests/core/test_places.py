"""The places gazetteer: spellings people type resolve to the right place, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lygte.distance import Point, between
from lygte.places import DEFAULT_FILE, load_gazetteer, spellings_of, validate_gazetteer

GAZETTEER = load_gazetteer()
#: The source of every station point (coordinates.csv, source_url of the KK station rows).
KK_STATIONS = "amoratoc/bolig/databases/kbh.py@31b79372c831c2d68137a0ddee7388cd28588e48"

SPELLINGS = [
    # stations, with and without æ ø å, "st", "station", misspelt. A station named after its
    # district ("valby st") resolves to the district: the same area, so the same ranking.
    ("nørreport", "noerreport"),
    ("Nørreport st.", "noerreport"),
    ("norreport", "noerreport"),
    ("noerreport station", "noerreport"),
    ("nørport", "noerreport"),
    ("noreport", "noerreport"),
    ("NØRREPORT", "noerreport"),
    ("norreprt", "noerreport"),
    ("hovedbanegården", "hovedbanegaarden"),
    ("hovedbanegaarden", "hovedbanegaarden"),
    ("hovedbanegarden", "hovedbanegaarden"),
    ("hovedbanen", "hovedbanegaarden"),
    ("hovebanegården", "hovedbanegaarden"),
    ("kbh h", "hovedbanegaarden"),
    ("København H", "hovedbanegaarden"),
    ("kobenhavn h", "hovedbanegaarden"),
    ("central station", "hovedbanegaarden"),
    ("main station", "hovedbanegaarden"),
    ("banegården", "hovedbanegaarden"),
    ("hbg", "hovedbanegaarden"),
    ("enghave st", "enghave"),
    ("enghave station", "enghave"),
    ("enghave plads", "enghave-plads"),
    ("enghaveplads", "enghave-plads"),
    ("enghave pl", "enghave-plads"),
    ("dybbølsbro", "dybboelsbro"),
    ("dybbolsbro", "dybboelsbro"),
    ("dybølsbro", "dybboelsbro"),
    ("vesterport", "vesterport"),
    ("østerport", "oesterport"),
    ("osterport", "oesterport"),
    ("oesterport", "oesterport"),
    ("kongens nytorv", "kongens-nytorv"),
    ("kgs nytorv", "kongens-nytorv"),
    ("kgs. nytorv", "kongens-nytorv"),
    ("kongens nytorf", "kongens-nytorv"),
    ("rådhuspladsen", "raadhuspladsen"),
    ("radhuspladsen", "raadhuspladsen"),
    ("raadhuspladsen", "raadhuspladsen"),
    ("city hall", "raadhuspladsen"),
    ("christianshavn st", "christianshavn"),
    ("islands brygge st", "islands-brygge"),
    ("valby st", "valby"),
    ("vanløse st", "vanloese"),
    ("nørrebro st", "noerrebro"),
    ("norrebro station", "noerrebro"),
    ("svanemøllen", "svanemoellen"),
    ("svanemollen", "svanemoellen"),
    ("ny ellebjerg", "ny-ellebjerg"),
    ("sjælør", "sjaeloer"),
    ("sjalor", "sjaeloer"),
    ("sjaeloer", "sjaeloer"),
    ("femøren", "femoeren"),
    ("øresund", "oeresund"),
    ("oresund", "oeresund"),
    ("lergravsparken", "lergravsparken"),
    ("bella center", "bella-center"),
    ("bellacenter", "bella-center"),
    ("dr byen", "dr-byen"),
    ("frederiksberg allé", "frederiksberg-alle"),
    ("frederiksberg alle", "frederiksberg-alle"),
    ("aksel møllers have", "aksel-moellers-have"),
    ("aksel mollers have", "aksel-moellers-have"),
    ("nuuks plads", "nuuks-plads"),
    ("nørrebros runddel", "noerrebros-runddel"),
    ("norrebros runddel", "noerrebros-runddel"),
    ("poul henningsens plads", "poul-henningsens-plads"),
    ("marmorkirken", "marmorkirken"),
    ("gammel strand", "gammel-strand"),
    ("gl strand", "gammel-strand"),
    ("mozarts plads", "mozarts-plads"),
    ("sluseholmen", "sluseholmen"),
    # districts and neighbourhoods
    ("vesterbro", "vesterbro"),
    ("Vesterbro", "vesterbro"),
    ("vestebro", "vesterbro"),
    ("westerbro", "vesterbro"),
    ("vesterbrø", "vesterbro"),
    ("nørrebro", "noerrebro"),
    ("norrebro", "noerrebro"),
    ("nørebro", "noerrebro"),
    ("noerrebro", "noerrebro"),
    ("nörrebro", "noerrebro"),
    ("østerbro", "oesterbro"),
    ("osterbro", "oesterbro"),
    ("oesterbro", "oesterbro"),
    ("nordvest", "nordvest"),
    ("nord vest", "nordvest"),
    ("kbh nv", "nordvest"),
    ("sydhavn", "sydhavn"),
    ("sydhavnen", "sydhavn"),
    ("south harbour", "sydhavn"),
    ("christianshavn", "christianshavn"),
    ("kristianshavn", "christianshavn"),
    ("christianhavn", "christianshavn"),
    ("christiania", "christiania"),
    ("amager", "amager"),
    ("amagerbro", "amagerbro"),
    ("islands brygge", "islands-brygge"),
    ("ørestad", "oerestad"),
    ("orestad", "oerestad"),
    ("valby", "valby"),
    ("vanløse", "vanloese"),
    ("vanlose", "vanloese"),
    ("vanloese", "vanloese"),
    ("brønshøj", "broenshoej"),
    ("bronshoj", "broenshoej"),
    ("bispebjerg", "bispebjerg"),
    ("frederiksberg", "frederiksberg"),
    ("fredriksberg", "frederiksberg"),
    ("frb", "frederiksberg"),
    ("indre by", "indre-by"),
    ("city centre", "indre-by"),
    ("kødbyen", "koedbyen"),
    ("kodbyen", "koedbyen"),
    ("tingbjerg", "tingbjerg"),
    # streets and squares
    ("istedgade", "istedgade"),
    ("isted gade", "istedgade"),
    ("istegade", "istedgade"),
    ("lille istedgade", "lille-istedgade"),
    ("halmtorvet", "halmtorvet"),
    ("halmtorv", "halmtorvet"),
    ("helgolandsgade", "helgolandsgade"),
    ("colbjørnsensgade", "colbjoernsensgade"),
    ("colbjornsensgade", "colbjoernsensgade"),
    ("vesterbrogade", "vesterbrogade"),
    ("vesterbros torv", "vesterbros-torv"),
    ("nørrebrogade", "noerrebrogade"),
    ("norrebrogade", "noerrebrogade"),
    ("blågårds plads", "blaagaards-plads"),
    ("blagards plads", "blaagaards-plads"),
    ("strøget", "stroeget"),
    ("stroget", "stroeget"),
    ("sønder boulevard", "soender-boulevard"),
    ("sdr boulevard", "soender-boulevard"),
    ("amagerbrogade", "amagerbrogade"),
    ("baggesensgade", "baggesensgade"),
    ("reventlowsgade", "reventlowsgade"),
    ("blegdamsvej", "blegdamsvej"),
    # post towns and postcodes
    ("1706", "post-koebenhavn-v"),
    ("2450", "post-koebenhavn-sv"),
    ("2200", "post-koebenhavn-n"),
    ("2400", "post-koebenhavn-nv"),
    ("2100", "post-koebenhavn-oe"),
    ("2300", "post-koebenhavn-s"),
    ("2500", "post-valby"),
    ("2720", "post-vanloese"),
    ("1050", "post-koebenhavn-k"),
    ("1850", "post-frederiksberg-c"),
    ("2000", "post-frederiksberg"),
    ("kbh v", "post-koebenhavn-v"),
    ("københavn v", "post-koebenhavn-v"),
    ("kobenhavn sv", "post-koebenhavn-sv"),
    ("københavn n", "post-koebenhavn-n"),
]


def test_enough_spellings_are_tested() -> None:
    assert len(SPELLINGS) >= 100


@pytest.mark.parametrize(("text", "place_id"), SPELLINGS)
def test_spelling_resolves(text: str, place_id: str) -> None:
    place = GAZETTEER.resolve(text)
    assert place is not None and place.id == place_id


@pytest.mark.parametrize(
    ("text", "place_id", "span"),
    [
        ("jeg er ved nørreport", "noerreport", "nørreport"),
        ("near enghave st", "enghave", "enghave st"),
        ("shower near nørreport", "noerreport", "nørreport"),
        ("Jeg står på Istedgade lige nu", "istedgade", "Istedgade"),
        ("i'm at the central station", "hovedbanegaarden", "the central station"),
        ("bad i nærheden af kgs nytorv?", "kongens-nytorv", "kgs nytorv"),
        ("sove, 2450", "post-koebenhavn-sv", "2450"),
        ("er på lille istedgade", "lille-istedgade", "lille istedgade"),
        ("by enghave plads", "enghave-plads", "enghave plads"),
    ],
)
def test_place_is_found_inside_a_sentence(text: str, place_id: str, span: str) -> None:
    match = GAZETTEER.find(text)
    assert match is not None and match.place.id == place_id
    assert text[match.start : match.end] == span == match.text


@pytest.mark.parametrize(
    "text",
    [
        "i need a shower",
        "jeg har brug for et bad",
        "hvornår åbner de?",
        "is it open now?",
        "more",
        "mere",
        "ring 1813",
        "1888",
        "9999",
        "hej",
        "tak for hjælpen",
        "health center",
        "legal help",
        "",
    ],
)
def test_no_place_in_ordinary_messages(text: str) -> None:
    assert GAZETTEER.find(text) is None


def test_spellings_cover_missing_danish_letters() -> None:
    assert {"noerrebro", "norrebro"} <= spellings_of("Nørrebro")
    assert {"raadhuspladsen", "radhuspladsen"} <= spellings_of("Rådhuspladsen")
    assert {"sjaeloer", "sjalor", "sjelor"} <= spellings_of("Sjælør")
    assert spellings_of("Valby st.") == {"valby"}


def test_every_area_a_place_names_is_declared_and_neighbours_are_mutual() -> None:
    assert validate_gazetteer(_raw()) == []
    for area in GAZETTEER.areas:
        for other in GAZETTEER.neighbours(area):
            assert area in GAZETTEER.neighbours(other)


def test_the_validator_refuses_bare_coordinates_and_unknown_areas() -> None:
    data = _raw()
    data["places"].append(
        {
            "id": "x",
            "name": "X",
            "kind": "station",
            "areas": ["atlantis"],
            "source": "name",
            "lat": 55.7,
        }
    )
    problems = validate_gazetteer(data)
    assert "place x: write coordinates as point: {lat, lon, ...}" in problems
    assert any("unknown area 'atlantis'" in p for p in problems)


# ------------------------------------------------------------------------- points


def test_the_default_place_has_its_exact_station_point() -> None:
    point = GAZETTEER.default_place.point
    assert point is not None
    # coordinates.csv, row "Hovedbanegården" (KK station layer, feature id 1)
    assert (point.lat, point.lon, point.precision) == (55.67282, 12.56459, "exact")
    assert point.source == KK_STATIONS


@pytest.mark.parametrize(
    ("place_id", "lat", "lon", "precision"),
    [
        # one row of each kind in shared/facts/coordinates.csv, copied here by hand
        ("noerreport", 55.68350, 12.57164, "exact"),  # midpoint of the S-train and metro
        ("mozarts-plads", 55.64906, 12.53402, "exact"),  # danskejernbaner.dk
        ("istedgade", 55.66954, 12.55454, "street"),
        ("vesterbrogade", 55.67167, 12.54667, "street"),
        ("valby", 55.66083, 12.50361, "area"),
        ("nordvest", 55.71667, 12.53333, "area"),  # the same article as Bispebjerg
        ("oerestad", 55.63972, 12.57944, "area"),
    ],
)
def test_points_are_the_csv_rows(place_id: str, lat: float, lon: float, precision: str) -> None:
    point = GAZETTEER.places[place_id].point
    assert point is not None
    assert (point.lat, point.lon, point.precision) == (lat, lon, precision)
    assert point.source


def test_which_places_have_points() -> None:
    stations = [p for p in GAZETTEER.places.values() if p.kind == "station"]
    without = sorted(p.id for p in stations if p.point is None)
    # coordinates.md: no citable point for these three
    assert without == ["enghave", "enghave-brygge", "havneholmen"]
    assert all(p.point.precision == "exact" for p in stations if p.point)
    streets = {p.id for p in GAZETTEER.places.values() if p.point and p.kind == "street"}
    assert streets == {"istedgade", "vesterbrogade"}
    # No area point for Indre By or Vesterbro; no post town has a point.
    assert set(GAZETTEER.area_points) == set(GAZETTEER.areas) - {"indre-by", "vesterbro"}
    assert all(p.point is None for p in GAZETTEER.places.values() if p.kind == "post_town")
    # A district place reuses its area's point (one YAML anchor, one fact).
    assert GAZETTEER.places["valby"].point == GAZETTEER.area_points["valby"]


@pytest.mark.parametrize(
    ("place_id", "expected"),
    [
        ("noerreport", "noerreport"),  # its own point
        ("jagtvej", "area:noerrebro"),  # a street in one area, no point: the area's
        ("post-valby", "area:valby"),  # postcode 2500
        ("tagensvej", None),  # two areas: no single point
        ("indre-by", None),  # its area has no point
        ("enghave", None),  # Vesterbro: no point
        ("groendal", "groendal"),  # no area known, but a station point of its own
        ("hvidovre", None),  # no area known, no point
    ],
)
def test_point_for_falls_back_to_the_only_area(place_id: str, expected: str | None) -> None:
    point = GAZETTEER.point_for(GAZETTEER.places[place_id])
    if expected is None:
        assert point is None
    elif expected.startswith("area:"):
        assert point == GAZETTEER.area_points[expected[5:]]
        assert point is not None and point.precision == "area"
    else:
        assert point is GAZETTEER.places[expected].point


def test_distance_from_the_default_place_to_a_station() -> None:
    found = between(GAZETTEER.default_place.point, GAZETTEER.places["noerreport"].point)
    assert found is not None and str(found) == "1.3 km"


POINT = {"lat": 55.7, "lon": 12.5, "precision": "exact", "source": "https://example.org/x"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"precision": "rough"},
            "point.precision 'rough' is not one of exact, address, street, area",
        ),
        ({"precision": None}, "point.precision None is not one of"),
        ({"lat": 56.2}, "point.lat 56.2 is outside Greater Copenhagen (55.55-55.8)"),
        ({"lon": 12.25}, "point.lon 12.25 is outside Greater Copenhagen (12.3-12.7)"),
        ({"lat": 12.56, "lon": 55.67}, "point.lat 12.56 is outside Greater Copenhagen"),
        ({"lat": "55.7"}, "point.lat must be a number, not '55.7'"),
        ({"lon": True}, "point.lon must be a number"),
        ({"source": None}, "point.source is required"),
        ({"source": "  "}, "point.source is required"),
        ({"accuracy": 10}, "point has unknown key 'accuracy'"),
    ],
)
def test_a_bad_point_is_refused_with_a_clear_message(change: dict, message: str) -> None:
    data = _raw()
    point = {key: value for key, value in {**POINT, **change}.items() if value is not None}
    data["places"].append(_station("bad", point))
    problems = validate_gazetteer(data)
    assert problems and all(problem.startswith("place bad: point") for problem in problems)
    assert any(message in problem for problem in problems)


def test_a_point_without_source_or_lat_is_refused() -> None:
    data = _raw()
    data["places"].append(_station("bad", {"lon": 12.5, "precision": "exact"}))
    problems = validate_gazetteer(data)
    assert "place bad: point.lat must be a number, not None" in problems
    assert "place bad: point.source is required (where the coordinate was read)" in problems


def test_area_points_and_the_default_place_are_checked() -> None:
    data = _raw()
    data["areas"]["valby"] = {**data["areas"]["valby"], "point": {**POINT, "precision": "city"}}
    data["point_sources"] = {"empty": ""}
    data["places"] = [
        {key: value for key, value in entry.items() if key != "point"}
        if entry["id"] == "hovedbanegaarden"
        else entry
        for entry in data["places"]
    ]
    problems = validate_gazetteer(data)
    assert any(p.startswith("area valby: point.precision 'city'") for p in problems)
    assert "point_sources empty: must be the source's address or reference" in problems
    assert "default_place must have a point of precision exact" in problems
    data["places"].append(_station("odd", "55.7, 12.5"))
    assert "place odd: point must be a mapping {lat, lon, precision, source}" in (
        validate_gazetteer(data)
    )


def test_loading_a_bad_file_fails_with_every_problem(tmp_path: Path) -> None:
    data = _raw()
    data["places"].append(_station("bad", {**POINT, "lat": 57.0, "source": ""}))
    path = tmp_path / "places.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_gazetteer(path)
    assert "point.lat 57.0 is outside Greater Copenhagen" in str(error.value)
    assert "point.source is required" in str(error.value)


def test_a_good_point_loads_onto_the_place(tmp_path: Path) -> None:
    data = _raw()
    data["places"].append(_station("new-st", {**POINT, "precision": "address"}))
    path = tmp_path / "places.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    place = load_gazetteer(path).places["new-st"]
    assert place.point == Point(55.7, 12.5, "address", "https://example.org/x")


def _station(place_id: str, point: object) -> dict:
    return {
        "id": place_id,
        "name": place_id.title(),
        "kind": "station",
        "areas": [],
        "source": "name",
        "point": point,
    }


def test_the_gazetteer_covers_districts_postcodes_and_stations() -> None:
    kinds = [place.kind for place in GAZETTEER.places.values()]
    assert kinds.count("station") >= 50
    assert len(GAZETTEER.areas) == 11  # ten official districts and Frederiksberg
    assert len(GAZETTEER.postcodes) > 500
    assert GAZETTEER.default_place.id == "hovedbanegaarden"


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
