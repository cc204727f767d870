"""Staff accounts: names with argon2 password hashes in ``<STAFF_DATA_DIR>/accounts.json``.

There is no default account and no default password: every account is created on the
command line by someone with access to the server::

    python -m bot.staff.accounts add <name>      # prompts twice for the password
    python -m bot.staff.accounts add <name> --roles edit,answer
    python -m bot.staff.accounts list
    python -m bot.staff.accounts remove <name>

Roles: "edit" (the reply texts and offers) and "answer" (the inbox of people who asked for a
person). An account stored before roles existed keeps "edit" only.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.templates import atomic_write

ACCOUNTS_FILE = "accounts.json"
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 10
#: What an account may do: edit answers and offers, answer people's cases.
ROLES = ("edit", "answer")
#: The roles of an account stored before roles existed (it could edit, nothing else).
DEFAULT_ROLES = ("edit",)

_HASHER = PasswordHasher()
#: Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("no account has this password")


class AccountError(ValueError):
    """An account cannot be created or changed as asked."""


def _path(data_dir: Path) -> Path:
    return data_dir / ACCOUNTS_FILE


def load_accounts(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Every account by name: ``{"hash", "created", "roles"}`` (empty when none exist)."""
    try:
        return json.loads(_path(data_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def parse_roles(text: str) -> tuple[str, ...]:
    """The roles of a comma-separated list ("edit,answer"); AccountError for unknown ones."""
    roles = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [role for role in roles if role not in ROLES]
    if unknown or not roles:
        raise AccountError(f"roles must be one or more of {', '.join(ROLES)}")
    return roles


def roles_of(data_dir: Path, name: str) -> frozenset[str]:
    """What account `name` may do now (nothing when it does not exist)."""
    account = load_accounts(data_dir).get(name)
    if account is None:
        return frozenset()
    return frozenset(account.get("roles", DEFAULT_ROLES))


def add_account(
    data_dir: Path, name: str, password: str, roles: Sequence[str] = DEFAULT_ROLES
) -> None:
    """Create account `name` with `roles` (or set its new password and roles); raise
    AccountError when not allowed."""
    roles = parse_roles(",".join(roles))
    if not NAME.match(name):
        raise AccountError("the name must be 2-32 characters: a-z, 0-9, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip() != password or password.lower() == name:
        raise AccountError("the password must not be the name or start/end with a space")
    accounts = load_accounts(data_dir)
    accounts[name] = {
        "hash": _HASHER.hash(password),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "roles": list(roles),
    }
    _save(data_dir, accounts)


def remove_account(data_dir: Path, name: str) -> None:
    """Delete account `name`; raise AccountError when there is none."""
    accounts = load_accounts(data_dir)
    if accounts.pop(name, None) is None:
        raise AccountError(f"no account named {name!r}")
    _save(data_dir, accounts)


def _save(data_dir: Path, accounts: dict[str, dict[str, Any]]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(_path(data_dir), json.dumps(accounts, indent=2, sort_keys=True) + "\n")
    _path(data_dir).chmod(0o600)


def verify_login(data_dir: Path, name: str, password: str) -> bool:
    """True when `name` exists and `password` is its password (constant work either way)."""
    account = load_accounts(data_dir).get(name)
    try:
        _HASHER.verify(account["hash"] if account else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return account is not None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != first:
        raise AccountError("the two passwords differ")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    """Command line for staff accounts; returns the exit status."""
    from bot.config import load_settings  # reads .env: only when run as a command

    parser = argparse.ArgumentParser(prog="python -m bot.staff.accounts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account or set a new password")
    add.add_argument("name")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.add_argument(
        "--roles",
        default=",".join(DEFAULT_ROLES),
        help="what the account may do: edit, answer or edit,answer (default: edit)",
    )
    remove = commands.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    commands.add_parser("list", help="list the accounts")
    args = parser.parse_args(argv)
    data_dir = load_settings().staff_data_dir
    try:
        if args.command == "add":
            roles = parse_roles(args.roles)  # refused before the password is asked for
            add_account(data_dir, args.name, _read_password(args.password_stdin), roles)
            print(f"account {args.name} saved in {_path(data_dir)}")
        elif args.command == "remove":
            remove_account(data_dir, args.name)
            print(f"account {args.name} removed")
        else:
            for name, account in sorted(load_accounts(data_dir).items()):
                roles = ",".join(account.get("roles", DEFAULT_ROLES))
                print(f"{name}\tcreated {account['created']}\troles {roles}")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
