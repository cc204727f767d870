"""The places gazetteer (``places/copenhagen.yml``): finds a place in a message, offline.

A place is a district, station, street, square or post town of Copenhagen or Frederiksberg.
Each belongs to zero or more *areas* (the official districts, plus Frederiksberg). Places and
areas may have a sourced `point` (WGS84, with a precision and its source; see
lygte/distance.py): all stations but three, two streets and fourteen districts have one.
Offers are ranked by distance where both ends have a point, else by area (same area,
neighbouring area, elsewhere). Nothing here ever leaves the machine.

Matching: the text and every name are folded to ASCII lowercase (lygte/text.fold_place_name;
each name is also tried with æ -> a/e, ø -> o, å -> a), "st"/"station" is ignored, and the
longest run of words that names a place wins; runs of five or more letters may be misspelt
(rapidfuzz's ratio >= 0.84: twice the letters the two have in common, in order, over both
lengths). A four-digit number is a postcode when the gazetteer lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from lygte.distance import Point, position_problems
from lygte.text import fold_place_name

DEFAULT_FILE: Path = Path(__file__).resolve().parent.parent / "places" / "copenhagen.yml"
SOURCES: tuple[str, ...] = ("districts", "postal", "facts", "name", "unchecked")
#: Keys of a `point` mapping (`note` is optional).
POINT_KEYS: frozenset[str] = frozenset({"lat", "lon", "precision", "source", "note"})
KINDS: tuple[str, ...] = ("district", "station", "street", "square", "town", "post_town")
#: Words that only say "station": "nørreport st" is Nørreport.
STATION_WORDS: frozenset[str] = frozenset(
    {"st", "stn", "station", "stationen", "metro", "togstation"}
)
#: Four-digit national phone numbers that are also postcodes: "1813" is the acute line.
PHONE_NUMBERS: frozenset[str] = frozenset({"1813", "1888"})
FUZZY_MIN_LETTERS = 5
FUZZY_MIN_RATIO = 0.84
#: Keys more than this many characters longer or shorter than the text are not compared.
MAX_LENGTH_GAP = 3
MAX_WORDS = 4

#: Other ways people type æ ø å (on phones without them).
_VARIANTS = {"æ": ("ae", "a", "e"), "ø": ("oe", "o"), "å": ("aa", "a"), "ö": ("oe", "o")}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Place:
    """One entry of the gazetteer."""

    id: str
    name: str
    kind: str
    areas: tuple[str, ...]
    source: str
    #: Its own sourced point (None for most streets, squares and all post towns).
    point: Point | None = None


@dataclass(frozen=True)
class Match:
    """A place found in a text, with the character span that named it."""

    place: Place
    start: int
    end: int
    text: str
    score: float


def spellings_of(name: str) -> set[str]:
    """Every folded key for a name: with each æ ø å written every usual way, 'st.' dropped."""
    lowered = name.casefold()
    slots = [_VARIANTS.get(ch, (ch,)) for ch in lowered]
    keys = set()
    for letters in product(*slots):
        words = [
            w for w in _WORD.findall(fold_place_name("".join(letters))) if w not in STATION_WORDS
        ]
        if words:
            keys.add(" ".join(words))
            keys.add("".join(words))  # "enghave plads" typed as "enghaveplads"
    return keys


class Gazetteer:
    """The places and areas of one gazetteer file, with a matcher over their spellings."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.areas: dict[str, dict[str, Any]] = dict(data["areas"])
        self.area_points: dict[str, Point] = {
            area_id: _point(area["point"])
            for area_id, area in self.areas.items()
            if area.get("point") is not None
        }
        self.places: dict[str, Place] = {}
        self.postcodes: dict[str, Place] = {}
        self._keys: dict[str, Place] = {}
        for entry in data["places"]:
            self._add(entry, entry["id"], entry["kind"])
        for town in data["post_towns"]:
            place = self._add(
                town, "post-" + fold_place_name(town["name"]).replace(" ", "-"), "post_town"
            )
            for code in town["postcodes"]:
                self.postcodes[str(code)] = place
        self.default_place: Place = self.places[data["default_place"]]
        # Fuzzy candidates by length: a key far longer or shorter than the text cannot reach
        # FUZZY_MIN_RATIO, so only a few lengths are ever compared (see _fuzzy_candidates).
        self._by_length: dict[int, list[str]] = {}
        for key in self._keys:
            if not key.isdigit():
                self._by_length.setdefault(len(key), []).append(key)

    def _add(self, entry: Mapping[str, Any], place_id: str, kind: str) -> Place:
        place = Place(
            id=place_id,
            name=entry["name"],
            kind=kind,
            areas=tuple(entry.get("areas") or ()),
            source=entry["source"],
            point=_point(entry["point"]) if entry.get("point") is not None else None,
        )
        self.places[place_id] = place
        for spelling in [entry["name"], *(entry.get("spellings") or [])]:
            for key in spellings_of(str(spelling)):
                # The first entry to claim a spelling keeps it (districts come first).
                self._keys.setdefault(key, place)
        return place

    @property
    def words(self) -> frozenset[str]:
        """Every folded word of every spelling: words that alone prove no language."""
        return frozenset(word for key in self._keys for word in key.split()) | STATION_WORDS

    def neighbours(self, area: str) -> tuple[str, ...]:
        """The areas bordering `area`."""
        return tuple(self.areas.get(area, {}).get("neighbours") or ())

    def point_for(self, place: Place) -> Point | None:
        """Where to measure from for `place`: its own point, else its only area's point.

        A place in one area without a point of its own ("Jagtvej", postcode 2500) gets the
        area's point, which has precision "area" ("about N km"). A place in several areas
        or none, or whose area has no point (Indre By, Vesterbro), gets None.
        """
        if place.point is not None:
            return place.point
        if len(place.areas) == 1:
            return self.area_points.get(place.areas[0])
        return None

    def resolve(self, text: str) -> Place | None:
        """The place a short text names ("nørreport st", "2450"), or None."""
        match = self.find(text)
        return match.place if match else None

    def find(self, text: str) -> Match | None:
        """The best place named anywhere in `text`: longest run of words first, exact first."""
        tokens = [
            (m.start(), m.end(), fold_place_name(m.group())) for m in _WORD.finditer(text or "")
        ]
        best: Match | None = None
        for size in range(min(MAX_WORDS, len(tokens)), 0, -1):
            for first in range(len(tokens) - size + 1):
                run = tokens[first : first + size]
                words = [word for _, _, word in run if word not in STATION_WORDS]
                if not words:
                    continue
                candidate = self._match_words(words)
                if candidate is None:
                    continue
                place, score = candidate
                start, end = run[0][0], run[-1][1]
                if best is None or score > best.score:
                    best = Match(place, start, end, text[start:end], score)
            if best is not None and best.score == 1.0:
                return best
        return best

    def _fuzzy_candidates(self, length: int) -> Iterator[str]:
        """The keys that can reach FUZZY_MIN_RATIO against a text of `length` characters,
        shortest first (of two equally close keys, the first one wins)."""
        for size in range(length - MAX_LENGTH_GAP, length + MAX_LENGTH_GAP + 1):
            # The ratio is at most 2*min(a, b)/(a + b): all of the shorter text in common.
            if size > 0 and 2.0 * min(size, length) / (size + length) >= FUZZY_MIN_RATIO:
                yield from self._by_length.get(size, ())

    def _match_words(self, words: list[str]) -> tuple[Place, float] | None:
        key = " ".join(words)
        if key in self._keys:
            return self._keys[key], 1.0
        if len(words) == 1 and key.isdigit():
            place = self.postcodes.get(key)
            return (place, 1.0) if place and key not in PHONE_NUMBERS else None
        if len(key.replace(" ", "")) < FUZZY_MIN_LETTERS:
            return None
        # fuzz.ratio is 2 * (letters in common, in order) / (both lengths), as a percentage.
        scored = process.extractOne(
            key,
            list(self._fuzzy_candidates(len(key))),
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_MIN_RATIO * 100,
        )
        return (self._keys[scored[0]], scored[1] / 100) if scored else None


def _point(raw: Mapping[str, Any]) -> Point:
    return Point(
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        precision=raw["precision"],
        source=raw["source"],
    )


def check_point(where: str, point: Any) -> list[str]:
    """The problems of one `point` mapping (none when it is absent or valid)."""
    if point is None:
        return []
    if not isinstance(point, dict):
        return [f"{where}: point must be a mapping {{lat, lon, precision, source}}"]
    problems = [f"{where}: point has unknown key {key!r}" for key in point if key not in POINT_KEYS]
    problems += position_problems(where, "point", point)
    source = point.get("source")
    if not isinstance(source, str) or not source.strip():
        # A point nobody can trace is an invented fact.
        problems.append(f"{where}: point.source is required (where the coordinate was read)")
    return problems


def validate_gazetteer(data: Any) -> list[str]:
    """Every problem in a parsed gazetteer file (empty when it is valid)."""
    problems: list[str] = []
    areas = data.get("areas") or {}
    for area_id, area in areas.items():
        if area.get("source") not in SOURCES:
            problems.append(f"area {area_id}: unknown source {area.get('source')!r}")
        problems += check_point(f"area {area_id}", area.get("point"))
        for other in area.get("neighbours") or []:
            if other not in areas:
                problems.append(f"area {area_id}: unknown neighbour {other!r}")
            elif area_id not in (areas[other].get("neighbours") or []):
                problems.append(f"area {area_id}: {other} does not list it back as a neighbour")
    seen: set[str] = set()
    for entry in [*data.get("places", []), *data.get("post_towns", [])]:
        label = entry.get("id") or entry.get("name")
        if "id" in entry:
            if entry["id"] in seen:
                problems.append(f"place {label}: duplicate id")
            seen.add(entry["id"])
            if entry.get("kind") not in KINDS:
                problems.append(f"place {label}: unknown kind {entry.get('kind')!r}")
        if entry.get("source") not in SOURCES:
            problems.append(f"place {label}: unknown source {entry.get('source')!r}")
        for area in entry.get("areas") or []:
            if area not in areas:
                problems.append(f"place {label}: unknown area {area!r}")
        if "lat" in entry or "lon" in entry or "coordinates" in entry:
            problems.append(f"place {label}: write coordinates as point: {{lat, lon, ...}}")
        problems += check_point(f"place {label}", entry.get("point"))
    for name, ref in (data.get("point_sources") or {}).items():
        if not isinstance(ref, str) or not ref.strip():
            problems.append(f"point_sources {name}: must be the source's address or reference")
    by_id = {entry.get("id"): entry for entry in data.get("places", [])}
    default = by_id.get(data.get("default_place"))
    if default is None:
        problems.append("default_place is not a place id")
    elif not isinstance(default.get("point"), dict) or default["point"].get("precision") != "exact":
        # Lists are ranked from it when no place is given: it needs a real point.
        problems.append("default_place must have a point of precision exact")
    return problems


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = DEFAULT_FILE) -> Gazetteer:
    """Read and validate the gazetteer file; raises ValueError listing every problem."""
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    problems = validate_gazetteer(data)
    if problems:
        raise ValueError("places gazetteer problems:\n" + "\n".join(problems))
    return Gazetteer(data)
