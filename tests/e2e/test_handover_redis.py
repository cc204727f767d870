"""Talking to a person in Redis mode, for real: redis-server, an engine, the actions and
several gateway processes. A person's text through one gateway is a live event on another's
inbox; a staff reply waiting for the person survives a restart of the gateway; two staff on
two gateways racing for one case: one gets it. Memory mode says that a restart loses cases.
"""

from __future__ import annotations

import http.client
import json
import secrets
import subprocess
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import redis
from markupsafe import escape

from bot.redis_state import GATEWAY_DB
from bot.staff.accounts import add_account
from bot.staff.i18n import LANGUAGES, translate
from bot.staff.sessions import COOKIE
from tests.e2e.conftest import start_procfile, stop, wait_healthy
from tests.e2e.redis_line import RedisLine, redis_line
from tests.staff.client import StaffClient
from tests.support import (
    HttpResult,
    free_port,
    post_sms,
    race_to_take,
    sms_params,
    twiml_messages,
)

PASSWORD = "lang-nok-adgangskode-42"
ANNA, BO = "anna", "bo"  # both may answer
#: Menu option 14: "someone to talk to" (lygte/menu.py), the engine's `talk` intent.
TALK = "14"
#: Longest wait for an event: a guard against a hang, not a measured time.
STREAM_TIMEOUT_S = 30


@dataclass
class Gateway:
    """One gateway process of the line (under its own honcho), at `url`."""

    url: str
    process: subprocess.Popen


@dataclass
class Line:
    """The Redis-mode line (its own gateway included) and a directory for more gateways."""

    redis: RedisLine
    tmp: Path

    @contextmanager
    def gateway(self, port: int | None = None, **env: str) -> Iterator[Gateway]:
        """Another gateway process like the line's own, on `port`, with `env` on top (a
        variable set to "" is left out); stopped on the way out."""
        port = port or free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**self.redis.env, "GATEWAY_PORT": str(port), "PUBLIC_URL": url, **env}
        name = f"gateway-{port}-{uuid.uuid4().hex[:6]}"
        output = self.tmp / f"{name}.log"
        process = start_procfile(
            {key: value for key, value in env.items() if value},
            self.tmp / f"{name}.env",
            output,
            "gateway",
        )
        self.redis.outputs.append(output)  # the privacy checks read it too
        try:
            wait_healthy(url, process, output)
            yield Gateway(url, process)
        finally:
            stop(process)


@pytest.fixture(scope="module")
def line(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Line]:
    tmp = tmp_path_factory.mktemp("handover-redis")
    staff = tmp / "staff"
    for account in (ANNA, BO):
        add_account(staff, account, PASSWORD, ("answer",))
    extra = {"STAFF_DATA_DIR": str(staff), "HANDOFF_DUTY_HOURS": "24/7"}
    with redis_line(tmp, engine_count=1, extra_env=extra) as running:
        yield Line(running, tmp)


class Staff:
    """A staff member logged in on one gateway, using the inbox's JSON API."""

    def __init__(self, url: str, account: str) -> None:
        self.url = url
        self.client = StaffClient(url)
        assert self.client.login(account, PASSWORD).status == 303
        self.token = self.client.csrf("/staff/inbox")

    def get(self, path: str) -> HttpResult:
        return self.client.get("/staff/api/" + path)

    def post(self, path: str, body: dict | None = None) -> HttpResult:
        headers = {"Content-Type": "application/json", "X-CSRF-Token": self.token}
        data = json.dumps(body or {}).encode()
        return self.client.request("POST", "/staff/api/" + path, data, headers)

    def codes(self) -> set[str]:
        """The codes of the open cases."""
        listed = self.get("cases")
        assert listed.status == 200, listed.body
        return {case["code"] for case in listed.json()}


class Events:
    """The inbox's event stream on one gateway, read as a browser's EventSource does."""

    def __init__(self, staff: Staff) -> None:
        host, port = staff.url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=STREAM_TIMEOUT_S)
        cookie = f"{COOKIE}={staff.client.cookie(COOKIE)}"
        self.connection.request("GET", "/staff/api/events", headers={"Cookie": cookie})
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.readline() == b"retry: 3000\n"  # sent once subscribed

    def next(self) -> dict:
        """The data of the next `case` event (keep-alive comments skipped)."""
        fields: dict[str, str] = {}
        deadline = time.monotonic() + STREAM_TIMEOUT_S  # keep-alives must not wait forever
        while "data" not in fields:
            assert time.monotonic() < deadline, "no event came"
            row = self.response.readline().decode().rstrip("\n")
            if row and not row.startswith(":"):
                key, value = row.split(": ", 1)
                fields[key] = value
        assert fields["event"] == "case"
        return json.loads(fields["data"])

    def ended(self) -> bool:
        """True once the gateway ended the stream (keep-alives skipped)."""
        deadline = time.monotonic() + STREAM_TIMEOUT_S
        while row := self.response.readline():
            assert row.startswith(b":") or row == b"\n", row
            assert time.monotonic() < deadline, "the stream did not end"
        return True

    def close(self) -> None:
        self.connection.close()


def text(line: Line, url: str, number: str, words: str) -> list[str]:
    """What the phone shows after a signed SMS `words` from `number` to the gateway at `url`."""
    result = post_sms(url, line.redis.twilio_token, sms_params(number, words))
    assert result.status == 200, result.body
    return twiml_messages(result.body)


def new_number() -> str:
    return "+45" + str(uuid.uuid4().int)[:8]


def open_case(line: Line, url: str, number: str, staff: Staff) -> str:
    """The person asks for someone to talk to through `url`; the new case's code."""
    before = staff.codes()
    assert text(line, url, number, TALK)
    [code] = staff.codes() - before
    return code


def test_a_persons_text_through_one_gateway_is_an_event_on_anothers_inbox(line: Line) -> None:
    number, words = new_number(), "er der nogen " + secrets.token_hex(4)
    with line.gateway() as other:
        anna = Staff(other.url, ANNA)
        events = Events(anna)
        try:
            code = open_case(line, line.redis.url, number, anna)
            assert events.next() == {"kind": "opened", "code": code}
            assert text(line, line.redis.url, number, words)
            assert events.next() == {"kind": "message", "code": code}
            detail = anna.get(f"cases/{code}").json()
            assert [m["text"] for m in detail["messages"] if m["from"] == "person"][-1] == words
            assert anna.post(f"cases/{code}/close").status == 200
            assert events.next() == {"kind": "closed", "code": code}
            stop(other.process)  # with the inbox open: the gateway ends the stream and stops
            assert events.ended()
        finally:
            events.close()
    assert number not in line.redis.output_text() and words not in line.redis.output_text()


def test_a_waiting_reply_survives_a_gateway_restart(line: Line) -> None:
    number, reply = new_number(), "Hej, jeg hedder Anna " + secrets.token_hex(4)
    port = free_port()
    with line.gateway(port) as gateway:
        anna = Staff(gateway.url, ANNA)
        code = open_case(line, gateway.url, number, anna)
        assert text(line, gateway.url, number, "kan du hjælpe mig")
        assert anna.post(f"cases/{code}/reply", {"text": reply}).status == 200
    assert gateway.process.poll() is not None  # the gateway really stopped
    with line.gateway(port) as again:
        anna = Staff(again.url, ANNA)
        assert code in anna.codes()  # still in the inbox
        assert any(reply in shown for shown in text(line, again.url, number, "hallo?"))
        assert not any(reply in shown for shown in text(line, again.url, number, "tak"))
        assert code in anna.codes()
        assert anna.post(f"cases/{code}/close").status == 200
        assert code not in anna.codes()
    store = redis.Redis(
        port=line.redis.redis_port, password=line.redis.redis_password, db=GATEWAY_DB
    )
    keys = store.keys("*")
    assert all(store.ttl(key) > 0 for key in keys), keys  # every key expires by itself
    # close erased the case: no key names it, the mapping to it is gone, the index lost it
    assert not [key for key in keys if code.encode() in key], keys
    assert code.encode() not in [store.get(key) for key in keys if store.type(key) == b"string"]
    assert store.zscore("lygte:cases", code) is None
    output = line.redis.output_text()
    assert number not in output and reply not in output


def test_two_staff_on_two_gateways_racing_for_a_case_one_gets_it(line: Line) -> None:
    number = new_number()
    with line.gateway() as other:
        anna, bo = Staff(line.redis.url, ANNA), Staff(other.url, BO)
        code = open_case(line, line.redis.url, number, anna)
        winner, _ = race_to_take(code, {ANNA: anna.post, BO: bo.post})
        loser = bo if winner == ANNA else anna
        assert loser.post(f"cases/{code}/reply", {"text": "me too"}).status == 409
        holder = anna if winner == ANNA else bo
        assert holder.post(f"cases/{code}/close").status == 200


def test_the_inbox_says_a_restart_loses_cases_only_in_memory_mode(line: Line) -> None:
    notice = 'id="memory-only"'
    redis_mode = Staff(line.redis.url, ANNA).client.get("/staff/inbox")
    assert redis_mode.status == 200 and notice not in redis_mode.body
    with line.gateway(REDIS_HOST="", REDIS_PORT="", REDIS_PASSWORD="") as memory:
        for language in LANGUAGES:
            page = Staff(memory.url, ANNA).client.get(f"/staff/inbox?lang={language}")
            assert page.status == 200 and notice in page.body
            assert escape(translate(language, "inbox_memory_only")) in page.body  # as Jinja
