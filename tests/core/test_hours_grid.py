"""The weekly grid and its opening_hours expression: round trips over many generated grids,
the catalogue's own expressions read and rewritten to something that evaluates the same
(lygte/hours.py, every 15 minutes of a year), and what a grid means checked against the
expression's real evaluation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from itertools import product
from pathlib import Path

import pytest
import yaml

from lygte.hours import TIMEZONE, holidays, hours_problem, hours_state, wall_state
from lygte.hours_grid import (
    ALL_DAY,
    UNKNOWN,
    ClosedPeriod,
    Grid,
    SameAs,
    Span,
    from_expression,
    grid_problem,
    to_expression,
)

REPO = Path(__file__).resolve().parents[2]
YEAR = 2026
DAY = (Span(9 * 60, 16 * 60),)
NIGHT = (Span(16 * 60, 8 * 60),)
SPLIT = (Span(9 * 60, 12 * 60), Span(13 * 60 + 30, 16 * 60))
#: Day patterns combined over the whole week.
PATTERNS = ((), DAY, NIGHT, UNKNOWN)
HOLIDAY_OPTIONS = (None, (), UNKNOWN, (Span(10 * 60, 14 * 60),), *map(SameAs, range(7)))
EVE_OPTIONS = (None, (), UNKNOWN, (Span(10 * 60, 12 * 60),))
PERIOD_OPTIONS = (
    (),
    (ClosedPeriod((12, 20), (1, 5)),),
    (ClosedPeriod((7, 1), (7, 31), 2026), ClosedPeriod((12, 23), (1, 2), 2026)),
)
#: A few weeks to combine with every choice of exceptions.
WEEKS = (
    (DAY,) * 5 + ((), ()),
    (NIGHT,) * 5 + (ALL_DAY, ALL_DAY),
    (ALL_DAY,) * 7,
    (SPLIT, (), SPLIT, (), SPLIT, UNKNOWN, UNKNOWN),
    ((), NIGHT, (), NIGHT, (), NIGHT, ()),
    ((),) * 7,
)


def offers_hours() -> list[str]:
    """Every opening_hours value in the catalogue."""
    values = (
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in REPO.glob("offers/*.yml")
    )
    return sorted({data["opening_hours"] for data in values if data.get("opening_hours")})


def year_instants(step_minutes: int = 15) -> list[datetime]:
    """Every `step_minutes` of YEAR in Copenhagen (aware), through both clock changes."""
    start = datetime(YEAR, 1, 1, tzinfo=TIMEZONE).astimezone(timezone.utc)
    end = datetime(YEAR + 1, 1, 1, tzinfo=TIMEZONE).astimezone(timezone.utc)
    count = int((end - start) / timedelta(minutes=step_minutes))
    return [start + timedelta(minutes=step_minutes * n) for n in range(count)]


def holiday_instants() -> list[datetime]:
    """Every 15 minutes of YEAR's holidays, Dec 24 and 31, and the day on either side."""
    days = sorted({day + timedelta(days=n) for day in holidays(YEAR) for n in (-1, 0, 1)})
    return [
        datetime.combine(day, time(), TIMEZONE) + timedelta(minutes=15 * n)
        for day in days
        for n in range(96)
    ]


@lru_cache(maxsize=64)
def states_as_written(expression: str) -> tuple[str, ...]:
    """The state of `expression` as written at every 15 minutes of YEAR."""
    return tuple(wall_state(expression, now) for now in year_instants())


@lru_cache(maxsize=64)
def states_as_told(expression: str) -> tuple[str, ...]:
    """What the reply says (hours_state, holiday rule included) around every holiday of YEAR."""
    return tuple(str(hours_state(expression, True, now)) for now in holiday_instants())


def assert_equivalent(original: str, rewritten: str) -> None:
    """Both expressions evaluate the same through the year and around its holidays."""
    assert states_as_written(rewritten) == states_as_written(original)
    assert states_as_told(rewritten) == states_as_told(original)


def test_every_week_of_four_patterns_comes_back_as_it_was_written() -> None:
    written = 0
    for days in product(PATTERNS, repeat=7):
        grid = Grid(days=days)
        if grid_problem(grid) is not None:
            continue
        expression = to_expression(grid)
        assert hours_problem(expression) is None, expression
        assert from_expression(expression) == grid, expression
        written += 1
    assert written > 4**6  # most weeks are fine; a night into other hours is refused


@pytest.mark.parametrize("days", WEEKS)
def test_every_choice_of_exceptions_comes_back_as_it_was_written(days: tuple) -> None:
    for holiday, christmas, new_year, periods in product(
        HOLIDAY_OPTIONS, EVE_OPTIONS, EVE_OPTIONS, PERIOD_OPTIONS
    ):
        grid = Grid(days, holiday, christmas, new_year, periods)
        assert grid_problem(grid) is None
        expression = to_expression(grid)
        assert hours_problem(expression) is None, expression
        assert from_expression(expression) == grid, expression


def test_the_canonical_expression_groups_days_and_lists_the_exceptions() -> None:
    grid = Grid(days=(NIGHT,) * 5 + (ALL_DAY, ALL_DAY), public_holidays=(), christmas_eve=())
    assert to_expression(grid) == "Mo-Fr 16:00-08:00; Sa,Su 00:00-24:00; PH off; Dec 24 off"
    assert to_expression(Grid(days=(ALL_DAY,) * 7)) == "24/7"
    assert to_expression(Grid(days=((),) * 7)) == "off"


def test_holidays_like_a_weekday_are_written_with_the_last_day_of_its_rule() -> None:
    days = (DAY,) * 5 + (ALL_DAY, ALL_DAY)
    like_saturday = Grid(days, public_holidays=SameAs(5), christmas_eve=UNKNOWN)
    assert like_saturday == Grid(days, public_holidays=SameAs(6), christmas_eve=UNKNOWN)
    assert to_expression(like_saturday) == "Mo-Fr 09:00-16:00; Sa,Su,PH 00:00-24:00; Dec 24 unknown"
    like_monday = Grid(days, public_holidays=SameAs(0))
    assert to_expression(like_monday) == "Sa,Su 00:00-24:00; Mo-Fr,PH 09:00-16:00"
    assert Grid(days, public_holidays=SameAs(5)) != like_monday
    assert Grid(((),) * 7, public_holidays=SameAs(3)).public_holidays == ()


def open_in_grid(days: tuple, day: int, minute: int) -> str:
    """What a grid shows for `minute` of weekday `day`, read off the grid by hand."""
    if days[day] == UNKNOWN:
        return "unknown"
    if any(span.start <= minute < (span.end if not span.overnight else 1440) for span in days[day]):
        return "open"
    before = days[(day - 1) % 7]
    if before != UNKNOWN and any(span.overnight and minute < span.end for span in before):
        return "open"
    return "closed"


def test_a_grid_means_what_it_shows_on_an_ordinary_week() -> None:
    """Checked at night, at noon and in the evening of each day of a week without holidays."""
    monday = date(YEAR, 2, 2)  # no holiday from Sunday 1 to Monday 9 February
    for days in product(PATTERNS, repeat=7):
        grid = Grid(days=days)
        if grid_problem(grid) is not None:
            continue
        expression = to_expression(grid)
        for day, minute in product(range(7), (7 * 60, 12 * 60, 20 * 60)):
            now = datetime.combine(monday + timedelta(days=day), time(), TIMEZONE)
            now += timedelta(minutes=minute)
            assert wall_state(expression, now) == open_in_grid(days, day, minute), (
                expression,
                now,
            )


def test_a_night_into_a_day_with_other_hours_is_refused() -> None:
    night_into_day = Grid(days=((),) * 4 + (NIGHT, (Span(10 * 60, 12 * 60),), ()))
    assert "runs into Sa" in (grid_problem(night_into_day) or "")
    covered = Grid(days=((),) * 4 + (NIGHT, ALL_DAY, ()))
    assert grid_problem(covered) is None
    assert "midnight" in (grid_problem(Grid(days=((),) * 7, christmas_eve=NIGHT)) or "")
    assert grid_problem(Grid(days=((Span(600, 600),),) + ((),) * 6)) is not None
    assert grid_problem(Grid(days=((),) * 7, closed_periods=(ClosedPeriod((2, 30), (3, 2)),)))


@pytest.mark.parametrize("expression", offers_hours())
def test_every_catalogue_expression_is_read_exactly_or_not_at_all(expression: str) -> None:
    grid = from_expression(expression)
    if grid is None:
        return  # the page then offers the raw expression only
    rewritten = to_expression(grid)
    assert hours_problem(rewritten) is None
    assert_equivalent(expression, rewritten)


def test_most_catalogue_expressions_fit_a_grid() -> None:
    values = offers_hours()
    assert sum(from_expression(value) is not None for value in values) > len(values) / 2


@pytest.mark.parametrize(
    "expression",
    [
        "Mo-Su 00:00-24:00",
        "Mo-Fr 09:00-16:00; Sa,Su off; PH closed; Dec 31,Dec 24 unknown",
        "PH,Su 10:00-12:00",
        "Fr 16:00-08:00; Sa 10:00-12:00",
        "Mo 16:00-08:00; Tu-Fr 16:00-08:00; Sa,Su unknown",
        "Fr 22:00-02:00; Sa off",
        "Mo 22:00-26:00; Tu 01:00-03:00",
        "Sa-Mo 22:00-00:00; Dec 24 10:00-12:00; Dec 20-Jan 05 off",
        "Mo-Fr 09:00-16:00; 2026 Jul 06-2026 Jul 26 off; 2026 Dec 21-2027 Jan 03 off",
    ],
)
def test_other_spellings_are_read_to_the_same_hours(expression: str) -> None:
    grid = from_expression(expression)
    assert grid is not None
    assert grid_problem(grid) is None
    assert_equivalent(expression, to_expression(grid))


@pytest.mark.parametrize(
    "expression",
    [
        'Mo 10:00-12:00 open "by appointment"',  # a comment
        "Dec-Mar 20:00-08:00",  # a season
        "Mo-Fr 09:00-16:00; We 10:00-12:00",  # a day named twice
        "PH off; Mo-Fr 09:00-16:00",  # the weekday rule would replace the holiday
        "Sa,Su,PH 10:00-12:00; Mo-Fr 09:00-16:00",
        "Mo-Fr 09:00-16:00; Jul 14 off",  # one date that is not an eve
        "Mo-Fr 09:00-16:00; Dec 24 22:00-02:00",  # an eve into the next day
        "Mo-Fr 09:00-16:00; Dec 20-Jan 05 10:00-12:00",  # open for a stretch of dates
        "Mo-Fr 09:00-16:00, Sa 10:00-12:00",  # an additional rule
        "Mo-Fr 09:00-12:00,13:00-16:00 || unknown",
        "Mo-Fr 9:00-16:00; We",
    ],
)
def test_what_a_grid_cannot_hold_is_not_guessed(expression: str) -> None:
    assert from_expression(expression) is None
