"""Opening state of an offer at a given instant, from its OpenStreetMap `opening_hours`.

Only hours marked confirmed are ever evaluated; anything else is reported as unknown so that
the reply says "hours not confirmed - call first" instead of sending someone to a closed door.

`PH` means the Danish public holidays as opening-hours-py's calendar for country DK knows
them: New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day,
Whit Sunday and Monday, Christmas Day and Boxing Day. Christmas Eve, New Year's Eve and
Constitution Day (5 June) are *not* public holidays in Danish law: an offer closed on those
days must say so in its expression (e.g. ``Dec 24 off``).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State

TIMEZONE = ZoneInfo("Europe/Copenhagen")
COUNTRY = "DK"
#: A next opening further away than this is shown as a date, not as a weekday name.
WEEKDAY_HORIZON_DAYS = 6


@lru_cache(maxsize=512)
def parse_hours(expression: str) -> OpeningHours:
    """Parse an opening_hours expression for Copenhagen (Danish public holidays as PH).

    Raises ``opening_hours.ParserError`` for an invalid expression.
    """
    return OpeningHours(expression, timezone=TIMEZONE, country=COUNTRY)


def hours_problem(expression: str) -> str | None:
    """None if `expression` parses as OpenStreetMap opening_hours, else the parser's complaint."""
    try:
        parse_hours(expression)
    except ParserError as error:
        return " ".join(str(error).split())
    return None


def hours_state(expression: str | None, confirmed: bool, now: datetime) -> dict[str, Any]:
    """Describe the opening state at `now` (an aware datetime) as data for the reply templates.

    Returns {"state": "unknown"}, {"state": "always"}, {"state": "open", "until": "23:30"} or
    {"state": "closed", "time": "09:00", "days_ahead": 1, "weekday": 1} (weekday 0 = Monday).
    An open state closing on a later day also has days_ahead and weekday ("closes Monday
    08:00"); a change more than six days ahead also has "date" (YYYY-MM-DD). All times are
    Copenhagen wall-clock times.
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
        return {"state": "open", "until": change.astimezone(TIMEZONE).strftime("%H:%M")} | (
            _when(local, change) if change.astimezone(TIMEZONE).date() != local.date() else {}
        )
    if state == State.CLOSED and change is not None:
        opens = change.astimezone(TIMEZONE)
        return {"state": "closed", "time": opens.strftime("%H:%M")} | _when(local, opens)
    return {"state": "unknown"}


def _when(local: datetime, change: datetime) -> dict[str, Any]:
    """Which day `change` falls on, seen from `local`: days ahead, weekday, and far off a date."""
    day = change.astimezone(TIMEZONE).date()
    days_ahead = (day - local.date()).days
    when: dict[str, Any] = {"days_ahead": days_ahead, "weekday": day.weekday()}
    if days_ahead > WEEKDAY_HORIZON_DAYS:
        when["date"] = day.isoformat()
    return when
