"""How far an offer is from the place a person gave, and how precisely that can be said.

Pure and stdlib only. Points are WGS84 latitude/longitude with a *precision* that says what
the point stands for (the same four words in places/copenhagen.yml and in offers/):

- ``exact``: the thing itself, a station (platform) point or a building; error tens of m.
- ``address``: a geocoded street address (its entrance); error tens of m.
- ``street``: the middle of a street (Istedgade is ~1 km long, Vesterbrogade ~2 km); the
  door can be several hundred metres, up to ~1 km, away.
- ``area``: a district's point (a Wikipedia article coordinate); error 1-2 km.

`between(origin, target)` measures the great-circle (haversine) distance and decides how it
may be said, from the COARSER of the two precisions:

* either point missing -> ``None``: the caller falls back to the district words
  ("your area", "next area", "further away").
* both ``exact``/``address``: metres. Under 1 km rounded to the nearest 50 m (at least
  50 m: "0 m" would be false precision), shown as "350 m"; from 1 km on, rounded to 0.1 km
  ("1.2 km"), and to whole km from 10 km on ("12 km"). Not "about".
* either ``street`` (neither ``area``): "about". Under 950 m rounded to the nearest 100 m
  (at least 100 m), e.g. "about 600 m"; from 950 m on rounded to the nearest 0.5 km, e.g.
  "about 1 km", "about 1.5 km". Why coarser: a street point can be several hundred metres
  from the door.
* either ``area``: "about N km", whole km, at least 1 km: a district point says nothing
  finer than the district.

`Distance.metres` is always the haversine value to the whole metre, for sorting; only the
shown figure (`Distance.shown`) is rounded as above. The figure is language-neutral except
for the decimal mark, which the caller chooses (`Distance.figure(",")` for Danish "1,2").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

#: Precisions from finest to coarsest; a distance is as coarse as its coarser end.
PRECISIONS: tuple[str, ...] = ("exact", "address", "street", "area")
#: Greater Copenhagen bounding box (inclusive): a point outside it is a typo.
LAT_RANGE: tuple[float, float] = (55.55, 55.80)
LON_RANGE: tuple[float, float] = (12.30, 12.70)
#: Mean Earth radius (IUGG R1), metres; the spherical error is < 0.5 % at this latitude.
EARTH_RADIUS_M = 6_371_008.8


class LatLon(Protocol):
    """Anything with a WGS84 latitude and longitude in degrees."""

    @property
    def lat(self) -> float: ...

    @property
    def lon(self) -> float: ...


class Located(LatLon, Protocol):
    """A point that also says how precise it is (one of PRECISIONS): a Place's or an offer's."""

    @property
    def precision(self) -> str: ...


def position_problems(where: str, label: str, point: Mapping[str, Any]) -> list[str]:
    """The problems of a written point's `lat`, `lon` and `precision` (its `source` and other
    keys are the caller's to check): numbers inside Greater Copenhagen, a known precision.

    `label` names the field in the messages ("point", "coordinates").
    """
    problems = []
    for key, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        value = point.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{where}: {label}.{key} must be a number, not {value!r}")
        elif not low <= value <= high:
            problems.append(
                f"{where}: {label}.{key} {value} is outside Greater Copenhagen ({low}-{high})"
            )
    if point.get("precision") not in PRECISIONS:
        problems.append(
            f"{where}: {label}.precision {point.get('precision')!r} is not one of "
            + ", ".join(PRECISIONS)
        )
    return problems


@dataclass(frozen=True)
class Point:
    """A sourced WGS84 point: `precision` is one of PRECISIONS, `source` where it was read."""

    lat: float
    lon: float
    precision: str
    source: str


@dataclass(frozen=True)
class Distance:
    """A measured distance and how it may be said.

    `metres`: unrounded haversine distance (for sorting). `shown`: the rounded metres to
    show. `unit`: "m" or "km" for `shown`. `about`: say "about"/"ca." before the figure.
    """

    metres: int
    shown: int
    unit: str
    about: bool

    @property
    def template(self) -> str:
        """The reply part's suffix: "m", "km", "about_m" or "about_km"."""
        return f"about_{self.unit}" if self.about else self.unit

    def figure(self, decimal_mark: str = ".") -> str:
        """The number to show in `unit`: "350", "1.2", "12" ("1,2" with decimal_mark=",")."""
        if self.unit == "m":
            return str(self.shown)
        if self.shown % 1000 == 0 and (self.about or self.shown >= 10_000):
            return str(self.shown // 1000)
        return f"{self.shown / 1000:.1f}".replace(".", decimal_mark)

    def __str__(self) -> str:
        """English words, for logs of ranking and for tests: "about 3 km", "350 m"."""
        return ("about " if self.about else "") + f"{self.figure()} {self.unit}"


def haversine_metres(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in metres between two WGS84 points (spherical Earth)."""
    phi_a, phi_b = math.radians(a.lat), math.radians(b.lat)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(b.lon - a.lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def coarser(a: str, b: str) -> str:
    """The coarser of two precisions; ValueError for a word not in PRECISIONS."""
    for precision in (a, b):
        if precision not in PRECISIONS:
            raise ValueError(f"unknown precision {precision!r} (expected one of {PRECISIONS})")
    return max(a, b, key=PRECISIONS.index)


def between(origin: Located | None, target: Located | None) -> Distance | None:
    """The distance from `origin` to `target` and how to say it; None when either is missing.

    See the module docstring for the rounding rules per precision.
    """
    if origin is None or target is None:
        return None
    precision = coarser(origin.precision, target.precision)
    metres = haversine_metres(origin, target)
    if precision == "area":
        return Distance(round(metres), max(1, _half_up(metres / 1000)) * 1000, "km", True)
    if precision == "street":
        shown = _step(metres, 100) if metres < 950 else _step(metres, 500)
        return _distance(metres, max(100, shown), about=True)
    shown = _step(metres, 50)
    if shown >= 1000:
        shown = _step(metres, 100) if metres < 9950 else _step(metres, 1000)
    return _distance(metres, max(50, shown), about=False)


def _distance(metres: float, shown: int, *, about: bool) -> Distance:
    return Distance(round(metres), shown, "m" if shown < 1000 else "km", about)


def _step(value: float, step: int) -> int:
    """`value` rounded half up to a multiple of `step` (Python's round() rounds half to even)."""
    return _half_up(value / step) * step


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)
