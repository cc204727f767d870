""" "Did it help?": asked once after a list, never after danger or with numbered options, and
a plain digit 1-4 right after it is its answer, never a list pick or a menu choice
(actions/feedback.py), run as the action server runs the actions, on the real catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.actions import (
    CATALOGUE,
    ActionChooseOption,
    ActionFindOffers,
    ActionMoreOffers,
    ActionReply,
    ActionShowMenu,
)
from actions.feedback import during_hours
from actions.followup_actions import ActionAnswerFollowup
from lygte import replies
from lygte.feedback import ANSWERS
from lygte.menu import MENU_NEEDS
from tests.engine.test_actions import make_tracker, run, slot_events

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
#: Open day and night (confirmed hours), hours not confirmed, and open nights only (confirmed).
ALWAYS, UNKNOWN, NIGHTS = "den-sociale-doegnvagt", "kofoeds-kaelder", "akuttelefonen-1813"
#: Two pages listed ("more"): the last page (PAGE_SIZE 3) is the fourth and the fifth.
SHOWN = ["roede-kors-herberg-for-kvinder", "joannahuset", "lev-uden-vold-1888", ALWAYS, UNKNOWN]
LAST_PAGE = SHOWN[3:]
QUESTION = replies.FEEDBACK_ASK


def responses(messages: list[dict]) -> list[str]:
    return [m["response"] for m in messages]


def after_list(intent: str, text: str, **slots: Any):
    """A tracker for a message in a conversation that was shown the list SHOWN."""
    return make_tracker(intent, text, **{"offers_shown": SHOWN, **slots})


def after_question(intent: str, text: str, **slots: Any):
    """A tracker for the message right after "did it help?" about the last page."""
    return after_list(
        intent, text, feedback_asked=True, feedback_offers=LAST_PAGE, list_shown=True, **slots
    )


def test_the_catalogue_still_has_the_offers_these_tests_name() -> None:
    offers = {offer.id: offer for offer in CATALOGUE.offers()}
    assert offers[ALWAYS].hours_confirmed and offers[ALWAYS].opening_hours == "24/7"
    assert not offers[UNKNOWN].hours_confirmed
    assert offers[NIGHTS].hours_confirmed and "16:00-24:00" in offers[NIGHTS].opening_hours
    assert set(SHOWN) <= set(offers)


# --- when it is asked ------------------------------------------------------------------


@pytest.mark.parametrize("intent", ["thanks", "goodbye", "affirm", "deny"])
def test_asked_after_a_list_on_a_closing_reply_about_the_last_page(intent: str) -> None:
    messages, events = run(ActionReply(), after_list(intent, "ok"))
    assert responses(messages) == [replies.REPLY_FOR_INTENT[intent], QUESTION]
    # the list stays shown with the question: it is what the question is about
    assert slot_events(events) == {
        "feedback_asked": True,
        "feedback_offers": LAST_PAGE,
        "list_shown": True,
    }


def test_asked_when_no_more_places_are_left() -> None:
    every = [offer.id for offer in CATALOGUE.offers() if offer.serves("sleep")]
    tracker = make_tracker("more", "more", need="sleep", offers_shown=every)
    messages, events = run(ActionMoreOffers(), tracker)
    assert responses(messages) == [replies.NO_MORE, QUESTION]
    assert slot_events(events)["feedback_offers"] == every[(len(every) - 1) // 3 * 3 :]


def test_asked_once_per_conversation() -> None:
    messages, events = run(ActionReply(), after_list("thanks", "thanks", feedback_asked=True))
    assert responses(messages) == ["utter_thanks"]
    assert "feedback_asked" not in slot_events(events)


def test_not_asked_without_a_list() -> None:
    messages, events = run(ActionReply(), make_tracker("thanks", "thanks"))
    assert responses(messages) == ["utter_thanks"]
    assert slot_events(events) == {}


@pytest.mark.parametrize(
    ("action", "intent", "text", "slots"),
    [
        (ActionFindOffers(), "sleep", "somewhere to sleep", {}),  # a list
        (ActionShowMenu(), "menu", "menu", {}),  # the menu
        (ActionChooseOption(), "choose_option", "15", {}),  # the list of languages
        (ActionChooseOption(), "choose_option", "2", {"list_shown": True}),  # a place's line
        (ActionAnswerFollowup(), "ask_where", "where is it", {"list_shown": True}),
        (ActionShowMenu(), "nlu_fallback", "blue cheese", {}),  # the fallback's suggestions
        (ActionFindOffers(), "food_rest", "hungry and need a wash", {}),  # "also" by number
    ],
)
def test_never_on_a_reply_with_numbered_options(action, intent, text, slots) -> None:
    messages, events = run(action, after_list(intent, text, **slots))
    assert QUESTION not in responses(messages)
    assert "feedback_offers" not in slot_events(events)


def test_never_in_or_after_a_danger_answer() -> None:
    # the gateway marks a message whose words it answers danger first (bot/conversation.py)
    danger = after_list("thanks", "thanks", metadata={"danger": True})
    messages, events = run(ActionReply(), danger)
    assert responses(messages) == ["utter_thanks"]
    assert slot_events(events) == {"feedback_asked": True}  # spent for the conversation
    # a danger need, whatever the words: its list is answered danger first by the gateway
    messages, events = run(ActionFindOffers(), after_list("violence", "he hits me"))
    assert responses(messages)[-1] == replies.OFFERS
    assert slot_events(events)["feedback_asked"] is True
    # later in the same conversation: the slot says so, and the question never comes
    messages, _ = run(ActionReply(), after_list("thanks", "thank you", feedback_asked=True))
    assert QUESTION not in responses(messages)


# --- how the next message is read --------------------------------------------------------


@pytest.mark.parametrize(("digit", "answer"), [(str(i), a) for i, a in enumerate(ANSWERS, 1)])
def test_a_plain_digit_1_to_4_right_after_the_question_answers_it(digit, answer) -> None:
    messages, events = run(ActionChooseOption(), after_question("choose_option", f" {digit} "))
    (thanks,) = messages
    assert thanks["response"] == replies.FEEDBACK_THANKS[answer]
    assert thanks[replies.FEEDBACK_ANSWER] == answer
    assert thanks[replies.FEEDBACK_ANSWERED] == LAST_PAGE  # the offers the question was about
    flags = thanks[replies.FEEDBACK_DURING_HOURS]
    assert flags == {ALWAYS: True, UNKNOWN: False}
    # no list pick, no menu need; the list and the question are over
    assert slot_events(events) == {"feedback_offers": None, "list_shown": None}


def test_the_digit_answers_whatever_the_classifier_made_of_it() -> None:
    """A "3" read as not understood (or anything else) still answers the question."""
    messages, _ = run(ActionShowMenu(), after_question("nlu_fallback", "3"))
    assert responses(messages) == [replies.FEEDBACK_THANKS["turned_away"]]


def test_a_digit_after_a_list_without_the_question_picks_the_place() -> None:
    messages, _ = run(ActionChooseOption(), after_list("choose_option", "2", list_shown=True))
    (details,) = messages
    assert details["response"] == "utter_answer_details"
    assert [o["id"] for o in details["offers"]] == [SHOWN[1]]


def test_nr_2_after_the_question_picks_the_place_and_the_question_is_not_repeated() -> None:
    messages, events = run(ActionChooseOption(), after_question("choose_option", "nr 2"))
    (details,) = messages
    assert details["response"] == "utter_answer_details"
    assert [o["id"] for o in details["offers"]] == [SHOWN[1]]
    assert "feedback_asked" not in slot_events(events)


def test_a_digit_5_or_more_after_the_question_is_read_as_usual() -> None:
    """Five places were listed: 5 picks the fifth, as after any list; 9 picks a menu need."""
    messages, _ = run(ActionChooseOption(), after_question("choose_option", "5"))
    assert responses(messages) == ["utter_answer_details"]
    assert [o["id"] for o in messages[0]["offers"]] == [SHOWN[4]]
    messages, _ = run(ActionChooseOption(), after_question("choose_option", "9"))
    assert not any(r.startswith("utter_feedback") for r in responses(messages))
    assert messages[-1]["response"] == replies.OFFERS and messages[-1]["need"] == MENU_NEEDS[8]


@pytest.mark.parametrize("text", ["2 please", "12", "yes"])
def test_anything_but_a_plain_digit_is_not_an_answer(text: str) -> None:
    messages, _ = run(ActionReply(), after_question("affirm", text))
    assert responses(messages) == ["utter_anything_else"]  # and no second question


def test_a_digit_later_than_right_after_the_question_is_not_an_answer() -> None:
    """The question counts for one message: every answer resets `feedback_offers`."""
    _, events = run(ActionReply(), after_question("thanks", "thanks"))
    assert slot_events(events)["feedback_offers"] is None
    messages, _ = run(ActionChooseOption(), after_list("choose_option", "2", feedback_asked=True))
    assert messages[-1]["response"] == replies.OFFERS and messages[-1]["need"] == MENU_NEEDS[1]


# --- within the stated hours, at the time of the answer -------------------------------


@pytest.mark.parametrize(
    ("when", "nights"),
    [
        (datetime(2026, 3, 4, 12, 0, tzinfo=COPENHAGEN), False),  # a Wednesday noon
        (datetime(2026, 3, 4, 22, 0, tzinfo=COPENHAGEN), True),  # the same evening
    ],
)
def test_during_hours_follows_the_stated_hours_and_unknown_hours_never_count(when, nights):
    flags = during_hours([ALWAYS, UNKNOWN, NIGHTS, "gone-from-the-catalogue"], when)
    assert flags == {ALWAYS: True, UNKNOWN: False, NIGHTS: nights, "gone-from-the-catalogue": False}
