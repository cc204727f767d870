"""In a real headless Chromium (Debian's): the answers counted in the store appear on the
offer's staff page, and "checked today" takes a stale offer off the "needs checking" list."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import yaml
from playwright.sync_api import Browser, expect

from bot.feedback import FeedbackStore
from lygte.feedback import day_of
from tests.staff.conftest import ACCOUNT, PASSWORD, StaffGateway
from tests.staff.test_browser import (
    browser,  # noqa: F401  (Debian's chromium, module-wide)
    log_in,
)
from tests.staff.test_feedback import verified_days_ago

OFFER = "alarm-112"


def test_counts_show_on_the_offer_page_and_checked_today_works(
    staff: StaffGateway,
    browser: Browser,  # noqa: F811
) -> None:
    today = day_of(datetime.now(timezone.utc))
    verified_days_ago(staff, OFFER, 200)
    store = FeedbackStore(staff.feedback_db)
    for _ in range(6):
        store.record_answer(today, [OFFER], "helped", {OFFER: True})
    store.record_answer(today - timedelta(days=40), [OFFER], "closed", {OFFER: True})

    page = browser.new_context().new_page()
    page.goto(f"{staff.url}/staff/login?lang=en")  # English from here on (a cookie)
    log_in(page, ACCOUNT, PASSWORD, "en")
    page.goto(f"{staff.url}/staff/offers/{OFFER}?lang=en")

    counts = page.get_by_role("table", name='Answers to "Did it help?"')
    helped = counts.get_by_role("row", name="it helped")
    expect(helped.get_by_role("cell")).to_have_text(["6", "6"])
    closed = counts.get_by_role("row", name="it was closed")
    expect(closed.get_by_role("cell")).to_have_text(["0", "<5"])
    expect(page.locator("#stale-flag")).to_contain_text("Stale")

    page.get_by_role("link", name="Needs checking").click()
    row = page.locator(f"#check-{OFFER}")
    row.get_by_label("How was it checked?").fill("Called them, hours as written")
    row.get_by_role("button", name="Checked today").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(page.locator(f"#check-{OFFER}")).to_have_count(0)
    data = yaml.safe_load((staff.offers_dir / f"{OFFER}.yml").read_text())
    assert data["verified"] == today
    assert data["verified_note"] == "Called them, hours as written"

    page.goto(f"{staff.url}/staff/offers/{OFFER}?lang=en")
    expect(page.locator("#stale-flag")).to_have_count(0)
    expect(page.locator("#feedback")).to_contain_text(f"Verified on {today}, 0 days ago.")
