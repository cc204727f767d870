"""Danger first and the forget keyword through the real line, in six languages."""

from __future__ import annotations

import uuid

import pytest

from bot.formatting import format_reply
from bot.templates import TemplateStore
from bot.usage import UsageStore
from tests.e2e.conftest import RunningLine
from tests.e2e.test_line import say

#: One text per language that the model has not necessarily learnt: the words decide.
DANGER = [
    ("da", "min kæreste slog mig i nat", "violence"),
    ("en", "a client raped me", "rape"),
    ("ro", "sunt încuiată în apartament", "trafficking"),
    ("bg", "ограбиха ме на улицата", "robbery"),
    ("es", "me amenaza con un cuchillo", "acute"),
    ("th", "ฉันถูกข่มขืน", "rape"),
    ("en", "i want to kill myself", "suicide"),
    ("da", "jeg vil ikke leve mere", "suicide"),
    ("ro", "vreau sa mor", "suicide"),
    ("bg", "искам да умра", "suicide"),
    ("es", "quiero morir", "suicide"),
    ("th", "อยากตาย", "suicide"),
]


def rendered(line: RunningLine, name: str, language: str, channel: str) -> list[str]:
    """What the phone shows for template `name`, rendered independently of the gateway."""
    store = TemplateStore(line.responses_dir, "da")
    return format_reply(channel, store.render(name, language, channel), language, 3)


def new_sender() -> str:
    return "+4598" + str(uuid.uuid4().int)[:6]


@pytest.mark.parametrize(("language", "text", "kind"), DANGER)
@pytest.mark.parametrize("channel", ["sms", "signal"])
def test_danger_is_answered_first_in_the_persons_language(
    line: RunningLine, channel: str, language: str, text: str, kind: str
) -> None:
    answer = say(line, text, new_sender(), channel=channel)
    expected = rendered(line, f"utter_danger_{kind}", language, channel)
    assert answer["replies"][: len(expected)] == expected
    assert "112" in answer["replies"][0]


def test_danger_words_decide_the_language_of_a_first_message_lingua_is_unsure_of(
    line: RunningLine,
) -> None:
    # Three words lingua leans Danish on; the phrase lists know them as English.
    answer = say(line, "he hurt me", new_sender())
    expected = rendered(line, "utter_danger_violence", "en", "sms")
    assert answer["replies"][: len(expected)] == expected
    rest = " ".join(answer["replies"][len(expected) :])
    assert "Where are you?" in rest and "Hvor er du?" not in rest


def test_an_under_18_gets_the_danger_reply_then_the_youth_lines(line: RunningLine) -> None:
    answer = say(line, "jeg er 16 og blev voldtaget i går", new_sender())
    rape = rendered(line, "utter_danger_rape", "da", "sms")
    minor = rendered(line, "utter_danger_minor", "da", "sms")
    assert answer["replies"][: len(rape) + len(minor)] == rape + minor
    assert "116 111" in " ".join(minor)


def test_a_need_after_danger_still_gets_its_offers(line: RunningLine) -> None:
    answer = say(line, "I was robbed and need somewhere to sleep", new_sender())
    assert answer["replies"][0] == rendered(line, "utter_danger_robbery", "en", "sms")[0]
    assert answer["offers"] and len(answer["replies"]) > 1


@pytest.mark.parametrize(
    ("word", "language"),
    [("SLET", "da"), ("Delete", "en"), ("ȘTERGE", "ro"), ("ИЗТРИЙ", "bg"), ("BORRAR", "es")]
    + [("ลบ", "th")],
)
def test_the_forget_keyword_alone_answers_in_its_language(
    line: RunningLine, word: str, language: str
) -> None:
    answer = say(line, word, new_sender())
    assert answer["intent"] == "forget_me" and answer["language"] == language
    assert answer["replies"] == rendered(line, "utter_forgotten", language, "sms")


def test_the_forget_keyword_erases_the_conversation(line: RunningLine) -> None:
    sender = new_sender()
    assert say(line, "I need a shower", sender)["offers"]
    answer = say(line, "SLET", sender, channel="sms")
    # the conversation was in English: so is the answer, in the SMS wording
    assert answer["language"] == "en"
    assert answer["replies"] == rendered(line, "utter_forgotten", "en", "sms")
    after = say(line, "more", sender)
    assert after["offers"] == []  # the need is gone with the conversation


def test_turns_are_counted_without_identity(line: RunningLine) -> None:
    sender = new_sender()
    say(line, "he hit me", sender)
    rows = UsageStore(line.responses_dir.parent / "usage.sqlite3").rows()
    assert any(row.danger == "violence" and row.channel == "sms" for row in rows)
    assert all(sender not in repr(row) for row in rows)


def test_the_forget_me_intent_erases_the_conversation_too(line: RunningLine) -> None:
    sender = new_sender()
    assert say(line, "I need a shower", sender)["offers"]
    answer = say(line, "please delete everything about me", sender)
    assert answer["intent"] == "forget_me"
    assert answer["replies"] == rendered(line, "utter_forgotten", "en", "sms")
    assert say(line, "more", sender)["offers"] == []
