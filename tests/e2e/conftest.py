"""Starts the real line for end-to-end tests: engine, action server and gateway under honcho.

The processes run exactly as `make run` runs them (same Procfile), on free loopback ports,
with a test .env, a copy of responses/ the tests may edit, and a short idle timeout.
"""

from __future__ import annotations

import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from tests.support import free_port, stop_group

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
    #: The engine's own supervisor when started with `engine_apart` (else it is in `process`).
    engine_process: subprocess.Popen | None = None
    #: The engine's REST channel (loopback), for tests that look at what it returns.
    engine_url: str = ""

    def output_text(self) -> str:
        """Everything the three processes printed so far."""
        return self.output.read_text(encoding="utf-8", errors="replace")


def wait_healthy(url: str, process: subprocess.Popen, output: Path, path: str = "/healthz") -> None:
    """Wait until `url` + `path` says 200; fail with the process output if it never does."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the line exited early:\n{output.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as response:
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
    stop_group(process, signal.SIGINT)


def start_procfile(
    env: dict[str, str], env_file: Path, output: Path, *processes: str
) -> subprocess.Popen:
    """Start the Procfile's `processes` (all when none) under honcho, as `make run` does.

    `env` is written to `env_file`; everything the processes print goes to `output`.
    Stop them with `stop`.
    """
    env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    honcho = [str(REPO / ".venv-gateway/bin/honcho"), "start", "--env", str(env_file)]
    with output.open("w") as sink:
        return subprocess.Popen(
            [*honcho, "--procfile", "Procfile", "--app-root", str(REPO), *processes],
            cwd=REPO,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def line_env(tmp: Path, engine: int, actions: int, gateway: int, responses: Path) -> dict[str, str]:
    """The environment of a test line on these loopback ports, with a fresh secret and token.

    The engine reads `tmp`/endpoints.yml (written by the caller); override ENDPOINTS_FILE
    for another set-up.
    """
    token = "test-" + secrets.token_hex(16)
    return {
        "LYGTE_MODE": "development",
        "PSEUDONYM_SECRET": "test-" + secrets.token_hex(32),
        "TWILIO_AUTH_TOKEN": token,
        "PUBLIC_URL": f"http://127.0.0.1:{gateway}",
        "GATEWAY_HOST": "127.0.0.1",
        "GATEWAY_PORT": str(gateway),
        "ENGINE_URL": f"http://127.0.0.1:{engine}",
        "ACTIONS_URL": f"http://127.0.0.1:{actions}",
        "ENGINE_PORT": str(engine),
        "ACTIONS_PORT": str(actions),
        "ENDPOINTS_FILE": str(tmp / "endpoints.yml"),
        "RESPONSES_DIR": str(responses),
        "USAGE_DB": str(tmp / "usage.sqlite3"),
        "FEEDBACK_DB": str(tmp / "feedback.sqlite3"),
        "CONVERSATION_IDLE_MINUTES": str(IDLE_SECONDS / 60),
        "DEFAULT_LANGUAGE": "da",
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
    }


def line_endpoints(actions: int, tracker_store: dict | None) -> str:
    """The repo's endpoints.yml with this line's action server (and another tracker store)."""
    endpoints = yaml.safe_load((REPO / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{actions}/webhook"
    if tracker_store:
        endpoints["tracker_store"] = tracker_store
    return yaml.safe_dump(endpoints)


@contextmanager
def started_line(
    tmp: Path, tracker_store: dict | None = None, engine_apart: bool = False, **extra_env: str
) -> Iterator[RunningLine]:
    """Start the whole line in `tmp`, stop it afterwards.

    `tracker_store` replaces the `tracker_store:` block of endpoints.yml; `extra_env` adds or
    overrides environment variables (LOG_LEVEL, ...).
    `engine_apart` runs the engine under its own honcho (output in `tmp`/engine.log), so that
    a test can stop or kill it while the actions and the gateway keep running.
    """
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make test` (it trains first)")
    engine, actions, gateway = free_port(), free_port(), free_port()
    url = f"http://127.0.0.1:{gateway}"
    responses = tmp / "responses"
    shutil.copytree(REPO / "responses", responses)
    offers = tmp / "offers"  # the staff editor's tests edit this copy, never the repo's offers/
    shutil.copytree(REPO / "offers", offers)
    (tmp / "endpoints.yml").write_text(line_endpoints(actions, tracker_store))
    env = line_env(tmp, engine, actions, gateway, responses)
    env.update(OFFERS_DIR=str(offers), STAFF_DATA_DIR=str(tmp / "staff"), **extra_env)
    output = tmp / "processes.log"
    engine_process = None
    if engine_apart:
        engine_process = start_procfile(env, tmp / "engine.env", tmp / "engine.log", "engine")
        process = start_procfile(env, tmp / "test.env", output, "actions", "gateway")
    else:
        process = start_procfile(env, tmp / "test.env", output)
    try:
        wait_healthy(url, process, output)
        yield RunningLine(
            url,
            env["TWILIO_AUTH_TOKEN"],
            responses,
            output,
            process,
            engine_process,
            env["ENGINE_URL"],
        )
    finally:
        stop(process)
        if engine_process is not None:
            stop(engine_process)


@pytest.fixture(scope="session")
def line(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningLine]:
    """The whole line, started once per test session."""
    with started_line(tmp_path_factory.mktemp("line")) as running:
        yield running
