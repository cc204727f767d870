"""Cleaning of incoming text before it reaches the engine.

Whatever arrives (control characters, broken encodings, 2,000 characters, a leading
"/" that Rasa would read as a literal intent) leaves here as plain, bounded text.
"""

from __future__ import annotations

import re
import unicodedata

#: Longer texts are cut: the engine needs the gist, not a novel (Twilio allows 1,600).
MAX_CHARS = 1000

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Return `text` normalised (NFC), without control characters, bounded, not starting with "/".

    An empty result means the message carried no words (empty body, only a picture).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\ufffd", " ")  # replacement character from a broken encoding
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    # Rasa parses "/intent{...}" as an instruction, not as words: never let a person do that.
    text = text.lstrip("/").strip()
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0]
    return text
