"""Roles: an account may edit answers, answer cases, or both (bot/staff/accounts.py, guard)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.staff.accounts import AccountError, add_account, load_accounts, roles_of
from tests.staff.conftest import ACCOUNT, ANSWERER, BOTH, PASSWORD, StaffGateway
from tests.staff.test_accounts import run

EDIT_PAGES = ["/staff/templates", "/staff/offers", "/staff/checking", "/staff/feedback.csv"]
ANSWER_PAGES = ["/staff/inbox", "/staff/api/cases"]


def test_the_command_stores_roles_and_lists_them(tmp_path: Path) -> None:
    made = run(tmp_path, "add", "jonas", "--roles", "edit,answer", "--password-stdin",
               password="et-godt-kodeord-7")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert load_accounts(tmp_path)["jonas"]["roles"] == ["edit", "answer"]
    assert "roles edit,answer" in run(tmp_path, "list").stdout
    refused = run(tmp_path, "add", "lise", "--roles", "admin", "--password-stdin",
                  password="et-godt-kodeord-7")  # fmt: skip
    assert refused.returncode == 1 and "roles must be" in refused.stderr
    assert "lise" not in load_accounts(tmp_path)


def test_an_account_without_roles_keeps_edit(tmp_path: Path) -> None:
    add_account(tmp_path, "jonas", "et-godt-kodeord-7")
    assert roles_of(tmp_path, "jonas") == {"edit"}
    accounts = load_accounts(tmp_path)
    del accounts["jonas"]["roles"]  # as stored before roles existed
    (tmp_path / "accounts.json").write_text(json.dumps(accounts))
    assert roles_of(tmp_path, "jonas") == {"edit"}
    assert roles_of(tmp_path, "nobody") == frozenset()
    with pytest.raises(AccountError):
        add_account(tmp_path, "jonas", "et-godt-kodeord-7", ("edit", "admin"))


@pytest.mark.parametrize(
    ("account", "allowed", "refused", "start"),
    [
        (ACCOUNT, EDIT_PAGES, ANSWER_PAGES, "/staff/templates"),
        (ANSWERER, ANSWER_PAGES, EDIT_PAGES, "/staff/inbox"),
        (BOTH, EDIT_PAGES + ANSWER_PAGES, [], "/staff/templates"),
    ],
)
def test_the_guard_lets_each_role_through_to_its_pages_only(
    staff: StaffGateway, account: str, allowed: list[str], refused: list[str], start: str
) -> None:
    client = staff.client()
    assert client.login(account, PASSWORD).status == 303
    assert client.headers["Location"] == start
    assert client.get("/staff").status == 303 and client.headers["Location"] == start
    for path in allowed:
        assert client.get(path).status == 200, path
    for path in refused:
        assert client.get(path).status == 403, path
    menu = client.get(start).body
    assert ('href="/staff/inbox"' in menu) == ("/staff/inbox" in allowed)
    assert ('href="/staff/templates"' in menu) == ("/staff/templates" in allowed)


def test_a_form_post_needs_the_role_too(staff: StaffGateway) -> None:
    client = staff.logged_in(ANSWERER)
    token = client.csrf("/staff/inbox")
    before = (staff.responses_dir / "conversation.yml").read_text()
    result = client.post("/staff/templates/utter_thanks", {"csrf": token, "text.da": "x"})
    assert result.status == 403
    assert (staff.responses_dir / "conversation.yml").read_text() == before
    refused = staff.logged_in(ACCOUNT)
    result = refused.request(
        "POST",
        "/staff/api/cases/ABCD/take",
        b"{}",
        {"X-CSRF-Token": refused.csrf("/staff/templates")},
    )
    assert (result.status, result.json()) == (403, {"error": "role"})


def test_a_role_taken_away_counts_at_once(staff: StaffGateway) -> None:
    client = staff.logged_in(BOTH)
    assert client.get("/staff/inbox").status == 200
    add_account(staff.data_dir, BOTH, PASSWORD, ("edit",))
    assert client.get("/staff/inbox").status == 403
    assert client.get("/staff/templates").status == 200
