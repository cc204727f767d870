"""Whole conversations from tests/dialogues/ through the real line, checked at every turn.

Each conversation is one new sender; every turn's intent, reply language and kind of answer
must be as its table says (schema: tests/dialogues/README.md, checks: eval/dialogues.py).
A conversation that `needs:` a feature the project does not have yet (a domain name or a
module of issue 18 §1-§6) is skipped with what it waits for; once the feature is there it
runs and must pass.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.safety import FORGET_WORDS
from eval.dialogues import (
    ROOT,
    Answers,
    Checker,
    Conversation,
    Turn,
    describe,
    domain_names,
    load_conversations,
    offers_serving,
    run_conversation,
    simulator,
    waiting_for,
)
from eval.nlu_data import load_examples
from lygte.names import LANGUAGES
from tests.e2e.conftest import RunningLine

CONVERSATIONS = load_conversations()
WAITING = {c.id: waiting_for(c, domain_names()) for c in CONVERSATIONS}


def test_every_language_has_at_least_ten_conversations_that_run_today() -> None:
    running = Counter(c.language for c in CONVERSATIONS if not WAITING[c.id])
    assert sum(running.values()) >= 60
    assert {lang: running[lang] for lang in LANGUAGES if running[lang] < 10} == {}


def test_conversation_names_are_unique() -> None:
    counts = Counter(c.id for c in CONVERSATIONS)
    assert [cid for cid, n in counts.items() if n > 1] == []


def test_dialogue_texts_are_not_in_the_training_data() -> None:
    training = {e.text.casefold() for e in load_examples(ROOT / "intents" / "nlu")}
    # A menu digit and the forget keyword cannot be written differently: both are answered
    # before the classifier's guess matters.
    fixed = {word.casefold() for word in FORGET_WORDS}
    overlap = [
        turn.text
        for c in CONVERSATIONS
        for turn in c.turns
        if turn.text.casefold() in training
        and not turn.text.isdigit()
        and turn.text.casefold() not in fixed
    ]
    assert overlap == []


def test_the_checks_catch_a_wrong_answer() -> None:
    """A menu where offers were due, another language, another intent: all three reported."""
    checker = Checker(Answers(ROOT / "responses"), offers_serving())
    turn = Turn("need a shower", ("need_shower",), "en", ("offers",))
    menu = {"replies": ["Pick one:\n1 Shower"], "intent": "menu", "language": "da", "offers": []}
    assert set(checker.check(turn, menu)) == {"intent", "language", "kind"}
    shower = sorted(offers_serving()["need_shower"])[:2]
    right = {"replies": ["Shower:\n1. ..."], "intent": "need_shower", "language": "en"}
    assert checker.check(turn, {**right, "offers": shower}) == {}
    more = Turn("more", ("more",), "en", ("more",))
    again = {**right, "intent": "more", "offers": shower}  # the same offers again
    assert "kind" in checker.check(more, again)


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: c.id)
def test_conversation(line: RunningLine, conversation: Conversation) -> None:
    waiting = WAITING[conversation.id]
    if waiting:
        pytest.skip(f"waits for {', '.join(waiting)} (issue 18)")
    answers = Answers(line.responses_dir, conversation.channel)
    say = simulator(line.url, conversation.channel)
    results = run_conversation(conversation, say, answers, offers_serving())
    assert all(r.right() for r in results), describe(conversation, results)
