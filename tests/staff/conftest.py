"""Staff editor tests: a real gateway on a loopback port with copies of responses/ and offers/.

The browser test also uses the whole line (tests/e2e/conftest.py's `line`).
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, TypeVar

import pytest
from aiohttp import web

from bot.app import create_app
from bot.config import REPO_ROOT
from bot.staff.accounts import add_account
from tests.e2e.conftest import line  # noqa: F401  (the whole line, for the browser test)
from tests.gateway.conftest import serve_app, settings_for
from tests.staff.client import StaffClient
from tests.support import free_port

ACCOUNT = "mette"  # roles: edit (the default)
PASSWORD = "lang-nok-adgangskode-42"
ANSWERER = "anna"  # roles: answer
BOTH = "bo"  # roles: edit, answer
T = TypeVar("T")


@dataclass
class StaffGateway:
    """A running gateway with one staff account, and the directories it edits."""

    url: str
    responses_dir: Path
    offers_dir: Path
    data_dir: Path
    #: The "did it help?" counts the staff pages read (bot/feedback.py).
    feedback_db: Path
    #: The served application and its event loop, for tests that reach into its stores.
    app: web.Application
    loop: asyncio.AbstractEventLoop

    def client(self) -> StaffClient:
        """A fresh visitor with no cookies."""
        return StaffClient(self.url)

    def logged_in(self, account: str = ACCOUNT) -> StaffClient:
        """A visitor logged in as `account` (by default the one that edits)."""
        client = self.client()
        assert client.login(account, PASSWORD).status == 303
        return client

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` in the gateway's event loop (where its stores live)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)


def start(tmp_path: Path, mode: str) -> Iterator[StaffGateway]:
    """Serve a gateway in `mode` whose staff edit copies of responses/ and offers/."""
    responses, offers, data = tmp_path / "responses", tmp_path / "offers", tmp_path / "staff"
    shutil.copytree(REPO_ROOT / "responses", responses)
    shutil.copytree(REPO_ROOT / "offers", offers)
    add_account(data, ACCOUNT, PASSWORD)
    add_account(data, ANSWERER, PASSWORD, ("answer",))
    add_account(data, BOTH, PASSWORD, ("edit", "answer"))
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
    app, loops = create_app(settings), []

    async def remember_loop(_app: web.Application) -> None:
        loops.append(asyncio.get_running_loop())

    app.on_startup.append(remember_loop)
    for url in serve_app(app, settings.host, settings.port):
        yield StaffGateway(url, responses, offers, data, settings.feedback_db, app, loops[0])


@pytest.fixture
def staff(tmp_path: Path) -> Iterator[StaffGateway]:
    """A development gateway with the staff editor."""
    yield from start(tmp_path, "development")


@pytest.fixture
def production(tmp_path: Path) -> Iterator[StaffGateway]:
    """A production-mode gateway with the staff editor."""
    yield from start(tmp_path, "production")
