"""Fitting replies to SMS: GSM-7 alphabet, segment counting and splitting."""

from __future__ import annotations

import random
import re

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec used as the reference)
import pytest

from bot.config import REPO_ROOT
from bot.formatting import (
    GSM7_LANGUAGES,
    SmsCost,
    format_reply,
    is_gsm7,
    sms_cost,
    split_sms,
    to_gsm7,
)
from bot.templates import TemplateStore
from lygte.lockscreen import LOCK_SCREEN_CHARS

STORE = TemplateStore(REPO_ROOT / "responses", "da")


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


# --- checked against an independent GSM 03.38 codec (PyPI gsm0338) ---------------------------

GSM_BASIC_SAMPLE = (
    "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡AZÄÖÑÜ§¿azäöñüà\n"
)
ALPHABETS = {
    "gsm_basic": GSM_BASIC_SAMPLE,
    "gsm_extended": "^{}\\[]~|€",
    "danish": "æøåÆØÅé København Vesterbro, ",
    "lookalikes": "“”‘’–—…•\u00a0",
    "romanian": "ăâîșțĂÂÎȘȚ",
    "cyrillic": "абвгджзийклмнопрстуфхцчшщъьюя",
    "thai": "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาำิีึืุู",
    "emoji": "😀🙂👍🏽❤️🌙",
}


def reference_cost(text: str) -> tuple[str, int, int]:
    """Encoding, units and segments from the gsm0338 codec (GSM-7) or UTF-16 (UCS-2).

    Segments are filled greedily with whole characters: an escape pair (two bytes from the
    codec) or a surrogate pair is never split between two segments.
    """
    try:
        sizes = [len(ch.encode("gsm03.38")) for ch in text]
        encoding, single, multi = "GSM-7", 160, 153
    except UnicodeEncodeError:
        sizes = [len(ch.encode("utf-16-be")) // 2 for ch in text]
        encoding, single, multi = "UCS-2", 70, 67
    units = sum(sizes)
    if units <= single:
        return encoding, units, 1
    segments, room = 1, multi
    for size in sizes:
        if size > room:
            segments, room = segments + 1, multi
        room -= size
    return encoding, units, segments


def random_text(rng: random.Random) -> str:
    """A string of up to 500 characters drawn from one to three of the alphabets."""
    pools = rng.sample(sorted(ALPHABETS), rng.randint(1, 3))
    weights = [rng.random() + (5 if pool == "gsm_basic" else 0) for pool in pools]
    return "".join(
        rng.choice(ALPHABETS[rng.choices(pools, weights)[0]]) for _ in range(rng.randint(0, 500))
    )


def test_sms_cost_matches_the_gsm0338_codec_on_random_strings() -> None:
    rng = random.Random(20261127)
    encodings = set()
    for _ in range(5000):
        text = random_text(rng)
        cost = sms_cost(text)
        assert (cost.encoding, cost.units, cost.segments) == reference_cost(text), repr(text)
        encodings.add(cost.encoding)
    assert encodings == {"GSM-7", "UCS-2"}


def test_reply_bodies_are_gsm7_and_in_budget_by_the_reference_too() -> None:
    rng = random.Random(11)
    for _ in range(200):
        text = random_text(rng)
        for language, encoding in (("da", "GSM-7"), ("en", "GSM-7"), ("ro", "GSM-7")):
            for body in format_reply("sms", text, language, 3):
                assert reference_cost(body)[0] == encoding and reference_cost(body)[2] <= 3
        for body in format_reply("sms", text, "bg", 3):
            assert reference_cost(body)[2] <= 3


def test_an_escaped_character_or_emoji_is_never_split_between_segments() -> None:
    # 152 plain characters then "€" (2 septets): 154 septets fit 160 in one message, but
    # split they do not fit 153, so the "€" starts the second segment.
    assert sms_cost("a" * 152 + "€" + "a" * 10).segments == 2
    assert sms_cost("a" * 152 + "€" + "a" * 152).segments == 3
    assert sms_cost("ж" * 66 + "😀" + "ж" * 66).segments == 3  # 134 units, yet 3 segments


def test_romanian_and_danish_are_transliterated_only_where_needed() -> None:
    assert to_gsm7("Bună ziua, Ștefan. Țara și ăsta") == "Buna ziua, Stefan. Tara si asta"
    (reply,) = format_reply("sms", "Hej — “bad” i dag… 😀 ✓", "da", 3)
    assert reply == 'Hej - "bad" i dag...' and is_gsm7(reply)


def test_bulgarian_and_thai_stay_ucs2_within_their_own_budget() -> None:
    bulgarian = "Здравей. Тук можеш да се изкъпеш и да хапнеш. " * 12
    thai = "สวัสดี ที่นี่มีที่อาบน้ำ และอาหาร " * 15
    for text, language in ((bulgarian, "bg"), (thai, "th")):
        bodies = format_reply("sms", text, language, 3)
        assert len(bodies) > 1
        assert all(
            sms_cost(body) == SmsCost("UCS-2", len(body), sms_cost(body).segments)
            for body in bodies
        )
        assert all(sms_cost(body).segments <= 3 for body in bodies)
        assert " ".join(bodies).split() == text.split()


def test_links_of_every_kind_are_removed_over_sms() -> None:
    (reply,) = format_reply("sms", "Læs www.example.dk eller HTTPS://x.dk/a?b=1 nu", "da", 3)
    assert "www" not in reply.lower() and "http" not in reply.lower()


def test_a_sensitive_word_early_in_an_sms_gets_a_neutral_lead_first() -> None:
    lead = "Lygte: her er svaret på det, du skrev til os."
    text = "Åbent nu:\n1. The Red Van (tidl. Sexelancen), Halmtorvet"
    bodies = format_reply("sms", text, "da", 3, lead)
    assert bodies == [f"{lead}\n{text}"]
    assert all(not re.search("sex", body[:40], re.IGNORECASE) for body in bodies)
    assert format_reply("sms", "Bad:\n1. Kofoeds Skole", "da", 3, lead) == [
        "Bad:\n1. Kofoeds Skole"
    ]


def test_the_lock_screen_lead_is_long_enough_in_every_language() -> None:
    lead = STORE.templates()["part_lock_screen_lead"]
    for language, text in lead.text.items():
        sent = to_gsm7(text) if language in GSM7_LANGUAGES else text
        assert len(sent) >= LOCK_SCREEN_CHARS, language
