"""The two readers of "I am under 18" agree: the gateway's danger route (bot/safety.py) and
the action server's person slots (lygte/person.py), which cannot import each other's
package at run time and so keep their own copy of the age patterns."""

from __future__ import annotations

import pytest

from bot.safety import detect_danger
from lygte.person import read_person

SAMPLES = [
    "im 16 and got nowhere to sleep tonight",
    "I'm 17",
    "i am only 15",
    "just turned 16",
    "jeg er 15 år",
    "jeg er kun 14",
    "har lige fyldt 16",
    "am 17 ani",
    "am doar 16 ani",
    "на 16 съм",
    "sum na 16",
    "tengo 16 años",
    "acabo de cumplir 15",
    "อายุ 16",
    "I'm under 18",
    "not 18 yet",
    "jeg er mindreårig",
    "sunt minora",
    "soy menor",
    "непълнолетна съм",
    "ยังไม่ถึง 18",
]
NOT_AGES = [
    "jeg er 16:30 ved Nørreport",
    "i'm 15 min away",
    "tengo 16 euros",
    "ลูกอายุ 16",
    "am 10 ani de experiență",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_an_under_18_for_the_gateway_is_a_minor_for_the_actions(text: str) -> None:
    danger = detect_danger(text)
    assert danger is not None and "minor" in (danger.kind, *danger.also)
    assert read_person(text).minor is True


@pytest.mark.parametrize("text", NOT_AGES)
def test_neither_reads_an_age_into_other_numbers(text: str) -> None:
    assert detect_danger(text) is None
    assert read_person(text).minor is None
