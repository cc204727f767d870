""" "Did it help?" through the real line: a conversation in the simulator answers the question,
and the count is in the gateway's feedback file, per offer and day only (bot/feedback.py)."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import date, datetime, timezone
from pathlib import Path

from eval.dialogues import Answers, simulator
from lygte.catalogue import load_catalogue
from lygte.feedback import ANSWERS, day_of
from tests.e2e.conftest import RunningLine

#: The two tables and their columns: nothing else is kept (no person, no time of day, no text).
SCHEMA = {
    "answers": ["day", "offer_id", "answer", "during_hours", "count"],
    "listed": ["day", "offer_id", "listed"],
}


def feedback_file(line: RunningLine) -> Path:
    """The line's FEEDBACK_DB: next to its copy of responses/ (tests/e2e/conftest.py)."""
    return line.responses_dir.parent / "feedback.sqlite3"


def rows(path: Path, table: str) -> list[tuple]:
    """Every row of `table` in the feedback file (none before the first count)."""
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608 (a fixed name)


def count(path: Path, table: str, day: str, offer_id: str, answer: str | None = None) -> int:
    """The counts of `table` for one offer and day (and answer), summed."""
    found = [r for r in rows(path, table) if r[0] == day and r[1] == offer_id]
    if answer is not None:
        found = [r for r in found if r[2] == answer]
    return sum(r[-1] for r in found)


def today() -> str:
    return day_of(datetime.now(timezone.utc)).isoformat()


def test_an_answer_in_the_simulator_is_counted_per_offer_and_day(line: RunningLine) -> None:
    path = feedback_file(line)
    say = simulator(line.url, "sms")
    answers = Answers(line.responses_dir, "sms")
    day = today()
    offers = {offer.id: offer for offer in load_catalogue()}
    before_listed = {o: count(path, "listed", day, o) for o in offers}
    before_closed = {o: count(path, "answers", day, o, "closed") for o in offers}

    listed = say("where can i sleep tonight, anywhere open")
    page = listed["offers"]
    assert page, listed

    asked = say("ok thank you so much")
    assert answers.shows(asked["replies"], "utter_feedback_ask", "en"), asked

    answered = say("2")
    assert answers.shows(answered["replies"], "utter_feedback_closed", "en"), answered

    for offer_id in page:
        assert count(path, "listed", day, offer_id) == before_listed[offer_id] + 1
        assert count(path, "answers", day, offer_id, "closed") == before_closed[offer_id] + 1
    # within the stated hours: the sleep offers open day and night count as such, and one
    # whose hours are not confirmed never does
    for _day, offer_id, answer, during, _n in rows(path, "answers"):
        if offer_id in page and answer == "closed":
            offer = offers[offer_id]
            if not offer.hours_confirmed:
                assert during == 0, offer_id
            elif offer.opening_hours == "24/7":
                assert during == 1, offer_id


def test_the_file_holds_only_offer_ids_fixed_answers_and_days(line: RunningLine) -> None:
    say = simulator(line.url, "signal")
    marker = "zebra" + uuid.uuid4().hex[:10]
    say(f"need a shower {marker}")
    say(f"thanks {marker}")
    say("1")
    path = feedback_file(line)
    with closing(sqlite3.connect(path)) as db:
        tables = {
            name: [c[1] for c in db.execute(f"PRAGMA table_info({name})")]
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    assert tables == SCHEMA
    offer_ids = {offer.id for offer in load_catalogue()}
    for table in SCHEMA:
        for row in rows(path, table):
            assert date.fromisoformat(row[0]).isoformat() == row[0]  # a day, nothing finer
            assert row[1] in offer_ids
    assert {r[2] for r in rows(path, "answers")} <= set(ANSWERS)
    assert any(r[2] == "helped" for r in rows(path, "answers"))
    assert marker.encode() not in path.read_bytes()
