"""What a lock screen may show: the start of an SMS never names what the person wrote about.

A phone shows the first ~40 characters of a new SMS on its lock screen, where a partner, a
pimp or a room-mate may see it. Those characters must not name a topic: drugs, injecting,
violence, sexual assault, trafficking, sex work, sexual health (HIV, STIs), suicide or
self-harm, in any of the six languages. One list, `TOPIC_WORDS`, serves three checks:

- the gateway puts the neutral line (`part_lock_screen_lead`) first in any SMS whose start
  would show one (bot/formatting.py, with `topic_shown`);
- staff cannot save a template whose first characters name one (bot/templates.py);
- an offer description must not start with one (lygte/catalogue/validate.py,
  `topic_at_start`): the words may come later in the line.

`TOPIC_WORDS` includes the parts of offer names that carry a topic ("Stofindtagelsen",
"Menneskehandel", "Seksuelle Overgreb", "Lev Uden Vold") and the few names known for a topic
without naming it (Livslinien, Offerrådgivningen, Reden). The gateway adds the menu labels of
the sensitive needs as staff have them now (`sensitive_labels`). The danger-first openings
("If you are in danger now, call 112") name no topic: "danger" is not a topic word.

Matching is on folded text (lygte/text.fold_phrase, so the GSM-7 transliteration "violenta"
matches "violență"). A word matches whole words; "word*" also matches longer words and
"*word*" matches inside words too (Danish compounds: "partnervold"). The words of all
languages are matched in every text, so a word that is harmless in another language ("sti"
is a Danish path) is left out. Thai has no spaces between words: Thai words match anywhere.
"Characters" are what a person sees: a Thai vowel or tone mark above or below a letter takes
no place of its own, so the window is counted in spacing characters, and a word cut at its
edge counts as shown.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, Iterable, Mapping

from lygte.text import THAI, fold_char, fold_phrase

if TYPE_CHECKING:  # lygte/templates.py checks texts with this module: no import at run time
    from lygte.templates import Template

#: The characters a lock screen shows of a new SMS.
LOCK_SCREEN_CHARS = 40

#: Needs whose menu label names a topic ("Vold", "Drugs"): a label heading a list would show it.
#: The trafficking label ("Tvang", "Forced", "Принуда") is discreet on purpose (menu.yml) and
#: opens the second menu page in Bulgarian and Thai: it is not one of them.
SENSITIVE_NEEDS: tuple[str, ...] = ("drugs", "violence")

# fmt: off
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "da": (
        "stof*", "*narko*", "fixerum*", "hash", "kokain*", "heroin*", "misbrug*",
        "*vold*", "overgreb*", "*menneskehandel*",
        "sex*", "*seksu*", "prostitu*", "escort*", "luder*", "hiv", "*kønssygdom*",
        "*selvmord*", "selvskad*",
        "livslinien", "offerrådgivning*", "reden",
    ),
    "en": (
        "drug*", "narcotic*", "overdos*", "heroin*", "cocaine", "inject*",
        "violen*", "abus*", "assault*", "rape*", "traffick*",
        "sex*", "prostitu*", "escort*", "hiv",
        "suicid*", "self-harm*", "self harm*", "selfharm*",
    ),
    "ro": (
        "drog*", "narcotic*", "stupefiant*", "violen*", "viol", "violat*", "abuz*",
        "agresiun*", "agresat*", "trafic*", "prostitu*", "sex*", "escort*", "boli venerice",
        "sinucid*", "autovatam*", "automutil*",
    ),
    "bg": (
        "дрог*", "нарко*", "инжект*", "насил*", "изнасил*", "нападени*", "посегател*",
        "трафик*", "секс*", "проститу*", "ескорт*", "хив", "полово предава*",
        "самоуби*", "самонаран*",
    ),
    "es": (
        "droga*", "narcotic*", "estupefacient*", "inyec*", "violen*", "violac*", "violad*",
        "abus*", "agresi*", "trata de personas", "trafico de personas", "traficad*",
        "prostitu*", "sex*", "escort*", "vih", "suicid*", "autolesi*",
    ),
    "th": (
        "ยาเสพติด", "สารเสพติด", "ยาบ้า", "การใช้ยา", "ฉีดยา", "ความรุนแรง", "ทำร้าย", "ข่มขืน",
        "ล่วงละเมิด", "ค้ามนุษย์", "ค้าประเวณี", "โสเภณี", "ขายบริการ", "ขายตัว", "ทางเพศ",
        "เซ็กส์", "เอชไอวี", "ฆ่าตัวตาย",
    ),
}
# fmt: on


def _fragment(word: str) -> str:
    """The regex for one word in the syntax of TOPIC_WORDS (see the module docstring)."""
    inside, longer = word.startswith("*"), word.endswith("*")
    core = re.escape(fold_phrase(word.strip("*")))
    if THAI.search(word):
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


def _search(text: str, labels: Iterable[str], at_start: bool) -> str | None:
    """The topic word in `text` as it is written there (matched on the folded text)."""
    pattern = _pattern(tuple(sorted(set(labels))))
    folded, source = "", []  # source[i]: the index in `text` of folded character i
    for index, char in enumerate(text):
        piece = fold_char(char)
        folded += piece
        source += [index] * len(piece)
    match = (pattern.match if at_start else pattern.search)(folded)
    if match is None or match.end() == match.start():
        return None
    return text[source[match.start()] : source[match.end() - 1] + 1]


def topic_shown(text: str, labels: Iterable[str] = ()) -> str | None:
    """The topic word a lock screen would show at the start of `text`, as written, or None.

    `labels` are further topic words (the sensitive needs' menu labels as staff wrote them).
    """
    return _search(lock_screen_window(text), labels, at_start=False)


def topic_at_start(text: str) -> str | None:
    """The topic word that `text` starts with (after white space), as written, or None."""
    return _search(text.strip(), (), at_start=True)


def sensitive_labels(templates: Mapping[str, Template]) -> tuple[str, ...]:
    """The menu labels of SENSITIVE_NEEDS in every language and channel, as staff wrote them
    (responses/menu.yml): "Stoffer:" or "Vold:" heading a list would show the topic."""
    labels = set()
    for need in SENSITIVE_NEEDS:
        template = templates.get(f"label_{need}")
        if template is not None:
            for texts in (template.text, *template.variants.values()):
                labels.update(texts.values())
    return tuple(sorted(labels))
