"""Editing one offer: hours (with a readable week and "open now?"), phone, address, status,
closed-until date and verification; checked by the catalogue's own validation before saving.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot.staff.history import History, locked, version_of
from bot.staff.template_edit import SaveRefused, StaleVersion
from bot.staff.yamlblocks import block, replace_entry
from bot.templates import atomic_write
from lygte.catalogue import validate_catalogue
from lygte.hours import open_intervals, wall_clock

#: The keys of an offer file this editor changes (all others are kept as written).
EDITABLE = (
    "address",
    "opening_hours",
    "hours_confirmed",
    "phone",
    "status",
    "closed_until",
    "sources",
    "verified",
    "verified_note",
)
WEEK_DAYS = 7


def offer_ids(directory: Path) -> list[str]:
    """The ids of the offers in `directory` (file names without .yml)."""
    return sorted(path.stem for path in directory.glob("*.yml"))


def read_offer(directory: Path, offer_id: str) -> tuple[str, dict[str, Any]]:
    """The text of an offer's file and its data (`offer_id` must be a known id)."""
    text = (directory / f"{offer_id}.yml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def offer_version(text: str) -> str:
    """The fingerprint a form carries to detect a save made by someone else meanwhile."""
    return version_of(text)


def _date(value: str) -> dt.date | str | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value  # left for the catalogue's validation to name


def changes_from_form(data: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """The new values of the editable keys, read from the submitted form."""
    street = form.get("street", "").strip()
    address = (
        {
            "street": street,
            "postcode": form.get("postcode", "").strip() or None,
            "city": form.get("city", "").strip() or None,
        }
        if street
        else None
    )
    sources = list(data.get("sources") or [])
    new_url = form.get("source_url", "").strip()
    if new_url:
        sources.append({"url": new_url, "note": form.get("source_note", "").strip() or None})
    status = form.get("status", "")
    return {
        "address": address,
        "opening_hours": " ".join(form.get("opening_hours", "").split()) or None,
        "hours_confirmed": form.get("hours_confirmed") == "on",
        "phone": form.get("phone", "").strip() or None,
        "status": status,
        "closed_until": _date(form.get("closed_until", "")),
        "sources": sources,
        "verified": _date(form.get("verified", "")),
        "verified_note": " ".join(form.get("verified_note", "").split()) or None,
    }


def week(expression: str, now: dt.datetime) -> list[tuple[dt.date, list[str]]]:
    """The opening times of the seven days from `now` as written: [(day, ["10:00-13:00"])].

    Read on wall-clock time like the engine's answers (lygte.hours.open_intervals).
    """
    first = wall_clock(now).date()
    days = []
    for offset in range(WEEK_DAYS):
        day = first + dt.timedelta(days=offset)
        spans = [
            f"{opens:%H:%M}-{'24:00' if closes.date() > day else f'{closes:%H:%M}'}"
            for opens, closes in open_intervals(expression, day)
        ]
        days.append((day, spans))
    return days


def problems(offer_id: str, text: str) -> list[str]:
    """Every problem the catalogue's validation finds in `text` as the file of `offer_id`.

    (The validation checks opening_hours with lygte.hours.hours_problem, like the preview.)
    """
    with tempfile.TemporaryDirectory() as temp:
        (Path(temp) / f"{offer_id}.yml").write_text(text, encoding="utf-8")
        found = validate_catalogue(Path(temp))
    data = yaml.safe_load(text) if not found else {}
    if data.get("status") == "temporarily_closed" and data.get("closed_until") is None:
        found.append(f"{offer_id}.yml: a temporarily closed offer needs a date in closed until")
    return found


def new_text(old_text: str, changes: Mapping[str, Any]) -> str:
    """`old_text` with the changed keys rewritten and everything else left as it was."""
    current = yaml.safe_load(old_text)
    text = old_text
    for key in EDITABLE:
        if key in changes and changes[key] != current.get(key):
            text = replace_entry(text, key, block(key, changes[key]))
    return text


def save_text(
    directory: Path,
    history: History,
    account: str,
    offer_id: str,
    text: str,
    expected_version: str,
    action: str = "save",
) -> None:
    """Check and save `text` as the file of `offer_id`; raise StaleVersion or SaveRefused."""
    with locked(history.root.parent):
        path = directory / f"{offer_id}.yml"
        old_text = path.read_text(encoding="utf-8")
        if offer_version(old_text) != expected_version:
            raise StaleVersion(offer_id)
        found = problems(offer_id, text)
        if found:
            raise SaveRefused(found)
        atomic_write(path, text)
        history.record_save("offers", offer_id, account, action, old_text, text)
