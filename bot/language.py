"""Per-message language guess (Danish or English for now).

The guess travels to the engine as message metadata; the engine keeps the conversation's
language sticky and switches only on strong evidence (see actions/context.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPPORTED = ("da", "en")

#: Writing a language's own name switches to it.
LANGUAGE_NAMES = {
    "da": ("dansk", "danish", "på dansk", "paa dansk"),
    "en": ("english", "engelsk", "in english", "på engelsk"),
}

_WORDS = {
    "da": set(
        "jeg er har du kan vil ikke hvor hvad skal til og det en et med på paa har "
        "hjælp hjaelp sove bad læge laege mad hej tak nej ja mig min mit gerne brug "
        "brug for nu hvornår hvornaar åben aaben lukket noget nogen sted steder mere".split()
    ),
    "en": set(
        "i am is are you can want not where what need to and the a with on have help "
        "sleep shower doctor food hello hi thanks thank no yes me my please now when "
        "open closed some place places more get".split()
    ),
}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Guess:
    """A language guess for one message; `strong` means it should switch the conversation."""

    code: str | None
    strong: bool


def guess_language(text: str) -> Guess:
    """Guess the language of one message. Digits, place names and one-word texts stay weak."""
    lowered = text.lower().strip(" .!?")
    for code, names in LANGUAGE_NAMES.items():
        if lowered in names:
            return Guess(code, True)
    tokens = _TOKEN.findall(lowered)
    if not tokens:
        return Guess(None, False)
    words = {code: sum(token in known for token in tokens) for code, known in _WORDS.items()}
    # æ ø å tip the balance towards Danish but prove nothing alone: place names have them too.
    scores = dict(words, da=words["da"] + (0.5 if any(ch in lowered for ch in "æøå") else 0))
    best = max(scores, key=lambda code: scores[code])
    other = min(scores.values())
    if scores[best] == other:
        return Guess(None, False)
    strong = words[best] >= 2 and words[best] >= 2 * max(other, 1)
    return Guess(best, strong)
