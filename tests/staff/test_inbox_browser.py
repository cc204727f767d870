"""The staff inbox in a real headless Chromium (Debian's) against a real gateway.

A case opened in the gateway's store appears without reloading, with the unread count in
the tab title; staff open it, see a new message arrive live, take it, pick a canned reply in
the person's language, send their own reply (queued for the person's next text) and close
the case, which erases it.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from playwright.sync_api import Browser, expect

from bot.templates import TemplateStore
from lygte.handover import Message
from tests.staff.conftest import ANSWERER, PASSWORD, StaffGateway
from tests.staff.test_browser import browser  # noqa: F401  (Debian's chromium, launched once)
from tests.staff.test_inbox_api import PSEUDONYM, open_case, store

TITLE = "Indbakke - Lygte - redigering"


def test_a_case_appears_live_and_is_taken_answered_and_closed(
    staff: StaffGateway,
    browser: Browser,  # noqa: F811
) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []  # script errors, refused (CSP) loads, failed requests
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Failed to load resource" not in message.text  # (those are checked just below)
            and problems.append(message.text)
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}")
        ),
    )
    page.goto(f"{staff.url}/staff/inbox")
    page.get_by_label("Navn").fill(ANSWERER)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(f"{staff.url}/staff/inbox")
    expect(page.get_by_text("Ingen åbne samtaler.")).to_be_visible()
    expect(page).to_have_title(TITLE)

    case = open_case(staff, "am nevoie de ajutor")  # no reload from here on
    opener = page.get_by_role("button", name=f"Åbn {case.code}")
    expect(opener).to_be_visible()
    row = page.locator("#cases tbody tr")
    expect(row).to_contain_text("rumænsk")
    expect(row).to_contain_text("SMS")
    expect(page).to_have_title(f"(1) {TITLE}")

    opener.click()
    messages = page.locator("#messages")
    expect(messages).to_contain_text("am nevoie de ajutor")
    expect(page).to_have_title(TITLE)  # read
    now = datetime.now(timezone.utc)
    staff.run(store(staff).add_message(case.code, Message("person", "mai sunteti?", now)))
    expect(messages).to_contain_text("mai sunteti?")

    page.get_by_role("button", name="Tag samtalen").click()
    expect(page.locator("#case-meta")).to_contain_text("Du har samtalen")
    expect(page.get_by_role("button", name="Tag samtalen")).to_be_hidden()
    reply = page.get_by_label("Dit svar")
    page.get_by_label("Færdige svar").select_option(label="Farvel")
    goodbye = TemplateStore(staff.responses_dir, "da").render("utter_goodbye", "ro", "sms")
    expect(reply).to_have_value(goodbye)
    expect(reply).to_be_focused()
    reply.fill("Buna, sunt Anna. Cu ce te pot ajuta?")
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator("#case-status")).to_have_text("Svaret venter på personen.")
    expect(messages.locator("li").last).to_contain_text("Buna, sunt Anna.")
    expect(reply).to_have_value("")
    pending = staff.run(store(staff).pending_for(PSEUDONYM))
    assert pending == ["Buna, sunt Anna. Cu ce te pot ajuta?"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Luk samtalen")).click()
    expect(page.locator("#case-pick")).to_have_text("Samtalen er lukket.")
    expect(page.get_by_text("Ingen åbne samtaler.")).to_be_visible()
    assert staff.run(store(staff).by_code(case.code)) is None
    assert PSEUDONYM not in page.content()
    assert problems == []
    context.close()
