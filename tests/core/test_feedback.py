"""The "did it help?" answers: the digits, the anonymity rule, stated hours, needs checking."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from lygte.catalogue import load_catalogue
from lygte.feedback import (
    ANSWERS,
    KEEP_DAYS,
    answer_for_digit,
    day_of,
    during_stated_hours,
    is_stale,
    needs_checking,
    report_window,
    shown,
)
from lygte.hours import TIMEZONE

OFFERS = {offer.id: offer for offer in load_catalogue()}
TODAY = date(2026, 12, 10)


@pytest.mark.parametrize(
    ("text", "answer"),
    [("1", "helped"), ("2", "closed"), (" 3\n", "turned_away"), ("4", "wrong_info")],
)
def test_a_plain_digit_gives_its_answer(text: str, answer: str) -> None:
    assert answer_for_digit(text) == answer
    assert ANSWERS.index(answer) + 1 == int(text)


@pytest.mark.parametrize("text", ["0", "5", "12", "1.", "1 yes", "yes", "", " ", "١", "²"])
def test_anything_but_a_plain_digit_one_to_four_is_no_answer(text: str) -> None:
    assert answer_for_digit(text) is None


@pytest.mark.parametrize(("count", "text"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (17, "17")])
def test_counts_under_five_are_shown_as_under_five(count: int, text: str) -> None:
    assert shown(count) == text


def test_the_day_is_the_copenhagen_day() -> None:
    # 23:30 UTC on 9 December is 00:30 on 10 December in Copenhagen
    assert day_of(datetime(2026, 12, 9, 23, 30, tzinfo=timezone.utc)) == TODAY


def test_stated_hours_are_the_confirmed_ones_only() -> None:
    line = OFFERS["akuttelefonen-1813"]  # Mo-Fr 00:00-08:00,16:00-24:00
    thursday = datetime(2026, 12, 10, 12, 0, tzinfo=TIMEZONE)
    assert not during_stated_hours(line, thursday)
    assert during_stated_hours(line, thursday.replace(hour=20))
    assert not during_stated_hours(replace(line, hours_confirmed=False), thursday.replace(hour=20))
    assert during_stated_hours(OFFERS["alarm-112"], thursday)


def test_stale_hours_are_not_stated_hours() -> None:
    """The line said "call first" for a stale offer, so a "closed" report is not held against
    its hours (lygte/selection.py sends stale hours as "call first")."""
    line = OFFERS["akuttelefonen-1813"]
    evening = datetime(2026, 12, 10, 20, 0, tzinfo=TIMEZONE)
    fresh = replace(line, verified=date(2026, 12, 1), stale_after_days=180)
    assert during_stated_hours(fresh, evening)
    assert not during_stated_hours(replace(fresh, verified=date(2026, 5, 1)), evening)


def test_stale_is_longer_ago_than_the_stale_age() -> None:
    assert not is_stale(TODAY - timedelta(days=180), TODAY, 180)
    assert is_stale(TODAY - timedelta(days=181), TODAY, 180)
    assert is_stale(TODAY - timedelta(days=31), TODAY, 30)


def test_reports_count_from_the_day_after_the_last_verification() -> None:
    assert report_window(TODAY, TODAY) == 0
    assert report_window(TODAY - timedelta(days=3), TODAY) == 3
    assert report_window(TODAY - timedelta(days=400), TODAY) == KEEP_DAYS


def _offer(offer_id: str, verified_days_ago: int):
    base = OFFERS["alarm-112"]
    return replace(
        base, id=offer_id, verified=TODAY - timedelta(days=verified_days_ago), stale_after_days=180
    )


def test_needs_checking_orders_by_reports_then_age_then_listing() -> None:
    offers = [
        _offer("fresh-quiet", 10),  # neither reports nor stale: not listed
        _offer("fresh-one-report", 10),
        _offer("fresh-two-reports", 20),
        _offer("stale-old", 400),
        _offer("stale-younger", 200),
        _offer("stale-younger-listed", 200),
    ]
    reports = {"fresh-one-report": 1, "fresh-two-reports": 2}
    listed = {"stale-younger-listed": 7, "fresh-quiet": 100}
    checks = needs_checking(offers, TODAY, reports, listed)
    assert [c.offer.id for c in checks] == [
        "fresh-two-reports",
        "fresh-one-report",
        "stale-old",
        "stale-younger-listed",
        "stale-younger",
    ]
    assert [(c.reports, c.stale, c.listed) for c in checks[1:3]] == [(1, False, 0), (0, True, 0)]


def test_a_stale_offer_with_reports_comes_before_a_fresh_one_with_as_many() -> None:
    offers = [_offer("fresh", 10), _offer("stale", 300)]
    checks = needs_checking(offers, TODAY, {"fresh": 1, "stale": 1}, {})
    assert [c.offer.id for c in checks] == ["stale", "fresh"]


def test_nothing_needs_checking_in_a_fresh_quiet_catalogue() -> None:
    assert needs_checking([_offer("a", 0), _offer("b", 180)], TODAY, {}, {"a": 50}) == []
