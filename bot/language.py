"""Per-message language guess: Danish, English, Romanian, Bulgarian, Spanish or Thai.

Uses lingua (lingua-language-detector), which ships its n-gram models inside the wheel:
nothing is downloaded at run time. The detector is restricted to the six languages and built
once, lazily, on the first guess.

The guess travels to the engine as message metadata; the engine keeps the conversation's
language sticky and switches only on strong evidence (actions/context.py). A guess is strong
when the person writes a language's own name ("română", "ไทย"), writes in a script only one of
the six languages uses (Cyrillic: bg, Thai: th), or writes at least two words that lingua is
sure of. Digits, place names and single Latin words are never strong.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from actions.places import fold as fold_place
from actions.places import load_gazetteer

_LINGUA = {
    Language.DANISH: "da",
    Language.ENGLISH: "en",
    Language.ROMANIAN: "ro",
    Language.BULGARIAN: "bg",
    Language.SPANISH: "es",
    Language.THAI: "th",
}

#: Writing a language's own name (or its English or Danish name) switches to it.
LANGUAGE_NAMES = {
    "da": ("dansk", "danish", "på dansk", "paa dansk", "pa dansk"),
    "en": ("english", "engelsk", "in english", "på engelsk", "eng"),
    "ro": ("română", "romana", "romanian", "rumænsk", "in romana", "în română", "limba romana"),
    "bg": ("български", "bulgarian", "bulgarski", "на български", "bulgarsk"),
    "es": ("español", "espanol", "spanish", "spansk", "en español", "en espanol"),
    "th": ("ไทย", "ภาษาไทย", "thai", "thai language"),
}
_NAME_TO_CODE = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}

#: lingua must be this sure (0..1) of a text of at least two words for the guess to be strong.
STRONG_CONFIDENCE = 0.6
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Guess:
    """A language guess for one message; `strong` means it should switch the conversation."""

    code: str | None
    strong: bool


@functools.lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_LINGUA).build()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words of Copenhagen place names (places/copenhagen.yml), folded: they prove no language."""
    return load_gazetteer().words


def _script(text: str) -> str | None:
    """bg or th when the letters are Cyrillic or Thai (only one of the six languages each)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    thai = sum("\u0e00" <= ch <= "\u0e7f" for ch in text)
    if cyrillic * 2 > len(letters):
        return "bg"
    if thai * 2 > len(letters):
        return "th"
    return None


def guess_language(text: str) -> Guess:
    """Guess the language of one message. Digits, place names and one Latin word stay weak."""
    lowered = text.lower().strip(" .!?")
    code = _NAME_TO_CODE.get(lowered) or _NAME_TO_CODE.get(_fold(lowered))
    if code:
        return Guess(code, True)
    words = _WORD.findall(lowered)
    if not words:
        return Guess(None, False)
    script = _script(lowered)
    if script:
        return Guess(script, True)
    places = _place_words()
    if all(fold_place(word) in places for word in words):
        return Guess(None, False)
    values = _detector().compute_language_confidence_values(lowered)
    if not values:
        return Guess(None, False)
    best = values[0]
    strong = len(words) >= 2 and best.value >= STRONG_CONFIDENCE
    return Guess(_LINGUA[best.language], strong)
