"""Where a phone number, a Signal UUID or a person's words could end up, and a search of each.

Each function returns findings ("<where>: <which secret>"), empty when nothing leaked, so a
test can assert `== []` and show every leak at once. Used by tests/e2e/test_privacy_audit.py;
the Redis scale-out tests call `found_in_redis` on their own server.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import redis

from tests.redis_server import redis_server

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


@dataclass
class Markers:
    """What an audit sends and must never find: identities (numbers, Signal UUIDs) and marker
    words nobody else writes."""

    identities: list[str] = field(default_factory=list, kw_only=True)
    words: list[str] = field(default_factory=list, kw_only=True)

    @property
    def secrets(self) -> list[str]:
        """Every identity and marker word sent so far."""
        return self.identities + self.words

    def number(self) -> str:
        """A fresh Danish phone number, remembered as an identity."""
        self.identities.append("+4599" + str(uuid.uuid4().int)[:6])
        return self.identities[-1]

    def signal_id(self) -> str:
        """A fresh Signal UUID, remembered as an identity."""
        self.identities.append(str(uuid.uuid4()))
        return self.identities[-1]

    def marker(self) -> str:
        """A word nobody else writes, remembered as a marker."""
        self.words.append("zebra" + uuid.uuid4().hex[:10])
        return self.words[-1]


def found_anywhere(
    output: str, repo: Path, tmp: Path, since: float, redis_port: int, secrets: list[str]
) -> list[str]:
    """Where any of `secrets` is: the processes' `output`, files written since `since` under
    the project, the test's `tmp` and the temp directory, and Redis."""
    findings = found_in_text("process output", output, secrets)
    roots = [repo, tmp, Path(tempfile.gettempdir())]
    findings += found_in_files(roots, since, secrets)
    return findings + found_in_redis(redis_port, secrets)


@contextmanager
def redis_for_audit(tmp: Path) -> Iterator[tuple[int, dict, dict[str, str]]]:
    """A real redis-server for an audited line: its port, the engine's tracker store on it,
    and the environment that puts the gateway's state (limits, open cases) in it and the
    processes' temporary files under `tmp` (so the audit finds them)."""
    processes_tmp = tmp / "process-tmp"
    processes_tmp.mkdir()
    with redis_server() as port:
        store = {
            "type": "engine.redis_tracker_store.ExpiringRedisTrackerStore",
            "url": "127.0.0.1",
            "port": port,
            "db": 0,
        }
        env = {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(port), "TMPDIR": str(processes_tmp)}
        yield port, store, env
