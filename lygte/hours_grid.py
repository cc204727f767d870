"""Opening hours as a weekly grid a social worker can edit, and its `opening_hours` expression.

The catalogue stores OpenStreetMap `opening_hours` (lygte/hours.py); staff think in a week:
for each weekday a few time spans, plus exceptions for public holidays (`PH`), Christmas Eve,
New Year's Eve and closed periods. `to_expression` writes a grid as one canonical expression;
`from_expression` reads back every expression a grid can hold and returns None for any other
(comments, seasons, `||`, a day named twice, ...), so the page offers the raw expression
instead of a guess.

What a grid means is what its expression means in OSM, rule by rule (`;` rules, later ones
replace the whole day they apply to):
- A span whose end is not after its start runs into the next morning (`16:00-08:00`).
  That morning part survives on a closed day and on a day of the same rule (`Mo-Fr`), but
  another rule replaces its whole day, so `grid_problem` refuses a night that runs into a
  day with other hours (or "unknown") unless that day's own spans cover it, and
  `from_expression` cuts such a night at midnight, which is what the expression said.
  Equal consecutive days (Monday to Sunday) make one rule.
- An exception replaces its whole day, the morning part of the night before included, and
  its own hours end by midnight. Closed periods are written last, so they win over everything.
- Public holidays like a weekday follow the last day of that weekday's rule (`Sa,Su,PH`), so
  "like Saturday" with Saturday and Sunday equal is kept as "like Sunday", and like a closed
  day as closed.
- An exception left as None is not stated: the expression is silent, and lygte/hours.py
  answers "call first" on that day (unknown), like an explicit "unknown".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from lygte.hours import hours_problem

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = tuple(calendar.month_abbr)[1:]  # "Jan".."Dec" in the C locale, as OSM writes them
MINUTES_PER_DAY = 24 * 60
#: The state word for hours the sources do not agree on or do not give.
UNKNOWN: Literal["unknown"] = "unknown"
CHRISTMAS_EVE = (12, 24)
NEW_YEARS_EVE = (12, 31)


@dataclass(frozen=True)
class Span:
    """Open from `start` to `end`, minutes after midnight; an end not after the start is the
    next morning (16:00-08:00), 24:00 (1440) is midnight at the end of the day."""

    start: int
    end: int

    @property
    def overnight(self) -> bool:
        """True if the span runs past midnight into the next day."""
        return self.end <= self.start

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


@dataclass(frozen=True)
class SameAs:
    """Public holidays keep the hours of one weekday (0 = Monday)."""

    weekday: int


@dataclass(frozen=True)
class ClosedPeriod:
    """Closed from `first` to `last` (inclusive, (month, day)); every year, or once from `year`.

    A period whose last day comes before its first in the year ends in the following year.
    """

    first: tuple[int, int]
    last: tuple[int, int]
    year: int | None = None


#: A day's hours: its spans (none: closed), or UNKNOWN.
Hours = tuple[Span, ...] | Literal["unknown"]
#: Public holidays: None (not stated), hours of their own, or SameAs a weekday.
Holiday = Hours | SameAs | None
#: Christmas Eve and New Year's Eve: None (not stated) or hours of their own.
Eve = Hours | None

ALL_DAY = (Span(0, MINUTES_PER_DAY),)


@dataclass(frozen=True)
class Grid:
    """A week of opening hours with its exceptions; `days[0]` is Monday."""

    days: tuple[Hours, ...]
    public_holidays: Holiday = None
    christmas_eve: Eve = None
    new_years_eve: Eve = None
    closed_periods: tuple[ClosedPeriod, ...] = ()

    def __post_init__(self) -> None:
        """Public holidays like a weekday, kept in the one form its expression reads back as."""
        holiday = self.public_holidays
        if isinstance(holiday, SameAs) and len(self.days) == 7 and holiday.weekday in range(7):
            if self.days[holiday.weekday] == ():
                object.__setattr__(self, "public_holidays", ())
            else:
                group = next(days for days in runs(self.days) if holiday.weekday in days)
                object.__setattr__(self, "public_holidays", SameAs(group[-1]))


def runs(days: tuple[Hours, ...]) -> list[list[int]]:
    """The weekdays in runs of equal consecutive days, Monday to Sunday: one rule each."""
    return [list(run) for _hours, run in groupby(range(7), key=lambda day: days[day])]


# ------------------------------------------------------------------------------ checking


def grid_problem(grid: Grid) -> str | None:
    """None if `grid` can be written as an expression that means what it shows, else why not."""
    if len(grid.days) != len(WEEKDAYS):
        return "a week has seven days"
    exceptions = (grid.public_holidays, grid.christmas_eve, grid.new_years_eve)
    for hours in (*grid.days, *(e for e in exceptions if not isinstance(e, SameAs))):
        if hours is not None and hours != UNKNOWN and not all(map(_valid_span, hours)):
            return "a time span must start before 24:00, end by 24:00 and not end at its start"
    for exception in exceptions:
        if isinstance(exception, tuple) and any(span.overnight for span in exception):
            return "hours on a holiday must end by midnight"
    if isinstance(grid.public_holidays, SameAs) and grid.public_holidays.weekday not in range(7):
        return "public holidays can only be like a weekday"
    rule_of = {day: n for n, days in enumerate(runs(grid.days)) for day in days if grid.days[day]}
    for weekday in range(7):
        if _uncovered_night(grid.days, weekday, rule_of):
            return (
                f"the night from {WEEKDAYS[weekday]} runs into"
                f" {WEEKDAYS[(weekday + 1) % 7]}, which has hours of its own:"
                f" add that morning to {WEEKDAYS[(weekday + 1) % 7]}"
            )
    if not all(map(_valid_period, grid.closed_periods)):
        return "a closed period needs real dates"
    return None


def _valid_span(span: Span) -> bool:
    """True for a span within one day and the next morning, not empty."""
    return (
        0 <= span.start < MINUTES_PER_DAY
        and 0 < span.end <= MINUTES_PER_DAY
        and (span.end != span.start)
    )


def _valid_period(period: ClosedPeriod) -> bool:
    """True if both ends are real days (29 February only every year or in a leap year)."""
    year = period.year if period.year is not None else 2000  # a leap year
    last_year = year + 1 if period.last < period.first else year
    return _real_day(year, *period.first) and _real_day(last_year, *period.last)


def _real_day(year: int, month: int, day: int) -> bool:
    """True if `day` `month` exists in `year`."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _uncovered_night(days: tuple[Hours, ...], weekday: int, rule_of: dict[int, int]) -> bool:
    """True if a night of `weekday` runs into a day another rule replaces (see module doc).

    `rule_of` numbers the rule that names each day; a day named by none is closed.
    """
    hours = days[weekday]
    following = (weekday + 1) % 7
    if hours == UNKNOWN or not any(span.overnight for span in hours):
        return False
    if following not in rule_of or rule_of[following] == rule_of[weekday]:
        return False
    morning = max(span.end for span in hours if span.overnight)
    return morning > _covered_from_midnight(days[following])


def _covered_from_midnight(hours: Hours) -> int:
    """Until when (minutes) a day is open without a break from midnight by its own spans."""
    if hours == UNKNOWN:
        return MINUTES_PER_DAY  # unknown all day, whatever the night before said
    reach = 0
    for span in sorted(hours, key=lambda span: span.start):
        if span.start > reach:
            break
        reach = max(reach, MINUTES_PER_DAY if span.overnight else span.end)
    return reach


# ------------------------------------------------------------------------------ writing


def to_expression(grid: Grid) -> str:
    """The canonical expression of `grid` (which must have no grid_problem).

    Equal consecutive days are grouped (`Mo-Fr 16:00-08:00; Sa,Su 00:00-24:00`), closed
    days left out, then public holidays, Christmas and New Year's Eve, closed periods.
    """
    rules = _weekday_rules(grid)
    holiday = grid.public_holidays
    if holiday is not None and not isinstance(holiday, SameAs):
        rules.append(f"PH {_hours_text(holiday)}")
    eves = (grid.christmas_eve, grid.new_years_eve)
    if eves[0] is not None and eves[0] == eves[1]:
        rules.append(f"Dec 24,Dec 31 {_hours_text(eves[0])}")
    else:
        rules.extend(
            f"{_month_day(eve_day)} {_hours_text(eve)}"
            for eve_day, eve in zip((CHRISTMAS_EVE, NEW_YEARS_EVE), eves, strict=True)
            if eve is not None
        )
    rules.extend(f"{_period_text(period)} off" for period in grid.closed_periods)
    return "; ".join(rules) or "off"


def _weekday_rules(grid: Grid) -> list[str]:
    """The rules for the week: equal consecutive days grouped, `PH` with the day it follows.

    The group with `PH` is written last, so no later rule replaces a holiday that falls on
    another weekday (the order of rules for different days changes nothing else).
    """
    like = grid.public_holidays.weekday if isinstance(grid.public_holidays, SameAs) else None
    if grid.days == (ALL_DAY,) * 7 and like is None:
        return ["24/7"]
    groups = [days for days in runs(grid.days) if grid.days[days[0]]]
    groups.sort(key=lambda days: like in days)  # stable: weekday order, holidays' group last
    return [
        f"{_days_text(days)}{',PH' if like in days else ''} {_hours_text(grid.days[days[0]])}"
        for days in groups
    ]


def _days_text(days: list[int]) -> str:
    """`Mo-Fr`, `Sa,Su` or `Tu` for consecutive weekdays."""
    if len(days) > 2:
        return f"{WEEKDAYS[days[0]]}-{WEEKDAYS[days[-1]]}"
    return ",".join(WEEKDAYS[day] for day in days)


def _hours_text(hours: Hours) -> str:
    """`09:00-12:00,13:00-16:00`, `off` or `unknown`."""
    if hours == UNKNOWN:
        return UNKNOWN
    return ",".join(map(str, hours)) or "off"


def _clock(minutes: int) -> str:
    """`08:00`; 1440 is `24:00`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _month_day(month_day: tuple[int, int]) -> str:
    """`Dec 24`."""
    return f"{MONTHS[month_day[0] - 1]} {month_day[1]:02d}"


def _period_text(period: ClosedPeriod) -> str:
    """`Dec 20-Jan 05` every year, `2025 Dec 20-2026 Jan 05` once."""
    if period.year is None:
        return f"{_month_day(period.first)}-{_month_day(period.last)}"
    last_year = period.year + 1 if period.last < period.first else period.year
    return f"{period.year} {_month_day(period.first)}-{last_year} {_month_day(period.last)}"


# ------------------------------------------------------------------------------ reading

_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_TIME = r"\d{1,2}:\d\d"
_SPANS = rf"{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*"
_MONTH_DAY = rf"(?:{'|'.join(MONTHS)}) \d{{1,2}}"
_RULE = re.compile(
    r"(?P<selector>24/7"
    rf"|(?P<week>(?:PH,)?{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*(?:,PH)?)"
    r"|PH"
    rf"|(?P<eves>{_MONTH_DAY}(?:,{_MONTH_DAY})?)"
    rf"|(?P<period>(?:\d{{4}} )?{_MONTH_DAY}-(?:\d{{4}} )?{_MONTH_DAY})"
    r")"
    rf"(?: (?P<hours>{_SPANS}|off|closed|unknown))?"
)
_STATES = {"off": (), "closed": (), UNKNOWN: UNKNOWN}
_EVES = {CHRISTMAS_EVE: "christmas_eve", NEW_YEARS_EVE: "new_years_eve"}


class _Unreadable(Exception):
    """The expression says something a grid cannot hold."""


def from_expression(text: str) -> Grid | None:
    """The grid `text` is the expression of, or None if no grid can hold it (not a guess).

    Reads what to_expression writes and the same rules in other spellings (`24/7`,
    `closed`, `Sa,Su off`, `PH,Su`, `Dec 31,Dec 24`, `10:00-26:00`), in the order
    weekdays, then holidays and the eves, then closed periods.
    """
    if hours_problem(text) is not None or '"' in text:
        return None
    try:
        return _read(text)
    except _Unreadable:
        return None


def _read(text: str) -> Grid:
    """The grid of a valid expression; raises _Unreadable for one a grid cannot hold."""
    days: list[Hours | None] = [None] * 7  # None: not named by any rule
    rule_of: dict[int, int] = {}  # which rule names each day
    exceptions: dict[str, Holiday] = {}
    periods: list[ClosedPeriod] = []
    stage = 0  # 0 weekdays, 1 holidays and eves, 2 closed periods: later ones win in OSM
    rules = [rule.strip() for rule in text.split(";")]
    if rules == ["off"] or rules == ["closed"]:
        return Grid(days=((),) * 7)
    for number, rule in enumerate(rules):
        match = _RULE.fullmatch(rule)
        if not match or (match["hours"] is None and match["selector"] != "24/7"):
            raise _Unreadable(rule)
        selector = match["selector"]
        if selector == "24/7":
            rule_stage, names = 0, list(range(7))
            hours = _hours(match["hours"]) if match["hours"] else ALL_DAY
        else:
            hours = _hours(match["hours"])
            names = _weekdays(match["week"]) if match["week"] else []
            rule_stage = 2 if match["period"] else 0 if names else 1
        if rule_stage < stage or (rule_stage == 0 and "PH" in exceptions):
            raise _Unreadable(rule)  # it would replace part of an earlier rule: not a grid's order
        stage = rule_stage
        if any(days[day] is not None for day in names):
            raise _Unreadable(rule)  # a day named twice
        for day in names:
            days[day] = hours
            rule_of[day] = number
        if "PH" in selector.split(","):
            _set(exceptions, "PH", SameAs(names[-1]) if names else _own_hours(hours))
        elif match["eves"]:
            _read_eves(match["eves"], hours, exceptions)
        elif rule_stage == 2:
            periods.append(_read_period(match["period"], hours))
    named = tuple(() if hours is None else hours for hours in days)
    return Grid(
        days=tuple(_cut_night(named, day, rule_of) for day in range(7)),
        public_holidays=exceptions.get("PH"),
        christmas_eve=exceptions.get("christmas_eve"),
        new_years_eve=exceptions.get("new_years_eve"),
        closed_periods=tuple(periods),
    )


def _set(exceptions: dict[str, Holiday], name: str, value: Holiday) -> None:
    """Record one exception; a second rule for the same day replaces the first: not a grid."""
    if name in exceptions:
        raise _Unreadable(name)
    exceptions[name] = value


def _hours(text: str) -> Hours:
    """The spans, `()` or UNKNOWN of a rule's hours."""
    if text in _STATES:
        return _STATES[text]
    return tuple(_span(part) for part in text.split(","))


def _span(text: str) -> Span:
    """One span; `22:00-00:00` ends at 24:00, an extended `22:00-26:00` at 02:00 next day."""
    clocks = [clock.split(":") for clock in text.split("-")]
    if any(int(minutes) >= 60 for _hours, minutes in clocks):
        raise _Unreadable(text)
    start, end = (int(hours) * 60 + int(minutes) for hours, minutes in clocks)
    if end == 0:
        end = MINUTES_PER_DAY
    elif end > MINUTES_PER_DAY:
        end -= MINUTES_PER_DAY
        if end > start:
            raise _Unreadable(text)  # longer than a day
    span = Span(start, end)
    if not _valid_span(span):
        raise _Unreadable(text)
    return span


def _own_hours(hours: Hours) -> Hours:
    """The hours of an exception day, which end by midnight in a grid."""
    if isinstance(hours, tuple) and any(span.overnight for span in hours):
        raise _Unreadable(str(hours))
    return hours


def _weekdays(selector: str) -> list[int]:
    """The weekdays a selector names, in the order written (`Sa-Mo` wraps)."""
    days: list[int] = []
    for part in selector.split(","):
        if part == "PH":
            continue
        first, _, last = part.partition("-")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.extend((start + n) % 7 for n in range((end - start) % 7 + 1))
    return days


def _read_eves(selector: str, hours: Hours, exceptions: dict[str, Holiday]) -> None:
    """Christmas Eve and/or New Year's Eve; any other single date is not a grid's."""
    for part in selector.split(","):
        month, day = part.split()
        name = _EVES.get((MONTHS.index(month) + 1, int(day)))
        if name is None:
            raise _Unreadable(part)
        _set(exceptions, name, _own_hours(hours))


def _read_period(text: str, hours: Hours) -> ClosedPeriod:
    """A closed period `Dec 20-Jan 05` or `2025 Dec 20-2026 Jan 05`."""
    if hours != ():
        raise _Unreadable(text)  # open or unknown for a stretch of dates: a season
    ends = []
    for end in text.split("-"):
        *year, month, day = end.split()
        ends.append((int(year[0]) if year else None, (MONTHS.index(month) + 1, int(day))))
    (first_year, first), (last_year, last) = ends
    if first_year is None and last_year is None:
        period = ClosedPeriod(first, last)
    elif first_year is None or last_year != first_year + (last < first):
        raise _Unreadable(text)
    else:
        period = ClosedPeriod(first, last, first_year)
    if not _valid_period(period):
        raise _Unreadable(text)
    return period


def _cut_night(days: tuple[Hours, ...], weekday: int, rule_of: dict[int, int]) -> Hours:
    """The hours of `weekday`, its nights cut at midnight where another rule replaces them."""
    hours = days[weekday]
    if hours == UNKNOWN or not _uncovered_night(days, weekday, rule_of):
        return hours
    covered = _covered_from_midnight(days[(weekday + 1) % 7])
    return tuple(
        Span(span.start, MINUTES_PER_DAY) if span.overnight and span.end > covered else span
        for span in hours
    )
