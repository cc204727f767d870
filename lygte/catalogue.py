"""The offers catalogue: one YAML file per offer in ``<repo>/offers/<id>.yml``.

This module loads the catalogue into frozen dataclasses and validates it. It is imported
by the action server (Python 3.10) and by gateway tools and tests (Python >= 3.11); both
environments have PyYAML and opening-hours-py, which checks every opening_hours value.

Unknown facts are written as ``null`` (or ``unknown`` / ``[]`` where the schema says so)
and are never guessed; see ``offers/README.md`` for the schema.

Run ``python -m lygte.catalogue [DIRECTORY]`` to validate a catalogue: it prints every
problem and exits 1, or prints ``N offers OK`` and exits 0.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from lygte.distance import PRECISIONS, position_problems
from lygte.hours import hours_problem

__all__ = [
    "ANONYMOUS_VALUES",
    "DEFAULT_DIR",
    "EMERGENCY_NUMBERS",
    "GENDERS",
    "DESCRIPTION_LANGUAGES",
    "NEEDS",
    "PRECISIONS",
    "STATUSES",
    "Address",
    "Audience",
    "CatalogueError",
    "Coordinates",
    "Offer",
    "Source",
    "is_gsm7_basic",
    "load_catalogue",
    "main",
    "validate_catalogue",
]

_REPO_ROOT = Path(__file__).resolve().parent.parent
#: The catalogue: OFFERS_DIR when set (relative to the project root), else the shipped one.
DEFAULT_DIR: Path = _REPO_ROOT / os.environ.get("OFFERS_DIR", "offers")

#: Need intents (names fixed: the domain, statistics and staff tools use them).
NEEDS: tuple[str, ...] = (
    "need_shower",
    "want_to_leave",
    "register_cvr",
    "legal_help",
    "health",
    "sexual_health",
    "drugs",
    "sleep",
    "food_rest",
    "violence",
    "trafficking",
    "money_benefits",
    "debt",
    "talk",
)

GENDERS: tuple[str, ...] = ("women", "men", "trans", "all")
ANONYMOUS_VALUES: tuple[str, ...] = ("yes", "no", "unknown")
STATUSES: tuple[str, ...] = ("confirmed", "unconfirmed", "temporarily_closed")

#: The six languages of the line: every description has exactly these.
DESCRIPTION_LANGUAGES: tuple[str, ...] = ("da", "en", "ro", "bg", "es", "th")
MAX_DESCRIPTION_LENGTH = 90

#: A coordinate's source: a public page, or a row of the shared coordinates file.
COORDINATES_FILE = "shared/facts/coordinates.csv"

#: An offer may serve no need only when it is reached through 112: emergency numbers belong
#: in the danger lead, never as "place number 1" for a non-urgent need.
EMERGENCY_NUMBER = "112"
#: Numbers that are a route in an emergency: they lead the danger answer, and the line never
#: tells anyone to ring one "first" to ask about opening hours (bot/replies.py, followup.py).
EMERGENCY_NUMBERS: frozenset[str] = frozenset({EMERGENCY_NUMBER})

#: Top-level keys of an offer file, in the required order.
OFFER_KEYS: tuple[str, ...] = (
    "id",
    "name",
    "organisation",
    "needs",
    "audience",
    "anonymous",
    "address",
    "mobile",
    "coordinates",
    "opening_hours",
    "hours_confirmed",
    "phone",
    "languages",
    "description",
    "status",
    "closed_until",
    "sources",
    "facts_ref",
    "verified",
    "verified_note",
)
AUDIENCE_KEYS: tuple[str, ...] = ("genders", "min_age", "max_age", "note")
ADDRESS_KEYS: tuple[str, ...] = ("street", "postcode", "city")
COORDINATE_KEYS: tuple[str, ...] = ("lat", "lon", "precision", "source")
SOURCE_KEYS: tuple[str, ...] = ("url", "note")

#: The GSM 03.38 basic character set (without the escape and extension table).
GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

#: Letters each description language may use besides GSM-7 basic. The gateway sends
#: Romanian with diacritics on Signal and transliterates them for SMS; Bulgarian and Thai
#: go as UCS-2 anyway.
_EXTRA_LETTERS: Mapping[str, str] = MappingProxyType(
    {
        "da": "",
        "en": "",
        "es": "",
        "ro": "ăâîșțĂÂÎȘȚ",
        "bg": "".join(chr(code) for code in range(0x0400, 0x0460)),
        "th": "".join(chr(code) for code in range(0x0E01, 0x0E5C)),
    }
)

#: Words a description must not start with: the first words of an SMS show on the lock
#: screen, so they must not name a sensitive topic (they may come later in the line).
#: Lowercase prefixes, matched against the start of the lowercased description.
LOCK_SCREEN_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "da": (
            "stof",
            "narko",
            "fix",
            "vold",
            "overgreb",
            "menneskehandel",
            "sex",
            "seksu",
            "prostitu",
            "misbrug",
            "hiv",
            "kønssygdom",
        ),
        "en": (
            "drug",
            "inject",
            "violen",
            "rape",
            "assault",
            "abuse",
            "traffick",
            "sex",
            "prostitut",
            "hiv",
            "sti ",
            "stis",
        ),
        "ro": (
            "drog",
            "inject",
            "violen",
            "viol",
            "agresiun",
            "abuz",
            "trafic",
            "sex",
            "prostitu",
            "hiv",
            "boli venerice",
        ),
        "bg": (
            "нарко",
            "дрог",
            "инжект",
            "насил",
            "изнасил",
            "нападение",
            "посегател",
            "трафик",
            "секс",
            "проститу",
            "хив",
            "полово преда",
        ),
        "es": (
            "droga",
            "inyec",
            "violen",
            "viola",
            "agresi",
            "abuso",
            "trata",
            "sex",
            "prostitu",
            "vih",
            "its ",
        ),
        "th": (
            "ยาเสพติด",
            "การใช้ยา",
            "ฉีดยา",
            "ความรุนแรง",
            "ข่มขืน",
            "ทำร้าย",
            "การทำร้าย",
            "ล่วงละเมิด",
            "การล่วงละเมิด",
            "ค้ามนุษย์",
            "การค้ามนุษย์",
            "เพศ",
            "ทางเพศ",
            "เซ็กส์",
            "ค้าประเวณี",
            "การค้าประเวณี",
            "โสเภณี",
            "เอชไอวี",
        ),
    }
)

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
_POSTCODE_RE = re.compile(r"^[0-9]{4}$")
_URL_RE = re.compile(r"^https?://[^\s/]+\S*$")
#: "+45 33 17 41 22" (8-digit subscriber number in pairs, or as the organisation writes it,
#: "+45 70 201 201") or a national short number ("112", "114", "1813", "1888") or a 116
#: harmonised number ("116 000").
_PHONE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\+45 [0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}$"),
    re.compile(r"^\+45 [0-9]{2} [0-9]{3} [0-9]{3}$"),
    re.compile(r"^1[0-9]{2,3}$"),
    re.compile(r"^116 ?[0-9]{3}$"),
)


class CatalogueError(ValueError):
    """The catalogue does not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"offers catalogue has {len(self.problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Source:
    """A public source for the facts in an offer, and what it supports."""

    url: str
    note: str | None = None


@dataclass(frozen=True)
class Address:
    """A street address; parts the facts do not give are ``None``."""

    street: str
    postcode: str | None = None
    city: str | None = None

    def one_line(self) -> str:
        """Return the address on one line, e.g. "Lille Istedgade 2, 1706 København V"."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


@dataclass(frozen=True)
class Coordinates:
    """A sourced WGS84 point for an offer.

    ``precision`` is one of :data:`PRECISIONS`; ``source`` is the page the point was read
    from, or ``shared/facts/coordinates.csv: <row name>``.
    """

    lat: float
    lon: float
    precision: str
    source: str


@dataclass(frozen=True)
class Audience:
    """Who an offer is for. An empty ``genders`` means the facts do not say."""

    genders: tuple[str, ...]
    min_age: int | None = None
    note: str | None = None
    #: Highest age (e.g. 17 for an under-18 service); None when the sources state none.
    max_age: int | None = None

    def admits(self, gender: str | None) -> bool | None:
        """True/False if the offer is/is not for ``gender``; None when unknown.

        ``gender`` is one of ``women``, ``men``, ``trans`` or None (not told).
        """
        if "all" in self.genders:
            return True
        if not self.genders or gender is None:
            return None
        return gender in self.genders


@dataclass(frozen=True)
class Offer:
    """One service at one location, or one phone line (see ``offers/README.md``)."""

    id: str
    name: str
    organisation: str
    needs: tuple[str, ...]
    audience: Audience
    anonymous: str
    address: Address | None
    mobile: bool
    coordinates: Coordinates | None
    opening_hours: str | None
    hours_confirmed: bool
    phone: str | None
    languages: tuple[str, ...]
    description: Mapping[str, str] = field(hash=False)
    status: str
    closed_until: dt.date | None
    sources: tuple[Source, ...]
    facts_ref: str
    verified: dt.date
    verified_note: str | None

    def serves(self, need: str) -> bool:
        """True if the offer serves the need intent ``need``."""
        return need in self.needs

    def describe(self, language: str, fallback: str = "en") -> str:
        """Return the description in ``language``, else in ``fallback``, else Danish."""
        for lang in (language, fallback, "da"):
            if lang in self.description:
                return self.description[lang]
        return ""


# --------------------------------------------------------------------------- reading


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (PyYAML keeps the last one silently)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _read_files(directory: Path) -> tuple[list[tuple[Path, Any]], list[str]]:
    """Parse every ``*.yml`` file in ``directory``; return (path, data) pairs and problems."""
    problems: list[str] = []
    if not directory.is_dir():
        return [], [f"{directory}: catalogue directory not found"]
    documents: list[tuple[Path, Any]] = []
    for path in sorted(directory.iterdir()):
        if path.suffix == ".yaml":
            problems.append(f"{path.name}: offer files must end in .yml, not .yaml")
            continue
        if path.suffix != ".yml" or not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8") as handle:
                # _UniqueKeyLoader is a SafeLoader: no arbitrary Python objects.
                data = yaml.load(handle, Loader=_UniqueKeyLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            detail = " ".join(str(exc).split())
            problems.append(f"{path.name}: cannot be read as YAML: {detail}")
            continue
        documents.append((path, data))
    if not documents and not problems:
        problems.append(f"{directory}: no offer files (*.yml) found")
    return documents, problems


# ------------------------------------------------------------------------ validation


def _check_opening_hours(value: str) -> str | None:
    """A problem with an opening_hours value, or None if it parses (Europe/Copenhagen, PH=DK)."""
    if not isinstance(value, str):
        return f"must be a string in OpenStreetMap opening_hours syntax, not {value!r}"
    if not value.strip():
        return "must not be empty (write null when the hours are unknown)"
    if "\n" in value or "\r" in value:
        return "must be a single line"
    problem = hours_problem(value)
    return None if problem is None else f"{value!r} does not parse: {problem}"


def is_gsm7_basic(text: str) -> bool:
    """True if every character of ``text`` is in the GSM-7 basic character set."""
    return all(ch in GSM7_BASIC for ch in text)


def _normalise_anonymous(value: Any) -> Any:
    """YAML 1.1 reads an unquoted yes/no as a boolean; accept that spelling too."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _as_date(value: Any) -> dt.date | None:
    """Return ``value`` as a date (a YAML date or an ISO string), else None."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_keys(where: str, data: Mapping[Any, Any], expected: Sequence[str]) -> list[str]:
    """Unknown keys, missing keys and (when both sets match) key order."""
    problems: list[str] = []
    unknown = [key for key in data if key not in expected]
    missing = [key for key in expected if key not in data]
    if unknown:
        problems.append(f"{where}: unknown key(s): {', '.join(map(str, unknown))}")
    if missing:
        problems.append(f"{where}: missing key(s): {', '.join(missing)}")
    if not unknown and not missing and list(data) != list(expected):
        problems.append(f"{where}: keys are not in schema order ({', '.join(expected)})")
    return problems


def _check_audience(where: str, audience: Any) -> list[str]:
    if not isinstance(audience, dict):
        return [f"{where}: audience must be a mapping with {', '.join(AUDIENCE_KEYS)}"]
    problems = _check_keys(f"{where}: audience", audience, AUDIENCE_KEYS)
    genders = audience.get("genders")
    if not isinstance(genders, list):
        problems.append(f"{where}: audience.genders must be a list ([] = not stated)")
    else:
        bad = [g for g in genders if g not in GENDERS]
        if bad:
            problems.append(
                f"{where}: audience.genders has unknown value(s) {bad}; "
                f"allowed: {', '.join(GENDERS)}"
            )
        if len(set(map(str, genders))) != len(genders):
            problems.append(f"{where}: audience.genders repeats a value")
        if "all" in genders and len(genders) > 1:
            problems.append(f"{where}: audience.genders: 'all' must stand alone")
    for key in ("min_age", "max_age"):
        age = audience.get(key)
        if age is not None and (
            isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 99
        ):
            problems.append(f"{where}: audience.{key} must be an integer 0-99 or null")
    min_age, max_age = audience.get("min_age"), audience.get("max_age")
    if (
        isinstance(min_age, int)
        and isinstance(max_age, int)
        and not isinstance(min_age, bool)
        and not isinstance(max_age, bool)
        and min_age > max_age
    ):
        problems.append(f"{where}: audience.min_age is higher than audience.max_age")
    note = audience.get("note")
    if note is not None and not _is_text(note):
        problems.append(f"{where}: audience.note must be text or null")
    return problems


def _check_address(where: str, address: Any) -> list[str]:
    if address is None:
        return []
    if not isinstance(address, dict):
        return [f"{where}: address must be a mapping ({', '.join(ADDRESS_KEYS)}) or null"]
    problems = _check_keys(f"{where}: address", address, ADDRESS_KEYS)
    if not _is_text(address.get("street")):
        problems.append(f"{where}: address.street must be text")
    postcode = address.get("postcode")
    if postcode is not None and not (isinstance(postcode, str) and _POSTCODE_RE.match(postcode)):
        problems.append(
            f"{where}: address.postcode must be a quoted 4-digit string or null, not {postcode!r}"
        )
    city = address.get("city")
    if city is not None and not _is_text(city):
        problems.append(f"{where}: address.city must be text or null")
    return problems


def _check_coordinates(where: str, coordinates: Any) -> list[str]:
    if coordinates is None:
        return []
    if not isinstance(coordinates, dict):
        return [
            f"{where}: coordinates must be a mapping with {', '.join(COORDINATE_KEYS)}, or null"
        ]
    problems = _check_keys(f"{where}: coordinates", coordinates, COORDINATE_KEYS)
    problems += position_problems(where, "coordinates", coordinates)
    source = coordinates.get("source")
    row_prefix = f"{COORDINATES_FILE}: "
    if not isinstance(source, str) or not (
        _URL_RE.match(source)
        or (source.startswith(row_prefix) and source.removeprefix(row_prefix).strip())
    ):
        problems.append(
            f"{where}: coordinates.source must be an http(s) URL or "
            f"'{COORDINATES_FILE}: <row name>', not {source!r}"
        )
    return problems


def _check_phone(where: str, phone: Any) -> list[str]:
    if phone is None:
        return []
    if not isinstance(phone, str):
        return [f"{where}: phone must be a quoted string, not {phone!r}"]
    if not any(pattern.match(phone) for pattern in _PHONE_RES):
        return [
            f"{where}: phone {phone!r} is not a plausible Danish number "
            '(write "+45 33 17 41 22" or a short number such as "112")'
        ]
    return []


def _check_description(where: str, description: Any) -> list[str]:
    if not isinstance(description, dict):
        return [f"{where}: description must be a mapping of language code to text"]
    problems: list[str] = []
    for lang in DESCRIPTION_LANGUAGES:
        if lang not in description:
            problems.append(f"{where}: description is missing '{lang}'")
    for lang, text in description.items():
        label = f"{where}: description.{lang}"
        if lang not in DESCRIPTION_LANGUAGES:
            problems.append(
                f"{label}: unknown language; use only {', '.join(DESCRIPTION_LANGUAGES)}"
            )
            continue
        if not _is_text(text):
            problems.append(f"{label}: must be non-empty text")
            continue
        problems.extend(_check_description_text(label, lang, text))
    return problems


def _check_description_text(label: str, lang: str, text: str) -> list[str]:
    """Length, characters, URLs and the lock-screen rule for one description."""
    problems: list[str] = []
    if len(text) > MAX_DESCRIPTION_LENGTH:
        problems.append(f"{label}: {len(text)} characters, more than {MAX_DESCRIPTION_LENGTH}")
    allowed = _EXTRA_LETTERS[lang]
    bad = sorted(
        {ch for ch in text if (ch not in GSM7_BASIC and ch not in allowed) or ch in "\r\n"}
    )
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        extra = " (plus its own letters)" if allowed else ""
        problems.append(f"{label}: not GSM-7 basic{extra} / single line: {shown}")
    if re.search(r"https?://|www\.", text):
        problems.append(f"{label}: must not contain a URL")
    start = text.strip().casefold()
    word = next((w for w in LOCK_SCREEN_WORDS[lang] if start.startswith(w)), None)
    if word is not None:
        problems.append(
            f"{label}: starts with the sensitive word {word.strip()!r}; the start of an SMS "
            "shows on the lock screen, so say what it is first"
        )
    return problems


def _check_sources(where: str, sources: Any) -> list[str]:
    if not isinstance(sources, list) or not sources:
        return [f"{where}: sources must be a non-empty list (at least one source)"]
    problems: list[str] = []
    for index, source in enumerate(sources):
        label = f"{where}: sources[{index}]"
        if not isinstance(source, dict):
            problems.append(f"{label}: must be a mapping with url and note")
            continue
        problems.extend(_check_keys(label, source, SOURCE_KEYS))
        url = source.get("url")
        if not isinstance(url, str) or not _URL_RE.match(url):
            problems.append(f"{label}: url must be an http(s) URL, not {url!r}")
        note = source.get("note")
        if note is not None and not _is_text(note):
            problems.append(f"{label}: note must be text or null")
    return problems


def _check_offer(filename: str, data: Any) -> list[str]:
    """Every problem with one parsed offer file (``filename`` is used in messages)."""
    where = filename
    if not isinstance(data, dict):
        return [f"{where}: must be a YAML mapping with the offer keys"]
    problems = _check_keys(where, data, OFFER_KEYS)
    stem = Path(filename).stem

    offer_id = data.get("id")
    if not isinstance(offer_id, str) or not _ID_RE.match(offer_id):
        problems.append(f"{where}: id {offer_id!r} is not lowercase ascii kebab-case")
    elif offer_id != stem:
        problems.append(f"{where}: id {offer_id!r} does not match the file name {stem!r}")

    for key in ("name", "organisation", "facts_ref"):
        if key in data and not _is_text(data[key]):
            problems.append(f"{where}: {key} must be non-empty text")

    needs = data.get("needs")
    reached_by_112 = data.get("phone") == EMERGENCY_NUMBER
    if not isinstance(needs, list) or (not needs and not reached_by_112):
        problems.append(
            f"{where}: needs must be a non-empty list of need intents "
            f"([] only for lines reached through {EMERGENCY_NUMBER})"
        )
    elif needs and reached_by_112:
        problems.append(
            f"{where}: a line reached through {EMERGENCY_NUMBER} belongs in the danger lead, "
            "not in a need's list: write needs: []"
        )
    else:
        unknown = [need for need in needs if need not in NEEDS]
        if unknown:
            problems.append(f"{where}: unknown need(s): {unknown}")
        if len(set(map(str, needs))) != len(needs):
            problems.append(f"{where}: needs repeats a value")

    if "audience" in data:
        problems.extend(_check_audience(where, data["audience"]))

    anonymous = _normalise_anonymous(data.get("anonymous"))
    if "anonymous" in data and anonymous not in ANONYMOUS_VALUES:
        problems.append(
            f"{where}: anonymous {anonymous!r} is not one of {', '.join(ANONYMOUS_VALUES)}"
        )

    for key in ("mobile", "hours_confirmed"):
        if key in data and not isinstance(data[key], bool):
            problems.append(f"{where}: {key} must be true or false")

    address = data.get("address")
    problems.extend(_check_address(where, address))
    problems.extend(_check_coordinates(where, data.get("coordinates")))
    problems.extend(_check_phone(where, data.get("phone")))
    if address is None and data.get("phone") is None and data.get("mobile") is not True:
        problems.append(f"{where}: needs an address, a phone number or mobile: true")

    hours = data.get("opening_hours")
    if hours is not None:
        hours_problem = _check_opening_hours(hours)
        if hours_problem:
            problems.append(f"{where}: opening_hours {hours_problem}")
    elif data.get("hours_confirmed") is True:
        problems.append(f"{where}: hours_confirmed is true but opening_hours is null")

    languages = data.get("languages")
    if not isinstance(languages, list):
        problems.append(f"{where}: languages must be a list of ISO 639-1 codes ([] = unknown)")
    else:
        bad = [
            lang for lang in languages if not (isinstance(lang, str) and _LANGUAGE_RE.match(lang))
        ]
        if bad:
            problems.append(f"{where}: languages has invalid code(s) {bad}")

    if "description" in data:
        problems.extend(_check_description(where, data["description"]))

    status = data.get("status")
    if "status" in data and status not in STATUSES:
        problems.append(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    closed_until = data.get("closed_until")
    if closed_until is not None:
        if _as_date(closed_until) is None:
            problems.append(f"{where}: closed_until must be an ISO date (YYYY-MM-DD) or null")
        if status != "temporarily_closed":
            problems.append(f"{where}: closed_until is set but status is not temporarily_closed")

    if "sources" in data:
        problems.extend(_check_sources(where, data["sources"]))

    if data.get("verified") is None:
        problems.append(f"{where}: verified date is missing")
    elif _as_date(data["verified"]) is None:
        problems.append(f"{where}: verified must be an ISO date (YYYY-MM-DD)")
    note = data.get("verified_note")
    if note is not None and not _is_text(note):
        problems.append(f"{where}: verified_note must be text or null")
    return problems


def _check_duplicate_ids(documents: Sequence[tuple[Path, Any]]) -> list[str]:
    seen: dict[str, list[str]] = {}
    for path, data in documents:
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            seen.setdefault(data["id"], []).append(path.name)
    return [
        f"duplicate id {offer_id!r} in {', '.join(names)}"
        for offer_id, names in sorted(seen.items())
        if len(names) > 1
    ]


# -------------------------------------------------------------------------- building


def _build_offer(data: Mapping[str, Any]) -> Offer:
    """Turn one validated offer mapping into an :class:`Offer`."""
    audience = data["audience"]
    address = data["address"]
    coordinates = data["coordinates"]
    closed_until = data["closed_until"]
    verified = _as_date(data["verified"])
    assert verified is not None  # guaranteed by validation
    return Offer(
        id=data["id"],
        name=data["name"],
        organisation=data["organisation"],
        needs=tuple(data["needs"]),
        audience=Audience(
            genders=tuple(audience["genders"]),
            min_age=audience["min_age"],
            note=audience["note"],
            max_age=audience["max_age"],
        ),
        anonymous=_normalise_anonymous(data["anonymous"]),
        address=None
        if address is None
        else Address(street=address["street"], postcode=address["postcode"], city=address["city"]),
        mobile=data["mobile"],
        coordinates=None
        if coordinates is None
        else Coordinates(
            lat=float(coordinates["lat"]),
            lon=float(coordinates["lon"]),
            precision=coordinates["precision"],
            source=coordinates["source"],
        ),
        opening_hours=data["opening_hours"],
        hours_confirmed=data["hours_confirmed"],
        phone=data["phone"],
        languages=tuple(data["languages"]),
        description=MappingProxyType(dict(data["description"])),
        status=data["status"],
        closed_until=None if closed_until is None else _as_date(closed_until),
        sources=tuple(Source(url=s["url"], note=s["note"]) for s in data["sources"]),
        facts_ref=data["facts_ref"],
        verified=verified,
        verified_note=data["verified_note"],
    )


def _load(directory: Path) -> tuple[list[tuple[Path, Any]], list[str]]:
    documents, problems = _read_files(Path(directory))
    for path, data in documents:
        problems.extend(_check_offer(path.name, data))
    problems.extend(_check_duplicate_ids(documents))
    return documents, problems


def validate_catalogue(directory: Path = DEFAULT_DIR) -> list[str]:
    """Validate every offer file in ``directory``.

    Returns a list of human-readable problems, each starting with the file name
    (empty when the catalogue is valid).
    """
    return _load(Path(directory))[1]


def load_catalogue(directory: Path = DEFAULT_DIR) -> tuple[Offer, ...]:
    """Load and validate the catalogue in ``directory``, sorted by id.

    Raises :class:`CatalogueError` listing all problems if any file does not validate.
    """
    documents, problems = _load(Path(directory))
    if problems:
        raise CatalogueError(problems)
    offers = (_build_offer(data) for _, data in documents)
    return tuple(sorted(offers, key=lambda offer: offer.id))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: validate a catalogue directory (default ``<repo>/offers``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m lygte.catalogue [DIRECTORY]")
        return 2
    directory = Path(args[0]) if args else DEFAULT_DIR
    problems = validate_catalogue(directory)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in {directory}")
        return 1
    print(f"{len(load_catalogue(directory))} offers OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
