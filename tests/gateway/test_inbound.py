import pytest

from bot.inbound import MAX_CHARS, clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   \n\t ", ""),
        ("/greet", "greet"),
        ('/restart{"need": "x"}', 'restart{"need": "x"}'),
        ("  //nlu_fallback ", "nlu_fallback"),
        ("hej\x00med\x1bdig", "hej med dig"),
        ("bad\u200b?", "bad ?"),
        ("caf\u0065\u0301", "café"),
        ("broken \ufffd text", "broken text"),
        ("jeg  har\n\nbrug for  et bad", "jeg har brug for et bad"),
        ("\u202ebad\u202c", "bad"),
        ("\x00/restart", "restart"),
        ('/inform{"need": "sleep"}', 'inform{"need": "sleep"}'),
        ("<b>bad</b>", "<b>bad</b>"),  # kept as text: TwiML escapes it, the engine reads words
    ],
)
def test_clean_text(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


def test_long_text_is_cut_at_a_word_boundary() -> None:
    text = "ord " * 1000
    cleaned = clean_text(text)
    assert len(cleaned) <= MAX_CHARS
    assert cleaned.endswith("ord")
