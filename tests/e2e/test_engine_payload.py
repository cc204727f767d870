"""What the real engine returns: each reply an action's payload, as data (lygte/payload.py).

The gateway's tests use fakes of this REST channel (tests/gateway/fake_engine.py); this test
holds the real Rasa 3.6 line to the same shape, so the fakes cannot drift from it.
"""

from __future__ import annotations

import uuid

from lygte.payload import Payload
from tests.e2e.conftest import RunningLine
from tests.gateway.fake_engine import rest_message
from tests.support import post_json

METADATA = {"channel": "sms", "language": "ro", "language_strong": True, "default_language": "da"}


def engine_messages(line: RunningLine, sender: str, text: str) -> list[dict]:
    """One message straight to the engine's REST channel, as the gateway sends it."""
    result = post_json(
        f"{line.engine_url}/webhooks/rest/webhook",
        {"sender": sender, "message": text, "metadata": METADATA},
    )
    assert result.status == 200, result.body
    return result.json()


def test_each_reply_is_a_payload_exactly_as_the_fakes_send_it(line: RunningLine) -> None:
    sender = "pseudonym-" + uuid.uuid4().hex
    for text in ("buna", "am nevoie de un dus"):
        messages = engine_messages(line, sender, text)
        payloads = [Payload.from_json(message.get("custom")) for message in messages]
        assert messages and None not in payloads
        assert messages == [rest_message(sender, payload) for payload in payloads]
        # the action chose the language from the gateway's strong guess
        assert {payload.language for payload in payloads} == {"ro"}
    need = payloads[-1]
    assert need.response == "utter_offers" and need.intent["name"] == "need_shower"
    assert need.offers == [offer["id"] for offer in need.arguments["offers"]]
