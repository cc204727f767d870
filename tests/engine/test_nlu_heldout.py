"""The trained model (models/lygte.tar.gz) against the held-out texts in tests/nlu_heldout/.

These texts were written apart from the training data and are never trained on; `make eval`
prints the full report (cross-validation, confusions, comparison). Targets: docs/nlu.md.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from eval.nlu_data import FALLBACK, load_examples, normalise, score

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "lygte.tar.gz"
HELDOUT = load_examples(ROOT / "tests" / "nlu_heldout")
TARGETS = {"da": 0.97, "en": 0.97, "ro": 0.90, "bg": 0.90, "es": 0.90, "th": 0.90}


@pytest.fixture(scope="module")
def predictions() -> dict[str, str]:
    from rasa.core.agent import Agent

    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    agent = Agent.load(str(MODEL))

    async def parse_all() -> dict[str, str]:
        return {e.text: (await agent.parse_message(e.text))["intent"]["name"] for e in HELDOUT}

    return asyncio.run(parse_all())


def test_the_heldout_set_has_at_least_30_texts_per_language() -> None:
    for language in TARGETS:
        assert sum(e.language == language for e in HELDOUT) >= 30, language


def test_heldout_texts_are_not_in_the_training_data() -> None:
    training = {e.text.casefold() for e in load_examples(ROOT / "intents" / "nlu")}
    # A bare menu digit ("4") cannot be written differently: it is in both on purpose.
    overlap = [e.text for e in HELDOUT if e.text.casefold() in training and not e.text.isdigit()]
    assert overlap == []


@pytest.mark.parametrize("language", TARGETS)
def test_heldout_accuracy_per_language(predictions: dict[str, str], language: str) -> None:
    rows = [e for e in HELDOUT if e.language == language]
    result = score([e.intent for e in rows], [predictions[e.text] for e in rows])
    wrong = [
        (e.text, e.intent, predictions[e.text])
        for e in rows
        if normalise(predictions[e.text], e.intent) != e.intent
    ]
    assert result.accuracy >= TARGETS[language], wrong


def test_heldout_accuracy_overall(predictions: dict[str, str]) -> None:
    result = score([e.intent for e in HELDOUT], [predictions[e.text] for e in HELDOUT])
    assert result.accuracy >= 0.95


def test_out_of_scope_texts_reach_the_fallback(predictions: dict[str, str]) -> None:
    oos = [e.text for e in HELDOUT if e.intent == "out_of_scope"]
    reached = [t for t in oos if predictions[t] in FALLBACK]
    assert len(reached) >= 0.9 * len(oos), sorted(set(oos) - set(reached))
