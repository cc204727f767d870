"""What a lock screen may show: the start of an SMS never names what the person wrote about.

A phone shows the first ~40 characters of a new SMS on its lock screen, where a partner, a
pimp or a room-mate may see it. Those characters must not name a topic: drugs, violence,
sexual assault, trafficking, sex work, suicide or self-harm, in any of the six languages.
`bot/formatting.py` puts the neutral line (`part_lock_screen_lead`) first in any SMS that
would; this module says which would.

The words come from two places:

- `TOPIC_WORDS`: the topic words per language, including the parts of offer names that carry
  one ("Stofindtagelsen", "Menneskehandel", "Seksuelle Overgreb", "Lev Uden Vold") and the
  few names known for a topic without naming it (Livslinien, Offerrådgivningen, Reden);
- the menu labels of the needs in `SENSITIVE_NEEDS` (responses/menu.yml, every language), read
  from the templates as staff have them now: "Stoffer:" or "Vold:" heading a list.

The danger-first openings ("If you are in danger now, call 112") name no topic: "danger" is
not a topic word, so they stay first, without the neutral line.

Matching is on folded text (lowercase; Latin and Cyrillic without diacritics, so the GSM-7
transliteration "violenta" matches "violență"). A word matches whole words; "word*" also
matches longer words and "*word*" matches inside words too (Danish compounds: "partnervold").
Thai has no spaces between words: Thai words match anywhere. "Characters" are what a person
sees: a Thai vowel or tone mark above or below a letter takes no place of its own, so the
window is counted in spacing characters, and a word cut at its edge counts as shown.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable, Mapping

from bot.templates import LOCK_SCREEN_CHARS, Template

#: Needs whose menu label names a topic ("Vold", "Drugs"): a label heading a list would show it.
#: The trafficking label ("Tvang", "Forced", "Принуда") is discreet on purpose (menu.yml) and
#: opens the second menu page in Bulgarian and Thai: it is not one of them.
SENSITIVE_NEEDS: tuple[str, ...] = ("drugs", "violence")

# fmt: off
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "da": (
        "stof*", "*narko*", "fixerum*", "hash", "kokain*", "heroin*",
        "*vold*", "overgreb*", "*menneskehandel*",
        "sex*", "*seksu*", "prostitu*", "escort*", "luder*",
        "*selvmord*", "selvskad*",
        "livslinien", "offerrådgivning*", "reden",
    ),
    "en": (
        "drug*", "narcotic*", "overdos*", "heroin*", "cocaine",
        "violen*", "abus*", "assault*", "rape*", "traffick*",
        "sex*", "prostitu*", "escort*", "suicid*", "self-harm*", "self harm*", "selfharm*",
    ),
    "ro": (
        "drog*", "narcotic*", "stupefiant*", "violen*", "viol", "violat*", "abuz*",
        "agresiun*", "agresat*", "trafic*", "prostitu*", "sex*", "escort*",
        "sinucid*", "autovatam*", "automutil*",
    ),
    "bg": (
        "дрог*", "наркоти*", "насили*", "изнасил*", "посегателств*", "трафик*",
        "секс*", "проститу*", "ескорт*", "самоуби*", "самонаран*",
    ),
    "es": (
        "droga*", "narcotic*", "estupefacient*", "violen*", "violac*", "violad*", "abus*",
        "agresi*", "trata de personas", "trafico de personas", "traficad*",
        "prostitu*", "sex*", "escort*", "suicid*", "autolesi*",
    ),
    "th": (
        "ยาเสพติด", "สารเสพติด", "ยาบ้า", "ความรุนแรง", "ทำร้าย", "ข่มขืน", "ล่วงละเมิด",
        "ค้ามนุษย์", "ค้าประเวณี", "โสเภณี", "ขายบริการ", "ขายตัว", "ทางเพศ", "เซ็กส์",
        "ฆ่าตัวตาย",
    ),
}
# fmt: on

_THAI = re.compile(r"[\u0e00-\u0e7f]")


def fold(text: str) -> str:
    """Lowercase; Latin and Cyrillic letters lose their diacritics (Thai marks are kept)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) or _THAI.match(ch))


def _fragment(word: str) -> str:
    """The regex for one word in the syntax of TOPIC_WORDS (see the module docstring)."""
    inside, longer = word.startswith("*"), word.endswith("*")
    core = re.escape(fold(word.strip("*")))
    if _THAI.search(word):
        return core  # no spaces between Thai words: anywhere
    start = "" if inside else r"(?<![^\W\d_])"
    end = "" if longer else r"(?![^\W\d_])"
    return start + core + end


@functools.lru_cache(maxsize=8)
def _pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    words = [word for words in TOPIC_WORDS.values() for word in words]
    # A label is a word or two ("Mad, hvile"): matched whole, and with any ending.
    words += [f"{label.strip()}*" for label in labels if label.strip()]
    return re.compile("|".join(_fragment(word) for word in sorted(set(words))))


def sensitive_labels(templates: Mapping[str, Template]) -> tuple[str, ...]:
    """The menu labels of SENSITIVE_NEEDS in every language and channel, as staff wrote them."""
    labels = set()
    for need in SENSITIVE_NEEDS:
        template = templates.get(f"label_{need}")
        if template is not None:
            for texts in (template.text, *template.variants.values()):
                labels.update(texts.values())
    return tuple(sorted(labels))


def lock_screen_window(text: str, chars: int = LOCK_SCREEN_CHARS) -> str:
    """The part of `text` a lock screen shows: `chars` spacing characters, plus the rest
    of a word cut at the edge (half a word can give it away)."""
    shown, end = 0, len(text)
    for index, ch in enumerate(text):
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue  # drawn on the character before it: no place of its own
        if shown == chars:
            end = index
            break
        shown += 1
    while end < len(text) and (text[end].isalnum() or unicodedata.category(text[end]) == "Mn"):
        end += 1
    return text[:end]


def topic_shown(text: str, labels: Iterable[str] = ()) -> str | None:
    """The topic word a lock screen would show at the start of `text`, or None."""
    match = _pattern(tuple(sorted(set(labels)))).search(fold(lock_screen_window(text)))
    return match.group(0) if match else None
