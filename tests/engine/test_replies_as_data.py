"""The engine is given no NLG endpoint: it never calls a gateway, and makes no words itself.

Every reply comes from an action as data (lygte/payload.py); the gateway renders it. With
no `nlg:` block Rasa uses its templated generator over the domain's responses, and the
domain has none, so nothing but our actions' payloads can reach a person.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.actions.action import RemoteAction, action_for_name_or_text
from rasa.core.agent import Agent
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

DOMAIN = Domain.from_path("domain.yml")
MODEL = Path(__file__).resolve().parents[2] / "models" / "lygte.tar.gz"


@pytest.mark.parametrize("path", ["endpoints.yml", "endpoints-redis.yml"])
def test_no_endpoints_file_names_an_nlg_server(path: str, monkeypatch) -> None:
    for name in ("ACTIONS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD"):
        monkeypatch.setenv(name, "1")  # endpoints-redis.yml's ${...} values
    assert read_endpoint_config(path, "action_endpoint") is not None  # the file was read
    assert read_endpoint_config(path, "nlg") is None


def test_rasa_has_no_words_of_its_own() -> None:
    generator = NaturalLanguageGenerator.create(None, DOMAIN)
    assert isinstance(generator, TemplatedNaturalLanguageGenerator)
    assert DOMAIN.responses == {}


def test_rasas_own_fallback_runs_our_action() -> None:
    """When no rule fits (here: an answer that did not end its turn), the trained model's
    rule policy predicts Rasa's core fallback, and that name runs our action on the action
    server (actions/actions.py: the kinder fallback), not Rasa's built-in one."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}")
    processor = Agent.load(str(MODEL)).processor
    tracker = DialogueStateTracker.from_events("pseudonym", [], slots=processor.domain.slots)
    for event in [
        ActionExecuted("action_session_start"),
        ActionExecuted("action_listen"),
        UserUttered("hej", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("action_show_menu"),
    ]:
        tracker.update(event)
    prediction = processor._predict_next_with_tracker(tracker)
    name = processor.domain.action_names_or_texts[prediction.max_confidence_index]
    assert name == "action_default_fallback"
    endpoint = EndpointConfig("http://127.0.0.1:5055/webhook")
    action = action_for_name_or_text(name, processor.domain, endpoint)
    assert isinstance(action, RemoteAction)
