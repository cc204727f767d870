"""The staff inbox in a real headless Chromium (Debian's) against a real gateway.

A case opened in the gateway's store appears without reloading, with the unread count in
the tab title; staff open it, see a new message arrive live, take it, pick a canned reply in
the person's language, send their own reply (queued for the person's next text) and close
the case, which erases it. A second staff member looking at the same case sees, live, who took
it, and gets no way to answer it. (The whole handover from a real line, simulator to inbox
and back: tests/e2e/test_handover_line.py.)
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from playwright.sync_api import Browser, Page, expect

from bot.templates import TemplateStore
from lygte.handover import Message
from tests.staff.conftest import ANSWERER, BOTH, PASSWORD, StaffGateway
from tests.staff.test_browser import (
    browser,  # noqa: F401  (Debian's chromium, launched once)
    log_in,
)
from tests.staff.test_inbox_api import PSEUDONYM, open_case, store

TITLE = "Indbakke - Lygte - redigering"


def watch(page: Page) -> list[str]:
    """The page's problems as they happen: script errors, refused (CSP) loads, failed
    requests."""
    problems: list[str] = []
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
    return problems


def inbox_of(
    browser: Browser,  # noqa: F811
    staff: StaffGateway,
    account: str,
) -> tuple[Page, list[str]]:
    """A new browser context with `account` logged in on the inbox, and its problems."""
    page = browser.new_context().new_page()
    problems = watch(page)
    page.goto(f"{staff.url}/staff/inbox")
    log_in(page, account, PASSWORD)
    expect(page).to_have_url(f"{staff.url}/staff/inbox")
    return page, problems


def test_a_case_appears_live_and_is_taken_answered_and_closed(
    staff: StaffGateway,
    browser: Browser,  # noqa: F811
) -> None:
    page, problems = inbox_of(browser, staff, ANSWERER)
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
    # A link would be removed from the SMS: refused with the reason, the draft kept.
    reply.fill("Vezi https://www.reden.dk")
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator("#case-status")).to_contain_text("links kommer ikke frem med SMS")
    expect(reply).to_have_value("Vezi https://www.reden.dk")
    assert problems == [f"422 {staff.url}/staff/api/cases/{case.code}/reply"]  # that refusal
    problems.clear()
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
    page.context.close()


def test_a_case_taken_by_another_shows_who_has_it_live_and_cannot_be_answered(
    staff: StaffGateway,
    browser: Browser,  # noqa: F811
) -> None:
    case = open_case(staff, "necesito hablar con alguien", language="es")
    opened = {account: inbox_of(browser, staff, account) for account in (ANSWERER, BOTH)}
    pages = {account: page for account, (page, _) in opened.items()}
    for page in pages.values():
        page.get_by_role("button", name=f"Åbn {case.code}").click()
        expect(page.locator("#messages")).to_contain_text("necesito hablar con alguien")
        expect(page.locator("#case-meta")).to_contain_text("spansk")

    pages[ANSWERER].get_by_role("button", name="Tag samtalen").click()
    expect(pages[ANSWERER].locator("#case-meta")).to_contain_text("Du har samtalen")
    other = pages[BOTH]  # no reload: the event stream brings the change
    expect(other.locator("#case-meta")).to_contain_text(f"Taget af {ANSWERER}")
    expect(other.locator("#cases tbody tr")).to_contain_text("taget")
    expect(other.get_by_role("button", name="Tag samtalen")).to_be_hidden()
    expect(other.get_by_label("Dit svar")).to_be_hidden()
    expect(other.get_by_role("button", name=re.compile("Luk samtalen"))).to_be_hidden()
    assert [problem for _, problems in opened.values() for problem in problems] == []
    for page in pages.values():
        page.context.close()
