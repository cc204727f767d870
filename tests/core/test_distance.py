"""Distances between sourced points, and how precisely each may be said (lygte/distance.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from lygte.distance import (
    EARTH_RADIUS_M,
    PRECISIONS,
    Distance,
    Point,
    between,
    coarser,
    haversine_metres,
)

#: shared/facts/coordinates.csv (KK station layer, WGS84)
HOVEDBANEGAARDEN = Point(55.67282, 12.56459, "exact", "kk")
NOERREPORT = Point(55.68350, 12.57164, "exact", "kk")
VESTAMAGER = Point(55.61936, 12.57557, "exact", "kk")
ISTEDGADE = Point(55.66954, 12.55454, "street", "wikimili")
VALBY = Point(55.66083, 12.50361, "area", "wikizero")


def chord_metres(a: Point, b: Point) -> float:
    """The same great circle computed another way: the straight chord through the sphere."""

    def unit(point: Point) -> tuple[float, float, float]:
        lat, lon = math.radians(point.lat), math.radians(point.lon)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    chord = math.dist(unit(a), unit(b))
    return 2 * EARTH_RADIUS_M * math.asin(chord / 2)


def north_of(point: Point, metres: float, precision: str = "exact") -> Point:
    """A point `metres` due north of `point` (one degree of latitude is 2*pi*R/360 metres)."""
    degree = 2 * math.pi * EARTH_RADIUS_M / 360
    return Point(point.lat + metres / degree, point.lon, precision, "test")


# ------------------------------------------------------------------------ haversine


def test_one_degree_of_latitude_is_about_111_2_km() -> None:
    a, b = Point(55.0, 12.5, "exact", "t"), Point(56.0, 12.5, "exact", "t")
    assert haversine_metres(a, b) == pytest.approx(111_195, abs=1)


def test_one_degree_of_longitude_shrinks_with_the_cosine_of_latitude() -> None:
    # On a parallel at 55.67 N one degree of longitude is ~ 111.2 km * cos(55.67) ~ 62.7 km;
    # the great circle is a little shorter than the parallel.
    a, b = Point(55.67, 12.0, "exact", "t"), Point(55.67, 13.0, "exact", "t")
    assert 62_600 < haversine_metres(a, b) < 111_195 * math.cos(math.radians(55.67))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (HOVEDBANEGAARDEN, NOERREPORT),
        (HOVEDBANEGAARDEN, VESTAMAGER),
        (NOERREPORT, VALBY),
        (ISTEDGADE, VESTAMAGER),
    ],
)
def test_haversine_agrees_with_the_chord_formula(a: Point, b: Point) -> None:
    assert haversine_metres(a, b) == pytest.approx(chord_metres(a, b), abs=0.01)
    assert haversine_metres(a, b) == pytest.approx(haversine_metres(b, a))


@pytest.mark.parametrize(
    ("a", "b", "stated"),
    [
        # distances written in coordinates.md / coordinates.csv by whoever collected them
        ((55.67282, 12.56459), (55.67122, 12.56331), 196),  # København H: S-train to metro
        ((55.70469, 12.59126), (55.70791, 12.59216), 362),  # Nordhavn: S-train to metro
        ((55.68330, 12.57176), (55.68371, 12.57152), 48),  # Nørreport
        ((55.68533, 12.49836), (55.68592, 12.49965), 104),  # Flintholm
        ((55.68124, 12.53125), (55.68090, 12.53240), 81),  # Frederiksberg M1/M2 and M3
    ],
)
def test_haversine_matches_the_distances_stated_in_the_facts(
    a: tuple[float, float], b: tuple[float, float], stated: int
) -> None:
    first, second = Point(*a, "exact", "t"), Point(*b, "exact", "t")
    assert haversine_metres(first, second) == pytest.approx(stated, abs=1.5)


def test_the_same_point_is_zero_metres_away() -> None:
    assert haversine_metres(NOERREPORT, NOERREPORT) == 0.0


# ----------------------------------------------------------------- what may be said


@pytest.mark.parametrize(
    ("metres", "shown"),
    [
        (0, "50 m"),  # never "0 m"
        (24, "50 m"),
        (324, "300 m"),
        (326, "350 m"),
        (970, "950 m"),
        (980, "1.0 km"),
        (1249, "1.2 km"),
        (1251, "1.3 km"),
        (9940, "9.9 km"),
        (9960, "10 km"),
        (12_345, "12 km"),
    ],
)
def test_exact_ends_give_metres(metres: float, shown: str) -> None:
    found = between(HOVEDBANEGAARDEN, north_of(HOVEDBANEGAARDEN, metres))
    assert found is not None and str(found) == shown and not found.about


@pytest.mark.parametrize(
    ("metres", "shown"),
    [
        (40, "about 100 m"),
        (640, "about 600 m"),
        (940, "about 900 m"),
        (960, "about 1 km"),
        (1240, "about 1 km"),
        (1260, "about 1.5 km"),
        (2400, "about 2.5 km"),
    ],
)
def test_a_street_end_gives_rounder_metres_with_about(metres: float, shown: str) -> None:
    found = between(HOVEDBANEGAARDEN, north_of(HOVEDBANEGAARDEN, metres, "street"))
    assert found is not None and str(found) == shown and found.about
    # the same either way round, and with a street at both ends
    assert between(north_of(HOVEDBANEGAARDEN, metres, "street"), HOVEDBANEGAARDEN) == found
    street = Point(HOVEDBANEGAARDEN.lat, HOVEDBANEGAARDEN.lon, "street", "t")
    assert between(street, north_of(street, metres, "street")) == found


@pytest.mark.parametrize(
    ("metres", "shown"),
    [(0, "about 1 km"), (200, "about 1 km"), (1400, "about 1 km"), (2600, "about 3 km")],
)
@pytest.mark.parametrize("other", ["exact", "address", "street", "area"])
def test_an_area_end_gives_about_whole_km(metres: float, shown: str, other: str) -> None:
    origin = Point(VALBY.lat, VALBY.lon, other, "t")
    found = between(origin, north_of(VALBY, metres, "area"))
    assert found is not None and str(found) == shown and found.unit == "km" and found.about
    assert between(north_of(VALBY, metres, "area"), origin) == found


def test_an_address_is_as_precise_as_an_exact_point() -> None:
    address = Point(NOERREPORT.lat, NOERREPORT.lon, "address", "t")
    assert between(HOVEDBANEGAARDEN, address) == between(HOVEDBANEGAARDEN, NOERREPORT)


def test_real_places_from_the_central_station() -> None:
    assert str(between(HOVEDBANEGAARDEN, NOERREPORT)) == "1.3 km"
    assert str(between(HOVEDBANEGAARDEN, VESTAMAGER)) == "6.0 km"
    assert str(between(HOVEDBANEGAARDEN, ISTEDGADE)) == "about 700 m"
    assert str(between(HOVEDBANEGAARDEN, VALBY)) == "about 4 km"


def test_metres_are_exact_for_sorting_only_the_figure_is_rounded() -> None:
    near = between(HOVEDBANEGAARDEN, north_of(HOVEDBANEGAARDEN, 1210))
    far = between(HOVEDBANEGAARDEN, north_of(HOVEDBANEGAARDEN, 1240))
    assert near is not None and far is not None
    assert str(near) == str(far) == "1.2 km"
    assert (near.metres, far.metres) == (1210, 1240)
    area = between(HOVEDBANEGAARDEN, VALBY)
    assert area is not None
    assert area.metres == round(haversine_metres(HOVEDBANEGAARDEN, VALBY)) and area.shown == 4000


@pytest.mark.parametrize(
    ("origin", "target"),
    [(None, NOERREPORT), (NOERREPORT, None), (None, None)],
)
def test_no_distance_without_both_points(origin: Point | None, target: Point | None) -> None:
    assert between(origin, target) is None


def test_an_unknown_precision_is_an_error_not_a_guess() -> None:
    odd = Point(55.7, 12.5, "postcode", "t")
    with pytest.raises(ValueError, match="unknown precision 'postcode'"):
        between(NOERREPORT, odd)
    with pytest.raises(ValueError):
        coarser("exact", "")


def test_precisions_are_ordered_finest_first() -> None:
    assert PRECISIONS == ("exact", "address", "street", "area")
    assert coarser("exact", "address") == "address"
    assert coarser("area", "street") == "area"
    assert coarser("street", "exact") == "street"


def test_any_object_with_lat_lon_and_precision_works() -> None:
    @dataclass(frozen=True)
    class Coordinates:  # the shape of an offer's coordinates in lygte/catalogue/model.py
        lat: float
        lon: float
        precision: str
        source: str

    offer = Coordinates(NOERREPORT.lat, NOERREPORT.lon, "exact", "t")
    loose = SimpleNamespace(lat=NOERREPORT.lat, lon=NOERREPORT.lon, precision="exact")
    assert between(HOVEDBANEGAARDEN, offer) == between(HOVEDBANEGAARDEN, loose)
    assert between(HOVEDBANEGAARDEN, offer) == between(HOVEDBANEGAARDEN, NOERREPORT)


@pytest.mark.parametrize(
    ("distance", "template", "dot", "comma"),
    [
        (Distance(340, 350, "m", False), "m", "350", "350"),
        (Distance(1267, 1300, "km", False), "km", "1.3", "1,3"),
        (Distance(5984, 6000, "km", False), "km", "6.0", "6,0"),
        (Distance(12_345, 12_000, "km", False), "km", "12", "12"),
        (Distance(640, 600, "m", True), "about_m", "600", "600"),
        (Distance(1300, 1500, "km", True), "about_km", "1.5", "1,5"),
        (Distance(4050, 4000, "km", True), "about_km", "4", "4"),
    ],
)
def test_template_and_figure(distance: Distance, template: str, dot: str, comma: str) -> None:
    assert distance.template == template
    assert distance.figure() == dot
    assert distance.figure(",") == comma
