"""`make run`'s supervisor: every process of the Procfile, each restarted when it exits.

honcho stops the whole line when one process dies, so a crashed action server took the gateway,
and with it the emergency-number fallback, down. This runs the same Procfile and .env the same
way (one shell per line in a session of its own, output prefixed with the process name) but
restarts a process that exits, after a back-off, while the others keep running. Ctrl-C (or
SIGTERM) stops them all. Why this and not supervisord or circus:
docs/decisions/0005-local-supervisor.md.

It imports nothing of the project, so it keeps running whatever the gateway, engine or core
import, and runs in the gateway environment for honcho's Procfile, .env and output formats.
It writes names, process ids and exit codes only: the processes' own lines pass through as
they are, so it adds nothing to what they log.

Usage: python scripts/supervise.py [--procfile Procfile] [--env .env] [--app-root .] [NAME ...]
"""

from __future__ import annotations

import argparse
import datetime
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from honcho.colour import get_colours
from honcho.environ import parse, parse_procfile
from honcho.printer import Message, Printer

#: Seconds before the first restart; doubled after each quick exit, up to MAX_DELAY_S.
FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0
#: A process that ran this long before it exited is restarted after FIRST_DELAY_S again.
STABLE_AFTER_S = 60.0
#: How long the processes get to stop after SIGTERM before they are killed.
STOP_WAIT_S = 10.0
POLL_S = 0.2
NAME = "supervise"


@dataclass
class Child:
    """One Procfile process: its command, the running shell, and its restart state."""

    name: str
    command: str
    colour: str | None
    popen: subprocess.Popen[bytes] | None = None
    reader: threading.Thread | None = None
    started_at: float = 0.0
    quick_exits: int = 0
    restart_at: float | None = None

    def restart_delay(self, ran_for: float) -> float:
        """Seconds to wait before the next start, after a run of `ran_for` seconds."""
        self.quick_exits = 0 if ran_for >= STABLE_AFTER_S else self.quick_exits + 1
        return min(FIRST_DELAY_S * 2 ** max(self.quick_exits - 1, 0), MAX_DELAY_S)

    def running(self) -> bool:
        """True until the shell has exited and everything it started has closed the output
        (the program may outlive a shell that died of the same signal)."""
        if self.popen is None or self.reader is None:
            return False
        return self.popen.poll() is None or self.reader.is_alive()


class Supervisor:
    """Starts the children, passes their output through, restarts the ones that exit."""

    def __init__(self, children: list[Child], env: dict[str, str], cwd: Path) -> None:
        self.children = children
        self.env = env
        self.cwd = cwd
        self.lines: queue.Queue[Message] = queue.Queue()
        self.printer = Printer(sys.stdout)
        self.printer.width = max(len(NAME), *(len(child.name) for child in children))
        self.stop_signal: int | None = None

    def say(self, text: str) -> None:
        """One line of the supervisor's own: names, ids and exit codes only."""
        self.printer.write(Message("line", text, datetime.datetime.now(), NAME, None))

    def start(self, child: Child) -> None:
        """Start `child`'s Procfile line in a shell, in a session (and process group) of its
        own: one signal to the group reaches the shell and everything it started, and the
        terminal's Ctrl-C reaches only the supervisor, which stops the children itself."""
        child.popen = subprocess.Popen(
            child.command,
            shell=True,
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        child.started_at = time.monotonic()
        child.restart_at = None
        assert child.popen.stdout is not None
        child.reader = threading.Thread(
            target=self._pass_through, args=(child, child.popen.stdout), daemon=True
        )
        child.reader.start()
        self.say(f"{child.name} started (pid {child.popen.pid})")

    def _pass_through(self, child: Child, stream: IO[bytes]) -> None:
        for line in iter(stream.readline, b""):
            self.lines.put(Message("line", line, datetime.datetime.now(), child.name, child.colour))
        stream.close()

    def run(self) -> int:
        """Run until SIGINT or SIGTERM; return the exit status for that signal."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_stop_signal)
        for child in self.children:
            self.start(child)
        while self.stop_signal is None:
            self._print_pending(POLL_S)
            now = time.monotonic()
            for child in self.children:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        self.start(child)
                elif child.popen is not None and child.popen.poll() is not None:
                    self._schedule_restart(child, now)
        return self._stop_all()

    def _on_stop_signal(self, signum: int, _frame: object) -> None:
        self.stop_signal = signum

    def _print_pending(self, wait: float) -> None:
        try:
            self.printer.write(self.lines.get(timeout=wait))
            while True:
                self.printer.write(self.lines.get_nowait())
        except queue.Empty:
            pass

    def _schedule_restart(self, child: Child, now: float) -> None:
        assert child.popen is not None
        code = child.popen.returncode
        # What the shell left behind (a child of the program) would hold the port and the pipe.
        _signal_group(child.popen.pid, signal.SIGKILL)
        delay = child.restart_delay(now - child.started_at)
        child.restart_at = now + delay
        self.say(f"{child.name} exited (code {code}); restarting in {delay:g} s")

    def _stop_all(self) -> int:
        assert self.stop_signal is not None
        self.say(f"{signal.Signals(self.stop_signal).name} received: stopping every process")
        running = [child for child in self.children if child.running()]
        for child in running:
            assert child.popen is not None
            _signal_group(child.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_WAIT_S
        while any(child.running() for child in running) and time.monotonic() < deadline:
            self._print_pending(POLL_S)
        for child in running:
            assert child.popen is not None and child.reader is not None
            if child.running():
                _signal_group(child.popen.pid, signal.SIGKILL)
            child.popen.wait()
            child.reader.join()
        self._print_pending(0)
        return 128 + self.stop_signal


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass  # the whole group is gone already


def load_children(procfile: Path, names: list[str]) -> list[Child]:
    """The Procfile's processes (only `names` if any are given), in the Procfile's order."""
    processes = parse_procfile(procfile.read_text(encoding="utf-8")).processes
    unknown = [name for name in names if name not in processes]
    if unknown:
        raise SystemExit(f"{NAME}: not in {procfile}: {', '.join(unknown)}")
    colours = get_colours()
    return [
        Child(name, command, next(colours))
        for name, command in processes.items()
        if not names or name in names
    ]


def load_env(app_root: Path, env_files: str) -> dict[str, str]:
    """This process's environment, overridden by the .env files (comma-separated), as honcho."""
    env = dict(os.environ)
    for name in env_files.split(","):
        path = app_root / name.strip()
        if path.is_file():
            env.update(parse(path.read_text(encoding="utf-8")))
    # Lines appear as they are printed, not when a pipe's buffer fills.
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the supervisor, return its exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procfile", default="Procfile")
    parser.add_argument("--env", default=".env", help="comma-separated .env files")
    parser.add_argument("--app-root", default=".", type=Path)
    parser.add_argument("names", nargs="*", help="processes to run (default: all)")
    args = parser.parse_args(argv)
    children = load_children(args.app_root / args.procfile, args.names)
    return Supervisor(children, load_env(args.app_root, args.env), args.app_root).run()


if __name__ == "__main__":
    sys.exit(main())
