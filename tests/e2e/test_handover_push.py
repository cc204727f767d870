"""Push delivery end to end: the real line (engine, actions, gateway as processes), signed
Twilio webhooks for the person's texts, staff through /staff/api/ (login, X-CSRF-Token), the
Twilio Messages API fake and the signal-cli-rest-api fake on 127.0.0.1.

A person asks for a person, answers YES to the push question, and a staff reply arrives at
once: POST .../Messages.json with the account's Basic auth, To = the person's number and
Body = the reply (SMS), or POST /v2/send to the person's UUID (Signal). When Twilio answers
21610 (the number opted out) the address is erased and the reply waits for the next text.
"""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from tests.e2e.push_line import LINE_NUMBER, PushLine, push_line

ASKED = "Should answers be sent at once? Write YES."
ON = "Answers are now sent at once."


@pytest.fixture(scope="module")
def line(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PushLine]:
    with push_line(tmp_path_factory.mktemp("push")) as running:
        yield running


def number() -> str:
    """A fresh Danish number."""
    return "+4530" + str(uuid.uuid4().int)[:6]


def consented_sms(line: PushLine, phone: str) -> str:
    """An SMS case whose person answered YES; its code."""
    before = line.codes()
    assert ASKED in " ".join(line.sms(phone, "talk to someone"))
    [code] = line.codes() - before
    assert ON in " ".join(line.sms(phone, "YES"))
    return code


def test_a_staff_reply_is_pushed_by_sms_after_yes(line: PushLine) -> None:
    phone = number()
    code = consented_sms(line, phone)
    assert line.reply(code, "Hi, I am Anna from the line.") == "push"
    [request] = [r for r in line.twilio.requests if r.form.get("To") == phone]
    assert request.user == line.twilio.account_sid
    assert request.path == f"/2010-04-01/Accounts/{line.twilio.account_sid}/Messages.json"
    assert request.form["From"] == LINE_NUMBER
    assert request.form["Body"] == "Hi, I am Anna from the line."
    assert line.twilio.bodies_to(phone) == ["Hi, I am Anna from the line."]
    assert not any("Anna" in reply for reply in line.sms(phone, "OK"))  # not pulled again


def test_without_yes_the_reply_waits_for_the_next_text(line: PushLine) -> None:
    phone = number()
    before = line.codes()
    assert ASKED in " ".join(line.sms(phone, "talk to someone"))
    [code] = line.codes() - before
    line.sms(phone, "I have a question about my rent")
    line.sms(phone, "YES")  # later: an answer to staff, not consent
    assert line.reply(code, "Ask away.") == "pull"
    assert line.twilio.bodies_to(phone) == []
    assert "Ask away." in " ".join(line.sms(phone, "OK"))


def test_an_opted_out_number_falls_back_to_pull(line: PushLine) -> None:
    phone = number()
    code = consented_sms(line, phone)
    line.twilio.opted_out.add(phone)  # the fake answers 400 with error 21610
    assert line.reply(code, "Are you safe now?") == "pull"
    assert "Are you safe now?" in " ".join(line.sms(phone, "hello?"))
    tried = len(line.twilio.requests)
    assert line.reply(code, "Good to hear.") == "pull"  # the address is gone: no new try
    assert len(line.twilio.requests) == tried
    assert line.twilio.bodies_to(phone) == []


def test_a_staff_reply_is_pushed_by_signal_after_yes(line: PushLine) -> None:
    person = str(uuid.uuid4())
    before = line.codes()
    asked = " ".join(line.signal_text(person, "talk to someone"))
    assert ASKED in asked
    [code] = line.codes() - before
    assert ON in " ".join(line.signal_text(person, "yes"))
    sent = len(line.signal.texts_to(person))
    assert line.reply(code, "Hello from Anna.") == "push"
    assert line.signal.texts_to(person)[sent:] == ["Hello from Anna."]
    assert all(request.form["To"] != person for request in line.twilio.requests)
