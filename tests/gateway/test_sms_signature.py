"""Twilio's two signature schemes on the real webhook, and no production start without a token.

Default: HMAC-SHA1 with the account Auth Token. Under a Webhook Setting, Twilio signs with
the Setting's SharedKey and names the algorithm in X-Twilio-Webhooks-Signature-Settings.
"""

from __future__ import annotations

import secrets
from typing import Iterator

import pytest

from bot.config import ConfigError, Settings
from tests.gateway.conftest import Gateway, serve, settings_for
from tests.support import (
    HttpResult,
    free_port,
    http,
    post_sms,
    sms_params,
    twilio_signature,
    twiml_messages,
)

SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"


@pytest.fixture
def shared_key_gateway() -> Iterator[tuple[Gateway, str]]:
    """A gateway that knows both the Auth Token and a SharedKey secret."""
    port, token, shared = free_port(), "test-" + secrets.token_hex(8), secrets.token_hex(16)
    for url in serve(settings_for(port, token, TWILIO_WEBHOOK_SHARED_KEY=shared)):
        yield Gateway(url, token), shared


def sha256_post(gateway: Gateway, secret: str, settings: str, params: dict[str, str]) -> HttpResult:
    """POST `params` signed with HMAC-SHA256 under `secret`, naming `settings` in the header."""
    signature = twilio_signature(secret, f"{gateway.url}/webhooks/sms", params, "sha256")
    return post_sms(gateway.url, "", params, signature, {SETTINGS_HEADER: settings})


def test_hmac_sha256_signed_with_the_shared_key_is_accepted(
    shared_key_gateway: tuple[Gateway, str],
) -> None:
    gateway, shared = shared_key_gateway
    params = sms_params("+4512345678", "")
    result = sha256_post(gateway, shared, "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256", params)
    assert result.status == 200 and len(twiml_messages(result.body)) == 1


@pytest.mark.parametrize(
    ("secret", "settings", "hash_name"),
    [
        ("auth token", "key=k1,algorithm=HMAC_SHA256", "sha256"),  # SharedKey scheme, wrong key
        ("shared", "key=k1,algorithm=HMAC_SHA256", "sha1"),  # header says SHA256, SHA1 sent
        ("shared", "key=k1,algorithm=HMAC_MD5", "sha256"),  # an algorithm nobody supports
        ("shared", "key=k1,algorithm=HMAC_SHA1", "sha256"),  # header says SHA1, SHA256 sent
    ],
)
def test_shared_key_scheme_refuses_what_does_not_match(
    shared_key_gateway: tuple[Gateway, str], secret: str, settings: str, hash_name: str
) -> None:
    gateway, shared = shared_key_gateway
    key = gateway.token if secret == "auth token" else shared
    params = sms_params("+4512345678", "hej")
    signature = twilio_signature(key, f"{gateway.url}/webhooks/sms", params, hash_name)
    result = post_sms(gateway.url, "", params, signature, {SETTINGS_HEADER: settings})
    assert result.status == 403


def test_shared_key_header_without_a_configured_key_is_refused(gateway: Gateway) -> None:
    # Signed with the Auth Token under the SharedKey header: no SharedKey is configured.
    params = sms_params("+4512345678", "hej")
    assert sha256_post(gateway, gateway.token, "key=k1,algorithm=HMAC_SHA256", params).status == 403


def test_sha1_with_the_auth_token_still_works_next_to_a_shared_key(
    shared_key_gateway: tuple[Gateway, str],
) -> None:
    gateway, _shared = shared_key_gateway
    result = post_sms(gateway.url, gateway.token, sms_params("+4512345678", ""))
    assert result.status == 200
    lowercase = sms_params("+4512345678", "")
    signature = twilio_signature(gateway.token, f"{gateway.url}/webhooks/sms", lowercase)
    headers = {"x-twilio-signature": signature}  # header names are case-insensitive
    assert post_sms(gateway.url, gateway.token, lowercase, "", headers).status == 200


def test_a_body_that_is_no_form_is_refused_not_a_500(gateway: Gateway) -> None:
    url = f"{gateway.url}/webhooks/sms"
    for content_type, body in [
        ("multipart/form-data; boundary=x", b"--x\r\nbroken"),
        ("application/x-www-form-urlencoded", b"\xff\xfe=\x00"),
        ("application/json", b'{"Body": "hej"}'),
    ]:
        result = http("POST", url, body, {"Content-Type": content_type})
        assert result.status in (400, 403), (content_type, result.status)


@pytest.mark.parametrize("token", ["", "dev-twilio-token-not-a-secret"])
def test_production_refuses_to_start_without_a_real_token(token: str) -> None:
    env = {
        "LYGTE_MODE": "production",
        "PSEUDONYM_SECRET": secrets.token_hex(32),
        "TWILIO_AUTH_TOKEN": token,
    }
    with pytest.raises(ConfigError, match="TWILIO_AUTH_TOKEN"):
        Settings.from_env(env)


@pytest.mark.parametrize("deadline", ["0", "15", "30"])
def test_a_reply_deadline_twilio_would_not_wait_for_is_refused(deadline: str) -> None:
    env = {"PSEUDONYM_SECRET": "x", "REPLY_DEADLINE_SECONDS": deadline}
    with pytest.raises(ConfigError, match="REPLY_DEADLINE_SECONDS"):
        Settings.from_env(env)
