"""The line in Redis mode: one redis-server, several engines, the action server and a gateway.

Every process is started from the same Procfile as `make run` (tests/e2e/conftest.py), each
engine under its own honcho so that one can be stopped while the rest keep running. The
engines use endpoints-redis.yml, the gateway gets ENGINE_URLS. Used by the scale-out test,
`make bench` and `make soak`.
"""

from __future__ import annotations

import secrets
import subprocess
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from tests.e2e.conftest import REPO, line_env, start_procfile, stop, wait_healthy
from tests.redis_server import redis_server
from tests.support import free_port


@dataclass
class Engine:
    """One engine instance: its URL, its honcho and how long it took to answer."""

    url: str
    process: subprocess.Popen
    output: Path
    started: float  # time.monotonic() at start
    ready_s: float = 0.0  # seconds from start until it answered

    def stop(self) -> None:
        """Stop this engine the way an operator or an orchestrator does (SIGINT)."""
        stop(self.process)


@dataclass
class RedisLine:
    """A running Redis-mode line."""

    url: str
    twilio_token: str
    redis_port: int
    redis_password: str
    engines: list[Engine]
    rest: subprocess.Popen  # action server + gateway
    outputs: list[Path] = field(default_factory=list)
    #: The environment every process got, for a test that starts more gateways like it.
    env: dict[str, str] = field(default_factory=dict)

    def output_text(self) -> str:
        """Everything every process printed so far."""
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in self.outputs)


def descendants(pid: int) -> list[int]:
    """The ids of every process below `pid` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found.extend(kids)
        todo.extend(kids)
    return found


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of one process in MB, now (VmRSS) or at its peak (VmHWM); 0 if gone."""
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith(f"{field}:"):
                return int(row.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def workers(process: subprocess.Popen) -> dict[int, str]:
    """The Python processes a honcho started (not the shells between): pid -> command line."""
    found = {}
    for pid in descendants(process.pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if "python" in Path(argv[0]).name:
            found[pid] = " ".join(argv[1:4])
    return found


@contextmanager
def redis_line(
    tmp: Path,
    engine_count: int = 2,
    model: Path | None = None,
    idle_minutes: float = 5,
    extra_env: dict[str, str] | None = None,
) -> Iterator[RedisLine]:
    """Start redis-server, `engine_count` engines (of `model`, default the project's), the
    actions and a gateway (with `extra_env`); stop them all afterwards."""
    with ExitStack() as stack:
        redis_password = secrets.token_hex(16)
        redis_port = stack.enter_context(redis_server(redis_password))
        engine_ports = [free_port() for _ in range(engine_count)]
        actions, gateway = free_port(), free_port()
        env = line_env(tmp, engine_ports[0], actions, gateway, REPO / "responses")
        env.update(
            {
                "ENDPOINTS_FILE": "endpoints-redis.yml",
                "ENGINE_URLS": ",".join(f"http://127.0.0.1:{p}" for p in engine_ports),
                "REDIS_HOST": "127.0.0.1",
                "REDIS_PORT": str(redis_port),
                "REDIS_PASSWORD": redis_password,
                "CONVERSATION_IDLE_MINUTES": str(idle_minutes),
                "TICKET_LOCK_LIFETIME": "10",
            }
        )
        if model is not None:
            env["MODEL"] = str(model)
        env.update(extra_env or {})
        outputs = [tmp / "rest.log"]
        rest = start_procfile(env, tmp / "rest.env", outputs[0], "actions", "gateway")
        stack.callback(stop, rest)
        engines = []
        for index, port in enumerate(engine_ports):
            output = tmp / f"engine{index}.log"
            engine_env = {**env, "ENGINE_PORT": str(port)}
            started = time.monotonic()
            process = start_procfile(engine_env, tmp / f"engine{index}.env", output, "engine")
            stack.callback(stop, process)
            engines.append(Engine(f"http://127.0.0.1:{port}", process, output, started))
            outputs.append(output)
        for engine in engines:
            wait_healthy(engine.url, engine.process, engine.output, path="/")
            engine.ready_s = time.monotonic() - engine.started
        url = f"http://127.0.0.1:{gateway}"
        wait_healthy(url, rest, outputs[0])
        yield RedisLine(
            url,
            env["TWILIO_AUTH_TOKEN"],
            redis_port,
            redis_password,
            engines,
            rest,
            outputs,
            env,
        )
