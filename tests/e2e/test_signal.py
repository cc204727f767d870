"""Signal end to end: real signalbot in the real gateway ↔ fake signal-cli-rest-api, and
gateway ↔ real engine ↔ real action server, all started as `make run` starts them."""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest
import yaml

from bot.config import REPO_ROOT
from bot.templates import TemplateStore
from tests.e2e.conftest import REPO, RunningLine, started_line
from tests.fakes.signal_cli_rest_api import FakeSignalApi, new_uuid, text_envelope

STORE = TemplateStore(REPO_ROOT / "responses", "da")


def note(language: str) -> str:
    duration = STORE.render("part_signal_one_day", language, "signal")
    return STORE.render("utter_signal_disappearing", language, "signal", {"duration": duration})


def offer_names(need: str) -> list[str]:
    """Names of the catalogue's offers for `need`, read independently of the action code."""
    offers = [yaml.safe_load(path.read_text()) for path in (REPO / "offers").glob("*.yml")]
    return [offer["name"] for offer in offers if need in offer["needs"]]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSignalApi]:
    with FakeSignalApi() as api:
        yield api


@pytest.fixture(scope="module")
def signal_line(
    fake: FakeSignalApi, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningLine]:
    tmp = tmp_path_factory.mktemp("signal-line")
    with started_line(tmp, SIGNAL_SERVICE=fake.service, SIGNAL_NUMBER=fake.number) as running:
        fake.wait(lambda: fake.listeners, timeout=60)
        yield running


def say(fake: FakeSignalApi, sender: str, text: str, number: str | None = None) -> None:
    assert fake.inject(text_envelope(fake, sender, text, number)) == 1


def answers(fake: FakeSignalApi, sender: str, count: int) -> list[str]:
    """Wait until `count` texts went to `sender`; return them."""
    fake.wait(lambda: len(fake.texts_to(sender)) >= count, timeout=60)
    return fake.texts_to(sender)


def test_a_signal_text_is_answered_by_the_engine_with_a_real_offer(
    fake: FakeSignalApi, signal_line: RunningLine
) -> None:
    sender = new_uuid()
    say(fake, sender, "I need a shower")
    reply, sent_note = answers(fake, sender, 2)
    assert any(name in reply for name in offer_names("need_shower")), reply
    assert sent_note == note("en")
    receipt = fake.wait(
        lambda: [c for c in fake.calls_to("POST", "/v1/receipts/") if c.body["recipient"] == sender]
    )
    assert receipt[0].body["receipt_type"] == "read"


def test_the_note_is_in_the_persons_language(fake: FakeSignalApi, signal_line: RunningLine) -> None:
    sender = new_uuid()
    say(fake, sender, "jeg har brug for et sted at sove i nat")
    assert answers(fake, sender, 2)[1] == note("da")


def test_two_quick_messages_keep_their_order_and_the_conversation(
    fake: FakeSignalApi, signal_line: RunningLine
) -> None:
    sender = new_uuid()
    fake.slow_next("PUT", "/v1/typing-indicator/", 1.5)  # the first would be overtaken
    say(fake, sender, "I need a doctor")
    say(fake, sender, "more")
    first, sent_note, more = answers(fake, sender, 3)
    assert any(name in first for name in offer_names("health")), first
    assert sent_note == note("en")
    assert more != first


def test_a_restart_of_signal_cli_rest_api_mid_conversation(
    fake: FakeSignalApi, signal_line: RunningLine
) -> None:
    sender = new_uuid()
    say(fake, sender, "I need a shower")
    first = answers(fake, sender, 2)[0]
    fake.restart(down_s=2)
    fake.wait(lambda: fake.listeners, timeout=60)
    say(fake, sender, "is it open now?")
    texts = answers(fake, sender, 3)
    assert len(texts) == 3  # no second note: the chat is still known
    shower = offer_names("need_shower")
    named_before = [name for name in shower if name in first]
    assert any(name in texts[2] for name in named_before), texts[2]  # same conversation


def test_no_number_uuid_or_text_reaches_the_process_output(
    fake: FakeSignalApi, signal_line: RunningLine
) -> None:
    sender = new_uuid()
    number = "+4599" + str(uuid.uuid4().int)[:6]
    marker = "zebra" + uuid.uuid4().hex[:8]
    say(fake, sender, f"I need a shower {marker}", number=number)
    answers(fake, sender, 2)
    fake.wait(
        lambda: [c for c in fake.calls_to("POST", "/v1/receipts/") if c.body["recipient"] == sender]
    )
    output = signal_line.output_text()
    assert "Signal is on" in output  # the gateway's output really is captured
    for secret in (number, number[1:], sender, marker):
        assert secret not in output
