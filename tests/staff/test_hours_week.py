"""The offer editor's week view reads the hours as written, also on the nights the clocks
change (wall-clock time, like the engine's "open now?", lygte.hours)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.staff.offer_edit import week
from lygte.hours import TIMEZONE

FORWARD = dt.date(2026, 3, 29)  # 02:00 CET becomes 03:00 CEST
BACK = dt.date(2026, 10, 25)  # 03:00 CEST becomes 02:00 CET


def day_of(expression: str, day: dt.date) -> list[str]:
    """The spans the week view shows for `day`, asked the evening before."""
    evening = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(20), tzinfo=TIMEZONE)
    shown = dict(week(expression, evening))
    assert len(shown) == 7 and min(shown) == day - dt.timedelta(days=1)
    return shown[day]


@pytest.mark.parametrize(
    ("expression", "day", "expected"),
    [
        ("24/7", BACK, ["00:00-24:00"]),
        ("24/7", FORWARD, ["00:00-24:00"]),
        ("Su 01:00-02:30", FORWARD, ["01:00-02:30"]),  # time-zone-aware: 01:00-03:00
        ("Mo-Su 02:30-02:59", FORWARD, ["02:30-02:59"]),  # time-zone-aware: 03:00-03:00
        ("Mo-Su 02:00-04:00", FORWARD, ["02:00-04:00"]),
        ("Mo-Su 02:00-04:00", BACK, ["02:00-04:00"]),
        ("Mo-Su 22:00-03:00", BACK, ["00:00-03:00", "22:00-24:00"]),
        ("Mo-Fr 10:00-13:00", BACK, []),  # a Sunday
    ],
)
def test_the_week_reads_the_hours_as_written(
    expression: str, day: dt.date, expected: list[str]
) -> None:
    assert day_of(expression, day) == expected
