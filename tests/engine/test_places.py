"""The places gazetteer: spellings people type resolve to the right place, offline."""

from __future__ import annotations

import pytest

from actions.places import load_gazetteer, spellings_of, validate_gazetteer

GAZETTEER = load_gazetteer()

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


def test_the_validator_refuses_coordinates_and_unknown_areas() -> None:
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
    assert any("coordinates are not allowed" in p for p in problems)
    assert any("unknown area 'atlantis'" in p for p in problems)


def test_the_gazetteer_covers_districts_postcodes_and_stations() -> None:
    kinds = [place.kind for place in GAZETTEER.places.values()]
    assert kinds.count("station") >= 50
    assert len(GAZETTEER.areas) == 11  # ten official districts and Frederiksberg
    assert len(GAZETTEER.postcodes) > 500
    assert GAZETTEER.default_place.id == "hovedbanegaarden"


def _raw() -> dict:
    import yaml

    from actions.places import DEFAULT_FILE

    return yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
