"""The gateway's small SQLite count files (usage counts, feedback counts): one way to open them."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_writer(path: Path, schema: str) -> sqlite3.Connection:
    """The one connection a process counts through, for its life, with `schema` created.

    A connection per count would cost a file open and a disk sync on every message; the
    caller guards it with a lock so any thread may use it (check_same_thread is off).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")  # readers do not block the counting
    # With WAL, NORMAL syncs at checkpoints: a crashed gateway loses no count, a power cut
    # at most the last few.
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db


def open_reader(path: Path) -> sqlite3.Connection:
    """A short-lived connection for reading (close it, e.g. with contextlib.closing)."""
    return sqlite3.connect(path, timeout=5, isolation_level=None)
