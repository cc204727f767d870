"""A real, throw-away `redis-server` on a free loopback port (Debian package `redis-server`).

Started as production runs it (docs/deploy.md): no persistence, loopback only. Used by the
engine tests, the scale-out test, `make bench` and `make soak`.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from typing import Iterator

from tests.support import free_port


@contextmanager
def redis_server(password: str | None = None, start_timeout_s: float = 20) -> Iterator[int]:
    """Run a redis-server with persistence off (and `password`, if given); yield its port."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed: apt-get install -y redis-server")
    port = free_port()
    command = [
        binary,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    if password:
        command += ["--requirepass", password]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + start_timeout_s
        while not _answers_ping(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers_ping(port: int) -> bool:
    """True when a Redis server on `port` answers PING (raw RESP, no client library needed);
    "authentication required" is an answer too."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith((b"+PONG", b"-NOAUTH"))
    except OSError:
        return False
