"""The engine's place extractor, run as Rasa runs it, and the place-aware actions."""

from __future__ import annotations

from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.actions import ActionFindOffers, ActionMoreOffers, ActionOfferHours
from engine.place_extractor import PlaceExtractor
from tests.engine.test_actions import make_tracker, run, slot_events


def extract(text: str) -> list[dict]:
    (message,) = PlaceExtractor().process([Message(data={TEXT: text})])
    return message.get(ENTITIES, [])


def test_place_entity_with_value_span_and_extractor() -> None:
    (entity,) = extract("shower near nørreport st")
    assert entity["entity"] == "place" and entity["value"] == "noerreport"
    assert (entity["start"], entity["end"]) == (12, 24)
    assert entity["extractor"] == "PlaceExtractor"


def test_no_entity_without_a_place() -> None:
    assert extract("i need a shower") == []
    assert extract("") == []


def test_existing_entities_are_kept() -> None:
    message = Message(data={TEXT: "bad ved enghave plads", ENTITIES: [{"entity": "other"}]})
    (message,) = PlaceExtractor().process([message])
    assert [e["entity"] for e in message.get(ENTITIES)] == ["other", "place"]


def with_place(tracker, place_id: str):
    tracker.latest_message["entities"] = [{"entity": "place", "value": place_id}]
    return tracker


def test_a_place_given_first_is_noted_and_the_need_asked_for() -> None:
    tracker = with_place(make_tracker("inform_location", place="noerreport"), "noerreport")
    messages, events = run(ActionFindOffers(), tracker)
    assert messages[0]["response"] == "utter_place_noted"
    assert messages[0]["place"] == "Nørreport" and slot_events(events) == {}


def test_an_unknown_place_is_said_kindly() -> None:
    messages, _ = run(ActionFindOffers(), make_tracker("inform_location", need="sleep"))
    assert messages[0]["response"] == "utter_place_unknown"


def test_a_place_after_a_need_answers_the_need_from_there() -> None:
    tracker = with_place(make_tracker("inform_location", need="sleep", place="valby"), "valby")
    messages, events = run(ActionFindOffers(), tracker)
    (message,) = messages
    assert message["response"] == "utter_offers" and message["place"] == "Valby"
    assert message["ask_place"] is False
    assert slot_events(events)["need"] == "sleep"


def test_without_a_place_the_first_list_asks_where_but_later_pages_do_not() -> None:
    messages, events = run(ActionFindOffers(), make_tracker("sleep"))
    assert messages[0]["ask_place"] is True and messages[0]["place"] is None
    shown = slot_events(events)["offers_shown"]
    messages, events = run(
        ActionMoreOffers(), make_tracker("more", need="sleep", offers_shown=shown)
    )
    assert messages[0]["ask_place"] is False
    assert not set(slot_events(events)["offers_shown"][len(shown) :]) & set(shown)


def test_hours_answer_the_last_page_listed() -> None:
    _, events = run(ActionFindOffers(), make_tracker("sleep"))
    first = slot_events(events)["offers_shown"]
    _, events = run(ActionMoreOffers(), make_tracker("more", need="sleep", offers_shown=first))
    shown = slot_events(events)["offers_shown"]
    messages, _ = run(ActionOfferHours(), make_tracker("ask_hours", offers_shown=shown))
    assert [o["id"] for o in messages[0]["offers"]] == shown[len(first) :]
    assert messages[0]["first_number"] == len(first) + 1
