"""Anonymous usage counts for the staff: what people ask for, in which language, when.

One row per (need, danger, language, channel, hour of the week) with a count: no identifier,
no pseudonym, no text, no date. Every value comes from a fixed list (the needs, the danger
kinds, short language codes, the two channels), so nothing a person wrote can end up here.
Without a date a row cannot be matched to a message in Twilio's or Signal's records.

The counts live in a small SQLite file (USAGE_DB, default var/usage.sqlite3). Staff get a
CSV summary (`usage_csv`) and an SVG bar chart (`bar_chart_svg`); bot/usage_web.py serves
both for the staff pages to mount behind their login.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from bot.safety import KINDS
from bot.sqlite_file import open_reader, open_writer
from lygte.hours import TIMEZONE
from lygte.names import CHANNELS, NEEDS

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Turns that were about no need (hello, menu, not understood, forget) count as this.
OTHER = "other"
#: What a chart can be drawn by.
DIMENSIONS = ("need", "danger", "language", "channel", "weekday", "hour")

_LANGUAGE = re.compile(r"[a-z]{2}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS usage (
    need TEXT NOT NULL,
    danger TEXT NOT NULL,
    language TEXT NOT NULL,
    channel TEXT NOT NULL,
    hour_of_week INTEGER NOT NULL CHECK (hour_of_week BETWEEN 0 AND 167),
    count INTEGER NOT NULL,
    PRIMARY KEY (need, danger, language, channel, hour_of_week)
)
"""


@dataclass(frozen=True)
class UsageRow:
    """One count: how many turns had these properties."""

    need: str
    danger: str
    language: str
    channel: str
    hour_of_week: int
    count: int

    @property
    def weekday(self) -> str:
        """The weekday name (Mon..Sun) in Copenhagen time."""
        return WEEKDAYS[self.hour_of_week // 24]

    @property
    def hour(self) -> int:
        """The hour of the day, 0-23, in Copenhagen time."""
        return self.hour_of_week % 24


def hour_of_week(when: datetime) -> int:
    """0 for Monday 00:00-00:59 up to 167 for Sunday 23:00-23:59, Copenhagen time."""
    local = when.astimezone(TIMEZONE)
    return local.weekday() * 24 + local.hour


def usage_key(
    intent: str | None, danger: str | None, language: str | None, channel: str
) -> tuple[str, str, str, str]:
    """The counted values of one turn, each from its fixed list (anything else: "other")."""
    need = intent if intent in NEEDS else OTHER
    kind = danger if danger in KINDS else ""
    lang = language if language and _LANGUAGE.fullmatch(language) else OTHER
    return need, kind, lang, channel if channel in CHANNELS else OTHER


class UsageStore:
    """The counts in one SQLite file; safe to use from several threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._counter = open_writer(path, _SCHEMA)
        self._counting = threading.Lock()

    def count(
        self,
        intent: str | None,
        danger: str | None,
        language: str | None,
        channel: str,
        when: datetime,
    ) -> None:
        """Add one turn to its count."""
        key = (*usage_key(intent, danger, language, channel), hour_of_week(when))
        with self._counting:
            self._counter.execute(
                "INSERT INTO usage VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT "
                "(need, danger, language, channel, hour_of_week) DO UPDATE SET count = count + 1",
                key,
            )

    def rows(self) -> list[UsageRow]:
        """Every count, in a stable order."""
        with closing(open_reader(self.path)) as db:
            found = db.execute(
                "SELECT * FROM usage ORDER BY hour_of_week, need, language"
            ).fetchall()
        return [UsageRow(*row) for row in found]


def usage_csv(rows: list[UsageRow]) -> str:
    """The counts as CSV: need, danger, language, channel, weekday, hour, hour_of_week, count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["need", "danger", "language", "channel", "weekday", "hour", "hour_of_week", "count"]
    )
    for r in rows:
        writer.writerow(
            [r.need, r.danger, r.language, r.channel, r.weekday, r.hour, r.hour_of_week, r.count]
        )
    return out.getvalue()


def totals(rows: list[UsageRow], by: str) -> list[tuple[str, int]]:
    """Counts summed by one dimension (see DIMENSIONS); weekdays and hours in clock order."""
    if by not in DIMENSIONS:
        raise ValueError(f"cannot total by {by!r}; choose one of {', '.join(DIMENSIONS)}")
    sums: dict[str, int] = {}
    if by == "weekday":
        sums = dict.fromkeys(WEEKDAYS, 0)
    elif by == "hour":
        sums = {f"{h:02d}": 0 for h in range(24)}
    for row in rows:
        label = f"{row.hour:02d}" if by == "hour" else str(getattr(row, by)) or "-"
        sums[label] = sums.get(label, 0) + row.count
    if by in ("weekday", "hour"):
        return list(sums.items())
    return sorted(sums.items(), key=lambda item: (-item[1], item[0]))


def bar_chart_svg(title: str, bars: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as a standalone SVG document (text labels, no script)."""
    row_h, label_w, bar_w, top = 22, 150, 360, 34
    height = top + row_h * max(len(bars), 1) + 10
    biggest = max((value for _, value in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="8" y="20" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        width = round(bar_w * value / biggest)
        parts += [
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="{row_h - 6}" '
            'fill="#2b6cb0"/>',
            f'<text x="{label_w + width + 6}" y="{y + 15}">{value}</text>',
        ]
    if not bars:
        parts.append(f'<text x="8" y="{top + 15}">-</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
