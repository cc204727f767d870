"""The Signal channel in a real gateway, with real signalbot, against the fake signal-cli-rest-api.

The engine is down in these tests, so a text is answered with `utter_engine_down`: what is
tested here is the channel itself (what is sent, in which order, what is retried, what is
ignored, what survives a broken socket). tests/e2e/test_signal.py adds the real engine.
"""

from __future__ import annotations

import logging
import secrets
from typing import Iterator

import pytest

from bot.config import REPO_ROOT, ConfigError, SignalSettings
from bot.templates import TemplateStore
from tests.fakes.signal_cli_rest_api import (
    FakeSignalApi,
    attachment,
    data_message,
    envelope,
    new_uuid,
    text_envelope,
)
from tests.gateway.conftest import serve, settings_for
from tests.support import free_port

STORE = TemplateStore(REPO_ROOT / "responses", "da")


def render(name: str, language: str, **values: str) -> str:
    return STORE.render(name, language, "signal", values)


ENGINE_DOWN_EN = render("utter_engine_down", "en")
NOTE_EN = render("utter_signal_disappearing", "en", duration="1 day")


@pytest.fixture
def fake() -> Iterator[FakeSignalApi]:
    with FakeSignalApi() as api:
        yield api


def run_gateway(fake: FakeSignalApi, connect: bool = True, **env: str) -> Iterator[str]:
    """A gateway with Signal pointed at `fake`; waits until its receive socket is open."""
    port = free_port()
    settings = settings_for(
        port,
        "test-" + secrets.token_hex(8),
        SIGNAL_SERVICE=fake.service,
        SIGNAL_NUMBER=fake.number,
        **env,
    )
    for url in serve(settings):
        if connect:
            fake.wait(lambda: fake.listeners, timeout=30)
        yield url


@pytest.fixture
def gateway(fake: FakeSignalApi, caplog: pytest.LogCaptureFixture) -> Iterator[str]:
    caplog.set_level(logging.INFO)
    yield from run_gateway(fake)


def say(fake: FakeSignalApi, sender: str, text: str) -> dict:
    env = text_envelope(fake, sender, text)
    assert fake.inject(env) == 1
    return env


def test_a_text_gets_timer_reply_note_and_receipt_in_that_order(
    fake: FakeSignalApi, gateway: str
) -> None:
    sender = new_uuid()
    sent = say(fake, sender, "I need a shower")
    fake.wait(lambda: fake.calls_to("POST", "/v1/receipts/"))
    assert fake.texts_to(sender) == [ENGINE_DOWN_EN, NOTE_EN]
    assert all(body["recipients"] == [sender] for body in fake.sent())
    assert all(body["number"] == fake.number for body in fake.sent())
    order = [
        (c.method, c.path)
        for c in fake.calls
        if not c.path.startswith(("/v1/health", "/v1/about", "/v1/groups", "/v1/receive"))
    ]
    number = fake.number
    assert order == [
        ("PUT", f"/v1/typing-indicator/{number}"),
        ("PUT", f"/v1/contacts/{number}"),
        ("POST", "/v2/send"),
        ("POST", "/v2/send"),
        ("DELETE", f"/v1/typing-indicator/{number}"),
        ("POST", f"/v1/receipts/{number}"),
    ]
    assert fake.calls_to("PUT", "/v1/contacts/")[0].body == {
        "recipient": sender,
        "expiration_in_seconds": 86400,
    }
    assert fake.calls_to("PUT", "/v1/typing-indicator/")[0].body == {"recipient": sender}
    assert fake.calls_to("POST", "/v1/receipts/")[0].body == {
        "recipient": sender,
        "receipt_type": "read",
        "timestamp": sent["dataMessage"]["timestamp"],
    }


def test_the_note_and_the_timer_come_once_per_chat(fake: FakeSignalApi, gateway: str) -> None:
    sender, other = new_uuid(), new_uuid()
    say(fake, sender, "I need a shower")
    fake.wait(lambda: len(fake.calls_to("POST", "/v1/receipts/")) == 1)
    say(fake, sender, "and a doctor please")
    say(fake, other, "hello")
    fake.wait(lambda: len(fake.calls_to("POST", "/v1/receipts/")) == 3)
    assert fake.texts_to(sender) == [ENGINE_DOWN_EN, NOTE_EN, ENGINE_DOWN_EN]
    assert [c.body["recipient"] for c in fake.calls_to("PUT", "/v1/contacts/")] == [
        sender,
        other,
    ]


def test_a_picture_and_a_sticker_get_the_media_answer_and_the_picture_is_deleted(
    fake: FakeSignalApi, gateway: str
) -> None:
    sender = new_uuid()
    picture = attachment(fake)
    fake.inject(envelope(fake, sender, data_message(fake, None, attachments=[picture])))
    fake.wait(lambda: len(fake.texts_to(sender)) == 2)
    sticker = {"packId": "7d1f9a51b3c84e0f", "stickerId": 3}
    fake.inject(envelope(fake, sender, data_message(fake, None, sticker=sticker)))
    fake.wait(lambda: len(fake.texts_to(sender)) == 3)
    media = render("utter_signal_media", "da")
    note = render("utter_signal_disappearing", "da", duration="1 døgn")
    assert fake.texts_to(sender) == [media, note, media]
    assert fake.attachments == set()
    assert fake.calls_to("DELETE", "/v1/attachments/")[0].path.endswith(picture["id"])


def test_an_edit_is_answered_as_a_new_message(fake: FakeSignalApi, gateway: str) -> None:
    sender = new_uuid()
    first = say(fake, sender, "I need a showr")
    fake.wait(lambda: len(fake.texts_to(sender)) == 2)
    edit = envelope(fake, sender, {})
    del edit["dataMessage"]
    edit["editMessage"] = {
        "targetSentTimestamp": first["timestamp"],
        "dataMessage": data_message(fake, "I need a shower"),
    }
    fake.inject(edit)
    fake.wait(lambda: len(fake.texts_to(sender)) == 3)


def test_groups_reactions_typing_receipts_and_timer_changes_get_silence(
    fake: FakeSignalApi, gateway: str
) -> None:
    sender = new_uuid()
    group = {"groupId": "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", "revision": 3}
    reaction = {
        "emoji": "👍",
        "targetAuthor": fake.number,
        "targetAuthorNumber": fake.number,
        "targetAuthorUuid": new_uuid(),
        "targetSentTimestamp": fake.timestamp(),
        "isRemove": False,
    }
    silent = [
        envelope(fake, sender, data_message(fake, "hello everyone", groupInfo=group)),
        envelope(fake, sender, data_message(fake, None, reaction=reaction)),
        envelope(
            fake, sender, data_message(fake, None, expiresInSeconds=3600, isExpirationUpdate=True)
        ),
    ]
    typing = envelope(fake, sender, {})
    del typing["dataMessage"]
    typing["typingMessage"] = {"action": "STARTED", "timestamp": fake.timestamp()}
    receipt = envelope(fake, sender, {})
    del receipt["dataMessage"]
    receipt["receiptMessage"] = {
        "when": fake.timestamp(),
        "isDelivery": False,
        "isRead": True,
        "isViewed": False,
        "timestamps": [fake.timestamp()],
    }
    synced = envelope(fake, fake.number, {})  # sent from the line's own phone (linked)
    del synced["dataMessage"]
    synced["syncMessage"] = {
        "sentMessage": {
            "destination": sender,
            "destinationNumber": None,
            "destinationUuid": sender,
            "timestamp": fake.timestamp(),
            "message": "a staff member typed this on the phone",
            "expiresInSeconds": 0,
            "viewOnce": False,
        }
    }
    for env in [*silent, typing, receipt, synced]:
        assert fake.inject(env) == 1
    say(fake, sender, "I need a shower")  # answered: the socket survived all of the above
    fake.wait(lambda: fake.calls_to("POST", "/v1/receipts/"))
    assert fake.texts_to(sender) == [ENGINE_DOWN_EN, NOTE_EN]
    assert len(fake.calls_to("POST", "/v1/receipts/")) == 1


def test_error_frames_and_garbage_are_skipped_without_logging_them(
    fake: FakeSignalApi, gateway: str, caplog: pytest.LogCaptureFixture
) -> None:
    sender = new_uuid()
    fake.inject_raw('{"error": "Untrusted identity for +4511223344 zebra42"}')
    fake.inject_raw("not json at all zebra42")
    broken = text_envelope(fake, sender, "zebra42")
    del broken["serverReceivedTimestamp"]
    fake.inject(broken)
    say(fake, sender, "I need a shower")
    fake.wait(lambda: len(fake.texts_to(sender)) == 2)
    assert "reported a receive error" in caplog.text
    for secret in ("zebra42", "4511223344", sender):
        assert secret not in caplog.text


def test_two_quick_messages_are_answered_in_order(fake: FakeSignalApi, gateway: str) -> None:
    sender = new_uuid()
    # The first message's typing request is slow: without per-chat order the second
    # (a sticker, answered without the engine) would overtake it.
    fake.slow_next("PUT", "/v1/typing-indicator/", 1.5)
    say(fake, sender, "I need a shower")
    fake.inject(envelope(fake, sender, data_message(fake, None, sticker={"stickerId": 1})))
    fake.wait(lambda: len(fake.texts_to(sender)) == 3)
    assert fake.texts_to(sender) == [ENGINE_DOWN_EN, NOTE_EN, render("utter_signal_media", "en")]


@pytest.mark.parametrize("status", [429, 500, 502])
def test_a_refused_send_is_retried(fake: FakeSignalApi, gateway: str, status: int) -> None:
    sender = new_uuid()
    fake.fail_sends(status, times=2)
    say(fake, sender, "I need a shower")
    fake.wait(lambda: len(fake.texts_to(sender)) == 2, timeout=30)
    assert len(fake.calls_to("POST", "/v2/send")) == 4  # two refused, then reply and note


def test_a_send_refused_for_good_is_given_up_and_logged_without_identity(
    fake: FakeSignalApi, gateway: str, caplog: pytest.LogCaptureFixture
) -> None:
    sender = new_uuid()
    fake.fail_sends(503, times=4)  # SIGNAL_SEND_ATTEMPTS defaults to 4
    say(fake, sender, "I need a shower")
    fake.wait(lambda: fake.calls_to("POST", "/v1/receipts/"), timeout=30)
    assert fake.texts_to(sender) == [NOTE_EN]  # the reply was dropped, the note went out
    assert "a reply was not sent (HTTP 503, try 4 of 4)" in caplog.text
    assert sender not in caplog.text


def test_an_undelivered_reply_is_logged_by_signalbot_without_the_uuid(
    fake: FakeSignalApi, gateway: str, caplog: pytest.LogCaptureFixture
) -> None:
    sender = new_uuid()
    fake.unregistered.add(sender)
    say(fake, sender, "I need a shower")
    fake.wait(lambda: fake.calls_to("POST", "/v1/receipts/"))
    assert "not delivered to [redacted]: UNREGISTERED_FAILURE" in caplog.text
    assert sender not in caplog.text


@pytest.mark.parametrize("how", ["restart", "clean close"])
def test_the_bot_reconnects_and_keeps_answering(
    fake: FakeSignalApi, gateway: str, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    sender = new_uuid()
    say(fake, sender, "I need a shower")
    fake.wait(lambda: len(fake.texts_to(sender)) == 2)
    if how == "restart":
        fake.restart()
    else:
        fake.close_sockets()
    fake.wait(lambda: fake.listeners, timeout=30)
    say(fake, sender, "I need a doctor")
    fake.wait(lambda: len(fake.texts_to(sender)) == 3)
    assert "reconnecting in" in caplog.text


def test_typing_and_receipts_can_be_switched_off(
    fake: FakeSignalApi, caplog: pytest.LogCaptureFixture
) -> None:
    sender = new_uuid()
    for _url in run_gateway(fake, SIGNAL_TYPING_INDICATOR="false", SIGNAL_READ_RECEIPTS="no"):
        say(fake, sender, "I need a shower")
        fake.wait(lambda: len(fake.texts_to(sender)) == 2)
        say(fake, sender, "more")
        fake.wait(lambda: len(fake.texts_to(sender)) == 3)
    assert not fake.calls_to("PUT", "/v1/typing-indicator/")
    assert not fake.calls_to("POST", "/v1/receipts/")


def test_disappearing_messages_can_be_left_alone(fake: FakeSignalApi) -> None:
    sender = new_uuid()
    for _url in run_gateway(fake, SIGNAL_DISAPPEARING_SECONDS="0"):
        say(fake, sender, "I need a shower")
        fake.wait(lambda: fake.calls_to("POST", "/v1/receipts/"))
    assert fake.texts_to(sender) == [ENGINE_DOWN_EN]
    assert not fake.calls_to("PUT", "/v1/contacts/")


def test_a_week_is_named_in_days(fake: FakeSignalApi) -> None:
    sender = new_uuid()
    for _url in run_gateway(fake, SIGNAL_DISAPPEARING_SECONDS=str(7 * 86400)):
        say(fake, sender, "I need a shower")
        fake.wait(lambda: len(fake.texts_to(sender)) == 2)
    assert fake.texts_to(sender)[1] == render(
        "utter_signal_disappearing", "en", duration=render("part_signal_days", "en", count="7")
    )
    assert fake.calls_to("PUT", "/v1/contacts/")[0].body["expiration_in_seconds"] == 7 * 86400


@pytest.mark.parametrize(
    ("mode", "version", "reason"),
    [("normal", "0.101", "Wrong signal-cli-rest-api mode"), ("json-rpc", "0.95", "Incompatible")],
)
def test_the_bot_refuses_a_wrong_mode_or_version(
    mode: str, version: str, reason: str, capfd: pytest.CaptureFixture
) -> None:
    with FakeSignalApi(mode=mode, version=version) as fake:
        for url in run_gateway(fake, connect=False):
            fake.wait(lambda: len(fake.calls_to("GET", "/v1/about")) >= 1)
            assert fake.wait(lambda: reason in capfd.readouterr().err, timeout=10)
            assert not fake.calls_to("GET", "/v1/receive/")
            assert url  # the gateway itself keeps serving


def test_signal_is_off_without_its_settings(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    for _url in serve(settings_for(free_port(), "test-token")):
        pass
    assert "Signal is off" in caplog.text


@pytest.mark.parametrize(
    "env",
    [
        {"SIGNAL_SERVICE": "127.0.0.1:8080"},
        {"SIGNAL_NUMBER": "+4512345678"},
        {"SIGNAL_SERVICE": "http://127.0.0.1:8080", "SIGNAL_NUMBER": "+4512345678"},
        {"SIGNAL_SERVICE": "127.0.0.1:8080", "SIGNAL_NUMBER": "4512345678"},
        {"SIGNAL_DISAPPEARING_SECONDS": "90"},
        {"SIGNAL_TYPING_INDICATOR": "maybe"},
        {"SIGNAL_SEND_ATTEMPTS": "0"},
    ],
)
def test_unusable_signal_settings_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        SignalSettings.from_env(env)
