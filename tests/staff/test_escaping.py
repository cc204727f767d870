"""Every value on the staff pages is escaped (Jinja2 autoescape): a `<script>` in a template
text, an offer's name, a verification note or a typed login name comes out as text."""

from __future__ import annotations

import re

from tests.staff.client import StaffClient
from tests.staff.conftest import StaffGateway
from tests.staff.test_offer_editor import form as offer_form
from tests.staff.test_template_editor import form as template_form

ATTACK = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert("
#: The only script tag a staff page may carry: the live preview's own file.
OWN_SCRIPT = '<script src="/staff/static/staff.js" defer>'


def assert_escaped(client: StaffClient, path: str, body: str | None = None) -> None:
    """The attack shows on the page `path` as escaped text and never as a tag."""
    page = client.get(path).body if body is None else body
    assert ESCAPED in page, path
    assert "<script>alert" not in page, path
    assert set(re.findall(r"<script\b[^>]*>", page)) <= {OWN_SCRIPT}, path


def test_a_template_text_is_escaped_on_every_page(staff: StaffGateway) -> None:
    client = staff.logged_in()
    fields = template_form(client) | {"text.da": f"{ATTACK} Selv tak."}
    preview = client.post("/staff/templates/utter_thanks/preview", fields)
    assert_escaped(client, "preview", preview.body)
    assert client.post("/staff/templates/utter_thanks", fields | {"action": "save"}).status == 303
    assert_escaped(client, "/staff/templates/utter_thanks")  # the text field and the bubbles
    assert_escaped(client, "/staff/templates/utter_thanks/history")


def test_an_offer_name_and_note_are_escaped_on_every_page(staff: StaffGateway) -> None:
    client = staff.logged_in()
    fields = offer_form(client) | {"verified_note": ATTACK, "action": "save"}
    assert client.post("/staff/offers/h17", fields).status == 303
    path = staff.offers_dir / "h17.yml"
    path.write_text(path.read_text().replace("name: H17 Stofindtagelsen", f"name: '{ATTACK}'"))
    assert_escaped(client, "/staff/offers")  # the name
    assert_escaped(client, "/staff/offers/h17")  # the name (title, heading) and the note
    assert_escaped(client, "/staff/offers/h17/history")  # the note in the saved file


def test_a_typed_login_name_is_escaped(staff: StaffGateway) -> None:
    client = staff.client()
    token = client.csrf("/staff/login")
    refused = client.post("/staff/login", {"csrf": token, "name": ATTACK, "password": "x" * 12})
    assert refused.status == 401
    assert_escaped(client, "login", refused.body)
