"""Staff editor tests: a real gateway on a loopback port with copies of responses/ and offers/.

The browser test also uses the whole line (tests/e2e/conftest.py's `line`).
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from bot.config import REPO_ROOT
from bot.staff.accounts import add_account
from tests.e2e.conftest import line  # noqa: F401  (the whole line, for the browser test)
from tests.gateway.conftest import serve, settings_for
from tests.staff.client import StaffClient
from tests.support import free_port

ACCOUNT = "mette"
PASSWORD = "lang-nok-adgangskode-42"


@dataclass
class StaffGateway:
    """A running gateway with one staff account, and the directories it edits."""

    url: str
    responses_dir: Path
    offers_dir: Path
    data_dir: Path
    #: The "did it help?" counts the staff pages read (bot/feedback.py).
    feedback_db: Path

    def client(self) -> StaffClient:
        """A fresh visitor with no cookies."""
        return StaffClient(self.url)

    def logged_in(self) -> StaffClient:
        """A visitor logged in as the staff account."""
        client = self.client()
        assert client.login(ACCOUNT, PASSWORD).status == 303
        return client


def start(tmp_path: Path, mode: str) -> Iterator[StaffGateway]:
    """Serve a gateway in `mode` whose staff edit copies of responses/ and offers/."""
    responses, offers, data = tmp_path / "responses", tmp_path / "offers", tmp_path / "staff"
    shutil.copytree(REPO_ROOT / "responses", responses)
    shutil.copytree(REPO_ROOT / "offers", offers)
    add_account(data, ACCOUNT, PASSWORD)
    port = free_port()
    settings = settings_for(
        port,
        "test-" + secrets.token_hex(8),
        LYGTE_MODE=mode,
        RESPONSES_DIR=str(responses),
        OFFERS_DIR=str(offers),
        STAFF_DATA_DIR=str(data),
        STAFF_SESSION_SECRET=secrets.token_hex(32),
        FEEDBACK_DB=str(tmp_path / "feedback.sqlite3"),
    )
    for url in serve(settings):
        yield StaffGateway(url, responses, offers, data, settings.feedback_db)


@pytest.fixture
def staff(tmp_path: Path) -> Iterator[StaffGateway]:
    """A development gateway with the staff editor."""
    yield from start(tmp_path, "development")


@pytest.fixture
def production(tmp_path: Path) -> Iterator[StaffGateway]:
    """A production-mode gateway with the staff editor."""
    yield from start(tmp_path, "production")
