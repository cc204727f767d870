"""A real gateway on a loopback port, run in a background thread, for webhook-level tests.

Its engine and action server addresses point at ports where nothing listens: these tests
show what the gateway does on its own (signatures, empty messages, a dead engine).
"""

from __future__ import annotations

import asyncio
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from aiohttp import web

from bot.app import create_app
from bot.config import REPO_ROOT, Settings
from tests.support import free_port


@dataclass
class Gateway:
    """A running gateway: its URL and Twilio token."""

    url: str
    token: str


def serve(settings: Settings) -> Iterator[str]:
    """Serve the gateway app in a thread until the generator is closed; yields its URL."""
    yield from serve_app(create_app(settings), settings.host, settings.port)


def serve_app(app: web.Application, host: str, port: int) -> Iterator[str]:
    """Serve any aiohttp `app` in a thread until the generator is closed; yields its URL."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, host, port)
        loop.run_until_complete(site.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10)
    try:
        yield f"http://{host}:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def settings_for(port: int, token: str, **overrides: str) -> Settings:
    """Development settings with a dead engine, on `port`."""
    env = {
        "PSEUDONYM_SECRET": "test-" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": token,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "GATEWAY_PORT": str(port),
        "ENGINE_URL": f"http://127.0.0.1:{free_port()}",
        "ACTIONS_URL": f"http://127.0.0.1:{free_port()}",
        "RESPONSES_DIR": str(REPO_ROOT / "responses"),
        "ENGINE_TIMEOUT_SECONDS": "2",
        # usage counts of test turns stay out of the project's var/ (bot/usage.py)
        "USAGE_DB": str(Path(tempfile.mkdtemp(prefix="lygte-usage-")) / "usage.sqlite3"),
        "FEEDBACK_DB": str(Path(tempfile.mkdtemp(prefix="lygte-feedback-")) / "feedback.sqlite3"),
        **overrides,
    }
    return Settings.from_env(env)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    """A development gateway whose engine is down."""
    port, token = free_port(), "test-" + secrets.token_hex(8)
    for url in serve(settings_for(port, token)):
        yield Gateway(url, token)
