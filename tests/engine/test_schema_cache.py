"""The cached `jsonschema.validate` judges exactly as the library's own, on Rasa's schemas."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator, nlg_response_format_spec
from rasa.shared.exceptions import RasaException

from engine import schema_cache

ACTION_RESULTS = [
    {"events": [{"event": "slot", "name": "language", "value": "da"}], "responses": []},
    {"events": [], "responses": [{"response": "utter_menu", "options": ["need_shower"]}]},
    {"events": [{"event": "no-such-event"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [{"name": "language"}]},
    {},
]
NLG_REPLIES = [
    {"text": "Bad: ...", "custom": {"lygte": {"intent": "need_shower"}}},
    {"text": None, "buttons": []},
    {"text": 12},
    {"buttons": "not a list"},
]


def outcome(validate, instance, schema) -> str:
    """'ok' or the message of the error raised."""
    try:
        validate(instance, schema)
    except jsonschema.ValidationError as error:
        return f"invalid: {error.message}"
    return "ok"


@pytest.fixture(autouse=True)
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache installed as `python -m engine` installs it; the library's back afterwards."""
    monkeypatch.setattr(jsonschema, "validate", jsonschema.validate)
    schema_cache.install()


def test_rasa_runs_with_the_cache_installed() -> None:
    assert jsonschema.validate is schema_cache.validate
    assert schema_cache._ORIGINAL is not schema_cache.validate
    assert schema_cache._ORIGINAL.__module__ == "jsonschema.validators"


@pytest.mark.parametrize(
    ("instance", "schema"),
    [(r, RemoteAction.action_response_format_spec()) for r in ACTION_RESULTS]
    + [(r, nlg_response_format_spec()) for r in NLG_REPLIES],
)
def test_same_verdict_and_same_error_as_the_library(instance, schema) -> None:
    assert outcome(schema_cache.validate, instance, schema) == outcome(
        schema_cache._ORIGINAL, instance, schema
    )


def test_both_outcomes_occur_so_the_comparison_means_something() -> None:
    spec = RemoteAction.action_response_format_spec
    verdicts = {outcome(schema_cache.validate, r, spec()).split(":")[0] for r in ACTION_RESULTS}
    assert verdicts == {"ok", "invalid"}


def test_each_distinct_schema_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_cache, "_validators", {})
    for _ in range(3):  # Rasa builds a new, equal dict every time
        schema_cache.validate({"events": []}, RemoteAction.action_response_format_spec())
        schema_cache.validate({"text": "hej"}, nlg_response_format_spec())
    assert len(schema_cache._validators) == 2


def test_a_broken_schema_is_still_rejected() -> None:
    with pytest.raises(jsonschema.SchemaError):
        schema_cache.validate({}, {"type": "no-such-type"})


def test_rasa_still_rejects_a_bad_action_result_and_a_bad_nlg_reply() -> None:
    action = RemoteAction("action_reply", None)
    assert action._validate_action_result({"events": [], "responses": []})
    with pytest.raises(jsonschema.ValidationError, match="Action server response"):
        action._validate_action_result({"events": "not a list"})
    with pytest.raises(RasaException):
        CallbackNaturalLanguageGenerator.validate_response({"text": 12})


def every_event_as_rasa_sends_it() -> list[dict]:
    """One event of each kind an action may return, serialised by Rasa itself."""
    from rasa.shared.core import events

    samples = [
        events.UserUttered("hej", {"name": "greet", "confidence": 0.9}, []),
        events.ActionExecuted("action_listen"),
        events.SlotSet("offers_shown", ["a", "b"]),
        events.EntitiesAdded([{"entity": "place", "value": "vesterbro", "start": 0, "end": 9}]),
        events.FollowupAction("action_listen"),
        events.ActiveLoop(None),
        events.AllSlotsReset(),
        events.BotUttered("hej"),
        events.SessionStarted(),
        events.Restarted(),
        events.ConversationPaused(),
        events.ConversationResumed(),
        events.UserUtteranceReverted(),
        events.ActionReverted(),
    ]
    return [event.as_dict() for event in samples]


def broken_events() -> list[dict]:
    """Events a faulty action server could send: each breaks the schema somewhere."""
    return [
        {"event": "slot", "name": "need"},  # no value
        {"event": "slot", "value": 1},  # no name
        {"event": "slot", "name": 3, "value": 1},
        {"event": "user", "text": 5},
        {"event": "user", "parse_data": {"entities": [{"entity": "place"}]}},
        {"event": "entities"},
        {"event": "action", "hide_rule_turn": "yes"},
        {"event": "no-such-event"},
        {"event": 7},
        {"name": "need", "value": 1},
        {"event": "slot", "name": "need", "value": 1, "timestamp": "today"},
        "not an event",
    ]


@pytest.mark.parametrize("event", every_event_as_rasa_sends_it() + broken_events())
def test_each_event_gets_the_library_verdict_and_error(event) -> None:
    result = {"events": [{"event": "slot", "name": "language", "value": "da"}, event]}
    spec = RemoteAction.action_response_format_spec()
    assert outcome(schema_cache.validate, result, spec) == outcome(
        schema_cache._ORIGINAL, result, spec
    )


def test_valid_and_broken_events_really_differ() -> None:
    spec = RemoteAction.action_response_format_spec()
    for events, verdict in ((every_event_as_rasa_sends_it(), "ok"), (broken_events(), "invalid")):
        for event in events:
            found = outcome(schema_cache._ORIGINAL, {"events": [event]}, spec)
            assert found.split(":")[0] == verdict, event


def test_the_events_are_told_apart_by_their_event_name() -> None:
    branches = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]
    name, index = schema_cache.discriminator(branches["oneOf"])
    assert name == "event" and len(index) == len(branches["oneOf"]) and index["slot"] >= 0
    schema_cache.validate(
        {"events": every_event_as_rasa_sends_it()}, RemoteAction.action_response_format_spec()
    )
    assert "event" in {name for _, name, _ in schema_cache._discriminators.values()}
    # where no property tells the branches apart, every branch is tried as the library does
    assert schema_cache.discriminator([{"type": "string"}, {"minimum": 0}]) == (None, {})
    same = [{"properties": {"k": {"const": "a"}}}, {"properties": {"k": {"const": "a"}}}]
    assert schema_cache.discriminator(same) == (None, {})


@pytest.mark.parametrize("instance", [{"k": "a", "n": 1}, {"k": "a"}, {"n": 1}, {"k": "b"}, 3])
def test_one_of_keeps_its_meaning_where_branches_overlap(instance) -> None:
    schema = {
        "oneOf": [
            {"properties": {"k": {"const": "a"}}},
            {"properties": {"k": {"const": "b"}, "n": {"type": "integer"}}},
            {"required": ["n"]},
        ]
    }
    assert outcome(schema_cache.validate, instance, schema) == outcome(
        schema_cache._ORIGINAL, instance, schema
    )
