"""Reading NLU examples with their language, and scoring predictions the way docs/nlu.md does."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

#: Predictions that count as "reached the fallback".
FALLBACK = frozenset({"nlu_fallback", "out_of_scope"})


@dataclass(frozen=True)
class Example:
    """One text with its intent and the language of the file it came from."""

    text: str
    intent: str
    language: str


def load_examples(folder: Path) -> list[Example]:
    """Every example of every `<language>.yml` in `folder` and its subfolders (Rasa's NLU YAML
    format; a topic may keep its examples in a subfolder, e.g. `followup/da.yml`)."""
    examples = []
    for path in sorted(folder.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append(Example(line[2:].strip(), block["intent"], path.stem))
    return examples


def normalise(predicted: str, gold: str) -> str:
    """A fallback counts as right for an out-of-scope text."""
    return gold if gold == "out_of_scope" and predicted in FALLBACK else predicted


@dataclass(frozen=True)
class Scores:
    """Accuracy, macro-F1 and count of one set of predictions."""

    accuracy: float
    macro_f1: float
    count: int


def score(golds: list[str], predictions: list[str]) -> Scores:
    """Accuracy and macro-F1 (over the gold intents present) of `predictions`."""
    preds = [normalise(p, g) for p, g in zip(predictions, golds, strict=True)]
    if not golds:
        return Scores(0.0, 0.0, 0)
    accuracy = sum(p == g for p, g in zip(preds, golds, strict=True)) / len(golds)
    f1s = []
    for label in sorted(set(golds)):
        tp = sum(p == g == label for p, g in zip(preds, golds, strict=True))
        fp = sum(p == label != g for p, g in zip(preds, golds, strict=True))
        fn = sum(g == label != p for p, g in zip(preds, golds, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return Scores(accuracy, sum(f1s) / len(f1s), len(golds))


def confused_pairs(golds: list[str], predictions: list[str], top: int = 8) -> list[tuple]:
    """The most frequent (gold, predicted) mistakes."""
    pairs = Counter(
        (g, p)
        for g, p in zip(
            golds, (normalise(p, g) for p, g in zip(predictions, golds, strict=True)), strict=True
        )
        if g != p
    )
    return pairs.most_common(top)


def fallback_share(golds: list[str], predictions: list[str]) -> tuple[int, int]:
    """How many out-of-scope texts reached the fallback, of how many."""
    oos = [p for p, g in zip(predictions, golds, strict=True) if g == "out_of_scope"]
    return sum(p in FALLBACK for p in oos), len(oos)
