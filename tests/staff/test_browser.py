"""End to end in a real headless Chromium (Debian's) against the whole line.

A staff member logs in, edits a reply, sees the phone simulator's answer change, restores the
earlier version, and tries a broken text that is refused with a clear message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.staff.accounts import add_account
from bot.templates import TemplateStore
from lygte.catalogue import load_catalogue
from tests.e2e.conftest import RunningLine

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ACCOUNT, PASSWORD = "birgitte", "en-lang-adgangskode-9"
WARM_UP_TRIES = 5
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


#: The login form's labels per interface language: name, password, button.
LOGIN_LABELS = {"da": ("Navn", "Adgangskode", "Log ind"), "en": ("Name", "Password", "Log in")}


def log_in(page: Page, account: str, password: str, language: str = "da") -> None:
    """Fill in and send the login form `page` shows, found by its labels in `language`."""
    name, secret, button = LOGIN_LABELS[language]
    page.get_by_label(name).fill(account)
    page.get_by_label(secret).fill(password)
    page.get_by_role("button", name=button).click()


def ask_simulator(page: Page, url: str, text: str, sender: str = "+4500000000") -> str:
    """Send `text` from the phone simulator and return the line's first reply bubble."""
    page.goto(f"{url}/simulator")
    page.get_by_label("From (a made-up phone number or UUID)").fill(sender)
    page.get_by_label("Message").fill(text)
    page.get_by_role("button", name="Send").click()
    reply = page.locator(".bubble.them").first
    expect(reply).to_be_visible(timeout=60_000)
    return reply.inner_text()


def test_staff_edit_changes_the_answer_and_can_be_restored(
    line: RunningLine, browser: Browser, tmp_path: Path
) -> None:
    add_account(line.responses_dir.parent / "staff", ACCOUNT, PASSWORD)
    context = browser.new_context()
    page = context.new_page()
    phone = context.new_page()
    # A freshly started engine can miss the first answer's deadline on a busy machine (the
    # line then sends its engine-down fallback): wait until it answers, a bounded few times.
    engine_down = TemplateStore(line.responses_dir, "da").render("utter_engine_down", "da", "sms")
    for _ in range(WARM_UP_TRIES):
        if ask_simulator(phone, line.url, "hej", sender="+4500000009") != engine_down:
            break
    before = ask_simulator(phone, line.url, "mange tak")
    assert "Det var så lidt" in before  # utter_thanks in Danish

    # Log in: the form is reached by keyboard, the first Tab lands on the skip link.
    page.goto(f"{line.url}/staff/templates")
    assert page.url.startswith(f"{line.url}/staff/login")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Spring til indholdet")
    log_in(page, ACCOUNT, PASSWORD)
    expect(page.get_by_role("heading", name="Svartekster")).to_be_visible()

    # Edit the Danish thank-you: the live preview follows the typing, then save.
    page.get_by_role("link", name="utter_thanks").click()
    danish = page.get_by_label(re.compile("Tekst på dansk"))
    danish.fill("Selv tak – vi er her, når du har brug for os.")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Selv tak - vi er her", timeout=10_000)  # GSM-7 dash on SMS
    expect(preview).to_contain_text("tegn tilbage")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status").filter(has_text="Gemt")).to_be_visible()
    page.screenshot(path=str(tmp_path / "saved.png"), full_page=True)

    after = ask_simulator(phone, line.url, "mange tak")
    assert after == "Selv tak - vi er her, når du har brug for os."

    # Restore the version from before the edit.
    page.get_by_role("link", name="Historik").click()
    original = page.get_by_role("row").filter(has_text="før første ændring")
    original.get_by_role("button", name="Sæt denne version tilbage").click()
    expect(page.get_by_role("status").filter(has_text="tidligere version")).to_be_visible()
    assert ask_simulator(phone, line.url, "mange tak") == before

    # A broken text: the sensitive word on the lock screen is refused with a clear message.
    danish = page.get_by_label(re.compile("Tekst på dansk"))
    danish.fill("Escort eller ej: det var så lidt.")
    page.get_by_role("button", name="Gem").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Ikke gemt")
    expect(alert).to_contain_text("Escort")
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    assert ask_simulator(phone, line.url, "mange tak") == before

    # Log out: the pages need a login again.
    page.get_by_role("button", name="Log ud").click()
    page.goto(f"{line.url}/staff/templates")
    assert page.url.startswith(f"{line.url}/staff/login")
    context.close()


def test_an_answer_in_the_simulator_shows_on_the_offer_page(
    line: RunningLine, browser: Browser
) -> None:
    """Issue 17 end to end: a person answers "did it help?" in the phone simulator, and the
    count is on the staff page of an offer that was listed (a count under 5 shows as "<5")."""
    add_account(line.responses_dir.parent / "staff", "jonas", PASSWORD)
    context = browser.new_context()
    phone = context.new_page()
    sender = "+4500000077"
    listed = ask_simulator(phone, line.url, "jeg har brug for et bad", sender=sender)
    names = {offer.name: offer.id for offer in load_catalogue()}
    shown = [offer_id for name, offer_id in names.items() if name in listed]
    assert shown, f"no offer named in the list: {listed!r}"

    ask_simulator(phone, line.url, "mange tak", sender=sender)
    expect(phone.locator(".bubble.them").last).to_contain_text("Hjalp det? 1 ja, 2 det var lukket")
    thanks = ask_simulator(phone, line.url, "2", sender=sender)
    assert thanks.startswith("Tak, det holder listen rigtig")

    page = context.new_page()
    page.goto(f"{line.url}/staff/login?lang=en")
    log_in(page, "jonas", PASSWORD, "en")
    page.goto(f"{line.url}/staff/offers/{shown[0]}?lang=en")
    counts = page.get_by_role("table", name='Answers to "Did it help?"')
    closed = counts.get_by_role("row", name="it was closed")
    expect(closed.get_by_role("cell")).to_have_text(["<5", "<5"])
    helped = counts.get_by_role("row", name="it helped")
    expect(helped.get_by_role("cell")).to_have_text(["0", "0"])
    context.close()
