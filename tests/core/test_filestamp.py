"""The directory stamp that makes staff edits apply to the next message (templates, offers)."""

from __future__ import annotations

import os
from pathlib import Path

from lygte.filestamp import directory_stamp


def test_the_stamp_lists_the_yaml_files_by_name_and_nothing_else(tmp_path: Path) -> None:
    for name in ("b.yml", "a.yml", "README.md", ".a.yml.x1.tmp"):
        (tmp_path / name).write_text("x: 1\n")
    assert [name for name, *_ in directory_stamp(tmp_path)] == ["a.yml", "b.yml"]


def test_every_kind_of_change_changes_the_stamp(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text("x: 1\n")
    before = directory_stamp(tmp_path)
    assert directory_stamp(tmp_path) == before  # nothing changed: same stamp

    mtime = path.stat().st_mtime_ns
    path.write_text("x: 10\n")  # an edit in place within one clock tick: the size tells
    os.utime(path, ns=(mtime, mtime))
    edited = directory_stamp(tmp_path)
    assert edited != before

    temp = tmp_path / ".a.yml.new.tmp"  # an atomic save of the same size: the inode tells
    temp.write_text("x: 20\n")
    os.utime(temp, ns=(mtime, mtime))
    os.replace(temp, path)
    replaced = directory_stamp(tmp_path)
    assert replaced != edited

    (tmp_path / "b.yml").write_text("y: 1\n")
    added = directory_stamp(tmp_path)
    assert added != replaced
    (tmp_path / "b.yml").unlink()
    assert directory_stamp(tmp_path) != added
