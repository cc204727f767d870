"""Opening hours on every night the clocks change, 2024-2030, minute by minute.

The model here knows no time zone library's DST logic: the nights are the EU rule (last
Sunday of March and October, 01:00 UTC), and a wall-clock time written in an expression
takes place the first moment the Copenhagen clock shows it or a later time (so a change at
02:30 happens in the first pass of the repeated hour, or at 03:00 CEST when 02:30 is skipped).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from typing import Any

import pytest

from lygte.hours import TIMEZONE, hours_state, parse_hours, wall_clock

UTC = timezone.utc
YEARS = range(2024, 2031)


def last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (h + m - 7 * ((a + 11 * h + 22 * m) // 451) + 114) // 31
    day = (h + m - 7 * ((a + 11 * h + 22 * m) // 451) + 114) % 31 + 1
    return date(year, n, day)


def public_holiday(day: date) -> bool:
    """The Danish public holidays (helligdage) by their calendar rules."""
    e = easter(day.year)
    moving = {e + timedelta(days=n) for n in (-3, -2, 0, 1, 39, 49, 50)}
    return day in moving or (day.month, day.day) in {(1, 1), (12, 25), (12, 26)}


NIGHTS = [
    datetime.combine(last_sunday(year, month), time(1), UTC) for year in YEARS for month in (3, 10)
]

Schedule = Callable[
    [date], list[tuple[int, int]]
]  # day -> [(start, end minute)], end may pass 1440


def every_day(start: int, end: int) -> Schedule:
    return lambda day: [(start, end)]


EXPRESSIONS: dict[str, Schedule | None] = {
    "24/7": None,  # always
    "Mo-Su 00:00-24:00": None,
    "Mo-Su,PH 16:00-08:00": every_day(16 * 60, 32 * 60),
    "Fr,Sa,PH 22:00-06:00": lambda day: (
        [(22 * 60, 30 * 60)] if day.weekday() in (4, 5) or public_holiday(day) else []
    ),
    "Mo-Su,PH 20:00-02:30": every_day(20 * 60, 26 * 60 + 30),
    "Mo-Su,PH 02:30-12:00": every_day(2 * 60 + 30, 12 * 60),
    "Mo-Su,PH 01:30-02:15,02:45-03:30": lambda day: [(90, 135), (165, 210)],
}


def hhmm(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


@cache
def first_moment(day: date, minute: int) -> datetime:
    """The first instant at which the Copenhagen clock shows `minute` of `day` or later."""
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)
    instant = wall.replace(tzinfo=UTC) - timedelta(hours=3)
    while instant.astimezone(TIMEZONE).replace(tzinfo=None) < wall:
        instant += timedelta(minutes=1)
    return instant


def expected(schedule: Schedule | None, instant: datetime) -> dict[str, Any]:
    if schedule is None:
        return {"state": "always"}
    today = instant.astimezone(TIMEZONE).date()
    spans = [
        (first_moment(day, start), first_moment(day, end), day, start, end)
        for day in (today + timedelta(days=n) for n in range(-1, 8))
        for start, end in schedule(day)
    ]
    for opens, closes, day, _start, end in spans:
        if opens <= instant < closes:
            closing_day = day + timedelta(days=end // 1440)
            state = {"state": "open", "until": hhmm(end)}
            if closing_day != today:
                ahead = (closing_day - today).days
                state |= {"days_ahead": ahead, "weekday": closing_day.weekday()}
            return state
    opens, _closes, day, start, _end = min(s for s in spans if s[0] > instant)
    ahead = (day - today).days
    return {"state": "closed", "time": hhmm(start), "days_ahead": ahead, "weekday": day.weekday()}


def test_the_nights_are_the_ones_the_time_zone_knows() -> None:
    for night in NIGHTS:
        before, after = (night + timedelta(minutes=m) for m in (-1, 0))
        assert before.astimezone(TIMEZONE).utcoffset() != after.astimezone(TIMEZONE).utcoffset()


def test_opening_hours_py_still_needs_the_guard() -> None:
    """Why the guard exists: with a time zone, 24/7 is CLOSED at 02:59 CEST on 2026-10-25.

    If this fails, opening-hours-py has fixed the bug; the guard stays harmless.
    """
    instant = datetime(2026, 10, 25, 2, 59, 30, tzinfo=TIMEZONE)  # fold=0: summer time
    assert str(parse_hours("24/7").state(instant)[0]) == "closed"
    assert hours_state("24/7", True, instant) == {"state": "always"}


@pytest.mark.parametrize("night", NIGHTS, ids=lambda n: n.date().isoformat())
@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_every_minute_of_every_dst_night(expression: str, night: datetime) -> None:
    schedule = EXPRESSIONS[expression]
    for seconds in range(-3 * 3600, 2 * 3600, 30):
        instant = night + timedelta(seconds=seconds)
        assert hours_state(expression, True, instant) == expected(schedule, instant), (
            expression,
            instant.astimezone(TIMEZONE).isoformat(),
        )


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("fold", [0, 1])
@pytest.mark.parametrize("minute", [0, 15, 29, 30, 31, 59])
def test_local_times_given_with_fold(year: int, fold: int, minute: int) -> None:
    """A caller may pass Copenhagen time with fold set, even a time the spring night skips."""
    for night in (last_sunday(year, 3), last_sunday(year, 10)):
        given = datetime.combine(night, time(2, minute), TIMEZONE).replace(fold=fold)
        instant = given.astimezone(UTC)  # PEP 495: what the fold means for this wall time
        for expression, schedule in EXPRESSIONS.items():
            assert hours_state(expression, True, given) == expected(schedule, instant)


def test_the_repeated_hour_reads_as_the_end_of_the_first_pass() -> None:
    second_pass = datetime(2026, 10, 25, 2, 10, tzinfo=TIMEZONE, fold=1)
    assert wall_clock(second_pass) == datetime(2026, 10, 25, 2, 59, 59)
    first_pass = datetime(2026, 10, 25, 2, 10, tzinfo=TIMEZONE, fold=0)
    assert wall_clock(first_pass) == datetime(2026, 10, 25, 2, 10)
    assert hours_state("Mo-Su,PH 20:00-02:30", True, first_pass) == {
        "state": "open",
        "until": "02:30",
    }
    assert hours_state("Mo-Su,PH 20:00-02:30", True, second_pass)["state"] == "closed"
