"""Opening state of an offer at a given instant, from its OpenStreetMap `opening_hours`.

Only hours marked confirmed are ever evaluated; anything else is reported as unknown so that
the reply says "hours not confirmed - call first" instead of sending someone to a closed door.

`PH` means the Danish public holidays as opening-hours-py's calendar for country DK knows
them: New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day,
Whit Sunday and Monday, Christmas Day and Boxing Day. Christmas Eve, New Year's Eve and
Constitution Day (5 June) are *not* public holidays in Danish law.

Holidays. Most places keep other hours on public holidays, Christmas Eve (24 Dec) and New
Year's Eve (31 Dec). On those days the state is unknown ("call first") unless the
expression speaks for the day: a rule with `PH` for a public holiday, or a rule with a dated
selector that covers it (`Dec 24 off`, `Dec 31 10:00-12:00`, `Dec 20-Jan 05 off`, `easter`).
A season of whole months (`Dec-Mar`) does not speak for a holiday. Plain `24/7` (or anything
opening-hours-py normalises to it, e.g. `Mo-Su 00:00-24:00`) is open on every day by the OSM
specification and stays "always". Every day a reply talks about counts: an open state is
unknown when any day until it closes is an unstated holiday, a closed state when today or
the day it opens again is one.

Daylight saving time. Expressions are wall-clock times. opening-hours-py 2.1.4 with a time
zone answers CLOSED in the last minute of summer time (02:59 CEST) on the night the clocks go
back, even for `24/7`; without a time zone it evaluates wall-clock times correctly. So the
expression is evaluated on naive Copenhagen wall-clock time, and the hour that happens twice
is read as what really happens: every opening or closing at 02:xx takes place the first time
the clock shows it, so during the repeated hour (02:00-02:59 CET) nothing changes and the
state is the one at the end of the first pass (02:59:59 CEST). When the clocks go forward,
02:00-02:59 do not exist; a change written there takes place at 03:00 CEST.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State

TIMEZONE = ZoneInfo("Europe/Copenhagen")
COUNTRY = "DK"
#: A next opening further away than this is shown as a date, not as a weekday name.
WEEKDAY_HORIZON_DAYS = 6
#: Days that are not public holidays in Danish law but on which most places keep other hours.
HOLIDAY_EVES = ((12, 24), (12, 31))
#: A change further away than this counts as none (opening-hours-py would otherwise search
#: for thousands of years, e.g. for `Mo-Su 00:00-24:00`); also how far an "always open"
#: expression that is not plain 24/7 is checked for holidays.
HORIZON_DAYS = 400

UNKNOWN: dict[str, Any] = {"state": "unknown"}
UNKNOWN_HOLIDAY: dict[str, Any] = {"state": "unknown", "reason": "holiday"}
#: Open or closed now, but what follows is stated as unknown: no closing or opening time.
UNKNOWN_NEXT: dict[str, Any] = {"state": "unknown", "reason": "next_unknown"}

COMMENT_ONLY = (
    'a comment alone means "unknown" - write the hours or leave the field empty'
    ' (to keep a note next to real hours, put a state before it: Mo 10:00-12:00 open "note")'
)

FALLBACK = (
    'a fallback rule ("||") is read differently by different programs'
    ' - write the hours, with "off" where it is closed'
)

_COMMENT = re.compile(r'"[^"]*"')
_PLACEHOLDER = "\x00"
#: ";" and "||" always separate rules; "," does when it follows a time, a state or a comment
#: and no time follows (in "Mo,We", "Dec 24,Dec 31" or "10:00-12:00,14:00-16:00" it does not).
_RULE_SEPARATOR = re.compile(
    r"\s*(?:;|\|\|)\s*"
    r"|(?:(?<=\d:\d\d)|(?<=\+)|(?<=[)\x00])|(?<=sunrise)|(?<=sunset)|(?<=dawn)|(?<=dusk)"
    r"|(?<=off)|(?<=open)|(?<=closed)|(?<=unknown))"
    r"\s*,\s*"
    r"(?!\d{1,2}:|\(|sunrise|sunset|dawn|dusk)"
)
_STATE_WORD = re.compile(r"\b(?:open|closed|off|unknown)\b")
_PUBLIC_HOLIDAY = re.compile(r"\bPH\b")
_DATED = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s*\d{1,2}\b(?!:)|\beaster\b"
)


@lru_cache(maxsize=512)
def parse_hours(expression: str) -> OpeningHours:
    """Parse an opening_hours expression for Copenhagen (Danish public holidays as PH).

    Aware datetimes in and out. Raises ``opening_hours.ParserError`` for an invalid
    expression. (hours_state evaluates on wall-clock time instead, see the module docstring.)
    """
    return OpeningHours(expression, timezone=TIMEZONE, country=COUNTRY)


@lru_cache(maxsize=512)
def _wall_hours(expression: str) -> OpeningHours:
    """The expression on naive Copenhagen wall-clock time (no time zone, so no DST bug)."""
    return OpeningHours(expression, country=COUNTRY, max_interval_days=HORIZON_DAYS)


def _rules(expression: str) -> list[str]:
    """The expression split into its rules, comments replaced by a placeholder."""
    stripped = _COMMENT.sub(_PLACEHOLDER, expression)
    return [rule for rule in _RULE_SEPARATOR.split(stripped.strip()) if rule.strip()]


def hours_problem(expression: str) -> str | None:
    """None if `expression` is usable OpenStreetMap opening_hours, else what is wrong.

    Besides the parser's complaint, a rule whose only modifier is a comment is refused: by
    the OSM specification it means "unknown", but opening-hours-py evaluates it as open
    (`Mo-Fr 09:00-15:00 || "ring først"` would be open 24/7, `Mo 10:00-12:00 "by
    appointment"` open on Mondays, where the reference implementation says unknown). So is a
    fallback rule (`||`): opening-hours-py reads `Mo-Fr 08:00-16:00 || unknown` as closed
    outside those hours, the reference implementation as unknown.
    """
    try:
        parse_hours(expression)
    except ParserError as error:
        return " ".join(str(error).split())
    for rule in _rules(expression):
        if _PLACEHOLDER in rule and not _STATE_WORD.search(rule.replace(_PLACEHOLDER, " ")):
            return COMMENT_ONLY
    if "||" in _COMMENT.sub("", expression):
        return FALLBACK
    return None


def wall_clock(now: datetime) -> datetime:
    """The naive Copenhagen wall-clock time at which to evaluate `now` (an aware datetime).

    In the hour that happens twice when the clocks go back, the second pass is evaluated at
    the last second of the first pass: every change at 02:xx has already happened then.
    """
    local = now.astimezone(timezone.utc).astimezone(TIMEZONE)  # via UTC: normalised, fold set
    wall = local.replace(tzinfo=None)
    if local.fold == 1 and _repeated(wall):
        end = wall.replace(second=0, microsecond=0)
        while _repeated(end):
            end += timedelta(minutes=1)
        wall = end - timedelta(seconds=1)
    return wall


def _repeated(wall: datetime) -> bool:
    """True if the wall-clock time `wall` happens twice in Copenhagen (clocks going back)."""
    first, second = (wall.replace(tzinfo=TIMEZONE, fold=fold) for fold in (0, 1))
    return first.utcoffset() != second.utcoffset() and first.utcoffset() > second.utcoffset()


def wall_state(expression: str, now: datetime) -> str:
    """The state at `now` ("open", "closed" or "unknown") as written, without the holiday rule.

    The daylight-saving guard of hours_state, exposed for the comparison with the OSM
    reference implementation.
    """
    state, _comment = _wall_hours(expression).state(wall_clock(now))
    return {State.OPEN: "open", State.CLOSED: "closed"}.get(state, "unknown")


def open_intervals(expression: str, day: date) -> list[tuple[datetime, datetime]]:
    """The open intervals of `day` as written, on naive wall-clock time, clipped to the day.

    Wall-clock time like hours_state (see the module docstring): a time-zone-aware reading
    would turn `Su 01:00-02:30` on the night the clocks go forward into 01:00-03:00.
    """
    start = datetime.combine(day, time())
    end = start + timedelta(days=1)
    return [
        (opens, closes or end)  # clipped to the day by intervals() itself
        for opens, closes, state, _comment in _wall_hours(expression).intervals(start, end)
        if state == State.OPEN
    ]


def hours_state(expression: str | None, confirmed: bool, now: datetime) -> dict[str, Any]:
    """Describe the opening state at `now` (an aware datetime) as data for the reply templates.

    Returns {"state": "unknown"}, {"state": "always"}, {"state": "open", "until": "23:30"} or
    {"state": "closed", "time": "09:00", "days_ahead": 1, "weekday": 1} (weekday 0 = Monday).
    An open state closing on a later day also has days_ahead and weekday ("closes Monday
    08:00"); a change more than six days ahead also has "date" (YYYY-MM-DD). All times are
    Copenhagen wall-clock times. On a holiday the expression does not speak for (see the
    module docstring) the answer is {"state": "unknown", "reason": "holiday"}; when the next
    change is to hours stated as unknown, {"state": "unknown", "reason": "next_unknown"}.
    """
    if not expression or not confirmed:
        return dict(UNKNOWN)
    if _is_24_7(expression):
        return {"state": "always"}
    wall = wall_clock(now)
    hours = _wall_hours(expression)
    state, _comment = hours.state(wall)
    change = hours.next_change(wall)
    if state == State.OPEN:
        if change is None:
            last = wall.date() + timedelta(days=HORIZON_DAYS)
            if _unstated_between(expression, wall.date(), last):
                return dict(UNKNOWN_HOLIDAY)
            return {"state": "always"}
        if _unstated_between(expression, wall.date(), change.date()):
            return dict(UNKNOWN_HOLIDAY)
        if hours.state(change)[0] == State.UNKNOWN:  # no closing time, only unknown hours
            return dict(UNKNOWN_NEXT)
        return {"state": "open", "until": change.strftime("%H:%M")} | (
            _when(wall, change) if change.date() != wall.date() else {}
        )
    if state == State.CLOSED and change is not None:
        if _unstated_between(expression, wall.date(), wall.date()) or _unstated_between(
            expression, change.date(), change.date()
        ):
            return dict(UNKNOWN_HOLIDAY)
        if hours.state(change)[0] == State.UNKNOWN:  # no opening time, only unknown hours
            return dict(UNKNOWN_NEXT)
        return {"state": "closed", "time": change.strftime("%H:%M")} | _when(wall, change)
    return dict(UNKNOWN)


def _when(wall: datetime, change: datetime) -> dict[str, Any]:
    """Which day `change` falls on, seen from `wall`: days ahead, weekday, and far off a date."""
    day = change.date()
    days_ahead = (day - wall.date()).days
    when: dict[str, Any] = {"days_ahead": days_ahead, "weekday": day.weekday()}
    if days_ahead > WEEKDAY_HORIZON_DAYS:
        when["date"] = day.isoformat()
    return when


# ------------------------------------------------------------------------------ holidays


@lru_cache(maxsize=512)
def _is_24_7(expression: str) -> bool:
    """True for plain 24/7, which by the OSM specification covers every day, holidays too."""
    return str(_wall_hours(expression).normalize()) == "24/7"


@lru_cache(maxsize=64)
def holidays(year: int) -> frozenset[date]:
    """Days of `year` on which hours are unknown unless stated: PH (DK), Dec 24 and Dec 31."""
    start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    public = set()
    for opens, closes, state, _comment in OpeningHours("PH", country=COUNTRY).intervals(start, end):
        if state == State.OPEN:
            day = opens.date()
            while day < (closes or end).date():
                public.add(day)
                day += timedelta(days=1)
    return frozenset(public | {date(year, month, day) for month, day in HOLIDAY_EVES})


def _unstated_between(expression: str, first: date, last: date) -> bool:
    """True if a day from `first` to `last` (inclusive) is a holiday `expression` is silent on."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return any(day in holidays(day.year) and not _speaks_for(expression, day) for day in days)


@lru_cache(maxsize=4096)
def _speaks_for(expression: str, day: date) -> bool:
    """True if a rule of `expression` with PH or a dated selector applies on `day`.

    Whether the rule applies is asked of opening-hours-py itself: a rule that applies on a
    day overrides the whole day (OSM), so at noon behind `24/7 unknown` it is no longer
    unknown, or behind `24/7 off` no longer closed (for a rule that says `unknown`).
    """
    noon = datetime.combine(day, time(12))
    fallback = {"unknown": State.UNKNOWN, "off": State.CLOSED}
    for rule in _rules(expression):
        selectors = rule.replace(_PLACEHOLDER, " ")
        if not (_PUBLIC_HOLIDAY.search(selectors) or _DATED.search(selectors)):
            continue
        for base, unmatched in fallback.items():
            try:
                probe = OpeningHours(f"24/7 {base}; {selectors}", country=COUNTRY)
            except ParserError:  # a part we split wrongly: be careful, it does not speak
                break
            if probe.state(noon)[0] != unmatched:
                return True
    return False
