import pytest

from bot.language import guess_language


@pytest.mark.parametrize(
    ("text", "code", "strong"),
    [
        ("jeg har brug for et bad", "da", True),
        ("hvor kan jeg sove i nat", "da", True),
        ("I need a shower please", "en", True),
        ("where can i sleep tonight", "en", True),
        ("english", "en", True),
        ("dansk", "da", True),
        ("på dansk", "da", True),
        ("læge", "da", False),
        ("3", None, False),
        ("", None, False),
        ("🙂", None, False),
        ("vesterbro", None, False),
    ],
)
def test_guess_language(text: str, code: str | None, strong: bool) -> None:
    guess = guess_language(text)
    assert (guess.code, guess.strong) == (code, strong)
