"""Fitting replies to SMS: GSM-7 alphabet, segment counting and splitting."""

from __future__ import annotations

import random

import pytest

from bot.formatting import format_reply, is_gsm7, sms_cost, split_sms, to_gsm7


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("", "GSM-7", 1),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),
        ("€" * 81, "GSM-7", 2),
        ("æøåÆØÅé" * 20, "GSM-7", 1),
        ("ж" * 70, "UCS-2", 1),
        ("ж" * 71, "UCS-2", 2),
        ("😀" * 35, "UCS-2", 1),
        ("😀" * 36, "UCS-2", 2),
    ],
)
def test_sms_cost(text: str, encoding: str, segments: int) -> None:
    cost = sms_cost(text)
    assert (cost.encoding, cost.segments) == (encoding, segments)


def test_lookalikes_become_gsm7() -> None:
    assert to_gsm7("“Hej” – det er ‘ok’… 😀").strip() == "\"Hej\" - det er 'ok'..."
    assert to_gsm7("Bună, mulțumesc, știu") == "Buna, multumesc, stiu"
    assert to_gsm7("København æøå é") == "København æøå é"


def test_splitting_keeps_every_word_and_each_part_in_budget() -> None:
    rng = random.Random(7)
    words = ["bad", "Istedgade", "åbent", "ring", "først.", "sove", "i nat!", "læge", "112"]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 300)))
        for budget in (1, 2, 3):
            parts = split_sms(text, budget)
            assert all(sms_cost(part).segments <= budget for part in parts)
            assert " ".join(parts).split() == text.split()


def test_lines_are_preferred_as_cut_points() -> None:
    text = "\n".join(f"{n}. " + "x" * 100 for n in range(1, 6))
    parts = split_sms(text, 1)
    assert [part.split(".")[0] for part in parts] == ["1", "2", "3", "4", "5"]


def test_sms_reply_has_no_links_and_is_gsm7_for_danish() -> None:
    (reply,) = format_reply("sms", "Se https://example.org – tak", "da", 3)
    assert "http" not in reply and is_gsm7(reply)


def test_signal_reply_keeps_the_text() -> None:
    assert format_reply("signal", "Hej – “tak” 🙂", "da", 3) == ["Hej – “tak” 🙂"]
