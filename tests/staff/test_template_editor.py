"""Editing templates through the staff pages: checks, atomic save, live reload, history."""

from __future__ import annotations

import html
import re

import pytest

from bot.templates import TemplateStore
from tests.staff.client import StaffClient
from tests.staff.conftest import StaffGateway

NAME = "utter_thanks"


def form(client: StaffClient, name: str = NAME) -> dict[str, str]:
    """The edit form of `name` as the browser would submit it unchanged."""
    page = client.get(f"/staff/templates/{name}").body
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    for key, text in re.findall(
        r'<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)</textarea>', page
    ):
        fields[key] = html.unescape(text)
    for key in re.findall(r'<input type="checkbox" name="([^"]+)" checked>', page):
        fields[key] = "on"
    return fields


def errors(page: str) -> list[str]:
    box = re.search(r'<div class="error" role="alert">(.*?)</div>', page, re.S)
    return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", box.group(1))] if box else []


def test_the_list_shows_every_template_with_languages_and_review_marks(staff: StaffGateway) -> None:
    page = staff.logged_in().get("/staff/templates").body
    store = TemplateStore(staff.responses_dir, "da")
    for name in store.templates():
        assert f'href="/staff/templates/{name}"' in page
    assert "ikke gennemlæst" in page  # every shipped text is still unreviewed
    assert re.search(r"signal: (?:[a-z]{2}, )*da, (?:[a-z]{2}, )*en", page)  # a channel variant


def test_the_form_shows_placeholders_and_a_preview_as_sms_and_signal(staff: StaffGateway) -> None:
    page = staff.logged_in().get("/staff/templates/utter_offers").body
    for placeholder in ("{need}", "{offers}", "{more}"):
        assert f"<code>{placeholder}</code>" in page
    assert "Som SMS" in page and "Som Signal" in page and "GSM-7" in page
    assert "Mændenes Hjem sundhedsklinik" in page  # realistic values fill {offers}


def test_a_valid_save_is_used_at_once_and_recorded(staff: StaffGateway) -> None:
    client = staff.logged_in()
    store = TemplateStore(staff.responses_dir, "da")
    assert "Det var så lidt" in store.render(NAME, "da", "sms")
    still_unreviewed = set(store.templates()[NAME].unreviewed) - {"da"}
    path = staff.responses_dir / "conversation.yml"
    others = path.read_text().replace(
        path.read_text()[path.read_text().index(f"{NAME}:") :].split("\n\n")[0], ""
    )
    fields = form(client) | {"text.da": "Selv tak.\nSkriv igen.", "reviewed.da": "on"}
    result = client.post(f"/staff/templates/{NAME}", fields | {"action": "save"})
    assert result.status == 303
    assert store.render(NAME, "da", "sms") == "Selv tak.\nSkriv igen."  # no restart needed
    assert set(store.templates()[NAME].unreviewed) == still_unreviewed  # da was ticked
    text = path.read_text()
    assert text.startswith("# Lygte - conversation replies")  # comments and layout kept
    assert text.replace(text[text.index(f"{NAME}:") :].split("\n\n")[0], "") == others
    history = client.get(f"/staff/templates/{NAME}/history").body
    assert "mette" in history and "Selv tak." in history and "Det var så lidt" in history
    assert not list(staff.responses_dir.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"text.da": ""}, "text.da: er tom"),
        ({"text.en": "   "}, "text.en: er tom"),
        ({"text.da": "Jeg kender desværre ikke et sted endnu."}, "feltet {need} mangler"),
        ({"text.da": "{need}: {needs} ukendt"}, "{needs} er ikke et felt"),
        ({"text.da": "{need}: {nee"}, "krøllet parentes"),
        ({"text.en": "{need}: Free Escort-free help"}, "'Escort'"),
        ({"text.da": "{need}: " + "Lang tekst. " * 40}, "mere end budgettet på 3"),
    ],
)
def test_a_broken_template_is_not_saved(staff: StaffGateway, change: dict, expected: str) -> None:
    client = staff.logged_in()
    path = staff.responses_dir / "offers.yml"
    before = path.read_text()
    result = client.post(
        "/staff/templates/utter_no_offers",
        form(client, "utter_no_offers") | change | {"action": "save"},
    )
    assert result.status == 422
    assert any(expected in message for message in errors(result.body)), errors(result.body)
    assert path.read_text() == before
    assert change.popitem()[1].strip()[:20] in result.body or "er tom" in expected  # text kept


def test_a_part_that_makes_a_whole_reply_too_long_is_not_saved(staff: StaffGateway) -> None:
    client = staff.logged_in()
    fields = form(client, "part_hours_call_first")
    fields["text.da"] += " Spørg om tiderne, før du tager afsted, de kan have ændret sig."
    fields["action"] = "save"
    result = client.post("/staff/templates/part_hours_call_first", fields)
    assert result.status == 422
    assert any("utter_offers (sms, da)" in message for message in errors(result.body))


def test_a_stale_save_is_refused_instead_of_overwriting(staff: StaffGateway) -> None:
    first, second = staff.logged_in(), staff.logged_in()
    old_form = form(second)
    saved = first.post(
        f"/staff/templates/{NAME}", form(first) | {"text.en": "First!", "action": "save"}
    )
    assert saved.status == 303
    late = second.post(
        f"/staff/templates/{NAME}", old_form | {"text.en": "Second!", "action": "save"}
    )
    assert late.status == 409
    assert "en anden har gemt" in late.body and "Second!" in late.body  # their text is kept
    assert TemplateStore(staff.responses_dir, "da").render(NAME, "en", "sms") == "First!"


def test_any_earlier_version_can_be_restored(staff: StaffGateway) -> None:
    client = staff.logged_in()
    store = TemplateStore(staff.responses_dir, "da")
    original = store.render(NAME, "en", "sms")
    for text in ("One.", "Two."):
        client.post(f"/staff/templates/{NAME}", form(client) | {"text.en": text, "action": "save"})
    assert store.render(NAME, "en", "sms") == "Two."
    fields = form(client)
    restored = client.post(
        f"/staff/templates/{NAME}/restore",
        {"csrf": fields["csrf"], "version": fields["version"], "index": "0"},
    )
    assert restored.status == 303
    assert store.render(NAME, "en", "sms") == original
    stale = client.post(
        f"/staff/templates/{NAME}/restore",
        {"csrf": fields["csrf"], "version": fields["version"], "index": "1"},
    )
    assert stale.status == 409


def test_preview_renders_what_was_typed_without_saving(staff: StaffGateway) -> None:
    client = staff.logged_in()
    path = staff.responses_dir / "conversation.yml"
    before = path.read_text()
    fields = form(client) | {"text.da": "Ingen årsag – skriv igen"}
    fragment = client.post(f"/staff/templates/{NAME}/preview", fields)
    assert fragment.status == 200
    assert "Ingen årsag - skriv igen" in fragment.body  # the SMS gets GSM-7 dashes
    assert "Ingen årsag – skriv igen" in fragment.body  # Signal keeps the text as typed
    assert path.read_text() == before


def test_interface_in_english(staff: StaffGateway) -> None:
    client = staff.logged_in()
    page = client.get("/staff/templates?lang=en").body
    assert '<html lang="en">' in page and "Reply texts" in page
    assert '<html lang="en">' in client.get("/staff/offers").body  # remembered in a cookie


def test_problems_are_explained_in_the_interface_language(staff: StaffGateway) -> None:
    client = staff.logged_in()
    client.get("/staff/templates?lang=en")
    fields = form(client) | {"text.en": "", "action": "save"}
    result = client.post(f"/staff/templates/{NAME}", fields)
    assert result.status == 422 and "Not saved:" in result.body
    assert f"{NAME} text.en: empty" in errors(result.body)


def test_an_edit_is_judged_by_what_it_changes(staff: StaffGateway) -> None:
    client = staff.logged_in()
    fields = form(client, "utter_offers")
    fields["text.da"] = fields["text.da"].replace("{need}", "{need} ", 1)  # harmless in Danish
    assert client.post("/staff/templates/utter_offers", fields | {"action": "save"}).status == 303
    fields = form(client, "utter_offers")
    fields["text.en"] += " Remember to call before you go." * 8
    refused = client.post("/staff/templates/utter_offers", fields | {"action": "save"})
    assert refused.status == 422
    assert any("utter_offers (sms, en)" in message for message in errors(refused.body))
