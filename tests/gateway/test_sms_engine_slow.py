"""An engine that accepts a message and never answers: the fallback still comes in time.

Twilio waits 15 s for the webhook. A hung engine must cost at most the reply deadline
(REPLY_DEADLINE_SECONDS), even for messages queued behind one that hangs, and the fallback
carries the emergency numbers. The fault is logged without the number or the text.
"""

from __future__ import annotations

import logging
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytest

from tests.gateway.conftest import Gateway
from tests.gateway.fake_engine import FakeEngine, gateway_for, run_fake_engine
from tests.support import post_sms, sms_params, twiml_messages

NUMBER, TEXT = "+4522334455", "jeg har brug for et bad markerord"


@pytest.fixture
def hung_engine() -> Iterator[FakeEngine]:
    yield from run_fake_engine(FakeEngine(hang=True))


def assert_fallback(body: str) -> None:
    (reply,) = twiml_messages(body)
    assert "112" in reply and "1888" in reply and "Prøv igen om lidt" in reply


def assert_no_identity_logged(caplog: pytest.LogCaptureFixture) -> None:
    assert caplog.records, "the fault must be logged"
    for record in caplog.records:
        assert NUMBER not in record.getMessage() and "markerord" not in record.getMessage()


@pytest.mark.parametrize(
    "timeouts",
    [
        {"ENGINE_TIMEOUT_SECONDS": "10", "REPLY_DEADLINE_SECONDS": "2"},  # the deadline ends it
        {"ENGINE_TIMEOUT_SECONDS": "1", "REPLY_DEADLINE_SECONDS": "12"},  # the engine timeout
    ],
)
def test_a_hung_engine_gets_the_fallback(
    hung_engine: FakeEngine, timeouts: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for gateway in gateway_for(hung_engine, **timeouts):
        result = post_sms(gateway.url, gateway.token, sms_params(NUMBER, TEXT))
        assert result.status == 200
        assert_fallback(result.body)
    assert hung_engine.messages  # it did reach the engine, which never answered
    assert_no_identity_logged(caplog)


def test_messages_queued_behind_a_hung_one_get_the_fallback_too(hung_engine: FakeEngine) -> None:
    for gateway in gateway_for(
        hung_engine, ENGINE_TIMEOUT_SECONDS="10", REPLY_DEADLINE_SECONDS="2"
    ):
        with ThreadPoolExecutor(3) as pool:
            texts = [f"{TEXT} {n}" for n in range(3)]
            for body in pool.map(lambda text, g=gateway: send(g, text), texts):
                assert_fallback(body)


def send(gateway: Gateway, text: str) -> str:
    """The TwiML answer to `text` from NUMBER."""
    return post_sms(gateway.url, gateway.token, sms_params(NUMBER, text)).body


def test_an_engine_port_that_accepts_but_never_reads_gets_the_fallback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    with socket.socket() as listener:  # the kernel completes connections; nobody reads them
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        silent = FakeEngine(url=f"http://127.0.0.1:{listener.getsockname()[1]}")
        for gateway in gateway_for(silent, REPLY_DEADLINE_SECONDS="2"):
            result = post_sms(gateway.url, gateway.token, sms_params(NUMBER, TEXT))
            assert result.status == 200
            assert_fallback(result.body)
    assert_no_identity_logged(caplog)
