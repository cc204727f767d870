"""Staff accounts: the command line, argon2 hashes, no weak or default passwords."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import REPO_ROOT
from bot.staff.accounts import AccountError, add_account, load_accounts, verify_login


def run(data_dir: Path, *args: str, password: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "STAFF_DATA_DIR": str(data_dir), "PSEUDONYM_SECRET": "test-x"}
    return subprocess.run(
        [sys.executable, "-m", "bot.staff.accounts", *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
    )


def test_the_command_creates_lists_and_removes_accounts(tmp_path: Path) -> None:
    created = run(tmp_path, "add", "jonas", "--password-stdin", password="et-godt-kodeord-7")
    assert created.returncode == 0, created.stderr
    stored = json.loads((tmp_path / "accounts.json").read_text())
    assert stored["jonas"]["hash"].startswith("$argon2id$")
    assert "et-godt-kodeord-7" not in (tmp_path / "accounts.json").read_text()
    assert (tmp_path / "accounts.json").stat().st_mode & 0o777 == 0o600
    assert verify_login(tmp_path, "jonas", "et-godt-kodeord-7")
    assert not verify_login(tmp_path, "jonas", "et-godt-kodeord-8")
    assert "jonas" in run(tmp_path, "list").stdout
    assert run(tmp_path, "remove", "jonas").returncode == 0
    assert load_accounts(tmp_path) == {}


def test_the_command_refuses_a_short_password(tmp_path: Path) -> None:
    result = run(tmp_path, "add", "jonas", "--password-stdin", password="kort")
    assert result.returncode == 1 and "at least" in result.stderr
    assert load_accounts(tmp_path) == {}


@pytest.mark.parametrize(
    ("name", "password"),
    [
        ("../x", "et-godt-kodeord-7"),
        ("a", "et-godt-kodeord-7"),
        ("ok-name", "ok-name"),
        ("Bo", "x" * 12),
    ],
)
def test_bad_names_and_passwords_are_refused(tmp_path: Path, name: str, password: str) -> None:
    with pytest.raises(AccountError):
        add_account(tmp_path, name, password)


def test_there_are_no_accounts_until_someone_creates_one(tmp_path: Path) -> None:
    assert load_accounts(tmp_path) == {}
    assert not verify_login(tmp_path, "admin", "admin")
    assert not verify_login(tmp_path, "", "")
