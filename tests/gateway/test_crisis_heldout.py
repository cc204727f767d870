"""Held-out crisis texts (tests/crisis_heldout/): suicide and self-harm, under-18s, look-alikes.

The texts are written apart from the phrase lists in bot/safety.py, as people would write
them, in six languages. Every suicide text must lead with the suicide reply, every minor
text must get the minor reply, and no everyday look-alike may get a danger reply.
"""

from __future__ import annotations

import pytest
import yaml

from bot.config import REPO_ROOT
from bot.safety import detect_danger
from lygte.names import LANGUAGES

HELDOUT = REPO_ROOT / "tests" / "crisis_heldout"
NLU_HELDOUT = REPO_ROOT / "tests" / "nlu_heldout"
GROUPS = ("suicide", "minor", "safe")


def load(language: str) -> dict[str, list[str]]:
    """One language's held-out texts, by group."""
    return yaml.safe_load((HELDOUT / f"{language}.yml").read_text(encoding="utf-8"))


def cases(group: str) -> list[tuple[str, str]]:
    """(language, text) for every held-out text of `group`."""
    return [(language, text) for language in LANGUAGES for text in load(language)[group]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_enough_texts(language: str) -> None:
    texts = load(language)
    assert set(texts) == set(GROUPS)
    assert len(texts["suicide"]) >= 6 and len(texts["minor"]) >= 6
    assert len(texts["safe"]) >= 6


@pytest.mark.parametrize(("language", "text"), cases("suicide"))
def test_suicide_and_self_harm_texts_lead_with_the_suicide_reply(language: str, text: str) -> None:
    danger = detect_danger(text)
    assert danger is not None and danger.kind == "suicide", (text, danger)
    assert danger.language(None) == language


@pytest.mark.parametrize(("language", "text"), cases("minor"))
def test_texts_by_under_18s_get_the_minor_reply(language: str, text: str) -> None:
    danger = detect_danger(text)
    assert danger is not None, text
    assert "minor" in (danger.kind, *danger.also), (text, danger)
    assert danger.language(language) == language


@pytest.mark.parametrize(("language", "text"), cases("safe"))
def test_everyday_look_alikes_get_no_danger_reply(language: str, text: str) -> None:
    assert detect_danger(text) is None, text


def nlu_texts() -> list[tuple[str, str, str]]:
    """(language, intent, text) of the NLU held-out set, written by others for the model."""
    found = []
    for path in sorted(NLU_HELDOUT.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    found.append((path.stem, block["intent"], line.strip()[2:]))
    return found


def test_the_nlu_held_out_set_is_read() -> None:
    texts = nlu_texts()
    assert {language for language, _, _ in texts} == set(LANGUAGES)
    assert ("en", "health", "my tooth is killing me") in texts


@pytest.mark.parametrize(("language", "intent", "text"), nlu_texts())
def test_no_nlu_held_out_text_is_taken_for_suicide_or_a_minor(
    language: str, intent: str, text: str
) -> None:
    # None of these texts is about suicide or says an age under 18 ("my tooth is killing me",
    # "havent eaten in 2 days"): the crisis replies must not fire on them.
    danger = detect_danger(text)
    kinds = (danger.kind, *danger.also) if danger else ()
    assert "suicide" not in kinds and "minor" not in kinds, (language, intent, text)
