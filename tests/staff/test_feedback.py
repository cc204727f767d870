"""What staff see of the "did it help?" answers, against a real gateway: the offer page's
counts and flags, the "needs checking" list with its "checked today" save, the CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta, timezone

import yaml

from bot.feedback import FeedbackStore
from lygte.feedback import ANSWERS, day_of
from tests.staff.conftest import ACCOUNT, StaffGateway

STALE = "alarm-112"  # made stale below (verified 200 days ago)
FRESH = "akuttelefonen-1813"


def _today() -> date:
    return day_of(datetime.now(timezone.utc))


def verified_days_ago(staff: StaffGateway, offer_id: str, days: int) -> None:
    """Rewrite the offer file's verification date in the gateway's offers copy."""
    path = staff.offers_dir / f"{offer_id}.yml"
    when = (_today() - timedelta(days=days)).isoformat()
    path.write_text(re.sub(r"(?m)^verified: .*$", f"verified: {when}", path.read_text()))


def record(staff: StaffGateway, offer_id: str, answer: str, times: int, days_ago: int = 0):
    store = FeedbackStore(staff.feedback_db)
    for _ in range(times):
        store.record_answer(
            _today() - timedelta(days=days_ago), [offer_id], answer, {offer_id: True}
        )


def cell(page: str, answer: str, days: int) -> str:
    found = re.search(rf'data-answer="{answer}" data-days="{days}">([^<]*)</td>', page)
    assert found, page[:500]
    return found.group(1)


def test_the_feedback_pages_need_a_login(staff: StaffGateway) -> None:
    client = staff.client()
    for path in ("/staff/feedback.csv", "/staff/checking"):
        result = client.get(path)
        assert result.status == 303
        assert client.headers["Location"] == f"/staff/login?next={path}"
    assert client.post(f"/staff/checking/{STALE}", {"note": "x"}).status == 401


def test_the_offer_page_shows_counts_under_the_anonymity_rule_and_the_flags(
    staff: StaffGateway,
) -> None:
    verified_days_ago(staff, STALE, 200)
    record(staff, STALE, "helped", 6)
    record(staff, STALE, "closed", 2)
    record(staff, STALE, "wrong_info", 1, days_ago=45)
    page = staff.logged_in().get(f"/staff/offers/{STALE}?lang=en").body
    assert cell(page, "helped", 30) == "6" and cell(page, "helped", 90) == "6"
    assert cell(page, "closed", 30) == "&lt;5"
    assert cell(page, "wrong_info", 30) == "0" and cell(page, "wrong_info", 90) == "&lt;5"
    assert cell(page, "turned_away", 90) == "0"
    assert "200 days ago" in page
    assert 'id="stale-flag"' in page and "more than 180 days ago" in page
    assert 'id="closed-flag"' in page
    assert "https://" in page  # its sources


def test_a_fresh_offer_is_not_flagged_and_reports_before_a_check_do_not_count(
    staff: StaffGateway,
) -> None:
    record(staff, FRESH, "closed", 3)  # on the day it was verified: the check answers them
    verified_days_ago(staff, FRESH, 0)
    page = staff.logged_in().get(f"/staff/offers/{FRESH}?lang=en").body
    assert cell(page, "closed", 30) == "&lt;5"
    assert 'id="stale-flag"' not in page and 'id="closed-flag"' not in page


def test_one_closed_report_in_opening_hours_is_not_several(staff: StaffGateway) -> None:
    verified_days_ago(staff, FRESH, 5)
    record(staff, FRESH, "closed", 1, days_ago=1)
    page = staff.logged_in().get(f"/staff/offers/{FRESH}").body
    assert 'id="closed-flag"' not in page
    record(staff, FRESH, "closed", 1)
    assert 'id="closed-flag"' in staff.logged_in().get(f"/staff/offers/{FRESH}").body


def test_the_csv_has_one_row_per_offer_with_counts_under_the_anonymity_rule(
    staff: StaffGateway,
) -> None:
    record(staff, STALE, "helped", 7)
    record(staff, STALE, "closed", 2)
    record(staff, STALE, "turned_away", 5, days_ago=60)
    result = staff.logged_in().get("/staff/feedback.csv")
    assert result.status == 200 and result.content_type == "text/csv"
    rows = list(csv.reader(io.StringIO(result.body)))
    assert rows[0] == ["offer_id"] + [f"{a}_{w}d" for w in (30, 90) for a in ANSWERS]
    by_id = {row[0]: row[1:] for row in rows[1:]}
    assert sorted(by_id) == sorted(p.stem for p in staff.offers_dir.glob("*.yml"))
    assert by_id[STALE] == ["7", "<5", "0", "0", "7", "<5", "5", "0"]
    assert by_id[FRESH] == ["0"] * 8


def test_checked_today_saves_the_verification_as_a_history_entry(staff: StaffGateway) -> None:
    verified_days_ago(staff, STALE, 200)
    client = staff.logged_in()
    page = client.get("/staff/checking").body
    assert f'id="check-{STALE}"' in page and f'id="check-{FRESH}"' not in page
    version = re.search(
        rf'action="/staff/checking/{STALE}">.*?name="version" value="([^"]+)"', page, re.S
    ).group(1)
    fields = {"version": version, "note": "Rang  og fik tiderne bekræftet", "source_url": ""}
    assert client.post(f"/staff/checking/{STALE}", fields).status == 403  # no CSRF token
    token = client.csrf("/staff/checking")
    new_source = "https://www.politi.dk/alarm-112"
    fields |= {"csrf": token, "source_url": new_source}
    result = client.post(f"/staff/checking/{STALE}", fields)
    assert result.status == 303, result.body[:500]
    data = yaml.safe_load((staff.offers_dir / f"{STALE}.yml").read_text())
    assert data["verified"] == _today()
    assert data["verified_note"] == "Rang og fik tiderne bekræftet"
    assert [s["url"] for s in data["sources"]].count(new_source) == 1
    history = client.get(f"/staff/offers/{STALE}/history?lang=en").body
    assert re.search(rf"<td>{ACCOUNT}</td>\s*<td>checked</td>", history)
    assert f'id="check-{STALE}"' not in client.get("/staff/checking").body
    # the same form again carries an old version: refused, nothing saved twice
    again = client.post(f"/staff/checking/{STALE}", fields)
    assert again.status == 409
    data = yaml.safe_load((staff.offers_dir / f"{STALE}.yml").read_text())
    assert [s["url"] for s in data["sources"]].count(new_source) == 1


def test_a_checked_today_the_catalogue_refuses_is_not_saved(staff: StaffGateway) -> None:
    verified_days_ago(staff, STALE, 200)
    client = staff.logged_in()
    page = client.get("/staff/checking").body
    version = re.search(
        rf'action="/staff/checking/{STALE}">.*?name="version" value="([^"]+)"', page, re.S
    ).group(1)
    before = (staff.offers_dir / f"{STALE}.yml").read_text()
    fields = {"csrf": client.csrf("/staff/checking"), "version": version, "note": "ok"}
    result = client.post(f"/staff/checking/{STALE}", fields | {"source_url": "ftp://x"})
    assert result.status == 422
    assert (staff.offers_dir / f"{STALE}.yml").read_text() == before


def test_problem_reports_in_opening_hours_put_a_fresh_offer_first(staff: StaffGateway) -> None:
    verified_days_ago(staff, STALE, 200)
    verified_days_ago(staff, FRESH, 3)
    record(staff, FRESH, "turned_away", 1, days_ago=1)
    page = staff.logged_in().get("/staff/checking").body
    order = re.findall(r'<tr id="check-([a-z0-9-]+)">', page)
    assert order == [FRESH, STALE]


def break_by_hand(staff: StaffGateway, offer_id: str) -> None:
    """A hand edit gone wrong (the editor itself refuses such saves)."""
    (staff.offers_dir / f"{offer_id}.yml").write_text("id: x\nname: [broken\n")


def test_a_hand_broken_offer_file_is_named_and_the_line_keeps_the_valid_offers(
    staff: StaffGateway,
) -> None:
    verified_days_ago(staff, STALE, 200)
    client = staff.logged_in()
    assert "ugyldig" not in client.get("/staff/checking").body
    break_by_hand(staff, FRESH)
    page = client.get("/staff/checking?lang=en")
    assert page.status == 200
    assert 'role="alert"' in page.body and "A file in offers/ is not valid" in page.body
    assert f"{FRESH}.yml" in page.body
    assert f'id="check-{STALE}"' in page.body  # the offers the line still answers from


def test_the_checking_page_opens_when_no_version_of_the_offers_was_ever_valid(
    staff: StaffGateway,
) -> None:
    break_by_hand(staff, FRESH)
    page = staff.logged_in().get("/staff/checking")
    assert page.status == 200
    assert "En fil i offers/ er ugyldig" in page.body and f"{FRESH}.yml" in page.body
