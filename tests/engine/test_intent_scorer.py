"""The classifier's per-message scorer gives sklearn's own numbers, on every text we have."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.intent_classifier import Scorer, build_model
from eval.nlu_data import load_examples
from lygte.text import fold_for_features

REPO = Path(__file__).resolve().parents[2]
TRAINING = load_examples(REPO / "intents" / "nlu")
HELDOUT = load_examples(REPO / "tests" / "nlu_heldout")


@pytest.fixture(scope="module")
def model():
    fitted = build_model(c=1.0, max_ngram=5)
    fitted.fit([fold_for_features(e.text) for e in TRAINING], [e.intent for e in TRAINING])
    return fitted


def test_scores_equal_the_pipelines_decision_function(model) -> None:
    scorer = Scorer(model)
    texts = [fold_for_features(e.text) for e in TRAINING[::7] + HELDOUT] + [
        "",
        "???",
        "x" * 1000,
        "🙂",
    ]
    expected = model.decision_function(texts)
    for text, row in zip(texts, expected, strict=True):
        assert np.allclose(scorer.scores(text), row, atol=1e-12), text
    assert len(texts) > 900
