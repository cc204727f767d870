"""STOP over SMS erases the conversation in the real engine: what was asked before is gone."""

from __future__ import annotations

from tests.e2e.conftest import RunningLine
from tests.support import post_sms, sms_params, twiml_messages

ASK_NEED = "Hvad har du brug for?"


def sms(line: RunningLine, number: str, text: str) -> tuple[str, list[str]]:
    result = post_sms(line.url, line.twilio_token, sms_params(number, text))
    assert result.status == 200 and result.content_type == "text/xml"
    return result.body, twiml_messages(result.body)


def test_stop_erases_what_the_engine_knew(line: RunningLine) -> None:
    kept, erased = "+4540404040", "+4541414141"
    for number in (kept, erased):
        _body, offers = sms(line, number, "jeg har brug for et sted at sove i nat")
        assert offers and ASK_NEED not in offers[0]
    body, replies = sms(line, erased, "STOP")
    assert replies == [] and body.endswith("<Response />")
    # "mere" continues a conversation about a need; after STOP there is none to continue.
    _body, more_kept = sms(line, kept, "mere")
    _body, more_erased = sms(line, erased, "mere")
    assert ASK_NEED not in " ".join(more_kept)
    assert ASK_NEED in " ".join(more_erased)


def test_start_and_help_answer_without_ending_anything(line: RunningLine) -> None:
    _body, start = sms(line, "+4542424242", "START")
    assert "Lygte" in start[0]
    _body, help_ = sms(line, "+4542424242", "HJÆLP")
    assert "Skriv et tal" in help_[0]
