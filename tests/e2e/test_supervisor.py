"""`make run`'s supervisor brings back each process of the line after a SIGKILL.

The line starts as `make run` starts it: scripts/supervise.py on the repo's Procfile, here on
free loopback ports with the end-to-end tests' environment (tests/e2e/conftest.py). Each of
the three processes is killed once. While the engine or the action server is away the gateway
answers with its fallback (the emergency numbers); after each kill the process comes back and
the line answers normally again. So that "away" is certain when the fallback is asked for, and
not a race against the restart, the supervisor is frozen (SIGSTOP) from just before the kill
until that answer has come, then let go.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import (
    MODEL,
    REPO,
    STARTUP_TIMEOUT_S,
    line_endpoints,
    line_env,
    stop,
    wait_healthy,
)
from tests.e2e.redis_line import descendants
from tests.support import free_port, post_json

NEED = "jeg har brug for et bad"


@dataclass
class SupervisedLine:
    """The supervisor's process, the three ports, its output and the fallback's words."""

    supervisor: subprocess.Popen
    url: str
    ports: dict[str, int]
    output: Path
    fallback: str

    def output_text(self) -> str:
        """Everything the supervisor and the three processes printed so far."""
        return self.output.read_text(encoding="utf-8", errors="replace")


@contextmanager
def supervised_line(tmp: Path) -> Iterator[SupervisedLine]:
    """Start the whole line under scripts/supervise.py, as `make run` does; stop it with
    SIGINT (Ctrl-C) afterwards."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make test` (it trains first)")
    ports = {"engine": free_port(), "actions": free_port(), "gateway": free_port()}
    url = f"http://127.0.0.1:{ports['gateway']}"
    responses = tmp / "responses"
    shutil.copytree(REPO / "responses", responses)
    (tmp / "endpoints.yml").write_text(line_endpoints(ports["actions"], None))
    env = line_env(tmp, ports["engine"], ports["actions"], ports["gateway"], responses)
    env_file = tmp / "line.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    gateway_texts = yaml.safe_load((responses / "gateway.yml").read_text(encoding="utf-8"))
    fallback = gateway_texts["utter_engine_down"]["text"][env["DEFAULT_LANGUAGE"]]
    output = tmp / "supervised.log"
    command = [str(REPO / ".venv-gateway/bin/python"), "scripts/supervise.py"]
    with output.open("w") as sink:
        supervisor = subprocess.Popen(
            [*command, "--procfile", "Procfile", "--env", str(env_file)],
            cwd=REPO,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    line = SupervisedLine(supervisor, url, ports, output, fallback)
    try:
        wait_ready(line)
        yield line
    finally:
        stop(supervisor)


def wait_ready(line: SupervisedLine) -> None:
    """Wait until the gateway says it reaches the engine, and the action server answers."""
    wait_healthy(line.url, line.supervisor, line.output)
    actions = f"http://127.0.0.1:{line.ports['actions']}"
    wait_healthy(actions, line.supervisor, line.output, "/health")


def ask(line: SupervisedLine, sender: str, text: str = NEED) -> dict:
    """One message through the phone simulator's API; its JSON answer."""
    body = {"channel": "signal", "from": sender, "text": text}
    result = post_json(f"{line.url}/simulator/api/message", body)
    assert result.status == 200, result.body
    return result.json()


def assert_normal(answer: dict, line: SupervisedLine) -> None:
    """A real answer to the need: places from the catalogue, not the fallback."""
    assert answer["offers"], answer
    assert line.fallback not in " ".join(answer["replies"])


def assert_fallback(answer: dict, line: SupervisedLine) -> None:
    """The gateway's own answer when the line cannot answer: the emergency numbers."""
    assert line.fallback in " ".join(answer["replies"]), answer
    assert not answer["offers"]


def listening(port: int) -> set[str]:
    """The socket inodes listening on `port` (from /proc/net), as /proc/PID/fd links name them."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                found.add(f"socket:[{fields[9]}]")
    return found


def listener(line: SupervisedLine, name: str) -> int:
    """The id of the process (below the supervisor) that listens on `name`'s port."""
    sockets = listening(line.ports[name])
    for pid in descendants(line.supervisor.pid):
        try:
            links = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
        except OSError:
            continue  # gone meanwhile
        if links & sockets:
            return pid
    raise AssertionError(f"nothing below the supervisor listens on {name}'s port")


def wait_closed(line: SupervisedLine, name: str) -> None:
    """Wait until nothing listens on `name`'s port any more (a killed process is gone)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while listening(line.ports[name]):
        assert time.monotonic() < deadline, f"{name}'s port is still open"
        time.sleep(0.1)


@contextmanager
def frozen(line: SupervisedLine) -> Iterator[None]:
    """The supervisor stopped (it can restart nothing) for the duration."""
    os.kill(line.supervisor.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(line.supervisor.pid, signal.SIGCONT)


@pytest.fixture(scope="module")
def line(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SupervisedLine]:
    """A line of its own: these tests kill its processes."""
    with supervised_line(tmp_path_factory.mktemp("supervised")) as running:
        yield running


@pytest.mark.parametrize("name", ["engine", "actions"])
def test_a_killed_back_process_comes_back_and_the_gateway_answers_meanwhile(
    line: SupervisedLine, name: str
) -> None:
    assert_normal(ask(line, f"before-{name}"), line)
    with frozen(line):
        os.kill(listener(line, name), signal.SIGKILL)
        wait_closed(line, name)
        assert_fallback(ask(line, f"while-{name}-is-away"), line)
    wait_ready(line)
    assert_normal(ask(line, f"after-{name}"), line)
    assert f"{name} exited (code " in line.output_text()


def test_a_killed_gateway_comes_back(line: SupervisedLine) -> None:
    os.kill(listener(line, "gateway"), signal.SIGKILL)
    wait_closed(line, "gateway")
    wait_ready(line)
    assert_normal(ask(line, "after-gateway"), line)
    assert "gateway exited (code " in line.output_text()


def test_no_message_text_in_the_output(line: SupervisedLine) -> None:
    assert NEED not in line.output_text()


def test_ctrl_c_stops_every_process(line: SupervisedLine) -> None:
    """Last in this module: it stops the module's line (the fixture's stop is then a no-op)."""
    below = descendants(line.supervisor.pid)
    assert len(below) >= 3
    stop(line.supervisor)  # SIGINT to the supervisor, as Ctrl-C in `make run`'s terminal
    assert line.supervisor.returncode == 128 + signal.SIGINT
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while any(Path(f"/proc/{pid}").exists() for pid in below):
        assert time.monotonic() < deadline, "processes outlived the supervisor"
        time.sleep(0.1)
