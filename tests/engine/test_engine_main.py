"""`python -m engine`, run as the Procfile runs it: it refuses what it was not written for,
and otherwise starts Rasa with the log guard and the patches, and serves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from engine.__main__ import REFUSED
from lygte.log_guard import WITHHELD
from tests.support import free_port, post_json, stop_group

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "models" / "lygte.tar.gz"
STARTUP_TIMEOUT_S = 300


def engine_env(**extra: str) -> dict[str, str]:
    """The environment the Procfile gives the engine."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(REPO), **extra}


def test_another_rasa_version_is_refused(tmp_path: Path) -> None:
    # An installed distribution's metadata, found first on the path: what a different
    # `pip install rasa==...` leaves behind, as far as version checks can tell.
    metadata = tmp_path / "rasa-9.9.9.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: rasa\nVersion: 9.9.9\n")
    env = engine_env(PYTHONPATH=f"{tmp_path}{os.pathsep}{REPO}")
    result = subprocess.run(
        [sys.executable, "-m", "engine", "--help"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == REFUSED
    assert "refusing to start" in result.stderr
    assert "rasa 3.6.21 (installed: 9.9.9)" in result.stderr
    assert "usage: rasa run" not in result.stdout  # Rasa never ran


def test_a_bad_idle_time_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "engine", "--help"],
        cwd=REPO,
        env=engine_env(CONVERSATION_IDLE_MINUTES="half an hour"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == REFUSED
    assert "CONVERSATION_IDLE_MINUTES must be a positive number" in result.stderr


def test_rasa_runs_arguments_pass_through() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "engine", "--help"],
        cwd=REPO,
        env=engine_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage: rasa run" in result.stdout and "--endpoints" in result.stdout


def started(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start `command` in its own process group, its output in `log`."""
    with log.open("w") as sink:
        return subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`python -m engine` at DEBUG with the action server beside it: (engine URL, engine log)."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    tmp = tmp_path_factory.mktemp("engine")
    actions_port, engine_port = free_port(), free_port()
    endpoints = {
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"},
        "tracker_store": {"type": "engine.tracker_store.ExpiringInMemoryTrackerStore"},
    }
    (tmp / "endpoints.yml").write_text(yaml.safe_dump(endpoints))
    actions = started(
        [str(Path(sys.executable).parent / "rasa"), "run", "actions", "--actions", "actions"]
        + ["--port", str(actions_port)],
        engine_env(SANIC_HOST="127.0.0.1"),
        tmp / "actions.log",
    )
    log = tmp / "engine.log"
    engine = started(
        [sys.executable, "-m", "engine", "--model", str(MODEL), "--credentials", "credentials.yml"]
        + ["--endpoints", str(tmp / "endpoints.yml"), "--interface", "127.0.0.1"]
        + ["--port", str(engine_port), "--debug"],
        engine_env(),
        log,
    )
    url = f"http://127.0.0.1:{engine_port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if engine.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the engine did not start:\n{log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(1)
        yield url, log
    finally:
        stop_group(engine)
        stop_group(actions)


def test_the_engine_starts_with_the_guard_and_patches_and_answers(
    engine: tuple[str, Path],
) -> None:
    url, log = engine
    marker = "Vesterbrogade-Zqx"  # words a person wrote, which no log line may carry
    sent = post_json(
        f"{url}/webhooks/rest/webhook",
        {"sender": "pseudonym-1", "message": f"jeg mangler et bad {marker}"},
    )
    assert sent.status == 200
    replies = sent.json()
    assert replies and all(reply["recipient_id"] == "pseudonym-1" for reply in replies)
    output = log.read_text()
    installed = "engine: installed lygte.log_guard, engine.schema_cache, engine.keepalive"
    assert installed in output
    assert "DEBUG" in output and WITHHELD in output  # at DEBUG, every detail withheld
    assert marker not in output and "mangler" not in output
