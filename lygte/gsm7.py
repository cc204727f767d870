"""The GSM-7 alphabet (GSM 03.38): what an SMS can carry at 160 characters a segment.

One character outside it (a curly quote, an emoji) turns a whole SMS into UCS-2 and more
than doubles its cost. The gateway fits replies to it (bot/formatting.py); the catalogue
checks that offer descriptions keep to it (lygte/catalogue/validate.py).
"""

from __future__ import annotations

import re
import unicodedata

from lygte.names import LANGUAGES

#: The basic character set (without the escape and extension table).
GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: Characters that exist in GSM-7 through the escape table and cost two septets each.
GSM7_EXTENDED: frozenset[str] = frozenset("^{}\\[]~|€\f")

#: Characters (septets or UTF-16 units) of one SMS alone, and of each part of a long one
#: (the rest of a part holds the header that joins them), per encoding.
SEGMENT_SIZES: dict[str, tuple[int, int]] = {"GSM-7": (160, 153), "UCS-2": (70, 67)}

#: Languages whose replies are kept in GSM-7; the others (bg, th) are sent as UCS-2.
GSM7_LANGUAGES: frozenset[str] = frozenset({"da", "en", "ro", "es"})
#: Languages written in UCS-2 (70 characters a segment).
UCS2_LANGUAGES: frozenset[str] = frozenset(LANGUAGES) - GSM7_LANGUAGES

_LOOKALIKES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "•": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "…": "...",
    }
)


def is_gsm7(text: str) -> bool:
    """True if every character of `text` can be sent in the GSM-7 alphabet."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def to_gsm7(text: str) -> str:
    """Replace lookalikes and accents with GSM-7 characters; drop what has no stand-in (emoji)."""
    text = text.translate(_LOOKALIKES)
    out = []
    for ch in text:
        if ch in GSM7_BASIC or ch in GSM7_EXTENDED:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and is_gsm7(base) else "")
    return re.sub(r"[ ]{2,}", " ", "".join(out))
