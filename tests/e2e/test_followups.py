"""Whole conversations around a list through the real line (issue 18): questions about the
offers just listed, a digit after a list, questions that are not commands, the kinder
fallback and a client who writes by mistake."""

from __future__ import annotations

from tests.e2e.conftest import RunningLine
from tests.e2e.test_line import new_number, offers_by_id, say

FALLBACKS = {"nlu_fallback", "out_of_scope"}


def name_of(offer_id: str) -> str:
    return offers_by_id()[offer_id]["name"]


def test_questions_about_the_list_are_answered_from_the_catalogue(line: RunningLine) -> None:
    sender = new_number()
    listed = say(line, "I need a shower", sender)
    shown = listed["offers"]
    assert shown

    where = say(line, "where is it", sender)
    (reply,) = where["replies"]
    assert where["intent"] == "ask_where" and where["offers"] == shown
    assert "Where:" in reply
    for offer_id in shown:
        data = offers_by_id()[offer_id]
        assert name_of(offer_id) in reply
        if data["address"]:
            assert data["address"]["street"] in reply

    cpr = say(line, "do i need a cpr number", sender)
    assert cpr["intent"] == "ask_cpr" and cpr["offers"] == shown
    for offer_id in shown:
        anonymous = offers_by_id()[offer_id]["anonymous"]
        expected = {"yes": "you need not give", "no": "they ask for your CPR"}.get(
            anonymous, "not known"
        )
        assert expected in cpr["replies"][0]

    price = say(line, "is it free", sender)
    assert price["intent"] == "ask_price" and "Price:" in price["replies"][0]

    spoken = say(line, "do they speak romanian", sender)
    assert spoken["intent"] == "ask_languages"
    assert "not known" in spoken["replies"][0]  # no offer lists its languages yet


def test_number_2_and_a_bare_digit_after_a_list_are_that_place(line: RunningLine) -> None:
    sender = new_number()
    shown = say(line, "i need somewhere to sleep tonight", sender)["offers"]
    assert len(shown) >= 2

    second = say(line, "what about number 2", sender)
    assert second["offers"] == [shown[1]]
    assert second["replies"][-1].startswith("2.") or "\n2." in second["replies"][-1]
    assert name_of(shown[1]) in second["replies"][-1]

    digit = say(line, "1", sender)  # still right after a numbered answer about the list
    assert digit["intent"] == "choose_option" and digit["offers"] == [shown[0]]
    assert name_of(shown[0]) in digit["replies"][-1]

    # after the menu the digits are the menu's again: 1 is a shower
    say(line, "menu", sender)
    picked = say(line, "1", sender)
    assert picked["offers"] and all(
        "need_shower" in offers_by_id()[o]["needs"] for o in picked["offers"]
    )


def test_is_it_far_asks_for_a_place_then_says_how_far(line: RunningLine) -> None:
    sender = new_number()
    say(line, "legal help", sender)
    asked = say(line, "is it far", sender)
    assert asked["intent"] == "ask_far" and "Where are you" in asked["replies"][0]
    placed = say(line, "i am at nørreport", sender)
    assert placed["offers"] and "Nørreport" in placed["replies"][-1]
    far = say(line, "is it far", sender)
    assert far["intent"] == "ask_far" and "Nørreport" in far["replies"][0]


def test_a_question_about_storage_does_not_erase(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "jeg har brug for et sted at sove i nat", sender)
    storage = say(line, "gemmer i mine beskeder", sender)
    assert storage["intent"] == "ask_storage"
    (reply,) = storage["replies"]
    assert "gemmes ikke" in reply and "30 min" in reply and "SLET" in reply
    # the conversation is still there: "more" goes on with the same need
    more = say(line, "mere", sender)
    assert more["intent"] == "more" and more["language"] == "da"
    assert more["offers"] and not set(more["offers"]) & set(first["offers"])

    english = say(line, "do u keep my messages", new_number())
    assert english["intent"] == "ask_storage"
    assert "not saved here" in english["replies"][0]


def test_he_checks_my_phone_gets_phone_safety_first(line: RunningLine) -> None:
    answer = say(line, "he checks my phone", new_number())
    assert answer["intent"] == "phone_safety"
    assert answer["replies"][0].startswith("To stay safe on your phone")
    assert "delete this thread" in answer["replies"][0]
    danish = say(line, "min kæreste tjekker min telefon", new_number())
    assert "slet denne tråd" in danish["replies"][0]


def test_misses_in_a_row_get_three_different_answers(line: RunningLine) -> None:
    sender = new_number()
    replies = []
    texts = ("the purple elephant sings loudly", "windows are made of glass", "the train was late")
    for text in texts:
        answer = say(line, text, sender)
        assert answer["intent"] in FALLBACKS, answer
        replies.append(answer["replies"][-1])
    assert len(set(replies)) == 3
    assert "Write a number" not in replies[0] or len(replies[0].splitlines()) <= 6
    assert "Write a number:" in replies[1] and len(replies[1].splitlines()) >= 10
    assert "112" in replies[2] and "MENU" in replies[2]


def test_a_client_is_told_once_what_the_line_is_for(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "a girl tonight", sender)
    assert first["intent"] == "buyer" and "help line" in first["replies"][0]
    again = say(line, "how much for an hour", sender)
    assert again["intent"] == "buyer"
    assert again["replies"] == ["This line cannot help with that."]


def test_follow_ups_in_romanian_and_thai(line: RunningLine) -> None:
    sender = new_number()
    listed = say(line, "am nevoie de dus", sender)
    assert listed["language"] == "ro" and listed["offers"]
    where = say(line, "unde e", sender)
    assert where["language"] == "ro" and "Unde:" in where["replies"][0]

    sender = new_number()
    listed = say(line, "อยากอาบน้ำ", sender)
    assert listed["language"] == "th" and listed["offers"]
    price = say(line, "ฟรีไหม", sender)
    assert price["language"] == "th" and price["intent"] == "ask_price"
    assert "ราคา" in price["replies"][0]
