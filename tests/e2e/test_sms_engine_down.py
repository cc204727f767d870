"""The real engine hangs, then dies: SMS still get the fallback with the emergency numbers.

The line runs with its engine under a separate supervisor (started_line(engine_apart=True)),
so the engine can be frozen (SIGSTOP: it still accepts connections but never answers) and
killed (SIGKILL) while the action server and the gateway keep running.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Iterator

import pytest

from tests.e2e.conftest import RunningLine, started_line
from tests.support import http, post_sms, sms_params, twiml_messages

NUMBER = "+4531313131"


@pytest.fixture(scope="module")
def apart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningLine]:
    """A line of its own whose engine can be stopped (default deadlines: a cold engine's first
    answer may take seconds)."""
    tmp: Path = tmp_path_factory.mktemp("engine-apart")
    with started_line(tmp, engine_apart=True) as running:
        yield running


def sms(line: RunningLine, text: str) -> list[str]:
    result = post_sms(line.url, line.twilio_token, sms_params(NUMBER, text))
    assert result.status == 200 and result.content_type == "text/xml"
    return twiml_messages(result.body)


def below(pid: int) -> list[int]:
    """Every process under `pid`, from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children] + [g for c in children for g in below(int(c))]


def signal_all(pids: list[int], signum: int) -> None:
    for pid in pids:
        os.kill(pid, signum)


def assert_fallback(replies: list[str]) -> None:
    (reply,) = replies
    assert "112" in reply and "1888" in reply and "Prøv igen om lidt" in reply


def test_fallback_while_the_engine_hangs_and_after_it_is_killed(apart: RunningLine) -> None:
    assert apart.engine_process is not None
    assert "112" not in " ".join(sms(apart, "jeg har brug for et bad"))  # a real answer first
    engine = below(apart.engine_process.pid)  # the shell honcho started, and rasa under it

    signal_all(engine, signal.SIGSTOP)  # frozen: the kernel accepts, nobody answers
    try:
        assert_fallback(sms(apart, "hvor kan jeg sove i nat"))
    finally:
        signal_all(engine, signal.SIGCONT)

    signal_all(engine, signal.SIGKILL)  # dead: connections are refused
    assert_fallback(sms(apart, "jeg har brug for en læge"))
    health = http("GET", f"{apart.url}/healthz")
    assert health.status == 503 and health.json()["engine"] is False
    assert NUMBER not in apart.output_text()
