"""The weekly hours grid on the offer page, against a real gateway: a posted grid is saved as
its expression through the ordinary save path, a grid that cannot be written is refused in the
staff language, the radio decides between grid and expression, an expression no grid holds
gets the raw field only, and the hours read in words on the list and the page."""

from __future__ import annotations

import urllib.parse
from html.parser import HTMLParser

import pytest
import yaml

from bot.staff.history import History
from tests.staff.client import StaffClient
from tests.staff.conftest import ACCOUNT, StaffGateway
from tests.staff.test_escaping import ATTACK, assert_escaped

OFFER = "hjemloese-og-udsatteenheden"
STORED = "Mo-Fr 10:00-13:00; PH unknown; Dec 24,Dec 31 unknown"
UNGRIDDABLE = "blaa-kors-gracekbh-vinterherberg"  # a season: Dec-Mar 20:00-08:00

Fields = list[tuple[str, str]]


class _FormReader(HTMLParser):
    """The fields the edit form submits as a browser would, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: Fields = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._in_form = attr.get("id") == "edit-form"
        if not self._in_form:
            return
        name = attr.get("name", "")
        kind = attr.get("type", "text")
        if tag == "input" and name and kind not in ("radio", "checkbox", "submit"):
            self.fields.append((name, attr.get("value", "")))
        elif tag == "input" and name and "checked" in attr:
            self.fields.append((name, attr.get("value", "on")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attr:
            self.fields.append((self._select, attr["value"]))
        elif tag == "textarea":
            self._textarea = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields.append((self._textarea, data))
            self._textarea = None


def form(client: StaffClient, offer_id: str = OFFER) -> Fields:
    """The edit form of an offer as the browser would submit it unchanged."""
    reader = _FormReader()
    reader.feed(client.get(f"/staff/offers/{offer_id}").body)
    return reader.fields


def changed(fields: Fields, **values: str | list[str]) -> Fields:
    """`fields` with each named field's values replaced (a list for repeated fields)."""
    result = [(k, v) for k, v in fields if k not in values]
    for name, value in values.items():
        result.extend((name, v) for v in ([value] if isinstance(value, str) else value))
    return result


def post(client: StaffClient, path: str, fields: Fields):  # noqa: ANN201 (HttpResult)
    """POST `fields` (repeated names kept) as a form."""
    body = urllib.parse.urlencode(fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return client.request("POST", path, body, headers)


def stored(staff: StaffGateway, offer_id: str = OFFER) -> str | None:
    """The offer file's opening_hours."""
    return yaml.safe_load((staff.offers_dir / f"{offer_id}.yml").read_text())["opening_hours"]


def saves(staff: StaffGateway, offer_id: str = OFFER) -> list[tuple[str, str]]:
    """(account, action) of every history entry of the offer."""
    return [(r.account, r.action) for r in History(staff.data_dir).records("offers", offer_id)]


def test_the_page_shows_the_grid_of_the_stored_hours_and_the_words(staff: StaffGateway) -> None:
    client = staff.logged_in()
    fields = dict(reversed(form(client)))  # the first value of each name
    assert fields["hours_mode"] == "grid"
    assert [fields[f"d{day}_choice"] for day in range(7)] == ["hours"] * 5 + ["closed"] * 2
    assert (fields["d0_from"], fields["d0_to"]) == ("10:00", "13:00")
    assert (fields["ph_choice"], fields["eve24_choice"]) == ("unknown", "unknown")
    assert fields["opening_hours"] == STORED  # the raw expression is still there
    page = client.get(f"/staff/offers/{OFFER}").body
    assert "man-fre 10-13, helligdage ukendt, 24. og 31. dec ukendt" in page
    listing = client.get("/staff/offers").body
    assert "man-fre 10-13, helligdage ukendt" in listing
    assert "Mon-Fri 10-13, public holidays unknown" in client.get("/staff/offers?lang=en").body


def test_a_posted_grid_is_saved_as_its_expression_with_a_history_entry(
    staff: StaffGateway,
) -> None:
    client = staff.logged_in()
    fields = changed(
        form(client),
        d5_choice="hours",
        d5_from=["10:00", ""],  # the empty row the page offers is left out
        d5_to=["14:00", ""],
        eve24_choice="closed",
        period_from="2026-07-01",
        period_to="2026-07-21",
        period_repeat="once",
        action="save",
    )
    assert post(client, f"/staff/offers/{OFFER}", fields).status == 303
    assert stored(staff) == (
        "Mo-Fr 10:00-13:00; Sa 10:00-14:00; PH unknown; Dec 24 off; Dec 31 unknown;"
        " 2026 Jul 01-2026 Jul 21 off"
    )
    assert saves(staff) == [("-", "original"), (ACCOUNT, "save")]
    page = client.get(f"/staff/offers/{OFFER}").body
    assert "man-fre 10-13, lør 10-14, helligdage ukendt, lukket 24. dec, 31. dec ukendt" in page
    assert "lukket 1. jul 2026-21. jul 2026" in page


def test_an_unchanged_grid_keeps_the_expression_as_written(staff: StaffGateway) -> None:
    client = staff.logged_in()
    before = (staff.offers_dir / "akuttelefonen-1813.yml").read_text()
    fields = changed(form(client, "akuttelefonen-1813"), action="save")
    assert dict(fields)["hours_mode"] == "grid"
    assert post(client, "/staff/offers/akuttelefonen-1813", fields).status == 303
    assert (staff.offers_dir / "akuttelefonen-1813.yml").read_text() == before


@pytest.mark.parametrize(
    ("language", "change", "message"),
    [
        (  # Friday's night runs into Saturday, which has hours of its own
            "da",
            {
                "d4_from": ["22:00", ""],
                "d4_to": ["06:00", ""],
                "d5_choice": "hours",
                "d5_from": ["10:00", ""],
                "d5_to": ["14:00", ""],
            },
            "natten fra fredag løber ind i lørdag, som har sine egne tider",
        ),
        (
            "en",
            {
                "d4_from": ["22:00", ""],
                "d4_to": ["06:00", ""],
                "d5_choice": "hours",
                "d5_from": ["10:00", ""],
                "d5_to": ["14:00", ""],
            },
            "the night from Fr runs into Sa, which has hours of its own",
        ),
        ("da", {"d0_from": ["25:00", ""]}, "mandag: en tid skal have både fra og til som tt:mm"),
        ("en", {"d1_to": ["", ""]}, "Tuesday: a time needs both from and to as hh:mm"),
        ("da", {"d2_from": ["10:00", ""], "d2_to": ["10:00", ""]}, "og ikke slutte, hvor den"),
        ("da", {"d5_choice": "hours"}, "lørdag: skriv en tid, eller vælg lukket eller ukendt"),
        ("en", {"ph_choice": "sometimes"}, "public holidays: choose one of the options"),
        (
            "da",
            {"eve24_choice": "hours", "eve24_from": "20:00", "eve24_to": "02:00"},
            "skal slutte senest ved midnat",
        ),
        (
            "en",
            {"period_from": "2026-07-21", "period_to": "2026-07-01", "period_repeat": "once"},
            "Closed period 1: the last day comes before the first",
        ),
        (
            "da",
            {"period_from": "2026-07-01", "period_to": "2027-07-21", "period_repeat": "once"},
            "Lukkeperiode 1: højst et år",
        ),
    ],
)
def test_a_grid_that_cannot_be_written_is_refused_and_nothing_saved(
    staff: StaffGateway, language: str, change: dict, message: str
) -> None:
    client = staff.logged_in()
    before = (staff.offers_dir / f"{OFFER}.yml").read_text()
    fields = changed(form(client), **change, action="save")
    refused = post(client, f"/staff/offers/{OFFER}?lang={language}", fields)
    assert refused.status == 422
    assert message in refused.body.replace("&#39;", "'")
    assert (staff.offers_dir / f"{OFFER}.yml").read_text() == before
    assert saves(staff) == []
    # The page comes back with the grid as it was typed, and the preview says the same.
    assert 'value="hours" selected' in refused.body
    preview = post(client, f"/staff/offers/{OFFER}/preview?lang={language}", fields)
    assert message in preview.body.replace("&#39;", "'")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("grid", "Mo-Fr 10:00-13:00; Sa 09:00-12:00; PH unknown; Dec 24,Dec 31 unknown"),
        ("expression", "Mo-Su 07:30-23:30"),
        (None, "Mo-Su 07:30-23:30"),  # a client that knows only the expression field
    ],
)
def test_the_chosen_radio_decides_between_grid_and_expression(
    staff: StaffGateway, mode: str | None, expected: str
) -> None:
    client = staff.logged_in()
    fields = changed(
        form(client),
        d5_choice="hours",
        d5_from=["09:00", ""],
        d5_to=["12:00", ""],
        opening_hours="Mo-Su 07:30-23:30",
        action="save",
    )
    fields = [(k, v) for k, v in fields if k != "hours_mode"] + (
        [("hours_mode", mode)] if mode else []
    )
    assert post(client, f"/staff/offers/{OFFER}", fields).status == 303
    assert stored(staff) == expected


def test_the_live_preview_reads_the_grid(staff: StaffGateway) -> None:
    client = staff.logged_in()
    fields = changed(form(client), d5_choice="all_day", ph_choice="like5")
    preview = post(client, f"/staff/offers/{OFFER}/preview?lang=en", fields)
    assert preview.status == 200
    assert "Mo-Fr 10:00-13:00; Sa,PH 00:00-24:00; Dec 24,Dec 31 unknown" in preview.body
    assert "Mon-Fri 10-13, Sat all day, public holidays as Sat, 24 and 31 Dec unknown" in (
        preview.body
    )
    assert stored(staff) == STORED


def test_an_expression_no_grid_holds_gets_the_raw_field_only(staff: StaffGateway) -> None:
    client = staff.logged_in()
    page = client.get(f"/staff/offers/{UNGRIDDABLE}").body
    assert "kan ikke vises i ugeskemaet" in page
    assert 'name="hours_mode"' not in page and 'name="d0_choice"' not in page
    fields = dict(form(client, UNGRIDDABLE))
    assert fields["opening_hours"] == stored(staff, UNGRIDDABLE)
    assert "se udtrykket" in client.get("/staff/offers").body
    # Saving it unchanged (no radio: the expression) keeps it.
    before = (staff.offers_dir / f"{UNGRIDDABLE}.yml").read_text()
    unchanged = changed(form(client, UNGRIDDABLE), action="save")
    assert post(client, f"/staff/offers/{UNGRIDDABLE}", unchanged).status == 303
    assert (staff.offers_dir / f"{UNGRIDDABLE}.yml").read_text() == before


def test_values_in_the_grid_and_the_expression_are_escaped(staff: StaffGateway) -> None:
    client = staff.logged_in()
    typed = changed(form(client), d0_from=[ATTACK, ""], period_from=ATTACK, period_to="x")
    refused = post(client, f"/staff/offers/{OFFER}", typed + [("action", "save")])
    assert refused.status == 422
    assert_escaped(client, "refused grid", refused.body)  # the typed values, shown again
    # An expression with a comment (no grid holds it) on the list and the page.
    commented = 'Mo 10:00-12:00 open "<script>alert(1)</script>"'  # no " inside a comment
    fields = changed(form(client), hours_mode="expression", opening_hours=commented)
    assert post(client, f"/staff/offers/{OFFER}", fields + [("action", "save")]).status == 303
    assert stored(staff) == commented
    assert_escaped(client, "/staff/offers")
    assert_escaped(client, f"/staff/offers/{OFFER}")
