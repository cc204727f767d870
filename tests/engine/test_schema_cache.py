"""The cached `jsonschema.validate` judges exactly as the library's own, on Rasa's schemas."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator, nlg_response_format_spec
from rasa.shared.exceptions import RasaException

import engine.tracker_store  # noqa: F401  (what `rasa run` imports; it installs the cache)
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


def test_rasa_runs_with_the_cache_installed() -> None:
    assert jsonschema.validate is schema_cache.validate


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
