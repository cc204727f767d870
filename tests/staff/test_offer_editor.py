"""Editing offers through the staff pages: the catalogue's checks, hours preview, reload."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import yaml

from lygte.catalogue import load_catalogue
from lygte.selection import Catalogue, is_available
from tests.staff.client import StaffClient
from tests.staff.conftest import StaffGateway

OFFER = "h17"


def form(client: StaffClient, offer_id: str = OFFER) -> dict[str, str]:
    """The edit form of an offer as the browser would submit it unchanged."""
    page = client.get(f"/staff/offers/{offer_id}").body
    fields = {
        k: html.unescape(v)
        for k, v in re.findall(
            r'<input id="[^"]*" name="([^"]+)" type="[a-z]+" value="([^"]*)"', page
        )
    }
    fields |= dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields["verified_note"] = html.unescape(
        re.search(r'name="verified_note">([^<]*)</textarea>', page).group(1)
    )
    status = re.search(r'name="status">.*?<option value="([a-z_]+)" selected>', page, re.S)
    fields["status"] = status.group(1)
    if 'name="hours_confirmed" checked' in page:
        fields["hours_confirmed"] = "on"
    return fields


def offer(staff: StaffGateway, offer_id: str = OFFER) -> dict:
    return yaml.safe_load((staff.offers_dir / f"{offer_id}.yml").read_text())


def test_an_unchanged_form_changes_nothing(staff: StaffGateway) -> None:
    client = staff.logged_in()
    before = (staff.offers_dir / f"{OFFER}.yml").read_text()
    assert client.post(f"/staff/offers/{OFFER}", form(client) | {"action": "save"}).status == 303
    assert (staff.offers_dir / f"{OFFER}.yml").read_text() == before


def test_hours_phone_and_verification_are_saved_and_the_catalogue_reloads(
    staff: StaffGateway,
) -> None:
    catalogue = Catalogue(staff.offers_dir)  # the action server's reader, on the same files
    assert next(o for o in catalogue.offers() if o.id == OFFER).opening_hours is None
    client = staff.logged_in()
    fields = form(client) | {
        "opening_hours": "Mo-Su 07:30-23:30",
        "hours_confirmed": "on",
        "phone": "+45 33 17 41 22",
        "verified": "2026-11-20",
        "verified_note": "Telefon med stedet 20. nov.",
        "source_url": "https://example.org/h17",
        "source_note": "stedets egen side",
        "action": "save",
    }
    assert client.post(f"/staff/offers/{OFFER}", fields).status == 303
    saved = next(o for o in catalogue.offers() if o.id == OFFER)
    assert saved.opening_hours == "Mo-Su 07:30-23:30" and saved.hours_confirmed
    assert saved.phone == "+45 33 17 41 22" and saved.verified == dt.date(2026, 11, 20)
    assert saved.sources[-1].url == "https://example.org/h17"
    text = (staff.offers_dir / f"{OFFER}.yml").read_text()
    assert "url: http://plh.dk/nyheder/" in text  # untouched lines are kept as written
    assert len(load_catalogue(staff.offers_dir)) == len(list(staff.offers_dir.glob("*.yml")))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"opening_hours": "Mo-Fx 10:00-13:00"}, "opening_hours"),
        ({"phone": "12345"}, "not a plausible Danish number"),
        ({"postcode": "17"}, "postcode"),
        ({"status": "temporarily_closed"}, "needs a date"),
        ({"closed_until": "2027-01-10"}, "status is not temporarily_closed"),
        ({"verified": ""}, "verified"),
        ({"source_url": "javascript:alert(1)"}, "url must be an http(s) URL"),
        ({"opening_hours": "", "hours_confirmed": "on"}, "hours_confirmed is true"),
    ],
)
def test_invalid_facts_are_not_saved(staff: StaffGateway, change: dict, expected: str) -> None:
    client = staff.logged_in()
    before = (staff.offers_dir / f"{OFFER}.yml").read_text()
    result = client.post(f"/staff/offers/{OFFER}", form(client) | change | {"action": "save"})
    assert result.status == 422
    assert expected in html.unescape(result.body)
    assert (staff.offers_dir / f"{OFFER}.yml").read_text() == before


def test_closed_until_a_date_hides_the_offer_until_then(staff: StaffGateway) -> None:
    client = staff.logged_in()
    later = dt.date.today() + dt.timedelta(days=30)
    fields = form(client) | {
        "status": "temporarily_closed",
        "closed_until": later.isoformat(),
        "action": "save",
    }
    assert client.post(f"/staff/offers/{OFFER}", fields).status == 303
    assert offer(staff)["closed_until"] == later
    saved = next(o for o in Catalogue(staff.offers_dir).offers() if o.id == OFFER)
    assert not is_available(saved, dt.date.today())
    assert is_available(saved, later)
    assert "midlertidigt lukket" in client.get("/staff/offers").body


def test_hours_preview_reads_the_week_and_answers_open_now(staff: StaffGateway) -> None:
    client = staff.logged_in()
    fields = form(client) | {"opening_hours": "24/7"}
    always = client.post(f"/staff/offers/{OFFER}/preview", fields).body
    assert "Åbent nu?" in always and "Ja, altid åbent." in always
    assert always.count("00:00-24:00") == 7
    weekdays = client.post(
        f"/staff/offers/{OFFER}/preview", fields | {"opening_hours": "Mo-Fr 10:00-13:00"}
    ).body
    assert weekdays.count("<td>10:00-13:00</td>") == 5 and weekdays.count("lukket") >= 2
    broken = client.post(f"/staff/offers/{OFFER}/preview", fields | {"opening_hours": "Mo-Fx"})
    assert 'role="alert"' in broken.body


def test_an_offer_version_can_be_restored_and_a_stale_save_is_refused(staff: StaffGateway) -> None:
    client = staff.logged_in()
    original = (staff.offers_dir / f"{OFFER}.yml").read_text()
    old = form(client)
    assert (
        client.post(f"/staff/offers/{OFFER}", old | {"phone": "1813", "action": "save"}).status
        == 303
    )
    stale = client.post(f"/staff/offers/{OFFER}", old | {"phone": "112", "action": "save"})
    assert stale.status == 409 and offer(staff)["phone"] == "1813"
    fields = form(client)
    restore = {"csrf": fields["csrf"], "version": fields["version"], "index": "0"}
    assert client.post(f"/staff/offers/{OFFER}/restore", restore).status == 303
    assert (staff.offers_dir / f"{OFFER}.yml").read_text() == original
    history = client.get(f"/staff/offers/{OFFER}/history").body
    assert history.count("<td>mette</td>") == 2  # the save and the restore
