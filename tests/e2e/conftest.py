"""Starts the real line for end-to-end tests: engine, action server and gateway under honcho.

The processes run exactly as `make run` runs them (same Procfile), on free loopback ports,
with a test .env, a copy of responses/ the tests may edit, and a short idle timeout.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.support import free_port

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "models" / "lygte.tar.gz"
IDLE_SECONDS = 6
STARTUP_TIMEOUT_S = 300


@dataclass
class RunningLine:
    """Addresses and secrets of a running line, plus its combined process output."""

    url: str
    twilio_token: str
    responses_dir: Path
    output: Path
    process: subprocess.Popen

    def output_text(self) -> str:
        """Everything the three processes printed so far."""
        return self.output.read_text(encoding="utf-8", errors="replace")


def wait_healthy(url: str, process: subprocess.Popen, output: Path) -> None:
    """Wait until /healthz says 200; fail with the process output if it never does."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the line exited early:\n{output.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    pytest.fail(
        f"the line was not healthy after {STARTUP_TIMEOUT_S}s:\n{output.read_text()[-4000:]}"
    )


def stop(process: subprocess.Popen) -> None:
    """Stop honcho and the three processes it supervises."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def line(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningLine]:
    """The whole line, started once per test session."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make test` (it trains first)")
    tmp = tmp_path_factory.mktemp("line")
    engine, actions, gateway = free_port(), free_port(), free_port()
    url = f"http://127.0.0.1:{gateway}"
    responses = tmp / "responses"
    shutil.copytree(REPO / "responses", responses)
    offers = tmp / "offers"  # the staff editor's tests edit this copy, never the repo's offers/
    shutil.copytree(REPO / "offers", offers)
    (tmp / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions}/webhook"\n'
        f'nlg:\n  url: "{url}/nlg"\n'
        "tracker_store:\n  type: engine.tracker_store.ExpiringInMemoryTrackerStore\n"
    )
    token = "test-" + secrets.token_hex(16)
    env = {
        "LYGTE_MODE": "development",
        "PSEUDONYM_SECRET": "test-" + secrets.token_hex(32),
        "TWILIO_AUTH_TOKEN": token,
        "PUBLIC_URL": url,
        "GATEWAY_HOST": "127.0.0.1",
        "GATEWAY_PORT": str(gateway),
        "ENGINE_URL": f"http://127.0.0.1:{engine}",
        "ACTIONS_URL": f"http://127.0.0.1:{actions}",
        "ENGINE_PORT": str(engine),
        "ACTIONS_PORT": str(actions),
        "ENDPOINTS_FILE": str(tmp / "endpoints.yml"),
        "RESPONSES_DIR": str(responses),
        "OFFERS_DIR": str(offers),
        "STAFF_DATA_DIR": str(tmp / "staff"),
        "CONVERSATION_IDLE_MINUTES": str(IDLE_SECONDS / 60),
        "DEFAULT_LANGUAGE": "da",
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env_file = tmp / "test.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    output = tmp / "processes.log"
    with output.open("w") as sink:
        process = subprocess.Popen(
            [
                str(REPO / ".venv-gateway/bin/honcho"),
                "start",
                "--env",
                str(env_file),
                "--procfile",
                "Procfile",
                "--app-root",
                str(REPO),
            ],
            cwd=REPO,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_healthy(url, process, output)
        yield RunningLine(url, token, responses, output, process)
    finally:
        stop(process)
