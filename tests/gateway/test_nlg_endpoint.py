"""POST /nlg as Rasa calls it (engine/nlg.py): the reply's language and the metadata."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from tests.gateway.conftest import Gateway


def nlg(gateway: Gateway, body: dict) -> tuple[int, dict]:
    """One NLG request; its status and JSON answer."""
    request = urllib.request.Request(
        f"{gateway.url}/nlg",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def body(arguments: dict, slot_language: str | None) -> dict:
    """Rasa's NLG request for utter_greet; the tracker's current state without events."""
    return {
        "response": "utter_greet",
        "id": None,
        "arguments": arguments,
        "tracker": {
            "slots": {"language": slot_language},
            "latest_message": {
                "intent": {"name": "greet", "confidence": 0.93},
                "metadata": {"channel": "sms"},
            },
            "events": None,
        },
        "channel": {"name": "rest"},
    }


def test_the_turns_language_from_the_action_wins_over_the_slot(gateway: Gateway) -> None:
    status, danish = nlg(gateway, body({}, "da"))
    assert status == 200 and danish["custom"]["lygte"]["language"] == "da"
    status, english = nlg(gateway, body({"language": "en"}, "da"))
    assert status == 200 and english["custom"]["lygte"]["language"] == "en"
    assert english["text"] != danish["text"]
    assert english["custom"]["lygte"]["intent"] == "greet"


def test_without_any_language_the_default_is_used(gateway: Gateway) -> None:
    status, reply = nlg(gateway, body({}, None))
    assert status == 200 and reply["custom"]["lygte"]["language"] == "da"


def test_a_request_that_is_not_rasas_is_refused(gateway: Gateway) -> None:
    status, reply = nlg(gateway, {"tracker": {}})
    assert status == 400 and "error" in reply
