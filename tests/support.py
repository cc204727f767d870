"""Test helpers shared by the gateway and end-to-end tests: Twilio signing and HTTP calls.

The signature is computed here from Twilio's documented algorithm (HMAC-SHA1 over the URL
followed by the sorted POST parameters, base64), independently of the twilio library the
gateway uses to validate it.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable


def twilio_signature(token: str, url: str, params: dict[str, str], hash_name: str = "sha1") -> str:
    """X-Twilio-Signature for a form POST to `url` with `params`.

    `hash_name` "sha256" gives the signature of a webhook under a Webhook Setting that names
    HMAC_SHA256 (then `token` is the Setting's SharedKey secret).
    """
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(token.encode(), payload.encode("utf-8"), hash_name).digest()
    return base64.b64encode(digest).decode()


def sms_params(sender: str, body: str, **extra: str) -> dict[str, str]:
    """The form fields Twilio posts for an incoming SMS."""
    params = {
        "MessageSid": "SM" + "0" * 32,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+4570000000",
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }
    params.update(extra)
    return params


@dataclass
class HttpResult:
    """Status, content type and body of one HTTP exchange."""

    status: int
    content_type: str
    body: str

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


def http(
    method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> HttpResult:
    """One HTTP request; returns the result for any status instead of raising."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return HttpResult(
                response.status, response.headers.get_content_type(), response.read().decode()
            )
    except urllib.error.HTTPError as error:
        return HttpResult(error.code, error.headers.get_content_type(), error.read().decode())


def post_sms(
    base_url: str,
    token: str,
    params: dict[str, str],
    signature: str | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResult:
    """POST a signed (or, with `signature`, deliberately mis-signed) SMS webhook."""
    url = f"{base_url}/webhooks/sms"
    headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    sig = twilio_signature(token, url, params) if signature is None else signature
    if sig:
        headers["X-Twilio-Signature"] = sig
    return http("POST", url, urllib.parse.urlencode(params).encode(), headers)


def post_json(url: str, body: dict[str, Any]) -> HttpResult:
    """POST a JSON body."""
    return http("POST", url, json.dumps(body).encode(), {"Content-Type": "application/json"})


def twiml_messages(xml: str) -> list[str]:
    """The text of each <Message> in a TwiML document."""
    root = ET.fromstring(xml)
    assert root.tag == "Response"
    return [message.text or "" for message in root.iter("Message")]


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_group(process: subprocess.Popen, first: signal.Signals = signal.SIGTERM) -> None:
    """Stop a process started in its own session, and everything it started: `first`, then
    SIGKILL after 30 s."""
    if process.poll() is None:
        os.killpg(process.pid, first)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def race_to_take(code: str, takers: dict[str, Callable[[str], HttpResult]]) -> tuple[str, dict]:
    """Let every staff account in `takers` (name -> its POST under /staff/api/) take case
    `code` at the same moment; check that exactly one wins and the other gets 409 naming the
    winner. Returns the winner's name and the case as the winner got it."""
    names = list(takers)
    with ThreadPoolExecutor(len(names)) as pool:
        results = list(pool.map(lambda name: takers[name](f"cases/{code}/take"), names))
    assert sorted(result.status for result in results) == [200] + [409] * (len(names) - 1)
    winner = names[[result.status for result in results].index(200)]
    for result in results:
        if result.status == 409:
            assert result.json() == {"error": "taken", "taken_by": winner}
    return winner, results[names.index(winner)].json()
