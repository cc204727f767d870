"""The weekly hours grid in a real headless Chromium (Debian's) against a real gateway.

A staff member logs in, sets Saturday closed and Christmas Eve closed in the grid, adds and
removes a time row by keyboard, sees the live preview follow, saves, and finds the new
expression and its words on the page and in the offer file (a temporary copy of offers/).
"""

from __future__ import annotations

import yaml
from playwright.sync_api import Browser, expect

from tests.staff.conftest import ACCOUNT, PASSWORD, StaffGateway
from tests.staff.test_browser import (
    browser,  # noqa: F401  (Debian's chromium, launched once)
    log_in,
)

OFFER = "morgencafe-for-hjemloese"  # Mo-Fr 07:00-13:00; Sa,Su unknown; PH unknown; eves unknown
EXPECTED = "Mo-Fr 07:00-13:00; Su unknown; PH unknown; Dec 24 off; Dec 31 unknown"
WORDS = "man-fre 07-13, søn ukendt, helligdage ukendt, lukket 24. dec, 31. dec ukendt"


def test_the_hours_are_edited_in_the_grid(staff: StaffGateway, browser: Browser) -> None:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{staff.url}/staff/offers/{OFFER}")
    assert page.url.startswith(f"{staff.url}/staff/login")
    log_in(page, ACCOUNT, PASSWORD)
    page.goto(f"{staff.url}/staff/offers/{OFFER}")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("man-fre 07-13, weekend ukendt")
    expect(page.get_by_label("i ugeskemaet")).to_be_checked()

    # Saturday closed: its times are hidden; Christmas Eve closed. The preview follows.
    saturday = page.get_by_label("lørdag", exact=True)
    expect(page.get_by_label("lørdag, tid 1, fra")).to_be_hidden()
    saturday.select_option("closed")
    page.get_by_label("juleaften (24. dec)", exact=True).select_option("closed")
    expect(page.locator("#hours-expression")).to_have_text(EXPECTED, timeout=10_000)
    expect(page.locator("#hours-words")).to_have_text(WORDS)

    # By keyboard: add a second time on Monday (the new row takes the focus, a time is typed
    # into it), then remove it again. (Tab inside a time field walks its hour and minute parts.)
    page.get_by_role("button", name="Tilføj en tid til mandag").focus()
    page.keyboard.press("Enter")
    added = page.get_by_label("mandag, tid 2, fra")
    expect(added).to_be_focused()
    page.keyboard.type("1500")
    expect(added).to_have_value("15:00")
    page.get_by_role("button", name="Fjern mandag, tid 2").focus()
    page.keyboard.press("Enter")
    expect(added).to_have_count(0)
    expect(page.get_by_label("mandag, tid 1, fra")).to_have_value("07:00")

    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status").filter(has_text="Gemt")).to_be_visible()
    expect(page.locator("#hours-expression")).to_have_text(EXPECTED)
    expect(page.locator("#hours-words")).to_have_text(WORDS)
    expect(page.get_by_label("lørdag", exact=True)).to_have_value("closed")
    saved = yaml.safe_load((staff.offers_dir / f"{OFFER}.yml").read_text())
    assert saved["opening_hours"] == EXPECTED

    page.goto(f"{staff.url}/staff/offers")
    row = page.get_by_role("row").filter(has_text="Morgencafé for Hjemløse")
    expect(row).to_contain_text(WORDS)
    context.close()
