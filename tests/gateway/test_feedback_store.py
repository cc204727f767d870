"""The feedback counts in a real SQLite file: windows, deletion after 90 days, nothing else kept."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.feedback import FeedbackStore

TODAY = date(2026, 12, 10)


def _days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def _raw(path: Path, table: str) -> tuple[list[str], list[tuple]]:
    """The columns and rows of `table`, read from the file itself."""
    with closing(sqlite3.connect(path)) as db:
        cursor = db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3")
        return [d[0] for d in cursor.description], cursor.fetchall()


def test_answers_are_counted_per_offer_and_answer_over_a_window(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.record_answer(TODAY, ["a", "b"], "closed", {"a": True, "b": False})
    store.record_answer(TODAY, ["a"], "closed", {"a": True})
    store.record_answer(_days_ago(29), ["a"], "helped", {})
    store.record_answer(_days_ago(30), ["a"], "wrong_info", {"a": True})  # outside 30 days
    assert store.counts(TODAY, 30) == {
        "a": {"helped": 1, "closed": 2, "turned_away": 0, "wrong_info": 0},
        "b": {"helped": 0, "closed": 1, "turned_away": 0, "wrong_info": 0},
    }
    assert store.counts(TODAY, 90)["a"]["wrong_info"] == 1
    assert store.reports_during_hours(TODAY, 30) == {"a": 2}
    assert store.reports_during_hours(TODAY, 31) == {"a": 3}
    assert store.reports_during_hours(TODAY, 90, ("wrong_info",)) == {"a": 1}
    assert store.reports_during_hours(TODAY, 0) == {}  # verified today: no report since


def test_an_offer_listed_twice_in_one_list_counts_once(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.record_listed(TODAY, ["a", "b", "a"])
    store.record_listed(_days_ago(1), ["a"])
    store.record_answer(TODAY, ["a", "a"], "helped", {})
    assert store.listed(TODAY, 30) == {"a": 2, "b": 1}
    assert store.listed(TODAY, 1) == {"a": 1, "b": 1}
    assert store.counts(TODAY, 1)["a"]["helped"] == 1


def test_only_the_fixed_answers_are_stored(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    with pytest.raises(ValueError):
        store.record_answer(TODAY, ["a"], "the door was locked, call me on +4512345678", {})
    assert _raw(tmp_path / "feedback.sqlite3", "answers")[1] == []


def test_the_file_holds_day_offer_answer_and_counts_only(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    store.record_answer(TODAY, ["a"], "turned_away", {"a": True})
    store.record_listed(TODAY, ["a"])
    assert _raw(path, "answers") == (
        ["day", "offer_id", "answer", "during_hours", "count"],
        [("2026-12-10", "a", "turned_away", 1, 1)],
    )
    assert _raw(path, "listed") == (["day", "offer_id", "listed"], [("2026-12-10", "a", 1)])
    with closing(sqlite3.connect(path)) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"answers", "listed"}


def test_days_older_than_90_are_deleted(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    store.record_answer(_days_ago(90), ["old"], "helped", {})
    store.record_listed(_days_ago(90), ["old"])
    store.record_answer(_days_ago(89), ["kept"], "helped", {})
    store.record_listed(_days_ago(89), ["kept"])
    assert {row[1] for row in _raw(path, "answers")[1]} == {"old", "kept"}
    store.record_listed(TODAY, ["new"])  # the first count of a new day deletes the old days
    assert {row[1] for row in _raw(path, "answers")[1]} == {"kept"}
    assert {row[1] for row in _raw(path, "listed")[1]} == {"kept", "new"}


def test_a_second_store_on_the_same_file_sees_the_counts(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).record_answer(TODAY, ["a"], "helped", {})
    assert FeedbackStore(path).counts(TODAY, 30)["a"]["helped"] == 1
