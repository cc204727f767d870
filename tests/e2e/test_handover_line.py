"""Talking to a person (issue 16) end to end: the real engine, action server and gateway
(tests/e2e/conftest.py), signed Twilio webhooks or the phone simulator on the person's side,
the staff inbox in a real Chromium or its JSON API (/staff/api/) on the staff side.

The line runs in development mode, so staff are on duty 24/7 (HANDOFF_DUTY_HOURS' default),
and with a wait of 3 seconds (HANDOFF_WAIT_MINUTES=0.05) before a person is told that no one
has answered yet: a case's first text never waits, so only the wait test sleeps past it.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid
from typing import Any, Iterator

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from bot.staff.accounts import add_account
from bot.templates import TemplateStore
from eval.dialogues import Answers, offers_serving
from tests.e2e.conftest import REPO, RunningLine, started_line
from tests.staff.client import StaffClient
from tests.staff.conftest import ANSWERER, PASSWORD
from tests.staff.test_browser import (
    browser,  # noqa: F401  (Debian's chromium, launched once)
    log_in,
)
from tests.staff.test_inbox_api import Api
from tests.support import post_sms, sms_params, twiml_messages

pytestmark = pytest.mark.e2e

ORGANISATION = "Testhuset"  # HANDOFF_ORGANISATION: the person is told whose workers answer
WAIT_MINUTES = 0.05


@pytest.fixture(scope="module")
def line(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningLine]:
    """The whole line with a short wait and a named organisation, and one staff account
    that may answer cases."""
    tmp = tmp_path_factory.mktemp("handover")
    extra = {"HANDOFF_WAIT_MINUTES": str(WAIT_MINUTES), "HANDOFF_ORGANISATION": ORGANISATION}
    with started_line(tmp, **extra) as running:
        add_account(tmp / "staff", ANSWERER, PASSWORD, ("answer",))
        yield running


@pytest.fixture
def staff(line: RunningLine) -> Api:
    """A staff member using the inbox's JSON API with their session and CSRF token."""
    client = StaffClient(line.url)
    assert client.login(ANSWERER, PASSWORD).status == 303
    return Api(client)


def new_number() -> str:
    """A made-up Danish mobile number, new for each person."""
    return "+4520" + str(uuid.uuid4().int)[:6]


def sms(line: RunningLine, number: str, text: str) -> str:
    """One signed Twilio webhook from `number`; every reply message, whitespace squashed."""
    result = post_sms(line.url, line.twilio_token, sms_params(number, text))
    assert result.status == 200, result.body
    return squash(" ".join(twiml_messages(result.body)))


def simulated(line: RunningLine, address: str, text: str) -> dict[str, Any]:
    """One message through the simulator's JSON API: replies, intent, language, offers."""
    body = json.dumps({"channel": "sms", "from": address, "text": text}).encode()
    request = urllib.request.Request(
        f"{line.url}/simulator/api/message", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def squash(text: str) -> str:
    return " ".join(text.split())


def said(line: RunningLine, response: str, language: str, **values: str) -> str:
    """What the line sends for template `response` over SMS (GSM-7 letters), squashed."""
    store = TemplateStore(line.responses_dir, "da")
    text = store.render(response, language, "sms", values)
    return Answers(line.responses_dir).as_sent(text, language)


def opened(line: RunningLine, language: str) -> str:
    """The reply that says a case is open: a worker answers here, BOT goes back."""
    return said(line, "utter_handover_open", language, organisation=ORGANISATION)


def only_case(staff: Api, before: set[str]) -> dict[str, Any]:
    """The one case in the inbox that was not there `before`."""
    cases = [case for case in staff.get("cases").json() if case["code"] not in before]
    assert len(cases) == 1, cases
    return cases[0]


def codes(staff: Api) -> set[str]:
    """The codes of the cases open now."""
    return {case["code"] for case in staff.get("cases").json()}


def talk_offer_names() -> set[str]:
    """The names of the offers that serve "someone to talk to" (the lines open now)."""
    return {
        yaml.safe_load((REPO / "offers" / f"{offer}.yml").read_text(encoding="utf-8"))["name"]
        for offer in offers_serving()["talk"]
    }


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("talk to someone", "en"),
        ("can I talk to a person", "en"),
        ("snak med en", "da"),
        ("jeg vil tale med et menneske", "da"),
        ("vreau să vorbesc cu cineva", "ro"),
        ("искам да говоря с човек", "bg"),
        ("quiero hablar con alguien", "es"),
        ("อยากคุยกับใครสักคน", "th"),
        ("I am so sad tonight", "en"),  # sad or lonely: a worker is offered, and it says so
    ],
)
def test_asking_for_a_person_opens_a_case_in_the_persons_language(
    line: RunningLine, staff: Api, text: str, language: str
) -> None:
    before, number = codes(staff), new_number()
    assert opened(line, language) in sms(line, number, text)
    case = only_case(staff, before)
    assert (case["language"], case["channel"], case["state"]) == (language, "sms", "waiting")
    assert said(line, "utter_handover_closed", language) in sms(line, number, "bot")
    assert case["code"] not in codes(staff)


def test_menu_option_14_opens_a_case_and_the_fallback_only_offers_one(
    line: RunningLine, staff: Api
) -> None:
    before, number = codes(staff), new_number()
    assert "14" in sms(line, number, "menu")
    assert opened(line, "da") in sms(line, number, "14")
    assert only_case(staff, before)["language"] == "da"
    sms(line, number, "bot")

    # Three texts in a row not understood: the third offers a worker by name, opens nothing.
    number = new_number()
    for text in ("what is the weather like tomorrow", "my neighbour has a purple bicycle"):
        sms(line, number, text)
    offer = sms(line, number, "who won the football match yesterday")
    assert f"A worker from {ORGANISATION} can answer you here: write 14." in offer, offer
    assert "They will not see your number." in offer
    assert codes(staff) == before
    assert opened(line, "en") in sms(line, number, "14")
    assert only_case(staff, before)["language"] == "en"
    sms(line, number, "bot")


def test_danger_during_a_case_is_answered_at_once_and_staff_see_it(
    line: RunningLine, staff: Api
) -> None:
    before, number = codes(staff), new_number()
    sms(line, number, "can I talk to a person")
    code = only_case(staff, before)["code"]
    reply = sms(line, number, "he is hitting me right now")
    assert reply.startswith("If you are in danger now, call 112"), reply
    messages = staff.get(f"cases/{code}").json()["messages"]
    assert [m["text"] for m in messages] == ["he is hitting me right now"]
    sms(line, number, "bot")


def test_slet_during_a_case_erases_it_and_its_waiting_reply(line: RunningLine, staff: Api) -> None:
    before, number = codes(staff), new_number()
    sms(line, number, "jeg vil tale med et menneske")
    code = only_case(staff, before)["code"]
    sms(line, number, "er der nogen?")
    assert staff.post(f"cases/{code}/reply", {"text": "Hej, jeg hedder Anna."}).status == 200
    erased = sms(line, number, "SLET")
    assert said(line, "utter_forgotten", "da") in erased, erased
    assert "Anna" not in erased
    assert staff.get(f"cases/{code}").status == 404
    assert code not in codes(staff)
    after = simulated(line, number, "hej")  # the same person: back with the bot, nothing waits
    assert after["intent"] == "greet" and "Anna" not in " ".join(after["replies"])


def test_bot_delivers_what_waits_and_the_next_text_reaches_the_engine(
    line: RunningLine, staff: Api
) -> None:
    before, number = codes(staff), new_number()
    sms(line, number, "talk to someone")
    code = only_case(staff, before)["code"]
    assert staff.post(f"cases/{code}/reply", {"text": "Hi, I am Anna."}).status == 200
    left = sms(line, number, "bot")
    assert "Worker: Hi, I am Anna." in left
    assert said(line, "utter_handover_closed", "en") in left
    assert code not in codes(staff)
    shower = simulated(line, number, "I need a shower")
    assert shower["intent"] == "need_shower" and shower["offers"], shower


def test_a_long_wait_is_told_once_with_the_lines_open_now(line: RunningLine, staff: Api) -> None:
    before, number = codes(staff), new_number()
    sms(line, number, "talk to someone")
    code = only_case(staff, before)["code"]
    assert said(line, "utter_handover_sent", "en") in sms(line, number, "hello?")
    time.sleep(WAIT_MINUTES * 60 + 1)  # past HANDOFF_WAIT_MINUTES without a staff answer
    waited = sms(line, number, "anyone there?")
    assert said(line, "utter_handover_waiting", "en") in waited
    sent_as = Answers(line.responses_dir).as_sent
    assert any(sent_as(name, "en") in waited for name in talk_offer_names()), waited
    assert said(line, "utter_handover_sent", "en") in sms(line, number, "still here")
    texts = [m["text"] for m in staff.get(f"cases/{code}").json()["messages"]]
    assert texts == ["hello?", "anyone there?", "still here"]
    sms(line, number, "bot")


def say_in_simulator(page: Page, text: str) -> str:
    """Send `text` from the simulator's phone; the new reply bubbles, whitespace squashed."""
    bubbles = page.locator(".bubble.them")
    before = bubbles.count()
    page.get_by_label("Message").fill(text)
    page.get_by_role("button", name="Send").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.bubble.them').length > n", arg=before, timeout=60_000
    )
    return squash(" ".join(bubbles.all_inner_texts()[before:]))


def test_a_whole_handover_from_the_simulator_to_the_inbox_and_back(
    line: RunningLine,
    browser: Browser,  # noqa: F811
) -> None:
    inbox = browser.new_context().new_page()
    inbox.goto(f"{line.url}/staff/inbox")
    log_in(inbox, ANSWERER, PASSWORD)
    expect(inbox).to_have_url(f"{line.url}/staff/inbox")
    rows = inbox.locator("#cases tbody tr")
    already = rows.count()

    phone = browser.new_context().new_page()
    phone.goto(f"{line.url}/simulator")
    number = new_number()
    phone.get_by_label("From (a made-up phone number or UUID)").fill(number)
    assert opened(line, "da") in say_in_simulator(phone, "jeg vil tale med et menneske")

    # The case appears in the inbox without a reload, in Danish, with the unread count.
    expect(rows).to_have_count(already + 1)
    row = rows.last
    expect(row).to_contain_text("dansk")
    expect(row).to_contain_text("SMS")
    sent = said(line, "utter_handover_sent", "da")
    assert sent in say_in_simulator(phone, "er der nogen?")
    expect(inbox).to_have_title(re.compile(r"^\(\d+\) "))
    row.get_by_role("button", name=re.compile("^Åbn ")).click()
    messages = inbox.locator("#messages")
    expect(messages).to_contain_text("er der nogen?")
    assert number not in inbox.content()

    # Staff take it and answer twice: a canned reply in Danish, then their own words in
    # English (staff answer in any language; nothing is translated).
    inbox.get_by_role("button", name="Tag samtalen").click()
    expect(inbox.locator("#case-meta")).to_contain_text("Du har samtalen")
    reply = inbox.get_by_label("Dit svar")
    inbox.get_by_label("Færdige svar").select_option(label="Farvel")
    goodbye = TemplateStore(line.responses_dir, "da").render("utter_goodbye", "da", "sms")
    expect(reply).to_have_value(goodbye)
    inbox.get_by_role("button", name="Send svar").click()
    expect(inbox.locator("#case-status")).to_have_text("Svaret venter på personen.")
    reply.fill("Hi, I am Anna from the street team.")
    inbox.get_by_role("button", name="Send svar").click()
    expect(messages.locator("li").last).to_contain_text("Hi, I am Anna")

    # Pull: the person's next text brings both answers.
    answers = say_in_simulator(phone, "OK")
    assert Answers(line.responses_dir).as_sent(goodbye, "da") in answers, answers
    assert "Medarbejder: Hi, I am Anna from the street team." in answers
    expect(messages).to_contain_text("OK")

    # BOT returns to the bot: the case is gone from the inbox, the next text is the engine's.
    closed = say_in_simulator(phone, "bot")
    assert said(line, "utter_handover_closed", "da") in closed
    expect(rows).to_have_count(already)
    shower = simulated(line, number, "jeg har brug for et bad")
    assert shower["intent"] == "need_shower" and shower["offers"], shower
