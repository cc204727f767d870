"""Who changed what and when: one JSON-lines file per edited template or offer.

``<STAFF_DATA_DIR>/history/<kind>/<id>.jsonl`` holds one record per version, oldest first:
``{"at", "account", "action", "version", "content"}``. The first save of a thing also records
the version it replaced (action ``original``), so any earlier version can be restored.
Records are only ever appended.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

KINDS = ("templates", "offers")


@dataclass(frozen=True)
class Record:
    """One version of a template or offer in the history."""

    at: str
    account: str
    action: str  # "original", "save" or "restore"
    version: str
    content: Any


def version_of(content: Any) -> str:
    """A short fingerprint of a version (used for history and for stale-save detection)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class History:
    """The edit history under one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "history"

    def _path(self, kind: str, item: str) -> Path:
        # `item` is a template name or offer id that the caller has already matched against
        # the existing ones (bot.staff.ids), so it cannot leave this directory.
        assert kind in KINDS
        return self.root / kind / f"{item}.jsonl"

    def records(self, kind: str, item: str) -> list[Record]:
        """Every recorded version of `item`, oldest first."""
        try:
            lines = self._path(kind, item).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [Record(**json.loads(line)) for line in lines if line.strip()]

    def append(self, kind: str, item: str, account: str, action: str, content: Any) -> Record:
        """Add a version to the history of `item` and return its record."""
        record = Record(
            at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            account=account,
            action=action,
            version=version_of(content),
            content=content,
        )
        path = self._path(kind, item)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        line = json.dumps(record.__dict__, ensure_ascii=False) + "\n"
        # One write with O_APPEND: a line is never interleaved with another save's line.
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(handle, line.encode("utf-8"))
        finally:
            os.close(handle)
        return record

    def record_save(
        self, kind: str, item: str, account: str, action: str, before: Any, after: Any
    ) -> None:
        """Record a save of `item` from `before` to `after`, keeping `before` on the first save."""
        if not self.records(kind, item):
            self.append(kind, item, "-", "original", before)
        self.append(kind, item, account, action, after)


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the staff editor's write lock (one save at a time, across processes too)."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(data_dir / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
