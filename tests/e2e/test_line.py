"""The whole line end to end: real engine with a freshly trained model, real action server,
real gateway, real HTTP between them, real signed Twilio requests."""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from pathlib import Path

import yaml

from tests.e2e.conftest import IDLE_SECONDS, REPO, RunningLine
from tests.e2e.redis_line import descendants
from tests.support import (
    http,
    post_json,
    post_sms,
    sms_params,
    twilio_signature,
    twiml_messages,
)


def offers_by_id() -> dict[str, dict]:
    """The offers catalogue as plain data, read independently of the action code."""
    return {path.stem: yaml.safe_load(path.read_text()) for path in (REPO / "offers").glob("*.yml")}


def say(line: RunningLine, text: str, sender: str, channel: str = "sms") -> dict:
    """One message through the simulator API; returns its JSON answer."""
    result = post_json(
        f"{line.url}/simulator/api/message", {"channel": channel, "from": sender, "text": text}
    )
    assert result.status == 200, result.body
    return result.json()


def new_number() -> str:
    return "+45" + str(uuid.uuid4().int)[:8]


def test_health_reports_engine_and_actions_up(line: RunningLine) -> None:
    result = http("GET", f"{line.url}/healthz")
    assert result.status == 200
    assert result.json() == {"engine": True, "actions": True}


def test_signed_sms_about_a_shower_names_a_real_offer_with_a_shower(line: RunningLine) -> None:
    result = post_sms(line.url, line.twilio_token, sms_params(new_number(), "I need a shower"))
    assert result.status == 200
    assert result.content_type == "text/xml"
    text = "\n".join(twiml_messages(result.body))
    with_shower = [o["name"] for o in offers_by_id().values() if "need_shower" in o["needs"]]
    assert with_shower, "the catalogue must have at least one offer with a shower"
    assert any(name in text for name in with_shower), text


def test_forged_and_unsigned_sms_are_refused(line: RunningLine) -> None:
    params = sms_params(new_number(), "hej")
    assert post_sms(line.url, "not-the-token", params).status == 403
    assert post_sms(line.url, line.twilio_token, params, signature="").status == 403
    signed_for_other_body = post_sms(line.url, line.twilio_token, sms_params("+4511", "x"))
    assert signed_for_other_body.status == 200
    forged = twilio_signature(
        line.twilio_token, f"{line.url}/webhooks/sms", sms_params("+4511", "x")
    )
    assert post_sms(line.url, line.twilio_token, params, signature=forged).status == 403


def test_simulator_contract(line: RunningLine) -> None:
    answer = say(line, "I need a shower", new_number())
    assert set(answer) == {"replies", "intent", "confidence", "language", "offers"}
    assert answer["intent"] == "need_shower"
    assert 0 <= answer["confidence"] <= 1
    assert answer["language"] == "en"
    assert answer["replies"] and all(isinstance(r, str) and r for r in answer["replies"])
    catalogue = offers_by_id()
    assert answer["offers"], answer
    for offer_id in answer["offers"]:
        assert "need_shower" in catalogue[offer_id]["needs"]
        assert catalogue[offer_id]["name"] in "\n".join(answer["replies"])


def test_simulator_understands_danish_and_keeps_the_language(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "jeg har brug for et sted at sove i nat", sender)
    assert first["intent"] == "sleep"
    assert first["language"] == "da"
    menu = say(line, "1", sender)
    assert menu["language"] == "da"


def test_menu_then_a_digit_picks_the_need(line: RunningLine) -> None:
    sender = new_number()
    menu = say(line, "menu", sender)
    assert menu["intent"] == "menu"
    assert "1" in menu["replies"][0]
    picked = say(line, "1", sender)
    assert picked["intent"] == "choose_option"
    catalogue = offers_by_id()
    assert picked["offers"] and all(
        "need_shower" in catalogue[o]["needs"] for o in picked["offers"]
    )


def test_more_and_hours_follow_the_listed_offers(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "I need a doctor", sender)
    assert first["intent"] == "health"
    more = say(line, "more", sender)
    assert more["intent"] == "more"
    assert not set(more["offers"]) & set(first["offers"])
    hours = say(line, "is it open now?", sender)
    assert hours["intent"] == "ask_hours"
    listed = more["offers"] or first["offers"]
    assert hours["offers"] == listed[-3:]


def test_a_template_edit_changes_the_next_reply(line: RunningLine) -> None:
    path = line.responses_dir / "conversation.yml"
    original = path.read_text()
    data = yaml.safe_load(original)
    data["utter_greet"]["text"]["en"] = "Hello from the edited template."
    try:
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
        answer = say(line, "hello there", new_number())
        assert answer["intent"] == "greet"
        assert answer["replies"] == ["Hello from the edited template."]
    finally:
        path.write_text(original)
    assert say(line, "hello there", new_number())["replies"] != ["Hello from the edited template."]


def test_conversation_state_expires_after_the_idle_time(line: RunningLine) -> None:
    sender = new_number()
    assert say(line, "I need a shower", sender)["offers"]
    time.sleep(IDLE_SECONDS + 2)
    after = say(line, "more", sender)
    assert after["intent"] == "more"
    assert after["offers"] == []  # the need was forgotten: the line asks what they need


def test_no_identity_or_text_reaches_the_process_output(line: RunningLine) -> None:
    number = "+4599" + str(uuid.uuid4().int)[:6]
    signal_id = str(uuid.uuid4())
    marker = "zebra" + uuid.uuid4().hex[:8]
    post_sms(line.url, line.twilio_token, sms_params(number, f"I need a shower {marker}"))
    say(line, f"need somewhere to sleep {marker}", signal_id, channel="signal")
    time.sleep(1)
    output = line.output_text()
    assert "gateway" in output and "engine" in output  # the output really is captured
    for secret in (number, number[1:], signal_id, marker):
        assert secret not in output


def listening_addresses(pids: list[int]) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket the processes `pids` listen on (from /proc)."""
    inodes: set[str] = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    found: set[tuple[str, int]] = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A: LISTEN
                address, port = local.split(":")
                raw = bytes.fromhex(address)
                # /proc prints each 32-bit word in host (little-endian) order
                words = [raw[i : i + 4][::-1] for i in range(0, len(raw), 4)]
                packed = b"".join(words)
                family = socket.AF_INET if width == 4 else socket.AF_INET6
                found.add((socket.inet_ntop(family, packed), int(port, 16)))
    return found


def test_every_process_of_the_local_line_listens_on_loopback_only(line: RunningLine) -> None:
    addresses = listening_addresses(descendants(line.process.pid))
    assert len({port for _address, port in addresses}) >= 3  # engine, actions, gateway
    assert {address for address, _port in addresses} <= {"127.0.0.1", "::1"}, addresses
