"""The offers catalogue's validation: every problem of every offer file, in words.

Each check returns a list of problems, each starting with the file name, so that staff and
`python -m lygte.catalogue` see all of them at once. opening-hours-py checks every
opening_hours value (lygte/hours.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from lygte.catalogue.model import (
    ANONYMOUS_VALUES,
    DESCRIPTION_LANGUAGES,
    EMERGENCY_NUMBER,
    GENDERS,
    NEEDS,
    STATUSES,
)
from lygte.distance import position_problems
from lygte.gsm7 import GSM7_BASIC
from lygte.hours import hours_problem
from lygte.lockscreen import topic_at_start

MAX_DESCRIPTION_LENGTH = 90

#: A coordinate's source: a public page, or a row of the shared coordinates file.
COORDINATES_FILE = "shared/facts/coordinates.csv"

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


def normalise_anonymous(value: Any) -> Any:
    """YAML 1.1 reads an unquoted yes/no as a boolean; accept that spelling too."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def as_date(value: Any) -> dt.date | None:
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
    word = topic_at_start(text)
    if word is not None:
        problems.append(
            f"{label}: starts with the sensitive word {word!r}; the start of an SMS "
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


def check_offer(filename: str, data: Any) -> list[str]:
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

    anonymous = normalise_anonymous(data.get("anonymous"))
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
        if as_date(closed_until) is None:
            problems.append(f"{where}: closed_until must be an ISO date (YYYY-MM-DD) or null")
        if status != "temporarily_closed":
            problems.append(f"{where}: closed_until is set but status is not temporarily_closed")

    if "sources" in data:
        problems.extend(_check_sources(where, data["sources"]))

    if data.get("verified") is None:
        problems.append(f"{where}: verified date is missing")
    elif as_date(data["verified"]) is None:
        problems.append(f"{where}: verified must be an ISO date (YYYY-MM-DD)")
    note = data.get("verified_note")
    if note is not None and not _is_text(note):
        problems.append(f"{where}: verified_note must be text or null")
    return problems


def check_duplicate_ids(documents: Sequence[tuple[Path, Any]]) -> list[str]:
    """A problem for each id that more than one file uses."""
    seen: dict[str, list[str]] = {}
    for path, data in documents:
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            seen.setdefault(data["id"], []).append(path.name)
    return [
        f"duplicate id {offer_id!r} in {', '.join(names)}"
        for offer_id, names in sorted(seen.items())
        if len(names) > 1
    ]
