"""Push delivery wired into the line, through a real gateway: the consent question, a yes as
the very next text only, staff replies pushed through the Twilio Messages fake and the Signal
fake, and every way the address is erased (SLET, STOP, BOT, staff close, expiry, 21610).

The person's SMS are signed Twilio webhooks, staff use the JSON API with login and CSRF
header, the engine is the fake engine of tests/gateway/test_handover.py.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator, TypeVar

import pytest
import redis.asyncio as redis
from aiohttp import web

from bot.app import create_app
from bot.config import REPO_ROOT
from bot.handover.push import Pusher, make_pusher
from bot.handover.store import MemoryCaseStore
from bot.handover.vault import RedisTokens
from bot.keys import CASES_KEY, LINE_KEY, PUSHER_KEY
from bot.staff.accounts import add_account
from bot.templates import TemplateStore
from lygte.handover import Case
from tests.fakes.signal_cli_rest_api import FakeSignalApi, new_uuid, text_envelope
from tests.fakes.twilio_api import FakeTwilioApi
from tests.gateway.conftest import serve_app, settings_for
from tests.gateway.fake_engine import run_fake_engine
from tests.gateway.test_handover import TalkEngine
from tests.staff.client import StaffClient
from tests.staff.test_inbox_api import Api
from tests.support import free_port, post_sms, sms_params, twiml_messages

NUMBER = "+4520987654"
LINE_NUMBER = "+4571000000"
ANSWERER, PASSWORD = "anna", "lang-nok-adgangskode-42"
STORE = TemplateStore(REPO_ROOT / "responses", "da")
T = TypeVar("T")


def text(name: str, channel: str = "sms", **values: str) -> str:
    """The English default text of template `name` on `channel`."""
    return STORE.render(name, "en", channel, values)


ASK = text("utter_handover_push_ask", hours="72")
ON = text("utter_handover_push_on")


@dataclass
class PushLine:
    """A running gateway that can push SMS (Twilio fake) and Signal (Signal fake)."""

    url: str
    app: web.Application
    loop: asyncio.AbstractEventLoop
    twilio: FakeTwilioApi
    signal: FakeSignalApi

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` in the gateway's event loop (where its stores live)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)

    def sms(self, words: str, number: str = NUMBER, **extra: str) -> list[str]:
        """The replies to a signed SMS webhook from `number`."""
        result = post_sms(self.url, self.twilio.auth_token, sms_params(number, words, **extra))
        assert result.status == 200, result.body
        return twiml_messages(result.body)

    def signal_text(self, sender: str, words: str) -> list[str]:
        """What the line sends `sender` on Signal in answer to `words`."""
        receipts = len(self.signal.calls_to("POST", "/v1/receipts/"))
        before = len(self.signal.texts_to(sender))
        assert self.signal.inject(text_envelope(self.signal, sender, words)) == 1
        self.signal.wait(lambda: len(self.signal.calls_to("POST", "/v1/receipts/")) > receipts)
        return self.signal.texts_to(sender)[before:]

    def staff(self) -> Api:
        """A staff member with the answer role, logged in, using the JSON API."""
        client = StaffClient(self.url)
        assert client.login(ANSWERER, PASSWORD).status == 303
        return Api(client)

    @property
    def pusher(self) -> Pusher:
        return self.app[PUSHER_KEY]

    def case(self) -> Case:
        """The one open case."""
        [case] = self.run(self.app[CASES_KEY].open_cases())
        return case

    def kept(self, code: str) -> bool:
        """True while an address is kept (encrypted) for case `code`."""
        return self.run(self.pusher.vault.tokens.get(code)) is not None


@pytest.fixture
def push_line(tmp_path: Path) -> Iterator[PushLine]:
    with (
        FakeTwilioApi() as twilio,
        FakeSignalApi(number=LINE_NUMBER) as signal,
    ):
        for engine in run_fake_engine(TalkEngine()):
            add_account(tmp_path / "staff", ANSWERER, PASSWORD, ("answer",))
            port = free_port()
            settings = settings_for(
                port,
                twilio.auth_token,  # checks the webhooks' signatures and signs in to Twilio
                ENGINE_URL=engine.url,
                HANDOFF_DUTY_HOURS="24/7",
                TWILIO_ACCOUNT_SID=twilio.account_sid,
                TWILIO_FROM=LINE_NUMBER,
                TWILIO_API_URL=twilio.base_url,
                SIGNAL_SERVICE=signal.service,
                SIGNAL_NUMBER=signal.number,
                SIGNAL_DISAPPEARING_SECONDS="0",
                STAFF_DATA_DIR=str(tmp_path / "staff"),
                STAFF_SESSION_SECRET=secrets.token_hex(32),
            )
            app = create_app(settings)
            for url, loop in served(app, settings.host, port):
                signal.wait(lambda: signal.listeners, timeout=30)
                yield PushLine(url, app, loop, twilio, signal)


def served(
    app: web.Application, host: str, port: int
) -> Iterator[tuple[str, asyncio.AbstractEventLoop]]:
    """Serve `app` (tests/gateway/conftest.py's serve_app); its URL and its event loop."""
    loops: list[asyncio.AbstractEventLoop] = []

    async def remember_loop(_app: web.Application) -> None:
        loops.append(asyncio.get_running_loop())

    app.on_startup.append(remember_loop)
    for url in serve_app(app, host, port):
        yield url, loops[0]


def consented(line: PushLine) -> Case:
    """Open a case by SMS and answer the push question with YES; the case."""
    assert ASK in " ".join(line.sms("talk to someone"))
    assert line.sms("YES") == [ON]
    case = line.case()
    assert case.push and line.kept(case.code)
    return case


def test_a_yes_as_the_next_text_pushes_staff_replies_by_sms(push_line: PushLine) -> None:
    case = consented(push_line)
    assert case.messages == []  # the yes answered the line, not staff
    answer = push_line.staff().post(f"cases/{case.code}/reply", {"text": "Hi, I am Anna."})
    assert answer.status == 200 and answer.json()["delivered"] == "push"
    [request] = push_line.twilio.requests
    assert request.user == push_line.twilio.account_sid  # basic auth with the account
    assert request.path.endswith(f"/Accounts/{push_line.twilio.account_sid}/Messages.json")
    assert (request.form["To"], request.form["From"]) == (NUMBER, LINE_NUMBER)
    assert request.form["Body"] == "Hi, I am Anna."
    assert "Hi, I am Anna." not in " ".join(push_line.sms("OK"))  # not pulled a second time


def test_any_other_answer_keeps_pull_and_a_later_yes_is_no_consent(push_line: PushLine) -> None:
    assert ASK in " ".join(push_line.sms("talk to someone"))
    push_line.sms("I need help with my landlord")
    assert push_line.sms("YES") != [ON]  # now an answer to staff, not to the question
    case = push_line.case()
    assert [m.text for m in case.messages] == ["I need help with my landlord", "YES"]
    assert not case.push and not push_line.kept(case.code)
    answer = push_line.staff().post(f"cases/{case.code}/reply", {"text": "Which landlord?"})
    assert answer.json()["delivered"] == "pull"
    assert push_line.twilio.requests == []
    assert "Which landlord?" in " ".join(push_line.sms("OK"))


def test_the_simulator_is_never_asked_for_push(push_line: PushLine) -> None:
    result = StaffClient(push_line.url).request(
        "POST",
        "/simulator/api/message",
        b'{"channel": "sms", "from": "+4511111111", "text": "talk to someone"}',
        {"Content-Type": "application/json"},
    )
    assert result.status == 200
    assert ASK not in result.body
    assert not push_line.case().push


@pytest.mark.parametrize(
    ("words", "extra"),
    [
        ("SLET", {}),
        ("DELETE", {}),
        ("STOP", {}),  # the SMS opt-out keyword
        ("Afmeld", {"OptOutType": "STOP"}),  # Twilio's Advanced Opt-Out
        ("bot", {}),
        ("stop chat", {}),
    ],
)
def test_the_person_ending_the_case_erases_the_address(
    push_line: PushLine, words: str, extra: dict[str, str]
) -> None:
    case = consented(push_line)
    push_line.sms(words, **extra)
    assert not push_line.kept(case.code)
    assert push_line.run(push_line.app[CASES_KEY].open_cases()) == []


def test_staff_closing_the_case_erases_the_address(push_line: PushLine) -> None:
    case = consented(push_line)
    assert push_line.staff().post(f"cases/{case.code}/close").status == 200
    assert not push_line.kept(case.code)


def test_expiry_erases_the_address(push_line: PushLine) -> None:
    case = consented(push_line)
    later = datetime.now(timezone.utc) + timedelta(hours=73)
    handover = push_line.app[LINE_KEY].handover
    assert push_line.run(handover.case_for("someone-else", later)) is None
    push_line.run(handover.expire(later))
    assert not push_line.kept(case.code)
    assert push_line.run(push_line.app[CASES_KEY].by_code(case.code)) is None


def test_a_persons_own_case_past_its_age_is_erased_when_they_text(push_line: PushLine) -> None:
    case = consented(push_line)
    line = push_line.app[LINE_KEY]
    pseudonym = line.settings.pseudonym_keys.conversation_key("sms", NUMBER)
    later = datetime.now(timezone.utc) + timedelta(hours=73)
    assert push_line.run(line.handover.case_for(pseudonym, later)) is None
    assert not push_line.kept(case.code)
    assert push_line.run(push_line.app[CASES_KEY].by_code(case.code)) is None


def test_the_sweep_erases_a_case_past_its_age_while_nobody_texts(push_line: PushLine) -> None:
    store, handover = push_line.app[CASES_KEY], push_line.app[LINE_KEY].handover
    long_ago = datetime.now(timezone.utc) - timedelta(hours=73)
    fresh = consented(push_line)
    old = push_line.run(store.open("a-pseudonym", "en", "sms", long_ago))

    async def sweep_a_moment() -> None:
        sweeping = asyncio.create_task(handover.keep_expiring(every_s=0.01))
        await asyncio.sleep(0.2)
        sweeping.cancel()

    push_line.run(sweep_a_moment())
    assert push_line.run(store.by_code(old.code)) is None
    assert push_line.run(store.by_code(fresh.code)) is not None and push_line.kept(fresh.code)


def test_an_opted_out_number_is_erased_and_the_reply_waits_for_pull(push_line: PushLine) -> None:
    case = consented(push_line)
    push_line.twilio.opted_out.add(NUMBER)  # Twilio answers 21610
    answer = push_line.staff().post(f"cases/{case.code}/reply", {"text": "Are you safe?"})
    assert answer.json()["delivered"] == "pull"
    assert not push_line.kept(case.code) and not push_line.case().push
    assert push_line.twilio.messages == []
    assert "Are you safe?" in " ".join(push_line.sms("hello?"))


def test_signal_push_and_stop_on_signal(push_line: PushLine) -> None:
    person = new_uuid()
    ask = text("utter_handover_push_ask", "signal", hours="72")
    assert ask in " ".join(push_line.signal_text(person, "talk to someone"))
    assert push_line.signal_text(person, "yes") == [text("utter_handover_push_on", "signal")]
    case = push_line.case()
    answer = push_line.staff().post(f"cases/{case.code}/reply", {"text": "Hello from Anna."})
    assert answer.json()["delivered"] == "push"
    assert push_line.signal.texts_to(person)[-1] == "Hello from Anna."
    assert push_line.twilio.requests == []
    push_line.signal_text(person, "STOP")
    assert not push_line.kept(case.code)
    assert push_line.run(push_line.app[CASES_KEY].open_cases()) == []


def test_without_a_sender_push_is_not_offered() -> None:
    for engine in run_fake_engine(TalkEngine()):
        port, token = free_port(), "test-" + secrets.token_hex(8)
        settings = settings_for(port, token, ENGINE_URL=engine.url, HANDOFF_DUTY_HOURS="24/7")
        for url in serve_app(create_app(settings), settings.host, port):
            replies = post_sms(url, token, sms_params(NUMBER, "talk to someone"))
            opened = " ".join(twiml_messages(replies.body))
            assert "A worker from Lygte can answer you here" in opened
            assert ASK not in opened and "at once" not in opened


@pytest.mark.parametrize(("key", "shared"), [("test-shared-key", True), ("", False)])
def test_shared_tokens_are_used_only_with_the_shared_key(key: str, shared: bool) -> None:
    """Without HANDOFF_KEY another gateway could not open a token (and would erase it)."""
    settings = settings_for(free_port(), "test-x", HANDOFF_KEY=key)
    tokens = RedisTokens(redis.Redis(port=free_port()))  # not contacted here
    pusher = make_pusher(settings, MemoryCaseStore(timedelta(hours=1)), tokens)
    assert (pusher.vault.tokens is tokens) is shared
