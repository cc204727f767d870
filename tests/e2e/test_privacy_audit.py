"""Privacy audit: the three real processes, real conversations, then a search for what leaked.

The line runs from the Procfile (engine, action server, gateway) with the Redis tracker
store on a real redis-server, a fake signal-cli-rest-api for Signal and signed Twilio
webhooks for SMS, once at the default log level and once with LOG_LEVEL=DEBUG for all three
processes. People write from known phone numbers and Signal UUIDs, with unique marker words.
Afterwards none of these may appear in

  (a) any file written under the project or the temp directory during the run,
  (b) what the three processes printed (stdout and stderr),
  (c) the keys and values in Redis,
  (d) the "did it help?" counts (FEEDBACK_DB), which also must not hold the conversations'
      pseudonyms, after conversations that answered the question;

and the conversation state must be gone from the tracker store (the Redis key itself)
after the idle timeout and at once after the forget keyword.

The gateway runs in Redis mode (REDIS_HOST), so the open cases of people talking to staff
(issue 16) are in Redis too: a pull-mode handover over SMS and over Signal puts the person's
words and the staff answer there while the case is open, and nothing of them is left in
Redis once staff close the case or the person writes BOT. (Push consent has its own audit.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest
import redis
from dotenv import dotenv_values

from bot.privacy import pseudonym
from bot.staff.accounts import add_account
from lygte.log_guard import WITHHELD
from tests.e2e.conftest import IDLE_SECONDS, REPO, RunningLine, started_line
from tests.fakes.signal_cli_rest_api import FakeSignalApi, text_envelope
from tests.privacy_audit import (
    Markers,
    found_anywhere,
    found_in_redis,
    found_in_sqlite,
    redis_dump,
    redis_for_audit,
    sqlite_dump,
    wait_until,
)
from tests.staff.client import StaffClient
from tests.staff.conftest import ANSWERER, PASSWORD
from tests.staff.test_inbox_api import Api
from tests.support import post_sms, sms_params, twiml_messages

LEVELS = {"default": {}, "debug": {"LOG_LEVEL": "DEBUG"}}
KEY_PREFIX = "lygte:tracker:"


@dataclass
class Audit(Markers):
    """A running line under audit and everything secret that was sent to it."""

    level: str
    line: RunningLine
    signal: FakeSignalApi
    redis_port: int
    secret: bytes
    since: float
    tmp: Path
    #: The conversation keys (pseudonyms) of the people who answered "did it help?".
    answered: list[str] = field(default_factory=list)

    def sms(self, number: str, text: str) -> list[str]:
        """One signed SMS webhook; the texts of the reply."""
        result = post_sms(self.line.url, self.line.twilio_token, sms_params(number, text))
        assert result.status == 200, result.body
        return twiml_messages(result.body)

    def signal_message(self, sender: str, text: str, number: str | None = None) -> list[str]:
        """One Signal message through the fake signal-cli-rest-api; the texts sent back."""
        before = len(self.signal.texts_to(sender))
        assert self.signal.inject(text_envelope(self.signal, sender, text, number)) >= 1
        self.signal.wait(lambda: len(self.signal.texts_to(sender)) > before)
        time.sleep(0.5)  # a reply may be several messages
        return self.signal.texts_to(sender)[before:]

    def pseudonym(self, channel: str, address: str) -> str:
        """The conversation key the engine knows this person by."""
        return pseudonym(self.secret, channel, address)

    def staff(self) -> Api:
        """A staff member who may answer cases, logged in to the inbox's JSON API."""
        client = StaffClient(self.line.url)
        assert client.login(ANSWERER, PASSWORD).status == 303
        return Api(client)

    def in_redis(self, *texts: str) -> list[str]:
        """Where in Redis (keys and values, every database) any of `texts` is."""
        return found_in_redis(self.redis_port, list(texts))

    def stored(self, channel: str, address: str) -> bool:
        """True when the tracker store holds this person's conversation (its Redis key)."""
        client = redis.Redis(host="127.0.0.1", port=self.redis_port)
        return bool(client.exists(KEY_PREFIX + self.pseudonym(channel, address)))


@pytest.fixture(scope="module", params=list(LEVELS))
def audit(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Audit]:
    """The line at one log level, with Redis and Signal, started for this module."""
    since = time.time()
    tmp = tmp_path_factory.mktemp(f"audit-{request.param}")
    with redis_for_audit(tmp) as (port, store, env), FakeSignalApi() as fake:
        # the gateway's shared state and open cases are in Redis too (REDIS_HOST)
        env.update(LEVELS[request.param], SIGNAL_SERVICE=fake.service, SIGNAL_NUMBER=fake.number)
        with started_line(tmp, tracker_store=store, **env) as line:
            assert wait_until(lambda: fake.listeners >= 1, 60), "the Signal bot never connected"
            add_account(tmp / "staff", ANSWERER, PASSWORD, ("answer",))
            secret = dotenv_values(tmp / "test.env")["PSEUDONYM_SECRET"]
            yield Audit(request.param, line, fake, port, secret.encode(), since, tmp)


def test_conversations_over_sms_and_signal_are_answered_and_kept(audit: Audit) -> None:
    number = audit.number()
    first = audit.sms(number, f"I need a shower {audit.marker()}")
    assert first and "112" not in first[0]
    danger = audit.sms(number, f"he hit me last night {audit.marker()}")
    assert danger[0].startswith("If you are in danger now, call 112"), danger
    assert audit.stored("sms", number)

    sender, phone = audit.signal_id(), audit.number()
    replies = audit.signal_message(sender, f"I need somewhere to sleep {audit.marker()}", phone)
    assert replies
    raped = audit.signal_message(sender, f"I was raped {audit.marker()}", phone)
    assert raped[0].startswith("If you are in danger now, call 112"), raped
    assert "35 45 97 78" in raped[0]
    assert audit.stored("signal", sender)


def test_did_it_help_is_answered_over_sms_and_signal(audit: Audit) -> None:
    number = audit.number()
    assert audit.sms(number, f"I need a shower {audit.marker()}")
    asked = " ".join(audit.sms(number, f"thanks {audit.marker()}"))
    assert "Did it help? 1 yes" in asked, asked
    assert "Sorry it was closed" in " ".join(audit.sms(number, "2"))
    audit.answered.append(audit.pseudonym("sms", number))

    sender, phone = audit.signal_id(), audit.number()
    assert audit.signal_message(sender, f"I need somewhere to sleep {audit.marker()}", phone)
    asked = " ".join(audit.signal_message(sender, f"thank you {audit.marker()}", phone))
    assert "Did it help? 1 yes" in asked, asked
    assert "Good that it helped" in " ".join(audit.signal_message(sender, "1", phone))
    audit.answered.append(audit.pseudonym("signal", sender))


def test_the_forget_keyword_erases_the_stored_state_at_once(audit: Audit) -> None:
    number = audit.number()
    audit.sms(number, f"I need a doctor {audit.marker()}")
    assert audit.stored("sms", number)
    replies = audit.sms(number, "SLET")
    assert audit.stored("sms", number) is False  # the key is gone, not emptied
    # the conversation was in English, so is the answer (the SMS wording: the message thread)
    assert "erased" in replies[0] and "message thread" in replies[0], replies

    sender = audit.signal_id()
    audit.signal_message(sender, f"I need food {audit.marker()}")
    assert audit.stored("signal", sender)
    replies = audit.signal_message(sender, "DELETE")
    assert audit.stored("signal", sender) is False
    assert any("Signal" in reply for reply in replies), replies


def case_saying(staff: Api, word: str) -> str:
    """The code of the open case in which the person wrote `word`."""
    for case in staff.get("cases").json():
        messages = staff.get(f"cases/{case['code']}").json()["messages"]
        if any(word in message["text"] for message in messages):
            return case["code"]
    raise AssertionError(f"no open case says {word}")


def test_a_pull_mode_handover_keeps_the_words_in_redis_only_while_the_case_is_open(
    audit: Audit,
) -> None:
    staff = audit.staff()
    number = audit.number()
    assert "can answer you here" in " ".join(audit.sms(number, "can I talk to a person"))
    said = audit.marker()
    assert audit.sms(number, f"my name is {said}")[0].startswith("Sent.")
    code = case_saying(staff, said)
    answer = audit.marker()
    assert staff.post(f"cases/{code}/reply", {"text": f"Hi {answer}"}).status == 200
    assert audit.in_redis(said) and audit.in_redis(answer)  # the open case is in Redis
    assert f"Worker: Hi {answer}" in " ".join(audit.sms(number, "OK"))  # pull delivery
    assert staff.post(f"cases/{code}/close").status == 200

    sender = audit.signal_id()
    assert audit.signal_message(sender, "I want to talk to a person")
    wrote = audit.marker()
    assert audit.signal_message(sender, f"I am near {wrote}")
    signal_code = case_saying(staff, wrote)
    assert audit.in_redis(wrote)
    assert any("back with the bot" in reply for reply in audit.signal_message(sender, "bot"))

    assert audit.in_redis(said, answer, wrote) == []  # closed: the words are gone ...
    assert staff.get("cases").json() == []
    left = [key for key in redis_dump(audit.redis_port) if "lygte:case" in key]
    assert left == [], (code, signal_code, left)  # ... and so is every key of the cases


def test_the_idle_timeout_erases_the_stored_state(audit: Audit) -> None:
    number = audit.number()
    audit.sms(number, f"I need a shower {audit.marker()}")
    assert audit.stored("sms", number)
    assert wait_until(lambda: not audit.stored("sms", number), IDLE_SECONDS + 10)


def test_no_number_uuid_or_word_leaked_anywhere(audit: Audit) -> None:
    assert len(audit.secrets) >= 12, "the conversation tests must run first"
    time.sleep(1)  # let the processes flush what they print
    output = audit.line.output_text()
    for process in ("engine.1", "actions.1", "gateway.1"):
        assert process in output  # every process's output really is captured
    findings = found_anywhere(output, REPO, audit.tmp, audit.since, audit.redis_port, audit.secrets)
    # The feedback counts: answers were stored, and nothing of who gave them (FEEDBACK_DB,
    # tests/e2e/conftest.py), not even the pseudonym the engine knows them by.
    assert len(audit.answered) == 2, "the did-it-help test must run first"
    feedback = audit.tmp / "feedback.sqlite3"
    tables = sqlite_dump(feedback)
    assert "'helped'" in tables["answers"] and "'closed'" in tables["answers"], tables
    findings += found_in_sqlite(feedback, audit.secrets + audit.answered)
    assert findings == []
    if audit.level == "debug":
        for process in ("engine.1", "actions.1", "gateway.1"):
            lines = [line for line in output.splitlines() if f" {process} " in line]
            assert any("DEBUG" in line for line in lines), process  # DEBUG really was on ...
        assert WITHHELD in output  # ... and what it would have shown was withheld
