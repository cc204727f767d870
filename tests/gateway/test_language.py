import pytest

from bot.language import LANGUAGE_NAMES, guess_language
from engine.names import LANGUAGES


@pytest.mark.parametrize(
    ("text", "code", "strong"),
    [
        ("jeg har brug for et bad", "da", True),
        ("hvor kan jeg sove i nat", "da", True),
        ("I need a shower please", "en", True),
        ("where can i sleep tonight", "en", True),
        ("am nevoie de un dus urgent", "ro", True),
        ("nu am unde sa dorm la noapte", "ro", True),
        ("трябва ми лекар", "bg", True),
        ("necesito una ducha por favor", "es", True),
        ("donde puedo dormir esta noche", "es", True),
        ("อยากอาบน้ำ", "th", True),
        ("english", "en", True),
        ("dansk", "da", True),
        ("på dansk", "da", True),
        ("română", "ro", True),
        ("romana", "ro", True),
        ("български", "bg", True),
        ("español", "es", True),
        ("ไทย", "th", True),
        ("læge", "da", False),
        ("3", None, False),
        ("2450", None, False),
        ("", None, False),
        ("🙂", None, False),
        ("vesterbro", None, False),
        ("Nørreport", None, False),
        ("enghave st", None, False),
    ],
)
def test_guess_language(text: str, code: str | None, strong: bool) -> None:
    guess = guess_language(text)
    assert (guess.code, guess.strong) == (code, strong)


def test_every_supported_language_has_names_that_switch_to_it() -> None:
    assert set(LANGUAGE_NAMES) == set(LANGUAGES)
    for code, names in LANGUAGE_NAMES.items():
        for name in names:
            assert guess_language(name).code == code, name
            assert guess_language(name).strong, name


def test_a_single_latin_word_never_switches() -> None:
    for word in ("dus", "ducha", "bad", "shower", "hola"):
        assert not guess_language(word).strong, word
