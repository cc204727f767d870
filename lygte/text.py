"""Text folding: the forms in which the line compares what people write with its word lists.

Three folds, because three kinds of comparison need different things:

- `fold_phrase` is for phrases in the six languages (danger words, facts about the person,
  need words, language names, lock-screen topics): lowercase, Latin and Cyrillic letters
  without diacritics ("ÎN Pericol" -> "in pericol", "ИЗТРИЙ" -> "изтрии"), Thai marks kept
  (they change the word), apostrophes made plain, white space made single.
- `fold_place_name` is for Danish place and offer names, which people type on phones
  without æ ø å: æ -> ae, ø -> oe, å -> aa (lygte/places.py also tries a/e, o, a), every
  other mark dropped. Spelling out the Danish letters would break the phrase lists (they
  are written "døv", "år"), and keeping them would lose "Noerrebro" = "Nørrebro".
- `fold_for_features` is what the intent classifier (engine/intent_classifier.py) reads its
  character and word n-grams from: Danish letters spelt out, accents dropped from Latin
  letters only (Cyrillic й and the Thai marks stay). Changing it changes the model: retrain.
"""

from __future__ import annotations

import re
import unicodedata

#: A Thai character: Thai vowel and tone marks are combining characters that must stay.
THAI = re.compile(r"[\u0e00-\u0e7f]")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "`": "'"})
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_PLACE_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "u", "é": "e", "è": "e"}
)


def fold_phrase(text: str) -> str:
    """Lowercase; Latin and Cyrillic letters lose their diacritics (Thai marks are kept)."""
    folded = "".join(fold_char(char) for char in unicodedata.normalize("NFC", text or ""))
    return _SPACES.sub(" ", folded).strip()


def fold_char(char: str) -> str:
    """One character as `fold_phrase` folds it (white space aside): "" for a mark it drops."""
    if THAI.match(char):
        return char
    base = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in base if not unicodedata.combining(c)).translate(_APOSTROPHES)


def fold_place_name(text: str) -> str:
    """Lowercase ASCII-ish form: æ -> ae, ø -> oe, å -> aa, other accents dropped."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_PLACE_LETTERS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold_for_features(text: str) -> str:
    """Lowercase, Danish letters spelt out, accents dropped from Latin letters only."""
    out = []
    for ch in text.lower().translate(_DANISH_LETTERS):
        if "\u00c0" <= ch <= "\u024f" or "\u0218" <= ch <= "\u021b":
            ch = "".join(
                c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
            )
        out.append(ch)
    return "".join(out)
