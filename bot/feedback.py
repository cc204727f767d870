"""The "did it help?" counts: per offer and day, never per person (see lygte/feedback.py).

Two tables in a small SQLite file (FEEDBACK_DB, default var/feedback.sqlite3):
`answers (day, offer_id, answer, during_hours, count)` and `listed (day, offer_id, listed)`.
Nothing else is stored: no pseudonym, no time finer than the day, no text (an answer is
one of the fixed `ANSWERS`). Rows older than the longest window staff see (90 days) are
deleted as the days go by.

A window of `days` days ending `today` holds the days after `today - days` up to and
including `today` (the last 30 days: today and the 29 before it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from bot.sqlite_file import open_reader, open_writer
from lygte.feedback import ANSWERS, KEEP_DAYS, PROBLEMS

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS answers (
    day TEXT NOT NULL CHECK (length(day) = 10),
    offer_id TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ({", ".join(repr(a) for a in ANSWERS)})),
    during_hours INTEGER NOT NULL CHECK (during_hours IN (0, 1)),
    count INTEGER NOT NULL,
    PRIMARY KEY (day, offer_id, answer, during_hours)
);
CREATE TABLE IF NOT EXISTS listed (
    day TEXT NOT NULL CHECK (length(day) = 10),
    offer_id TEXT NOT NULL,
    listed INTEGER NOT NULL,
    PRIMARY KEY (day, offer_id)
);
"""


def _first_day(today: date, days: int) -> str:
    """The first day (ISO) of the window of `days` days ending `today`."""
    return (today - timedelta(days=days - 1)).isoformat()


class FeedbackStore:
    """The feedback counts in one SQLite file; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._counter = open_writer(path, _SCHEMA)
        self._counting = threading.Lock()
        self._pruned: date | None = None

    def record_answer(
        self,
        day: date,
        offer_ids: Iterable[str],
        answer: str,
        during_hours: Mapping[str, bool],
    ) -> None:
        """Count one answer for each offer listed; `during_hours[id]`: within its stated hours.

        An offer missing from `during_hours` counts as outside them.
        """
        if answer not in ANSWERS:
            raise ValueError(f"not a feedback answer: {answer!r}")
        rows = [
            (day.isoformat(), offer_id, answer, int(bool(during_hours.get(offer_id))))
            for offer_id in dict.fromkeys(offer_ids)  # once each, in order
        ]
        self._write(
            day,
            "INSERT INTO answers VALUES (?, ?, ?, ?, 1) ON CONFLICT "
            "(day, offer_id, answer, during_hours) DO UPDATE SET count = count + 1",
            rows,
        )

    def record_listed(self, day: date, offer_ids: Iterable[str]) -> None:
        """Count one listing for each offer in a list sent to someone."""
        rows = [(day.isoformat(), offer_id) for offer_id in dict.fromkeys(offer_ids)]
        self._write(
            day,
            "INSERT INTO listed VALUES (?, ?, 1) ON CONFLICT (day, offer_id) "
            "DO UPDATE SET listed = listed + 1",
            rows,
        )

    def _write(self, day: date, statement: str, rows: list[tuple[object, ...]]) -> None:
        """Run `statement` for each row in one transaction; prune old days once a day."""
        with self._counting:
            self._counter.execute("BEGIN")
            try:
                self._counter.executemany(statement, rows)
                if self._pruned != day:
                    self._prune(day)
                self._counter.execute("COMMIT")
            except BaseException:
                self._counter.execute("ROLLBACK")
                raise
            self._pruned = day

    def _prune(self, today: date) -> None:
        """Delete the days before the longest window ending `today`."""
        first = _first_day(today, KEEP_DAYS)
        for table in ("answers", "listed"):
            self._counter.execute(f"DELETE FROM {table} WHERE day < ?", (first,))

    def counts(self, today: date, days: int) -> dict[str, dict[str, int]]:
        """Each offer's answers over the window: {offer_id: {answer: n}}, every answer present."""
        found: dict[str, dict[str, int]] = {}
        for offer_id, answer, n in self._read(
            "SELECT offer_id, answer, SUM(count) FROM answers WHERE day BETWEEN ? AND ? "
            "GROUP BY offer_id, answer",
            today,
            days,
        ):
            found.setdefault(offer_id, dict.fromkeys(ANSWERS, 0))[answer] = n
        return found

    def reports_during_hours(
        self, today: date, days: int, answers: Iterable[str] = PROBLEMS
    ) -> dict[str, int]:
        """Per offer, the `answers` (default: the problem ones) given during its stated hours."""
        chosen = [a for a in answers if a in ANSWERS]
        marks = ", ".join("?" * len(chosen))
        return dict(
            self._read(
                "SELECT offer_id, SUM(count) FROM answers WHERE day BETWEEN ? AND ? "
                f"AND during_hours = 1 AND answer IN ({marks}) GROUP BY offer_id",
                today,
                days,
                *chosen,
            )
        )

    def listed(self, today: date, days: int) -> dict[str, int]:
        """Per offer, how often it was listed over the window."""
        return dict(
            self._read(
                "SELECT offer_id, SUM(listed) FROM listed WHERE day BETWEEN ? AND ? "
                "GROUP BY offer_id",
                today,
                days,
            )
        )

    def _read(self, query: str, today: date, days: int, *more: str) -> list[tuple]:
        """Rows of `query`, whose first two parameters are the window's first and last day."""
        with closing(open_reader(self.path)) as db:
            return db.execute(query, (_first_day(today, days), today.isoformat(), *more)).fetchall()
