"""The inbox's JSON contract (/staff/api/) against a real gateway: login, CSRF header, the
fields of a case, two staff racing for one case, replies queued for the person, close, the
event stream, and never a pseudonym in any answer."""

from __future__ import annotations

import http.client
import json
from datetime import datetime, timezone

import pytest

from bot.handover.store import CaseStore
from bot.keys import CASES_KEY
from bot.staff.sessions import COOKIE
from lygte.handover import Case, Message
from tests.staff.client import StaffClient
from tests.staff.conftest import ANSWERER, BOTH, StaffGateway
from tests.support import HttpResult, race_to_take

#: A pseudonym as the line would make it: it must never reach staff.
PSEUDONYM = "pseudonym-7f3a9c2e-marker"
SUMMARY_FIELDS = {"code", "language", "channel", "state", "waiting_s", "unread"}


def store(staff: StaffGateway) -> CaseStore:
    return staff.app[CASES_KEY]


def open_case(
    staff: StaffGateway,
    *texts: str,
    pseudonym: str = PSEUDONYM,
    language: str = "ro",
    channel: str = "sms",
) -> Case:
    """Open a case in the gateway's store with the person's `texts`, as the line would."""
    now = datetime.now(timezone.utc)
    case = staff.run(store(staff).open(pseudonym, language, channel, now))
    for text in texts:
        staff.run(store(staff).add_message(case.code, Message("person", text, now)))
    return case


class Api:
    """A logged-in staff member using the JSON API, with the session's CSRF token."""

    def __init__(self, client: StaffClient) -> None:
        self.client = client
        self.token = client.csrf("/staff/inbox")
        self.seen: list[str] = []  # every body, to check for the pseudonym

    def get(self, path: str) -> HttpResult:
        result = self.client.get("/staff/api/" + path)
        self.seen.append(result.body)
        return result

    def post(self, path: str, body: object = None, token: str | None = None) -> HttpResult:
        headers = {"Content-Type": "application/json"}
        if token is None:
            headers["X-CSRF-Token"] = self.token
        elif token:
            headers["X-CSRF-Token"] = token
        data = json.dumps(body or {}).encode() if not isinstance(body, bytes) else body
        result = self.client.request("POST", "/staff/api/" + path, data, headers)
        self.seen.append(result.body)
        return result


def api_for(staff: StaffGateway, account: str = ANSWERER) -> Api:
    return Api(staff.logged_in(account))


def test_no_api_and_no_inbox_without_login(staff: StaffGateway) -> None:
    case = open_case(staff, "hello")
    client = staff.client()
    for path in ("/staff/api/cases", f"/staff/api/cases/{case.code}", "/staff/api/events"):
        result = client.get(path)
        assert (result.status, result.json()) == (401, {"error": "login_needed"}), path
    result = client.request("POST", f"/staff/api/cases/{case.code}/take", b"{}")
    assert result.status == 401
    assert staff.run(store(staff).by_code(case.code)).state == "waiting"
    assert client.get("/staff/inbox").status == 303
    assert client.headers["Location"] == "/staff/login?next=/staff/inbox"


def test_the_list_and_a_case_show_what_staff_need_and_nothing_of_who(
    staff: StaffGateway,
) -> None:
    case = open_case(staff, "buna, am nevoie de ajutor", "sunteti acolo?")
    api = api_for(staff)
    listed = api.get("cases")
    assert listed.status == 200 and listed.content_type == "application/json"
    [summary] = listed.json()
    assert set(summary) == SUMMARY_FIELDS
    assert summary["code"] == case.code
    assert (summary["language"], summary["channel"], summary["state"]) == ("ro", "sms", "waiting")
    assert summary["unread"] == 2 and summary["waiting_s"] >= 0

    detail = api.get(f"cases/{case.code}").json()
    assert SUMMARY_FIELDS | {"taken_by", "opened_at", "messages"} == set(detail)
    assert [(m["from"], m["text"]) for m in detail["messages"]] == [
        ("person", "buna, am nevoie de ajutor"),
        ("person", "sunteti acolo?"),
    ]
    assert all(datetime.fromisoformat(m["at"]) for m in detail["messages"])
    assert api.get("cases").json()[0]["unread"] == 0  # opening it read it
    assert api.get(f"cases/{case.code.lower()}").status == 200  # typed in lower case
    assert all(PSEUDONYM not in body for body in api.seen)


@pytest.mark.parametrize("code", ["ZZZZ", "0O1I", "../..", "ABCDE"])
def test_an_unknown_or_malformed_code_is_not_found(staff: StaffGateway, code: str) -> None:
    api = api_for(staff)
    assert api.get(f"cases/{code}").status == 404
    assert api.post(f"cases/{code}/take").status == 404


@pytest.mark.parametrize("token", ["", "wrong-token"])
def test_a_post_needs_the_session_csrf_token_in_the_header(staff: StaffGateway, token: str) -> None:
    case = open_case(staff, "hello")
    api = api_for(staff)
    for action, body in (("take", {}), ("reply", {"text": "hej"}), ("close", {})):
        result = api.post(f"cases/{case.code}/{action}", body, token=token)
        assert (result.status, result.json()) == (403, {"error": "forbidden"})
    # the token as a form field (the pages' way) does not do for the API either
    form = api.client.post(f"/staff/api/cases/{case.code}/take", {"csrf": api.token})
    assert form.status == 403
    after = staff.run(store(staff).by_code(case.code))
    assert after.state == "waiting" and after.messages[-1].sender == "person"


def test_two_staff_racing_for_a_case_one_gets_it_the_other_409(staff: StaffGateway) -> None:
    case = open_case(staff, "can someone help")
    anna, bo = api_for(staff, ANSWERER), api_for(staff, BOTH)
    winner, won = race_to_take(case.code, {ANSWERER: anna.post, BOTH: bo.post})
    assert (won["state"], won["taken_by"]) == ("taken", winner)

    loser = bo if winner == ANSWERER else anna
    assert loser.post(f"cases/{case.code}/take").status == 409
    assert loser.post(f"cases/{case.code}/reply", {"text": "me too"}).status == 409
    assert loser.post(f"cases/{case.code}/close").status == 409
    assert staff.run(store(staff).pending_for(PSEUDONYM)) == []


def test_a_reply_is_queued_for_the_person_and_close_erases_the_case(
    staff: StaffGateway,
) -> None:
    case = open_case(staff, "I need to talk")
    api = api_for(staff)
    replied = api.post(f"cases/{case.code}/reply", {"text": "  Hi, I am Anna. I am here.  "})
    assert replied.status == 200  # a reply takes a case nobody holds
    detail = replied.json()
    assert (detail["state"], detail["taken_by"], detail["waiting_s"]) == ("taken", ANSWERER, 0)
    assert detail["messages"][-1]["from"] == "staff"
    assert detail["messages"][-1]["text"] == "Hi, I am Anna. I am here."
    assert staff.run(store(staff).pending_for(PSEUDONYM)) == ["Hi, I am Anna. I am here."]
    assert staff.run(store(staff).pending_for(PSEUDONYM)) == []  # delivered once

    api.post(f"cases/{case.code}/reply", {"text": "Are you still there?"})
    closed = api.post(f"cases/{case.code}/close")
    assert (closed.status, closed.json()) == (200, {"closed": case.code})
    assert staff.run(store(staff).by_code(case.code)) is None
    assert staff.run(store(staff).case_for(PSEUDONYM)) is None
    assert staff.run(store(staff).pending_for(PSEUDONYM)) == []
    assert api.get(f"cases/{case.code}").status == 404
    assert api.get("cases").json() == []
    assert all(PSEUDONYM not in body for body in api.seen)


@pytest.mark.parametrize(
    "body", [{}, {"text": ""}, {"text": "   "}, {"text": 5}, {"text": "x" * 1001}, b"not json"]
)
def test_a_reply_without_a_usable_text_is_refused(staff: StaffGateway, body: object) -> None:
    case = open_case(staff, "hello")
    api = api_for(staff)
    result = api.post(f"cases/{case.code}/reply", body)
    assert result.status == 422 and result.json()["error"] == "text"
    assert staff.run(store(staff).pending_for(PSEUDONYM)) == []


@pytest.mark.parametrize("link", ["https://www.reden.dk", "see www.reden.dk/hjaelp please"])
def test_a_link_in_a_reply_to_an_sms_case_is_refused_with_the_reason(
    staff: StaffGateway, link: str
) -> None:
    case = open_case(staff, "hello")
    result = api_for(staff).post(f"cases/{case.code}/reply", {"text": link})
    assert result.status == 422 and result.json()["error"] == "link"
    assert staff.run(store(staff).pending_for(PSEUDONYM)) == []


def test_a_link_may_go_to_a_signal_case(staff: StaffGateway) -> None:
    case = open_case(staff, "hello", channel="signal")
    result = api_for(staff).post(f"cases/{case.code}/reply", {"text": "https://www.reden.dk"})
    assert result.status == 200
    assert staff.run(store(staff).pending_for(PSEUDONYM)) == ["https://www.reden.dk"]


def _stream(staff: StaffGateway, client: StaffClient) -> http.client.HTTPResponse:
    """GET /staff/api/events as a browser's EventSource would, once subscribed."""
    host, port = staff.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(
        "GET",
        "/staff/api/events",
        headers={"Accept": "text/event-stream", "Cookie": f"{COOKIE}={client.cookie(COOKIE)}"},
    )
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.getheader("Content-Security-Policy")
    assert response.readline() == b"retry: 3000\n"  # sent once the stream is subscribed
    assert response.readline() == b"\n"
    return response


def _next_event(response: http.client.HTTPResponse) -> tuple[str, dict]:
    lines = []
    while (line := response.readline().decode()) != "\n":
        if not line.startswith(":"):  # a keep-alive comment
            lines.append(line.rstrip("\n"))
    fields = dict(line.split(": ", 1) for line in lines)
    return fields["event"], json.loads(fields["data"])


def test_the_event_stream_says_which_case_changed_and_never_what(staff: StaffGateway) -> None:
    api = api_for(staff)
    response = _stream(staff, api.client)
    case = open_case(staff, "secret words")
    assert _next_event(response) == ("case", {"kind": "opened", "code": case.code})
    assert _next_event(response) == ("case", {"kind": "message", "code": case.code})
    api.post(f"cases/{case.code}/take")
    assert _next_event(response) == ("case", {"kind": "taken", "code": case.code})
    api.post(f"cases/{case.code}/close")
    assert _next_event(response) == ("case", {"kind": "closed", "code": case.code})
    response.close()
