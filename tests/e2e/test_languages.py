"""Six languages through the whole line: detection, sticky language, switching, the menu."""

from __future__ import annotations

from bot.formatting import sms_cost
from tests.e2e.conftest import RunningLine
from tests.e2e.test_line import new_number, say


def test_bulgarian_is_detected_kept_and_gets_a_two_page_menu(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "трябва ми лекар, много ме боли", sender)
    assert (first["intent"], first["language"]) == ("health", "bg")
    page1 = say(line, "меню", sender)
    assert page1["language"] == "bg" and len(page1["replies"]) == 1
    assert sms_cost(page1["replies"][0]).segments == 1
    assert "1 Душ" in page1["replies"][0] and "0 Още" in page1["replies"][0]
    page2 = say(line, "0", sender)
    assert "8 Принуда" in page2["replies"][0] and "15 Език" in page2["replies"][0]
    assert sms_cost(page2["replies"][0]).segments == 1
    picked = say(line, "2", sender)  # digits keep the language and pick the same need anywhere
    assert (picked["intent"], picked["language"]) == ("choose_option", "bg")
    assert say(line, "vesterbro", sender)["language"] == "bg"


def test_writing_a_language_name_switches_and_digits_keep_it(line: RunningLine) -> None:
    sender = new_number()
    assert say(line, "hej jeg har brug for hjælp", sender)["language"] == "da"
    switched = say(line, "español", sender)
    assert switched["language"] == "es"
    assert "español" in switched["replies"][0].lower() or "espanol" in switched["replies"][0]
    assert say(line, "2450", sender)["language"] == "es"
    assert say(line, "ไทย", sender)["language"] == "th"


def test_the_menu_switches_the_language_by_numbers_alone(line: RunningLine) -> None:
    sender = new_number()
    menu = say(line, "0", sender)  # digits say nothing of a language: the default one
    assert menu["language"] == "da" and "15 Sprog/Language" in menu["replies"][0]
    languages = say(line, "15", sender)
    assert languages["language"] == "da"
    assert "19 Bulgarski" in languages["replies"][0] and "21 Thai" in languages["replies"][0]
    switched = say(line, "17", sender)
    assert (switched["intent"], switched["language"]) == ("choose_option", "en")
    assert "English" in switched["replies"][0] and "1 Shower" in switched["replies"][-1]
    need = say(line, "4", sender)  # the conversation stays in English
    assert (need["language"], need["offers"] != []) == ("en", True)


def test_a_language_number_counts_only_right_after_the_list(line: RunningLine) -> None:
    sender = new_number()  # a new person: the line answers a few messages a minute each
    assert say(line, "english", sender)["language"] == "en"
    assert say(line, "19", sender)["language"] == "en"  # "19" may be an age: no choice
    say(line, "15", sender)
    assert say(line, "19", sender)["language"] == "bg"


def test_out_of_scope_gets_a_short_question_then_the_menu(line: RunningLine) -> None:
    sender = new_number()
    answer = say(line, "write me a poem about the moon", sender)
    assert answer["intent"] in ("nlu_fallback", "out_of_scope")
    first = answer["replies"][0]
    # the first miss: one short question (or the likeliest needs), never the whole menu
    assert first.startswith("Sorry, I did not get that.") and "15 Language" not in first
    again = say(line, "tell me a joke about the sun", sender)["replies"][0]
    assert "1 Shower" in again and "15 Language" in again  # the second miss: the menu


def test_help_shows_the_menu_in_the_conversations_language(line: RunningLine) -> None:
    sender = new_number()
    first = say(line, "buna, am nevoie de un doctor, ma doare rau", sender)
    assert first["language"] == "ro"
    menu = say(line, "help", sender)  # Twilio's English keyword, in a Romanian conversation
    assert (menu["intent"], menu["language"]) == ("menu", "ro")
    assert menu["replies"][0].startswith("Scrie un num") and "15 Limba" in menu["replies"][0]
