"""The custom actions, run as the action server runs them, on the real catalogue."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    CATALOGUE,
    ActionChooseOption,
    ActionDefaultFallback,
    ActionFindOffers,
    ActionMoreOffers,
    ActionOfferHours,
    ActionReply,
    ActionShowMenu,
)
from lygte import followup, replies
from lygte.menu import LANGUAGE_OPTION, MENU_NEEDS, language_menu_arguments
from lygte.payload import Payload


def make_tracker(
    intent: str, text: str = "", metadata: dict | None = None, **slots: Any
) -> Tracker:
    return Tracker(
        sender_id="pseudonym",
        # a conversation already in Danish unless a test says otherwise
        slots={
            "language": "da",
            "need": None,
            "offers_shown": None,
            "place": None,
            "languages_listed": None,
            **slots,
        },
        latest_message={
            "intent": {"name": intent, "confidence": 0.9},
            "entities": [],
            "text": text,
            "metadata": metadata or {},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Any, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """Run `action` as the action server does: what it said (per reply its payload's
    response and language with the arguments, lygte/payload.py) and its events."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return [said(message) for message in dispatcher.messages], events


def said(message: dict) -> dict:
    """One reply the dispatcher holds: only a custom payload, never words or a response
    Rasa would render itself (it has no templates and would send nothing)."""
    assert {k for k, v in message.items() if v} == {"custom"}
    payload = Payload.from_json(message["custom"])
    assert payload is not None and payload.to_json() == message["custom"]
    return {"response": payload.response, "language": payload.language, **payload.arguments}


def slot_events(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def offers_with(need: str) -> set[str]:
    return {o.id for o in CATALOGUE.offers() if need in o.needs}


def test_a_need_gets_offers_that_serve_it() -> None:
    messages, events = run(ActionFindOffers(), make_tracker("need_shower"))
    (message,) = messages
    assert message["response"] == "utter_offers" and message["need"] == "need_shower"
    ids = [offer["id"] for offer in message["offers"]]
    assert ids and set(ids) <= offers_with("need_shower")
    # list_shown: a digit next picks one of these places (lygte/followup.py)
    assert slot_events(events) == {"need": "need_shower", "offers_shown": ids, "list_shown": True}
    for offer in message["offers"]:
        assert set(offer) == {
            "id",
            "name",
            "about",
            "address",
            "mobile",
            "phone",
            "hours",
            "audience",
            "distance",
        }


def test_each_offer_is_described_in_the_conversations_language() -> None:
    for language in ("da", "en", "ro", "bg", "es", "th"):
        messages, _ = run(ActionFindOffers(), make_tracker("sleep", language=language))
        by_id = {o.id: o for o in CATALOGUE.offers()}
        for offer in messages[-1]["offers"]:
            assert offer["about"] == by_id[offer["id"]].description[language]


@pytest.mark.parametrize("need", sorted(replies.GUIDANCE))
def test_a_how_to_need_gets_its_guidance_first_then_the_offers(need: str) -> None:
    messages, _ = run(ActionFindOffers(), make_tracker(need))
    responses = [m["response"] for m in messages]
    guidance = list(replies.GUIDANCE[need])
    assert responses[: len(guidance)] == guidance
    # then the offers that fit, or nothing more: never "I do not know a place"
    assert responses[len(guidance) :] in (["utter_offers"], [])
    # the same need chosen from the menu is answered the same way
    number = str(MENU_NEEDS.index(need) + 1)
    chosen, _ = run(ActionChooseOption(), make_tracker("choose_option", number))
    assert [m["response"] for m in chosen] == responses


def test_guidance_is_not_repeated_on_the_next_page_or_for_a_new_place() -> None:
    need = "register_cvr"
    _, events = run(ActionFindOffers(), make_tracker(need))
    shown = slot_events(events)["offers_shown"]
    messages, _ = run(ActionMoreOffers(), make_tracker("more", need=need, offers_shown=shown))
    assert not any(m["response"].startswith("utter_guidance") for m in messages)
    tracker = make_tracker("inform_location", need=need)
    tracker.latest_message["entities"] = [{"entity": "place", "value": "valby"}]
    messages, _ = run(ActionFindOffers(), tracker)
    assert not any(m["response"].startswith("utter_guidance") for m in messages)


def test_a_menu_digit_picks_the_need() -> None:
    messages, events = run(ActionChooseOption(), make_tracker("choose_option", "nr 2"))
    assert messages[0]["response"] == "utter_offers" and messages[0]["need"] == MENU_NEEDS[1]
    assert slot_events(events)["need"] == MENU_NEEDS[1]


def test_an_invalid_digit_asks_for_the_need() -> None:
    messages, events = run(ActionChooseOption(), make_tracker("choose_option", "99"))
    assert [m["response"] for m in messages] == ["utter_ask_need"] and slot_events(events) == {}


def test_zero_is_the_second_menu_page_where_there_is_one() -> None:
    messages, _ = run(ActionChooseOption(), make_tracker("choose_option", "0", language="bg"))
    assert messages[0]["response"] == "utter_menu" and messages[0]["first_option"] == 8
    messages, _ = run(ActionChooseOption(), make_tracker("choose_option", "0"))
    assert messages[0]["options"] == [*MENU_NEEDS, LANGUAGE_OPTION]


def test_the_language_option_lists_the_languages_in_the_current_language() -> None:
    messages, events = run(ActionChooseOption(), make_tracker("choose_option", "15"))
    assert messages == [{**messages[0], "response": "utter_menu", **language_menu_arguments()}]
    assert messages[0]["language"] == "da" and slot_events(events) == {"languages_listed": True}


def test_a_number_from_the_language_list_switches_and_shows_the_menu_in_it() -> None:
    # a weak guess for Danish does not matter: the number chose Thai
    weak = {"language": "da", "language_strong": False, "default_language": "da"}
    tracker = make_tracker("choose_option", "21", weak, language="en", languages_listed=True)
    messages, events = run(ActionChooseOption(), tracker)
    assert [m["response"] for m in messages] == ["utter_language_set", "utter_menu"]
    assert {m["language"] for m in messages} == {"th"}
    assert messages[1]["menu_more"]  # the Thai menu's first page
    assert slot_events(events) == {"language": "th", "languages_listed": None}


def test_without_the_list_just_shown_such_a_number_keeps_the_language() -> None:
    # "18" may be an age: only right after the list does it mean Romanian
    messages, events = run(ActionChooseOption(), make_tracker("choose_option", "18"))
    assert [m["response"] for m in messages] == ["utter_ask_need"]
    assert messages[0]["language"] == "da" and slot_events(events) == {}


@pytest.mark.parametrize(
    ("action", "intent", "text"),
    [
        (ActionChooseOption(), "choose_option", "2"),
        (ActionShowMenu(), "menu", "menu"),
        (ActionReply(), "greet", "hej"),
    ],
)
def test_any_other_turn_after_the_list_ends_it(action, intent, text) -> None:
    _, events = run(action, make_tracker(intent, text, languages_listed=True))
    assert slot_events(events)["languages_listed"] is None


def test_more_pages_through_every_offer_then_says_no_more() -> None:
    need = max(MENU_NEEDS, key=lambda n: len(offers_with(n)))
    seen: list[str] = []
    _, events = run(ActionFindOffers(), make_tracker(need))
    seen = slot_events(events)["offers_shown"]
    while True:
        messages, events = run(
            ActionMoreOffers(), make_tracker("more", need=need, offers_shown=seen)
        )
        if messages[0]["response"] == "utter_no_more":
            break
        assert messages[0]["first_number"] == len(seen) + 1
        seen = slot_events(events)["offers_shown"]
    assert len(seen) == len(set(seen)) and set(seen) == offers_with(need)


def test_hours_answer_for_the_offers_just_listed() -> None:
    shown = sorted(offers_with("health"))[:3]
    messages, _ = run(ActionOfferHours(), make_tracker("ask_hours", offers_shown=shown))
    assert messages[0]["response"] == "utter_hours"
    assert [o["id"] for o in messages[0]["offers"]] == shown


def test_hours_without_a_list_ask_for_the_need() -> None:
    messages, _ = run(ActionOfferHours(), make_tracker("ask_hours"))
    assert messages[0]["response"] == "utter_ask_need"


def test_menu_and_fallback_send_every_option() -> None:
    for intent, response in (
        ("menu", "utter_menu"),
        ("nlu_fallback", "utter_fallback"),
        ("out_of_scope", "utter_fallback"),
    ):
        # a text not understood gets the whole menu on the second miss in a row (the first
        # gets the likeliest needs: tests/engine/test_followup.py)
        messages, _ = run(ActionShowMenu(), make_tracker(intent, misses=1.0))
        assert messages[0]["response"] == response
        assert messages[0]["options"] == [*MENU_NEEDS, LANGUAGE_OPTION]


def test_reply_names_the_fixed_response_for_the_intent() -> None:
    assert run(ActionReply(), make_tracker("greet"))[0][0]["response"] == "utter_greet"
    assert run(ActionReply(), make_tracker("forget_me"))[0][0]["response"] == "utter_forgotten"


def test_the_answering_action_decides_and_sends_the_language() -> None:
    weak = {"language": "en", "language_strong": False, "default_language": "da"}
    strong = dict(weak, language_strong=True)
    # first message: the guess becomes the conversation's language, and the reply's
    messages, events = run(ActionReply(), make_tracker("greet", metadata=weak, language=None))
    assert slot_events(events) == {"language": "en"} and messages[0]["language"] == "en"
    # later: a weak guess keeps the conversation's language; nothing to set
    messages, events = run(ActionShowMenu(), make_tracker("menu", metadata=weak, language="da"))
    assert slot_events(events) == {} and messages[0]["language"] == "da"
    # a strong guess switches, for every response of the turn
    tracker = make_tracker("sleep", metadata=strong, language="da")
    messages, events = run(ActionFindOffers(), tracker)
    assert slot_events(events)["language"] == "en"
    assert messages and {m["language"] for m in messages} == {"en"}


def test_every_answer_ends_the_turn_with_listening() -> None:
    for action, intent in [
        (ActionReply(), "greet"),
        (ActionFindOffers(), "need_shower"),
        (ActionChooseOption(), "choose_option"),
        (ActionMoreOffers(), "more"),
        (ActionOfferHours(), "ask_hours"),
        (ActionShowMenu(), "menu"),
    ]:
        _, events = run(action, make_tracker(intent))
        assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}
        assert sum(e["event"] == "followup" for e in events) == 1


# Several needs in one text, and what the person says about themselves (issue 18).


def with_ranking(tracker: Tracker, *scores: tuple[str, float]) -> Tracker:
    tracker.latest_message["intent_ranking"] = [
        {"name": name, "confidence": confidence} for name, confidence in scores
    ]
    return tracker


def test_several_needs_answer_the_most_urgent_and_offer_the_others_first() -> None:
    tracker = with_ranking(
        make_tracker("need_shower", "hungry and need to wash"),
        ("need_shower", 0.92),
        ("food_rest", 0.07),
    )
    messages, events = run(ActionFindOffers(), tracker)
    assert [m["response"] for m in messages] == [replies.ALSO_NEED, replies.OFFERS]
    also, offers = messages
    assert also["options"] == ["need_shower"]
    assert also["option_numbers"] == [MENU_NEEDS.index("need_shower") + 1]
    assert offers["need"] == "food_rest"
    assert slot_events(events)["needs_also"] == ["need_shower"]


def test_one_need_gets_no_also_line() -> None:
    tracker = with_ranking(
        make_tracker("sleep", "where can i sleep tonight"), ("sleep", 0.98), ("food_rest", 0.01)
    )
    messages, events = run(ActionFindOffers(), tracker)
    assert [m["response"] for m in messages] == [replies.OFFERS]
    assert "needs_also" not in slot_events(events)


def test_the_number_an_also_line_offered_picks_that_need_not_a_listed_place() -> None:
    number = str(MENU_NEEDS.index("need_shower") + 1)
    shown = sorted(offers_with("food_rest"))[:3]
    tracker = make_tracker(
        "choose_option",
        number,
        need="food_rest",
        offers_shown=shown,
        list_shown=True,
        needs_also=["need_shower"],
    )
    messages, events = run(ActionChooseOption(), tracker)
    assert messages[-1]["response"] == replies.OFFERS
    assert messages[-1]["need"] == "need_shower"
    assert slot_events(events)["needs_also"] is None  # it counts for one turn only


def test_what_the_person_says_is_kept_in_slots_and_ranks_this_very_answer() -> None:
    messages, events = run(ActionFindOffers(), make_tracker("health", "læge uden cpr"))
    assert slot_events(events)["person_no_cpr"] is True
    first = messages[-1]["offers"][0]["id"]
    assert {o.id: o for o in CATALOGUE.offers()}[first].anonymous != "no"
    assert first != "akuttelefonen-1813"


def test_any_answer_reads_the_person_and_a_later_turn_keeps_it() -> None:
    _, events = run(ActionReply(), make_tracker("greet", "hej, jeg er 16"))
    assert {k: v for k, v in slot_events(events).items() if k.startswith("person_")} == {
        "person_age": 16,
        "person_minor": True,
    }
    # the next turn says nothing about the person: the slots stay, nothing is set again
    messages, events = run(
        ActionFindOffers(),
        make_tracker("sleep", "hvor kan jeg sove", person_age=16, person_minor=True),
    )
    assert not any(k.startswith("person_") for k in slot_events(events))
    assert messages[-1]["offers"][0]["id"] == "joannahuset"


def test_a_man_told_earlier_gets_no_women_only_place() -> None:
    tracker = make_tracker("need_shower", "bad", person_gender="man")
    messages, _ = run(ActionFindOffers(), tracker)
    by_id = {o.id: o for o in CATALOGUE.offers()}
    assert all(by_id[o["id"]].audience.admits("men") is not False for o in messages[-1]["offers"])
    # "more" pages rank for the person too
    shown = [o["id"] for o in messages[-1]["offers"]]
    more, _ = run(
        ActionMoreOffers(),
        make_tracker("more", need="need_shower", offers_shown=shown, person_gender="man"),
    )
    ids = [o["id"] for m in more if m["response"] == replies.OFFERS for o in m["offers"]]
    assert "reden-koebenhavn" not in ids


def test_each_reply_is_sent_as_data_the_gateway_renders() -> None:
    """The custom payload exactly as the action server sends it (Rasa passes it on as is)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("need_shower", "jeg vil gerne i bad")
    asyncio.run(ActionFindOffers().run(dispatcher, tracker, {}))
    (message,) = dispatcher.messages
    payload = message["custom"]
    assert set(payload) == {"response", "arguments", "language", "offers", "intent"}
    assert payload["response"] == "utter_offers" and payload["language"] == "da"
    assert payload["intent"] == {"name": "need_shower", "confidence": 0.9}
    assert payload["offers"] == [offer["id"] for offer in payload["arguments"]["offers"]]
    assert payload["arguments"]["need"] == "need_shower"
    json.dumps(payload)  # plain JSON, as it travels engine → gateway


def test_rasas_own_fallback_is_ours_the_kinder_fallback() -> None:
    """No rule fits (Rasa's core fallback): the kinder fallback, not Rasa's utter_default."""
    tracker = make_tracker("greet", "?")
    messages, events = run(ActionDefaultFallback(), tracker)
    assert ActionDefaultFallback().name() == "action_default_fallback"
    assert [m["response"] for m in messages] == [followup.FALLBACK_ASK]
    assert slot_events(events)["misses"] == 1.0
    messages, _ = run(ActionDefaultFallback(), make_tracker("greet", "?", misses=1.0))
    assert messages[0]["response"] == replies.FALLBACK
