"""STOP-type words: silence and an erased conversation. START greets; HELP shows the menu."""

from __future__ import annotations

import secrets
from typing import Iterator

import pytest

from bot.keywords import Keyword, keyword
from lygte.names import FORGET_INTENT, MENU_INTENT
from tests.gateway.conftest import Gateway, serve, settings_for
from tests.gateway.fake_engine import FakeEngine, echoed, gateway_for, run_fake_engine
from tests.support import free_port, post_sms, sms_params, twiml_messages

NUMBER = "+4512345678"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[(w, Keyword.OPT_OUT) for w in ("STOP", "stop", "Stop.", " STOPALL ", "unsubscribe")],
        *[(w, Keyword.OPT_OUT) for w in ("CANCEL", "end!", "Quit", "REVOKE", "optout", "AFMELD")],
        ("START", Keyword.OPT_IN),
        ("unstop", Keyword.OPT_IN),
        ("HELP", Keyword.HELP),
        ("HJÆLP", Keyword.HELP),
        ("hjælp!", Keyword.HELP),
        ("I want to stop selling", None),
        ("stop med stoffer", None),
        ("stop it", None),
        ("please help", None),
        ("stopped", None),
        ("yes", None),
        ("", None),
        ("...", None),
    ],
)
def test_keyword_only_when_it_is_the_whole_message(text: str, expected: Keyword | None) -> None:
    assert keyword(text) is expected


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    yield from run_fake_engine(FakeEngine())


@pytest.fixture
def gateway(engine: FakeEngine) -> Iterator[Gateway]:
    yield from gateway_for(engine)


@pytest.mark.parametrize("word", ["STOP", "stopall", "Afmeld", "quit."])
def test_stop_words_get_an_empty_twiml_and_ask_the_engine_to_forget(
    gateway: Gateway, engine: FakeEngine, word: str
) -> None:
    assert post_sms(gateway.url, gateway.token, sms_params(NUMBER, "hej")).status == 200
    (sender, _text) = engine.messages[-1]
    result = post_sms(gateway.url, gateway.token, sms_params(NUMBER, word))
    assert result.status == 200 and result.content_type == "text/xml"
    assert result.body.endswith("<Response />")  # the engine's answer is not sent
    # The engine's forget path (erasing for real is shown in tests/e2e/test_sms_keywords.py),
    # under the pseudonym, never the number.
    assert engine.messages[-1] == (sender, f"/{FORGET_INTENT}")
    assert NUMBER not in sender and len(engine.messages) == 2


def test_a_sentence_with_stop_is_a_normal_message(gateway: Gateway, engine: FakeEngine) -> None:
    for text in ("I want to stop selling sex", "stop med stoffer"):
        result = post_sms(gateway.url, gateway.token, sms_params(NUMBER, text))
        assert twiml_messages(result.body) == echoed(text)
    assert all(text != f"/{FORGET_INTENT}" for _sender, text in engine.messages)


def test_start_greets_again_and_help_asks_the_engine_for_its_menu(
    gateway: Gateway, engine: FakeEngine
) -> None:
    start = post_sms(gateway.url, gateway.token, sms_params(NUMBER, "START"))
    assert "Lygte" in start.body and "MENU" in start.body
    assert engine.messages == []  # START is answered by the gateway itself
    for word in ("HELP", "HJÆLP"):
        # the engine's menu is in the conversation's language, not that of the one word
        menu = post_sms(gateway.url, gateway.token, sms_params(NUMBER, word))
        assert twiml_messages(menu.body) == echoed(f"/{MENU_INTENT}")
    assert [text for _sender, text in engine.messages] == [f"/{MENU_INTENT}"] * 2


def test_help_still_gets_a_menu_when_the_engine_is_down() -> None:
    port, token = free_port(), "test-" + secrets.token_hex(8)
    for url in serve(settings_for(port, token)):  # no engine at its address
        for word, first in (("HELP", "1 Shower"), ("HJÆLP", "1 Bad")):
            menu = post_sms(url, token, sms_params(NUMBER, word))
            assert first in menu.body and "15 " in menu.body  # the whole menu


def test_twilio_opt_out_type_stop_is_honoured_for_other_words(
    gateway: Gateway, engine: FakeEngine
) -> None:
    params = sms_params(NUMBER, "Stoppen bitte", OptOutType="STOP")
    result = post_sms(gateway.url, gateway.token, params)
    assert result.body.endswith("<Response />")
    assert [text for _sender, text in engine.messages] == [f"/{FORGET_INTENT}"]
