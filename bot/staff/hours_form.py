"""The weekly hours grid as plain form fields, and which hours a posted offer form asks for.

The grid (lygte/hours_grid.py) is shown as one row per weekday and per exception (public
holidays, Christmas Eve, New Year's Eve): a choice (times / all day / closed / unknown, for
an exception also "not stated", for holidays also "like a weekday") and its time spans, one
`<key>_from` and `<key>_to` pair per span in document order; closed periods as `period_from`,
`period_to`, `period_repeat` triples. The fields keep what was typed, so a refused grid comes
back as the staff member left it.

Which field wins: the radio `hours_mode`. "grid" writes the grid's expression; anything else
(or none: a form without the grid) keeps the raw `opening_hours` field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from bot.staff.i18n import translate
from lygte.hours_grid import (
    ALL_DAY,
    MINUTES_PER_DAY,
    UNKNOWN,
    ClosedPeriod,
    Grid,
    Hours,
    SameAs,
    Span,
    from_expression,
    grid_problem,
    to_expression,
)

GRID, EXPRESSION = "grid", "expression"
DAY_KEYS = tuple(f"d{day}" for day in range(7))
EXCEPTION_KEYS = ("ph", "eve24", "eve31")
#: The choices of a row: spans below, or a state of the whole day.
TIMES, ALL_DAY_CHOICE, CLOSED, NOT_STATED = "hours", "all_day", "closed", "none"
DAY_CHOICES = (TIMES, ALL_DAY_CHOICE, CLOSED, UNKNOWN)
EVE_CHOICES = (NOT_STATED, *DAY_CHOICES)
LIKE = tuple(f"like{day}" for day in range(7))
HOLIDAY_CHOICES = (NOT_STATED, *DAY_CHOICES, *LIKE)
#: The choices of each row, by its key.
CHOICES = {
    **dict.fromkeys(DAY_KEYS, DAY_CHOICES),
    "ph": HOLIDAY_CHOICES,
    "eve24": EVE_CHOICES,
    "eve31": EVE_CHOICES,
}
ONCE, YEARLY = "once", "yearly"
#: Nothing in the week is known: what the grid shows for an offer without hours.
BLANK = Grid(days=(UNKNOWN,) * 7)
_CLOCK = re.compile(r"(\d{1,2}):(\d\d)")


class FormData(Protocol):
    """A posted form (aiohttp's MultiDictProxy): repeated fields in document order."""

    def get(self, key: str, default: str = "") -> object:
        """The first value of `key`."""

    def getall(self, key: str, default: list[object]) -> list[object]:
        """Every value of `key`."""


@dataclass(frozen=True)
class Row:
    """One weekday or exception as the form shows it: its choice and spans as typed."""

    key: str
    choice: str
    spans: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PeriodRow:
    """One closed period as typed: ISO dates and YEARLY or ONCE."""

    first: str
    last: str
    repeat: str = ONCE


@dataclass(frozen=True)
class GridFields:
    """The whole grid as form fields: seven days, the exceptions, the closed periods."""

    days: tuple[Row, ...]
    exceptions: tuple[Row, ...]
    periods: tuple[PeriodRow, ...] = ()


@dataclass(frozen=True)
class PostedHours:
    """The expression a posted form asks for, or why the grid cannot give one."""

    expression: str | None
    problems: tuple[str, ...] = ()


# ------------------------------------------------------------------------------ showing


def grid_fields(expression: str | None, today: dt.date) -> GridFields | None:
    """The fields of the grid `expression` is, BLANK's for none, None if no grid holds it."""
    grid = from_expression(expression) if expression else BLANK
    if grid is None:
        return None
    exceptions = (grid.public_holidays, grid.christmas_eve, grid.new_years_eve)
    return GridFields(
        days=tuple(_row(key, hours) for key, hours in zip(DAY_KEYS, grid.days, strict=True)),
        exceptions=tuple(
            _row(key, hours) for key, hours in zip(EXCEPTION_KEYS, exceptions, strict=True)
        ),
        periods=tuple(_period_row(period, today) for period in grid.closed_periods),
    )


def _row(key: str, hours: Hours | SameAs | None) -> Row:
    """The row of one day's hours."""
    if hours is None:
        return Row(key, NOT_STATED)
    if isinstance(hours, SameAs):
        return Row(key, LIKE[hours.weekday])
    if hours == UNKNOWN:
        return Row(key, UNKNOWN)
    if hours == ():
        return Row(key, CLOSED)
    if hours == ALL_DAY:
        return Row(key, ALL_DAY_CHOICE)
    return Row(key, TIMES, tuple((_clock(span.start), _clock(span.end)) for span in hours))


def _clock(minutes: int) -> str:
    """`08:00`; midnight at the end of the day is `00:00`, as a time field can show it."""
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _period_row(period: ClosedPeriod, today: dt.date) -> PeriodRow:
    """A closed period as dates; a yearly one in the first year from today that has them."""
    year = period.year
    repeat = ONCE
    if year is None:
        repeat, year = YEARLY, today.year
        while not _exists(year, *period.first) or not _exists(year + 1, *period.last):
            year += 1  # 29 February
    last_year = year + 1 if period.last < period.first else year
    first = dt.date(year, *period.first)
    return PeriodRow(first.isoformat(), dt.date(last_year, *period.last).isoformat(), repeat)


def _exists(year: int, month: int, day: int) -> bool:
    """True if the date exists."""
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------ reading


def posted_fields(form: FormData) -> GridFields:
    """The grid fields of a posted form, as typed."""
    return GridFields(
        days=tuple(_posted_row(form, key) for key in DAY_KEYS),
        exceptions=tuple(_posted_row(form, key) for key in EXCEPTION_KEYS),
        periods=tuple(
            PeriodRow(str(first).strip(), str(last).strip(), str(repeat))
            for first, last, repeat in zip(
                form.getall("period_from", []),
                form.getall("period_to", []),
                form.getall("period_repeat", []),
                strict=False,
            )
            if str(first).strip() or str(last).strip()
        ),
    )


def _posted_row(form: FormData, key: str) -> Row:
    """One row as posted; rows of two empty time fields are left out."""
    spans = zip(form.getall(f"{key}_from", []), form.getall(f"{key}_to", []), strict=False)
    typed = tuple((str(a).strip(), str(b).strip()) for a, b in spans)
    return Row(key, str(form.get(f"{key}_choice", "")), tuple(s for s in typed if any(s)))


def posted_hours(form: FormData, stored: str | None, language: str) -> PostedHours:
    """The opening_hours a posted offer form asks for (see the module doc for which wins).

    An unchanged grid keeps `stored` as written, so a save changes no spelling it did not mean.
    """
    if form.get("hours_mode") != GRID:
        return PostedHours(" ".join(str(form.get("opening_hours", "")).split()) or None)
    read = read_grid(posted_fields(form), language)
    if not isinstance(read, Grid):
        return PostedHours(stored, tuple(read))
    baseline = from_expression(stored) if stored else BLANK
    return PostedHours(stored if read == baseline else to_expression(read))


def read_grid(fields: GridFields, language: str) -> Grid | list[str]:
    """The grid the fields say, or the problems (in `language`) that stop it."""
    problems: list[str] = []
    days = tuple(_hours(row, language, problems) for row in fields.days)
    holiday, christmas, new_year = fields.exceptions
    grid = Grid(
        days=days,
        public_holidays=_exception(holiday, language, problems),
        christmas_eve=_eve(christmas, language, problems),
        new_years_eve=_eve(new_year, language, problems),
        closed_periods=tuple(
            period
            for number, row in enumerate(fields.periods, 1)
            if (period := _period(row, number, language, problems)) is not None
        ),
    )
    if problems:
        return problems
    problem = grid_problem(grid)
    return [problem] if problem else grid


def _eve(row: Row, language: str, problems: list[str]) -> Hours | None:
    """Christmas or New Year's Eve: not stated, or hours of its own (never like a weekday)."""
    hours = _exception(row, language, problems)
    return None if isinstance(hours, SameAs) else hours


def _exception(row: Row, language: str, problems: list[str]) -> Hours | SameAs | None:
    """An exception's hours: not stated (None), like a weekday, or a day's hours."""
    if row.choice not in CHOICES[row.key]:
        problems.append(translate(language, "grid_bad_choice", day=row_name(row.key, language)))
        return None
    if row.choice == NOT_STATED:
        return None
    if row.choice in LIKE:
        return SameAs(LIKE.index(row.choice))
    return _hours(row, language, problems)


def _hours(row: Row, language: str, problems: list[str]) -> Hours:
    """The hours of one row; a problem appended for a choice or time that does not read."""
    fixed: dict[str, Hours] = {UNKNOWN: UNKNOWN, CLOSED: (), ALL_DAY_CHOICE: ALL_DAY}
    if row.choice in fixed:
        return fixed[row.choice]
    name = row_name(row.key, language)
    if row.choice != TIMES:
        problems.append(translate(language, "grid_bad_choice", day=name))
        return ()
    if not row.spans:
        problems.append(translate(language, "grid_no_spans", day=name))
        return ()
    spans = []
    for start, end in row.spans:
        opens, closes = _minutes(start), _minutes(end)
        if opens is None or closes is None:
            problems.append(translate(language, "grid_bad_time", day=name))
            return ()
        spans.append(Span(opens, closes or MINUTES_PER_DAY))  # a "to" of 00:00 is midnight
    return tuple(sorted(spans, key=lambda span: span.start))


def _minutes(clock: str) -> int | None:
    """Minutes after midnight of `hh:mm` (`24:00` too), None for anything else."""
    match = _CLOCK.fullmatch(clock)
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    total = hours * 60 + minutes
    return total if minutes < 60 and total <= MINUTES_PER_DAY else None


def _period(row: PeriodRow, number: int, language: str, problems: list[str]) -> ClosedPeriod | None:
    """One closed period; a problem appended when its dates do not make one."""
    try:
        first, last = dt.date.fromisoformat(row.first), dt.date.fromisoformat(row.last)
    except ValueError:
        problems.append(translate(language, "grid_period_dates", n=number))
        return None
    if last < first:
        problems.append(translate(language, "grid_period_order", n=number))
        return None
    ends = (first.month, first.day), (last.month, last.day)
    if row.repeat == YEARLY:
        return ClosedPeriod(*ends)
    if last.year != first.year + (ends[1] < ends[0]):
        problems.append(translate(language, "grid_period_long", n=number))
        return None
    return ClosedPeriod(*ends, first.year)


def row_name(key: str, language: str) -> str:
    """The name of a row: the weekday, public holidays, Christmas Eve, New Year's Eve."""
    if key in DAY_KEYS:
        return translate(language, "weekdays").split(",")[DAY_KEYS.index(key)]
    return translate(language, f"grid_{key}")


def mode_of(form: FormData) -> str:
    """The posted hours_mode: GRID or EXPRESSION."""
    return GRID if form.get("hours_mode") == GRID else EXPRESSION
