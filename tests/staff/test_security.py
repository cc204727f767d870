"""Security of the staff editor against a real gateway: login, throttling, CSRF, ids, logout."""

from __future__ import annotations

import json
import re

import pytest

from bot.config import ConfigError, Settings
from bot.staff.sessions import COOKIE
from bot.staff.throttle import MAX_FAILURES
from tests.staff.conftest import ACCOUNT, PASSWORD, StaffGateway
from tests.support import post_json

PAGES = [
    "/staff",
    "/staff/templates",
    "/staff/templates/utter_thanks",
    "/staff/templates/utter_thanks/history",
    "/staff/offers",
    "/staff/offers/h17",
    "/staff/offers/h17/history",
    "/staff/static/staff.js",
]
FORMS = [
    "/staff/logout",
    "/staff/templates/utter_thanks",
    "/staff/templates/utter_thanks/preview",
    "/staff/templates/utter_thanks/restore",
    "/staff/offers/h17",
    "/staff/offers/h17/preview",
    "/staff/offers/h17/restore",
]


def version(page: str) -> str:
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


@pytest.mark.parametrize("path", PAGES)
def test_no_page_without_login(staff: StaffGateway, path: str) -> None:
    client = staff.client()
    result = client.get(path)
    assert result.status == 303
    assert client.headers["Location"].startswith("/staff/login")


@pytest.mark.parametrize("path", FORMS)
def test_no_form_without_login(staff: StaffGateway, path: str) -> None:
    before = (staff.responses_dir / "conversation.yml").read_text()
    result = staff.client().post(path, {"text.da": "x", "text.en": "y", "action": "save"})
    assert result.status == 401
    assert (staff.responses_dir / "conversation.yml").read_text() == before


def test_the_login_page_is_open_and_labelled(staff: StaffGateway) -> None:
    page = staff.client().get("/staff/login")
    assert page.status == 200
    assert '<label for="name">' in page.body and '<label for="password">' in page.body
    assert 'name="csrf"' in page.body


def test_login_sets_a_strict_http_only_cookie_and_opens_the_pages(staff: StaffGateway) -> None:
    client = staff.client()
    assert client.login(ACCOUNT, PASSWORD).status == 303
    cookie = client.headers["Set-Cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    for path in PAGES[1:]:
        assert client.get(path).status == 200, path


def test_wrong_passwords_are_throttled_per_name_and_client(staff: StaffGateway) -> None:
    client = staff.client()
    for _ in range(MAX_FAILURES):
        assert client.login(ACCOUNT, "not the password").status == 401
    blocked = client.login(ACCOUNT, PASSWORD)  # even the right password waits now
    assert blocked.status == 429
    assert int(client.headers["Retry-After"]) > 0
    assert client.cookie(COOKIE) is None
    assert client.login("someone-else", "not the password").status == 401  # other name: not blocked


def test_unknown_names_fail_like_wrong_passwords(staff: StaffGateway) -> None:
    assert staff.client().login("nobody", PASSWORD).status == 401


def test_login_without_its_csrf_token_is_refused(staff: StaffGateway) -> None:
    client = staff.client()
    client.get("/staff/login")
    result = client.post("/staff/login", {"name": ACCOUNT, "password": PASSWORD, "csrf": "x"})
    assert result.status == 403
    assert client.cookie(COOKIE) is None


@pytest.mark.parametrize("token", [None, "", "forged", "ünïcode"])
def test_a_save_without_the_right_csrf_token_is_refused(staff: StaffGateway, token) -> None:
    client = staff.logged_in()
    page = client.get("/staff/templates/utter_thanks").body
    before = (staff.responses_dir / "conversation.yml").read_text()
    fields = {"version": version(page), "text.da": "Hej", "text.en": "Hi", "action": "save"}
    if token is not None:
        fields["csrf"] = token
    assert client.post("/staff/templates/utter_thanks", fields).status == 403
    assert (staff.responses_dir / "conversation.yml").read_text() == before


def test_logout_needs_csrf_and_ends_the_session_on_the_server(staff: StaffGateway) -> None:
    client = staff.logged_in()
    cookie = client.cookie(COOKIE)
    assert client.post("/staff/logout", {"csrf": "forged"}).status == 403
    token = client.csrf("/staff/templates")
    assert client.post("/staff/logout", {"csrf": token}).status == 303
    replay = staff.client()
    replay.request("GET", "/staff/templates", headers={"Cookie": f"{COOKIE}={cookie}"})
    assert replay.headers["Location"].startswith("/staff/login")


def test_a_forged_cookie_is_not_a_session(staff: StaffGateway) -> None:
    client = staff.logged_in()
    session_id = client.cookie(COOKIE).partition(".")[0]
    forged = staff.client()
    result = forged.request(
        "GET", "/staff/templates", headers={"Cookie": f"{COOKIE}={session_id}.{'0' * 64}"}
    )
    assert result.status == 303


TRICKS = [
    "..%2F..%2Fetc%2Fpasswd",
    "..%2Fconversation",
    "%2Fetc%2Fpasswd",
    "utter_thanks%00",
    "%00",
    "..",
    "utter_does_not_exist",
    "UTTER_THANKS",
    "conversation.yml",
    "utter_thanks.yml",
]


@pytest.mark.parametrize("trick", TRICKS)
def test_template_ids_with_path_tricks_are_rejected(staff: StaffGateway, trick: str) -> None:
    client = staff.logged_in()
    token = client.csrf("/staff/templates")
    before = sorted(p.name for p in staff.responses_dir.iterdir())
    assert client.get(f"/staff/templates/{trick}").status == 404
    assert client.get(f"/staff/templates/{trick}/history").status == 404
    result = client.post(f"/staff/templates/{trick}", {"csrf": token, "action": "save"})
    assert result.status == 404
    assert sorted(p.name for p in staff.responses_dir.iterdir()) == before


@pytest.mark.parametrize("trick", [*TRICKS[:6], "not-an-offer", "h17.yml", "README"])
def test_offer_ids_with_path_tricks_are_rejected(staff: StaffGateway, trick: str) -> None:
    client = staff.logged_in()
    token = client.csrf("/staff/offers")
    before = sorted(p.name for p in staff.offers_dir.iterdir())
    assert client.get(f"/staff/offers/{trick}").status == 404
    result = client.post(f"/staff/offers/{trick}", {"csrf": token, "action": "save"})
    assert result.status == 404
    assert (
        client.post(f"/staff/offers/{trick}/restore", {"csrf": token, "index": "0"}).status == 404
    )
    assert sorted(p.name for p in staff.offers_dir.iterdir()) == before


@pytest.mark.parametrize("index", ["-1", "99", "0x0", "../0", ""])
def test_restore_of_a_version_that_does_not_exist_is_rejected(
    staff: StaffGateway, index: str
) -> None:
    client = staff.logged_in()
    token = client.csrf("/staff/templates")
    result = client.post("/staff/templates/utter_thanks/restore", {"csrf": token, "index": index})
    assert result.status == 404


def test_login_does_not_redirect_off_site(staff: StaffGateway) -> None:
    client = staff.client()
    token = client.csrf("/staff/login?next=//evil.example/x")
    result = client.post(
        "/staff/login?next=//evil.example/x", {"csrf": token, "name": ACCOUNT, "password": PASSWORD}
    )
    assert result.status == 303 and client.headers["Location"] == "/staff/templates"


def test_the_simulator_stays_open_in_development(staff: StaffGateway) -> None:
    assert staff.client().get("/simulator").status == 200


def test_in_production_the_simulator_needs_a_staff_login(production: StaffGateway) -> None:
    client = production.client()
    refused = client.get("/simulator")
    assert refused.status == 403 and 'href="/staff/login?next=/simulator"' in refused.body
    message = {"channel": "sms", "from": "+4511111111", "text": "hej"}
    assert post_json(f"{production.url}/simulator/api/message", message).status == 403
    client = production.logged_in()
    assert client.get("/simulator").status == 200
    body = json.dumps(message).encode()
    headers = {"Content-Type": "application/json"}
    answer = client.request("POST", "/simulator/api/message", body, headers)
    assert answer.status == 200 and answer.json()["replies"]  # engine down: the kind fallback
    evil = client.request(
        "POST", "/simulator/api/message", body, {**headers, "Origin": "https://evil.example"}
    )
    assert evil.status == 403
    form = client.request("POST", "/simulator/api/message", body, {"Content-Type": "text/plain"})
    assert form.status == 403


def test_production_refuses_the_dev_session_secret() -> None:
    env = {"LYGTE_MODE": "production", "PSEUDONYM_SECRET": "a" * 64, "TWILIO_AUTH_TOKEN": "t"}
    with pytest.raises(ConfigError):
        Settings.from_env({**env, "STAFF_SESSION_SECRET": "dev-staff-session-secret"})
    assert Settings.from_env({**env, "STAFF_SESSION_SECRET": "b" * 64}).production
