"""The SMS webhook on its own: signatures, TwiML, and answers that need no engine."""

from __future__ import annotations

import secrets

from tests.gateway.conftest import Gateway, serve, settings_for
from tests.support import (
    free_port,
    http,
    post_json,
    post_sms,
    sms_params,
    twilio_signature,
    twiml_messages,
)


def test_unsigned_and_forged_requests_get_403(gateway: Gateway) -> None:
    params = sms_params("+4512345678", "hej")
    assert post_sms(gateway.url, gateway.token, params, signature="").status == 403
    assert post_sms(gateway.url, "wrong-token", params).status == 403
    tampered = dict(params, Body="something else")
    signature = twilio_signature(gateway.token, f"{gateway.url}/webhooks/sms", params)
    assert post_sms(gateway.url, gateway.token, tampered, signature=signature).status == 403


def test_signature_is_checked_against_the_public_url_not_the_internal_one() -> None:
    port, token = free_port(), "test-token"
    public = "https://lygte.example.org"
    for url in serve(settings_for(port, token, PUBLIC_URL=public)):
        params = sms_params("+4512345678", "")
        # Signed for the internal address: refused. Signed for the public URL Twilio called: ok.
        assert post_sms(url, token, params).status == 403
        signature = twilio_signature(token, f"{public}/webhooks/sms", params)
        assert post_sms(url, token, params, signature=signature).status == 200


def test_dead_engine_still_answers_with_the_emergency_numbers(gateway: Gateway) -> None:
    result = post_sms(gateway.url, gateway.token, sms_params("+4512345678", "I need a shower"))
    assert result.status == 200 and result.content_type == "text/xml"
    text = " ".join(twiml_messages(result.body))
    assert "112" in text and "1888" in text


def test_empty_text_or_a_picture_gets_a_kind_answer_without_the_engine(gateway: Gateway) -> None:
    for params in (
        sms_params("+4512345678", ""),
        sms_params("+4512345678", "   "),
        sms_params("+4512345678", "", NumMedia="1", MediaUrl0="https://api.twilio.com/x.jpg"),
    ):
        result = post_sms(gateway.url, gateway.token, params)
        assert result.status == 200
        messages = twiml_messages(result.body)
        assert len(messages) == 1 and "MENU" in messages[0]


def test_health_is_503_while_engine_and_actions_are_down(gateway: Gateway) -> None:
    result = http("GET", f"{gateway.url}/healthz")
    assert result.status == 503
    assert result.json() == {"engine": False, "actions": False}


def test_simulator_rejects_bad_requests(gateway: Gateway) -> None:
    url = f"{gateway.url}/simulator/api/message"
    assert post_json(url, {"channel": "fax", "from": "x", "text": "hej"}).status == 400
    assert post_json(url, {"channel": "sms", "text": "hej"}).status == 400
    assert post_json(url, {"channel": "sms", "from": "  ", "text": "hej"}).status == 400
    assert http("POST", url, b"not json", {"Content-Type": "application/json"}).status == 400


def test_simulator_page_is_served_in_development(gateway: Gateway) -> None:
    page = http("GET", f"{gateway.url}/simulator")
    assert page.status == 200 and "Lygte phone simulator" in page.body


def test_simulator_is_refused_in_production() -> None:
    port = free_port()
    production = settings_for(
        port, "real-token", LYGTE_MODE="production", PSEUDONYM_SECRET=secrets.token_hex(32)
    )
    for url in serve(production):
        assert http("GET", f"{url}/simulator").status == 403
        answer = post_json(
            f"{url}/simulator/api/message", {"channel": "sms", "from": "1", "text": "x"}
        )
        assert answer.status == 403
