"""Opening hours in words for staff: the expected words were written by reading each
expression by hand, in Danish and English. The first five are the catalogue's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lygte.hours_words import hours_words

REPO = Path(__file__).resolve().parents[2]

CASES = [
    (
        "Mo-Fr 00:00-08:00,16:00-24:00; Sa,Su,PH 00:00-24:00; Dec 24,Dec 31 unknown",
        "Mon-Fri 00-08 and 16-24, weekends all day, public holidays as weekends,"
        " 24 and 31 Dec unknown",
        "man-fre 00-08 og 16-24, weekend hele døgnet, helligdage som weekend,"
        " 24. og 31. dec ukendt",
    ),
    (
        "Mo-Fr 07:00-13:00; Sa,Su unknown; PH unknown; Dec 24,Dec 31 unknown",
        "Mon-Fri 07-13, weekends unknown, public holidays unknown, 24 and 31 Dec unknown",
        "man-fre 07-13, weekend ukendt, helligdage ukendt, 24. og 31. dec ukendt",
    ),
    (
        "Tu 09:00-11:00; Th 13:00-15:00; PH unknown; Dec 24,Dec 31 unknown",
        "Tue 09-11, Thu 13-15, public holidays unknown, 24 and 31 Dec unknown",
        "tir 09-11, tor 13-15, helligdage ukendt, 24. og 31. dec ukendt",
    ),
    ("24/7", "always open", "altid åbent"),
    (
        "Dec-Mar 20:00-08:00; PH unknown; Dec 24,Dec 31 unknown",
        "see the expression",
        "se udtrykket",
    ),
    (
        "Mo-Fr 16:00-08:00; Sa,Su 00:00-24:00; Dec 24 off",
        "Mon-Fri 16-08, weekends all day, closed 24 Dec",
        "man-fre 16-08, weekend hele døgnet, lukket 24. dec",
    ),
    (
        "Mo-We 09:30-12:00,13:00-15:30; Fr 10:00-14:00; PH off; Dec 31 10:00-12:00",
        "Mon-Wed 09:30-12 and 13-15:30, Fri 10-14, closed on public holidays, 31 Dec 10-12",
        "man-ons 09:30-12 og 13-15:30, fre 10-14, lukket på helligdage, 31. dec 10-12",
    ),
    (
        "Mo-Su 20:00-08:00; PH 10:00-14:00; Dec 24,Dec 31 off; Jul 01-Jul 31 off",
        "every day 20-08, public holidays 10-14, closed 24 and 31 Dec, closed 1 Jul-31 Jul",
        "alle dage 20-08, helligdage 10-14, lukket 24. og 31. dec, lukket 1. jul-31. jul",
    ),
    (
        "Sa,Su 11:00-15:00; Mo-Fr,PH 09:00-16:00; 2026 Dec 21-2027 Jan 03 off",
        "Mon-Fri 09-16, weekends 11-15, public holidays as Mon-Fri, closed 21 Dec 2026-3 Jan 2027",
        "man-fre 09-16, weekend 11-15, helligdage som man-fre, lukket 21. dec 2026-3. jan 2027",
    ),
    (
        "PH unknown; Dec 24 off",
        "public holidays unknown, closed 24 Dec",
        "helligdage ukendt, lukket 24. dec",
    ),
    ("off", "closed", "lukket"),
    ('Mo 10:00-12:00 open "by appointment"', "see the expression", "se udtrykket"),
]


@pytest.mark.parametrize(("expression", "english", "danish"), CASES)
def test_hours_read_in_words(expression: str, english: str, danish: str) -> None:
    assert hours_words(expression, "en") == english
    assert hours_words(expression, "da") == danish


def test_no_hours_say_so() -> None:
    assert hours_words(None, "en") == "no hours given"
    assert hours_words("", "da") == "ingen tider angivet"


def test_every_catalogue_expression_has_words_in_both_languages() -> None:
    expressions = {
        data["opening_hours"]
        for data in (
            yaml.safe_load(p.read_text(encoding="utf-8")) for p in REPO.glob("offers/*.yml")
        )
        if data.get("opening_hours")
    }
    for expression in expressions:
        english, danish = hours_words(expression, "en"), hours_words(expression, "da")
        assert english and danish and english != danish
