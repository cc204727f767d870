"""Where a phone number, a Signal UUID or a person's words could end up, and a search of each.

Each function returns findings ("<where>: <which secret>"), empty when nothing leaked, so a
test can assert `== []` and show every leak at once. Used by tests/e2e/test_privacy_audit.py;
the Redis scale-out tests call `found_in_redis` on their own server.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Iterable

import redis

#: Files larger than this are not read (model archives, databases of other tools).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Never searched: version control, the environments and caches nobody's data goes into.
SKIPPED_DIRS = frozenset({".git", ".venv-engine", ".venv-gateway", "__pycache__", ".ruff_cache"})


def variants(secret: str) -> set[str]:
    """The forms a secret may take when written: as is, lowercased, a number without "+"."""
    forms = {secret, secret.lower()}
    if secret.startswith("+"):
        forms.add(secret[1:])
    return forms


def found_in_text(where: str, text: str, secrets: Iterable[str]) -> list[str]:
    """Findings for every secret (in any of its forms) that occurs in `text`."""
    return [f"{where}: {s}" for s in secrets if any(v in text for v in variants(s))]


def files_written_since(root: Path, since: float) -> list[Path]:
    """Files under `root` created or changed at or after `since` (a time.time() value)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                continue  # removed meanwhile, or a dangling link
            if max(stat.st_mtime, stat.st_ctime) >= since and stat.st_size <= MAX_FILE_BYTES:
                found.append(path)
    return found


def found_in_files(roots: Iterable[Path], since: float, secrets: list[str]) -> list[str]:
    """Findings in every file written under `roots` since `since`, read as bytes."""
    findings = []
    for root in roots:
        for path in files_written_since(root, since):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            for secret in secrets:
                forms = variants(secret)
                encoded = {f.encode() for f in forms} | {f.encode("utf-16-le") for f in forms}
                if any(form in data for form in encoded):
                    findings.append(f"{path}: {secret}")
    return findings


def sqlite_dump(path: Path) -> dict[str, str]:
    """Every row of every table of the SQLite file at `path`, as text, by table."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        tables = [
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: str(db.execute(f'SELECT * FROM "{table}"').fetchall())  # noqa: S608
            for table in tables
        }


def found_in_sqlite(path: Path, secrets: list[str]) -> list[str]:
    """Findings in the rows of the SQLite file at `path` (the feedback counts), and in the
    bytes of the file and its journal, where a deleted row may linger."""
    findings = []
    for table, rows in sqlite_dump(path).items():
        findings += found_in_text(f"{path.name} table {table}", rows, secrets)
    journal = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    for part in [path, *journal]:
        if part.exists():
            data = part.read_bytes()
            findings += [
                f"{part.name}: {s}"
                for s in secrets
                if any(form.encode() in data for form in variants(s))
            ]
    return findings


def redis_dump(port: int, password: str | None = None) -> dict[str, str]:
    """Every key of every database of the Redis server on `port`, with its value as text."""
    dump: dict[str, str] = {}
    admin = redis.Redis(host="127.0.0.1", port=port, password=password, decode_responses=True)
    databases = [int(name[2:]) for name in admin.info("keyspace")]  # "db0", "db1", ...
    for db in databases:
        client = redis.Redis(
            host="127.0.0.1", port=port, db=db, password=password, decode_responses=True
        )
        for key in client.scan_iter():
            kind = client.type(key)
            if kind == "string":
                value = client.get(key)
            elif kind == "hash":
                value = client.hgetall(key)
            elif kind == "list":
                value = client.lrange(key, 0, -1)
            elif kind == "set":
                value = client.smembers(key)
            elif kind == "zset":
                value = client.zrange(key, 0, -1, withscores=True)
            else:
                value = client.dump(key)
            dump[f"db{db}:{key}"] = str(value)
    return dump


def found_in_redis(port: int, secrets: list[str], password: str | None = None) -> list[str]:
    """Findings in the keys and values of the Redis server on `port`."""
    findings = []
    for key, value in redis_dump(port, password).items():
        findings += found_in_text(f"redis key {key}", key, secrets)
        findings += found_in_text(f"redis value of {key}", value, secrets)
    return findings


def wait_until(condition, timeout_s: float = 30, step_s: float = 0.2):
    """Poll `condition` until it is truthy; return its last value."""
    deadline = time.monotonic() + timeout_s
    value = condition()
    while not value and time.monotonic() < deadline:
        time.sleep(step_s)
        value = condition()
    return value
