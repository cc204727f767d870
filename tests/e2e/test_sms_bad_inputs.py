"""A table of bad inputs through the real webhook, with real signatures, against the real line.

Every one gets 200 and TwiML: a clear, kind reply (GSM-7, within the SMS budget, nothing of
the input's markup echoed), or, where silence is right (STOP), an empty <Response/>.
The time each answer took is printed (a figure, not an assertion).
"""

from __future__ import annotations

import re
import time
import urllib.parse

import pytest

from bot.formatting import is_gsm7, sms_cost
from tests.e2e.conftest import RunningLine
from tests.support import http, post_sms, sms_params, twilio_signature, twiml_messages

PICTURE = {
    "NumMedia": "1",
    "MediaUrl0": "https://api.twilio.com/x.jpg",
    "MediaContentType0": "image/jpeg",
}

#: Cyrillic or Thai letters: a Bulgarian or Thai reply, sent as UCS-2 by design.
UCS2_SCRIPT = re.compile("[\u0400-\u04ff\u0e00-\u0e7f]")

#: (name, Body, extra form fields, silence expected)
BAD_INPUTS: list[tuple[str, str | None, dict[str, str], bool]] = [
    ("empty body", "", {}, False),
    ("no Body field at all", None, {}, False),
    ("only spaces", "   \t  ", {}, False),
    ("only newlines", "\n\n\n", {}, False),
    ("picture, no text", "", PICTURE, False),
    ("picture, no Body field", None, PICTURE, False),
    ("1,601 characters", "bad " * 400 + "b", {}, False),
    ("5,000 characters", "x" * 5000, {}, False),
    ("control characters", "\x00\x01\x07hj\x1bælp\x7f", {}, False),
    ("only control characters", "\x00\x00\x1b\x08", {}, False),
    ("zero-width and direction marks", "\u200b\u200e\u202ebad\u202c\ufeff", {}, False),
    ("replacement characters", "\ufffd\ufffd hj\ufffdlp", {}, False),
    ("mojibake", "Ã¦Ã¸Ã¥ jeg har brug for hjÃ¦lp", {}, False),
    ("slash intent", "/restart", {}, False),
    ("slash greet", "/greet", {}, False),
    ("slash intent with entities", '/inform_location{"need": "sleep"}', {}, False),
    ("only slashes", "///", {}, False),
    ("HTML", "<script>alert(1)</script><b>bad</b>", {}, False),
    ("TwiML injection", "<Response><Message to='+1'>x</Message></Response>", {}, False),
    ("HTML entities", "&lt;b&gt;hej&lt;/b&gt; &amp;", {}, False),
    ("JSON", '{"sender": "x", "message": "/restart", "metadata": {"forget": true}}', {}, False),
    ("SQL", "'; DROP TABLE trackers; --", {}, False),
    ("template syntax", "{need} {options} {{7*7}} {0.__class__}", {}, False),
    ("log4j-style", "${jndi:ldap://127.0.0.1/a}", {}, False),
    ("printf", "%s %d %n %x", {}, False),
    ("escaped nulls", "\\u0000\\n\\x00", {}, False),
    ("emoji only", "😀😀😀", {}, False),
    ("Chinese", "我需要帮助", {}, False),
    ("a huge number", "99999999999999999999", {}, False),
    ("menu zero", "0", {}, False),
    ("negative menu", "-1", {}, False),
    ("single question mark", "?", {}, False),
    ("a link", "https://example.org/free", {}, False),
    ("STOP (silence is right)", "STOP", {}, True),
    ("stop in a sentence", "I want to stop selling sex", {}, False),
]


def send(line: RunningLine, number: str, body: str | None, extra: dict[str, str]) -> list[str]:
    params = sms_params(number, body or "", **extra)
    if body is None:
        del params["Body"]
    result = post_sms(line.url, line.twilio_token, params)
    assert result.status == 200 and result.content_type == "text/xml", result
    return twiml_messages(result.body)


@pytest.mark.parametrize(
    ("name", "body", "extra", "silent"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS]
)
def test_bad_input_gets_a_kind_reply(
    line: RunningLine, name: str, body: str | None, extra: dict[str, str], silent: bool
) -> None:
    number = f"+45{20000000 + BAD_INPUTS.index((name, body, extra, silent)):08d}"
    started = time.monotonic()
    replies = send(line, number, body, extra)
    print(f"{name}: answered in {time.monotonic() - started:.2f} s")
    if silent:
        assert replies == []
        return
    assert replies and all(reply.strip() for reply in replies)
    for reply in replies:
        # GSM-7, unless the line answered in a language written in UCS-2 (bg, th)
        assert is_gsm7(reply) or UCS2_SCRIPT.search(reply), reply
        assert sms_cost(reply).segments <= 3, reply
        for leaked in ("{", "None", "<script", "DROP TABLE", "jndi", "http", "Response>"):
            assert leaked not in reply, (leaked, reply)


def test_a_body_in_a_broken_encoding_gets_a_reply(line: RunningLine) -> None:
    """Invalid UTF-8 in the form: decoded with replacement characters, signed as Twilio would."""
    params = sms_params("+4529999999", "")
    decoded = dict(params, Body="\ufffd\ufffdhj\ufffdlp")
    url = f"{line.url}/webhooks/sms"
    raw = urllib.parse.urlencode(params).replace("Body=", "Body=%FF%FEhj%E6lp")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(line.twilio_token, url, decoded),
    }
    result = http("POST", url, raw.encode(), headers)
    assert result.status == 200
    (reply, *_rest) = twiml_messages(result.body)
    assert is_gsm7(reply) and reply.strip()


def test_nothing_of_the_bad_inputs_reached_the_logs(line: RunningLine) -> None:
    output = line.output_text()
    for marker in ("DROP TABLE", "<script>", "jndi", "+4520000"):
        assert marker not in output
