"""Opening state of an offer at a given instant, from its OpenStreetMap `opening_hours`.

Only hours marked confirmed are ever evaluated; anything else is reported as unknown so that
the reply says "call first" instead of sending someone to a closed door.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, State

TIMEZONE = ZoneInfo("Europe/Copenhagen")


@lru_cache(maxsize=512)
def parse_hours(expression: str) -> OpeningHours:
    """Parse an opening_hours expression for Copenhagen (Danish public holidays as PH)."""
    return OpeningHours(expression, timezone=TIMEZONE, country="DK")


def hours_state(expression: str | None, confirmed: bool, now: datetime) -> dict[str, Any]:
    """Describe the opening state at `now` as data for the reply templates.

    Returns {"state": "unknown"}, {"state": "always"}, {"state": "open", "until": "23:30"} or
    {"state": "closed", "time": "09:00", "days_ahead": 1, "weekday": 1} (weekday 0 = Monday).
    """
    if not expression or not confirmed:
        return {"state": "unknown"}
    local = now.astimezone(TIMEZONE)
    hours = parse_hours(expression)
    state, _comment = hours.state(local)
    change = hours.next_change(local)
    if state == State.OPEN:
        if change is None:
            return {"state": "always"}
        return {"state": "open", "until": change.astimezone(TIMEZONE).strftime("%H:%M")}
    if state == State.CLOSED and change is not None:
        opens = change.astimezone(TIMEZONE)
        return {
            "state": "closed",
            "time": opens.strftime("%H:%M"),
            "days_ahead": (opens.date() - local.date()).days,
            "weekday": opens.weekday(),
        }
    return {"state": "unknown"}
