"""Opening hours: a table of fixed instants, and random instants against an independent model.

Holidays: on a Danish public holiday, Christmas Eve or New Year's Eve the state is unknown
unless the expression speaks for the day (PH, a dated rule); so is an open state running into
such a day, and a closed state whose next opening falls on one.

The independent model below works on a plain weekly schedule (weekday, start minute, end
minute; an end past 24:00 runs into the next day) with simple arithmetic on Copenhagen
wall-clock time. It shares no code with lygte/hours.py or opening-hours-py.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from lygte.hours import COMMENT_ONLY, FALLBACK, TIMEZONE, holidays, hours_problem, hours_state

UTC = timezone.utc
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
#: Danish public holidays (helligdage) Christmas 2025 to New Year 2028, by hand from the calendar.
DANISH_HOLIDAYS = {
    date(2025, 12, 25),
    date(2025, 12, 26),
    date(2026, 1, 1),
    date(2026, 4, 2),  # skærtorsdag
    date(2026, 4, 3),  # langfredag
    date(2026, 4, 5),  # påskedag
    date(2026, 4, 6),  # 2. påskedag
    date(2026, 5, 14),  # Kristi himmelfartsdag
    date(2026, 5, 24),  # pinsedag
    date(2026, 5, 25),  # 2. pinsedag
    date(2026, 12, 25),
    date(2026, 12, 26),
    date(2027, 1, 1),
    date(2027, 3, 25),
    date(2027, 3, 26),
    date(2027, 3, 28),
    date(2027, 3, 29),
    date(2027, 5, 6),
    date(2027, 5, 16),
    date(2027, 5, 17),
    date(2027, 12, 25),
    date(2027, 12, 26),
    date(2028, 1, 1),
}
#: Christmas Eve and New Year's Eve: not public holidays in Danish law, but hours differ.
EVES = {date(year, 12, day) for year in (2025, 2026, 2027) for day in (24, 31)}


def local(text: str) -> datetime:
    """A Copenhagen wall-clock time (only for times that exist exactly once)."""
    return datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def closed(time: str, days_ahead: int, weekday: int, **extra: Any) -> dict[str, Any]:
    return {"state": "closed", "time": time, "days_ahead": days_ahead, "weekday": weekday} | extra


HOLIDAY = {"state": "unknown", "reason": "holiday"}
NEXT_UNKNOWN = {"state": "unknown", "reason": "next_unknown"}


WEEKDAYS = "Mo-Fr 10:00-13:00; PH off"
NIGHTS = "Sa 22:00-08:00"
LINE_1813 = "Mo-Fr 00:00-08:00,16:00-24:00; Sa,Su 00:00-24:00"

TABLE = [
    # Christmas Eve (Thursday 2026-12-24) is not a public holiday in Danish law, and PH off
    # does not speak for it: most places keep other hours, so "call first" ...
    ("christmas eve unstated", WEEKDAYS, local("2026-12-24 11:00"), HOLIDAY),
    ("christmas eve unstated, after hours", WEEKDAYS, local("2026-12-24 15:00"), HOLIDAY),
    ("new year's eve unstated", WEEKDAYS, local("2026-12-31 11:00"), HOLIDAY),
    ("next opening on christmas eve", WEEKDAYS, local("2026-12-23 14:00"), HOLIDAY),
    (
        "christmas eve stated",
        "Mo-Fr 10:00-13:00; Dec 24 10:00-12:00; PH off",
        local("2026-12-24 11:00"),
        {"state": "open", "until": "12:00"},
    ),
    (
        "new year's eve stated",
        "Mo-Fr 10:00-13:00; Dec 31 10:00-12:00; PH off",
        local("2026-12-31 12:30"),
        closed("10:00", 4, 0),
    ),
    (
        "a dated range covers christmas and new year",
        "Mo-Fr 10:00-13:00; Dec 20-Jan 05 off",
        local("2026-12-24 11:00"),
        closed("10:00", 13, 2, date="2027-01-06"),
    ),
    (
        "a season of whole months does not speak for christmas eve",
        "Dec-Mar 20:00-08:00",
        local("2026-12-24 21:00"),
        HOLIDAY,
    ),
    (
        "a season closed over easter still opens in december",
        "Dec-Mar 20:00-08:00",
        local("2026-04-01 12:00"),
        closed("20:00", 244, 1, date="2026-12-01"),
    ),
    (
        "closed across christmas eve: only the days named count",
        "Mo 10:00-13:00; PH off",
        local("2026-12-23 14:00"),
        closed("10:00", 5, 0),
    ),
    # 1813 (issue 14): "closed, opens 16:00" on Christmas Day was a guess.
    ("1813 on christmas day", LINE_1813, local("2026-12-25 12:00"), HOLIDAY),
    ("1813 open into christmas eve", LINE_1813, local("2026-12-23 17:00"), HOLIDAY),
    ("1813 open until easter monday", LINE_1813, local("2026-04-04 12:00"), HOLIDAY),
    ("1813 before christmas", LINE_1813, local("2026-12-23 12:00"), closed("16:00", 0, 2)),
    (
        "1813 with its holidays stated",
        "Mo-Fr 00:00-08:00,16:00-24:00; Sa,Su,PH 00:00-24:00; Dec 24,Dec 31 16:00-24:00",
        local("2026-12-25 12:00"),
        {"state": "open", "until": "08:00", "days_ahead": 3, "weekday": 0},
    ),
    ("24/7 is every day", "24/7", local("2026-12-25 12:00"), {"state": "always"}),
    (
        "mo-su 00:00-24:00 is 24/7",
        "Mo-Su 00:00-24:00",
        local("2026-12-24 12:00"),
        {"state": "always"},
    ),
    # An offer closed on Christmas Eve says so; then Christmas Day and Boxing Day are PH.
    (
        "christmas eve off, then PH and weekend",
        "Mo-Fr 10:00-13:00; Dec 24 off; PH off",
        local("2026-12-24 11:00"),
        closed("10:00", 4, 0),
    ),
    ("christmas day is PH", WEEKDAYS, local("2026-12-25 09:00"), closed("10:00", 3, 0)),
    ("24/7 on christmas eve night", "24/7", local("2026-12-24 03:00"), {"state": "always"}),
    (
        "PH open only: christmas eve waits for christmas day",
        "PH 10:00-14:00; Dec 24 off",
        local("2026-12-24 12:00"),
        closed("10:00", 1, 4),
    ),
    ("PH says nothing about christmas eve", "PH 10:00-14:00", local("2026-12-24 12:00"), HOLIDAY),
    # Easter 2026: Maundy Thursday 2 Apr to Easter Monday 6 Apr.
    (
        "before easter: next opening after easter monday",
        WEEKDAYS,
        local("2026-04-01 14:00"),
        closed("10:00", 6, 1),
    ),
    (
        "easter sunday closed, next sunday is a week away",
        "Su 12:00-16:00; PH off",
        local("2026-04-05 13:00"),
        closed("12:00", 7, 6, date="2026-04-12"),
    ),
    (
        "easter sunday open on PH hours",
        "Mo-Su 09:00-17:00; PH 12:00-15:00",
        local("2026-04-05 13:00"),
        {"state": "open", "until": "15:00"},
    ),
    (
        "easter sunday before PH hours",
        "Mo-Su 09:00-17:00; PH 12:00-15:00",
        local("2026-04-05 10:00"),
        closed("12:00", 0, 6),
    ),
    # Constitution Day (5 June) is not a public holiday either.
    (
        "constitution day is a weekday",
        WEEKDAYS,
        local("2026-06-05 11:00"),
        {"state": "open", "until": "13:00"},
    ),
    (
        "constitution day off",
        "Mo-Fr 10:00-13:00; Jun 05 off",
        local("2026-06-05 11:00"),
        closed("10:00", 3, 0),
    ),
    # Clocks go forward 2026-03-29 02:00 -> 03:00 (a night of 23 hours).
    (
        "spring night before the change",
        NIGHTS,
        utc("2026-03-29 00:30"),
        {"state": "open", "until": "08:00"},
    ),
    (
        "spring night after the change",
        NIGHTS,
        utc("2026-03-29 01:30"),
        {"state": "open", "until": "08:00"},
    ),
    ("spring night, just closed", NIGHTS, utc("2026-03-29 06:00"), closed("22:00", 6, 5)),
    ("spring day opening", "Su 09:00-17:00", utc("2026-03-29 00:30"), closed("09:00", 0, 6)),
    ("spring day, 24/7", "24/7", utc("2026-03-29 01:00"), {"state": "always"}),
    (
        "spring: closes at 03:30 summer time",
        "Sa 22:00-03:30",
        utc("2026-03-29 01:15"),
        {"state": "open", "until": "03:30"},
    ),
    # Clocks go back 2026-10-25 03:00 -> 02:00 (02:30 happens twice).
    (
        "autumn 02:30 summer time",
        NIGHTS,
        utc("2026-10-25 00:30"),
        {"state": "open", "until": "08:00"},
    ),
    (
        "autumn 02:30 winter time",
        NIGHTS,
        utc("2026-10-25 01:30"),
        {"state": "open", "until": "08:00"},
    ),
    ("autumn, closed at 08:00 wall clock", NIGHTS, utc("2026-10-25 07:00"), closed("22:00", 6, 5)),
    ("autumn, 24/7", "24/7", utc("2026-10-25 01:30"), {"state": "always"}),
    # Across midnight.
    (
        "after midnight, Saturday's night",
        "Th-Sa 22:00-04:00",
        local("2026-11-29 03:00"),
        {"state": "open", "until": "04:00"},
    ),
    (
        "after the night, next is Thursday",
        "Th-Sa 22:00-04:00",
        local("2026-11-29 05:00"),
        closed("22:00", 4, 3),
    ),
    (
        "evening: closes tomorrow morning",
        "Mo-Su 22:00-08:00",
        local("2026-11-27 23:00"),
        {"state": "open", "until": "08:00", "days_ahead": 1, "weekday": 5},
    ),
    (
        "1813 on a Friday evening: open until Monday 08:00",
        "Mo-Fr 00:00-08:00,16:00-24:00; Sa,Su 00:00-24:00",
        local("2026-11-27 17:00"),
        {"state": "open", "until": "08:00", "days_ahead": 3, "weekday": 0},
    ),
    (
        "1813 on a weekday noon",
        "Mo-Fr 00:00-08:00,16:00-24:00; Sa,Su 00:00-24:00",
        local("2026-11-25 12:00"),
        closed("16:00", 0, 2),
    ),
    # Season: winter shelter Dec-Mar.
    (
        "out of season",
        "Dec-Mar 20:00-08:00",
        local("2026-06-01 12:00"),
        closed("20:00", 183, 1, date="2026-12-01"),
    ),
    (
        "in season, night",
        "Dec-Mar 20:00-08:00",
        local("2026-12-01 21:00"),
        {"state": "open", "until": "08:00", "days_ahead": 1, "weekday": 2},
    ),
    # Exact boundaries: open at the first minute, closed at the closing minute.
    ("opening minute", WEEKDAYS, local("2026-11-27 10:00"), {"state": "open", "until": "13:00"}),
    ("closing minute", WEEKDAYS, local("2026-11-27 13:00"), closed("10:00", 3, 0)),
]


@pytest.mark.parametrize(
    ("expression", "instant", "expected"),
    [pytest.param(e, i, x, id=name) for name, e, i, x in TABLE],
)
def test_hours_at_fixed_instants(expression: str, instant: datetime, expected: dict) -> None:
    assert hours_state(expression, True, instant) == expected


def test_unconfirmed_hours_are_never_evaluated() -> None:
    assert hours_state("24/7", False, local("2026-11-27 11:00")) == {"state": "unknown"}
    assert hours_state(None, True, local("2026-11-27 11:00")) == {"state": "unknown"}
    assert hours_state("off", True, local("2026-11-27 11:00")) == {"state": "unknown"}


def test_the_holidays_are_danish_law_plus_the_two_eves() -> None:
    for year in (2026, 2027):
        by_hand = {day for day in DANISH_HOLIDAYS if day.year == year}
        assert holidays(year) == by_hand | {date(year, 12, 24), date(year, 12, 31)}
        assert date(year, 6, 5) not in holidays(year)  # Constitution Day is a working day


# ------------------------------------------------------------------------ the validator


@pytest.mark.parametrize(
    "expression",
    [
        'Mo-Fr 09:00-15:00 || "ring først"',  # opening-hours-py: open 24/7
        '"call first"',
        'Mo 10:00-12:00 "by appointment"',  # opening-hours-py: open; the OSM spec: unknown
        'Mo-Fr 10:00-12:00; Sa "ring"',
        'Mo-Fr 10:00-12:00, PH "ring; først"',
    ],
)
def test_a_comment_alone_is_refused(expression: str) -> None:
    assert hours_problem(expression) == COMMENT_ONLY


def test_a_fallback_rule_is_refused() -> None:
    assert hours_problem('Mo-Fr 08:00-16:00 || unknown "ring først"') == FALLBACK
    assert hours_problem("Mo-Fr 08:00-16:00 || off") == FALLBACK


@pytest.mark.parametrize(
    "expression",
    [
        'Mo 10:00-12:00 open "by appointment"',
        'Mo 10:00-12:00 unknown "ring først"',
        'Mo-Fr 10:00-13:00; PH off "lukket"; Dec 24,Dec 31 unknown',
        'Tu 10:00-12:00 open "a || b, c; d"',
        "Mo,We 10:00-12:00,14:00-16:00, Sa 10:00-11:00",
    ],
)
def test_a_comment_after_a_state_is_kept(expression: str) -> None:
    assert hours_problem(expression) is None


def test_a_comment_after_open_keeps_the_hours() -> None:
    expression = 'Mo 10:00-12:00 open "by appointment"'
    assert hours_state(expression, True, local("2026-11-23 11:00")) == {
        "state": "open",
        "until": "12:00",
    }


def test_a_parse_error_is_still_the_parser_s() -> None:
    problem = hours_problem("Mo-Fx 10:00-12:00")
    assert problem and problem not in (COMMENT_ONLY, FALLBACK)


def test_explicit_unknown_on_holidays_stays_unknown() -> None:
    expression = "Mo-Fr 10:00-13:00; PH unknown; Dec 24,Dec 31 unknown"
    assert hours_state(expression, True, local("2026-12-24 11:00")) == {"state": "unknown"}
    # The next change is to unknown hours, not an opening: no "opens Thursday 00:00".
    assert hours_state(expression, True, local("2026-12-23 14:00")) == NEXT_UNKNOWN
    weekend = "Mo-Fr 07:00-13:00; Sa,Su unknown"
    assert hours_state(weekend, True, local("2026-11-27 14:00")) == NEXT_UNKNOWN
    assert hours_state(weekend, True, local("2026-11-26 14:00")) == closed("07:00", 1, 4)
    line = "Mo-Fr 00:00-08:00,16:00-24:00; Sa,Su,PH 00:00-24:00; Dec 24,Dec 31 unknown"
    assert hours_state(line, True, local("2026-12-23 17:00")) == NEXT_UNKNOWN
    assert hours_state(line, True, local("2026-12-25 12:00"))["state"] == "open"
    assert hours_state(expression, True, local("2026-12-23 11:00")) == {
        "state": "open",
        "until": "13:00",
    }


# ------------------------------------------------------------- the independent model

Interval = tuple[
    int, int, int
]  # weekday (0 = Monday), start minute, end minute (end may pass 1440)


def hhmm(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def expression_for(schedule: list[Interval]) -> str:
    """OSM syntax with additional rules (", "), so no rule overrides another."""
    return ", ".join(
        f"{DAYS[day]} {hhmm(start)}-{hhmm(end) if end <= 1440 else hhmm(end - 1440)}".replace(
            "-00:00", "-24:00"
        )
        for day, start, end in schedule
    )


def expected_state(
    schedule: list[Interval], instant: datetime, holidays: set[date], unstated: set[date]
) -> dict:
    """Open/closed by hand: intervals of yesterday and today, then the next start.

    `holidays` are closed all day; on `unstated` days, and for a state running into one or
    opening on one, the answer is unknown.
    """
    state = weekly_state(schedule, instant, holidays)
    today = instant.astimezone(TIMEZONE).date()
    changes = today + timedelta(days=state.get("days_ahead", 0))
    if state["state"] == "open":
        named = {today + timedelta(days=n) for n in range((changes - today).days + 1)}
    else:
        named = {today, changes}
    return {"state": "unknown", "reason": "holiday"} if named & unstated else state


def weekly_state(schedule: list[Interval], instant: datetime, holidays: set[date]) -> dict:
    """The weekly schedule alone, with `holidays` closed."""
    wall = instant.astimezone(TIMEZONE)
    today = wall.date()
    now = wall.hour * 60 + wall.minute

    def runs_on(day: date) -> list[tuple[int, int]]:
        if day in holidays:
            return []
        return [(start, end) for weekday, start, end in schedule if weekday == day.weekday()]

    for back in (0, 1):
        for start, end in runs_on(today - timedelta(days=back)):
            if start - 1440 * back <= now < end - 1440 * back:
                ends = end - 1440 * back
                state = {"state": "open", "until": hhmm(ends)}
                if ends >= 1440:
                    closing_day = today + timedelta(days=ends // 1440)
                    state |= {"days_ahead": ends // 1440, "weekday": closing_day.weekday()}
                return state
    for ahead in range(0, 400):
        day = today + timedelta(days=ahead)
        starts = [start for start, _ in runs_on(day) if start + 1440 * ahead > now]
        if starts:
            state = closed(hhmm(min(starts)), ahead, day.weekday())
            return state | ({"date": day.isoformat()} if ahead > 6 else {})
    raise AssertionError("schedule never opens")


def random_schedule(rng: random.Random, overnight: bool) -> list[Interval]:
    """1-7 days with one or two intervals on whole quarter hours, none touching another.

    Starts and ends avoid 02:00-03:00, the hour that is skipped or repeated when the clocks
    change, so that every boundary exists exactly once in wall-clock time.
    """
    quarters = [m for m in range(0, 1440, 15) if not 120 <= m <= 180]
    schedule: list[Interval] = []
    for day in sorted(rng.sample(range(7), rng.randint(1, 7))):
        start = rng.choice([m for m in quarters if m < 1200])
        end = rng.choice([m for m in quarters if start + 30 <= m] + [1440])
        if overnight and rng.random() < 0.4:
            start = rng.choice([m for m in quarters if m >= 1080])
            end = 1440 + rng.choice([m for m in quarters if m <= 100 or 190 <= m <= 420])
        schedule.append((day, start, end))
        if end <= 1260 and rng.random() < 0.4:
            second = rng.choice([m for m in quarters if m >= end + 30] or [end + 30])
            if second < 1410:
                schedule.append(
                    (day, second, rng.choice([m for m in quarters if m >= second + 15] + [1440]))
                )
    # Drop an interval that would touch or overlap the spill-over from the day before.
    spill = {(day + 1) % 7: end - 1440 for day, _, end in schedule if end >= 1440}
    return [(d, s, e) for d, s, e in schedule if s > spill.get(d, -30) + 15]


def random_instant(rng: random.Random) -> datetime:
    """A whole minute between 2026 and 2027, often on the nights the clocks change."""
    if rng.random() < 0.3:
        night = rng.choice(
            [utc("2026-03-28 18:00"), utc("2026-10-24 18:00"), utc("2027-03-27 18:00")]
        )
        return night + timedelta(minutes=rng.randrange(0, 16 * 60))
    return utc("2026-01-01 00:00") + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))


@pytest.mark.parametrize("seed", range(40))
def test_random_instants_match_the_weekly_schedule(seed: int) -> None:
    rng = random.Random(seed)
    schedule = random_schedule(rng, overnight=True)
    expression = expression_for(schedule)
    for _ in range(60):
        instant = random_instant(rng)
        expected = expected_state(
            schedule, instant, holidays=set(), unstated=DANISH_HOLIDAYS | EVES
        )
        assert hours_state(expression, True, instant) == expected, (expression, instant)


@pytest.mark.parametrize("seed", range(20))
def test_random_instants_with_public_holidays_off(seed: int) -> None:
    rng = random.Random(1000 + seed)
    schedule = random_schedule(rng, overnight=False)
    expression = expression_for(schedule) + "; PH off"
    for _ in range(60):
        if rng.random() < 0.5:  # half the instants on or just before a holiday
            day = rng.choice(sorted(DANISH_HOLIDAYS | EVES))
            midnight = datetime.combine(day, datetime.min.time(), TIMEZONE).astimezone(UTC)
            instant = midnight + timedelta(minutes=rng.randrange(-1440, 1440))
        else:
            instant = random_instant(rng)
        expected = expected_state(schedule, instant, holidays=DANISH_HOLIDAYS, unstated=EVES)
        assert hours_state(expression, True, instant) == expected, (expression, instant)
