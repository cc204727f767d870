"""Words the gateway acts on before the engine: the forget keyword and texts about danger.

Both work without the intent classifier, in every supported language, so that a person is
forgotten or sent to 112 even when the model has not learnt their language or their words.

- Forget: a text that is only SLET / DELETE / GLEM / ȘTERGE / ИЗТРИЙ / BORRAR / ลบ (any case,
  with or without diacritics) erases the conversation (bot/conversation.py, `Line.forget`).
- Danger: phrases about acute danger, violence, rape, robbery, being locked in or trafficked,
  per language. A match puts the matching `utter_danger_<kind>` reply (responses/safety.yml)
  first, in the language of the phrase. The engine's `violence` and `trafficking` intents
  trigger the same replies (see `danger_from_intent`).

Matching is on a folded text: lowercase, and for Latin and Cyrillic letters without
diacritics ("în pericol" = "in pericol"). A phrase matches whole words; a phrase ending in
"*" also matches longer words ("voldtag*" = "voldtaget", "voldtagen"). Thai is written
without spaces between words, so Thai phrases match anywhere in the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: A text that is only one of these words is the forget keyword; the value is its language.
FORGET_WORDS: dict[str, str] = {
    "slet": "da",
    "glem": "da",
    "delete": "en",
    "sterge": "ro",
    "изтрий": "bg",
    "borrar": "es",
    "ลบ": "th",
}

#: Order of precedence when a text matches several kinds: the most specific line first.
KINDS = ("trafficking", "rape", "robbery", "violence", "acute")

#: Danger phrases per kind and language. Keep them specific: "stop", "hjælp" or "closed"
#: alone are everyday words. Every phrase has a test text in tests/gateway/test_safety.py.
# fmt: off
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "trafficking": {
        "da": (
            "låst inde", "lukket inde", "spærret inde", "låser mig inde", "menneskehandel",
            "tog mit pas", "tager mit pas", "har mit pas", "taget mit pas", "tvinger mig",
            "tvunget til at arbejde", "må ikke gå ud", "må ikke forlade", "kan ikke komme ud",
            "kan ikke komme væk", "kan ikke slippe væk",
        ),
        "en": (
            "locked in", "locked me in", "locked up", "lock me in", "trafficked", "trafficking",
            "took my passport", "takes my passport", "has my passport", "keeps my passport",
            "forced to work", "forces me", "forced me to work", "not allowed to leave",
            "not allowed to go out", "won't let me leave", "won't let me go", "wont let me leave",
            "wont let me go", "can't get out", "cant get out",
        ),
        "ro": (
            "sunt inchisa", "sunt inchis", "m-a inchis", "ma tine inchisa", "ma tin inchisa",
            "incuiat*", "trafic de persoane", "traficat*", "mi-a luat pasaportul",
            "mi-au luat pasaportul", "are pasaportul meu", "ma obliga", "ma forteaza",
            "fortata sa lucrez", "nu ma lasa sa plec", "nu ma lasa sa ies", "nu pot iesi",
        ),
        "bg": (
            "заключ*", "трафик на хора", "трафикиран*", "взе ми паспорта", "взеха ми паспорта",
            "принуждава*", "принуден*", "не ме пуска*", "не мога да изляза",
        ),
        "es": (
            "encerrad*", "me encerr*", "me encierra*", "trata de personas", "trata de blancas",
            "me quitaron el pasaporte", "me quito el pasaporte", "tiene mi pasaporte",
            "tienen mi pasaporte", "obligada a trabajar", "obligado a trabajar", "me obliga*",
            "no me deja* salir", "no me deja* ir", "no puedo salir",
        ),
        "th": (
            "ขังไว้", "ถูกขัง", "ขังฉัน", "ค้ามนุษย์", "ยึดพาสปอร์ต", "ยึดหนังสือเดินทาง",
            "เอาพาสปอร์ต", "บังคับให้ทำงาน", "บังคับฉัน", "ออกไปไม่ได้", "หนีไม่ได้",
        ),
    },
    "rape": {
        "da": (
            "voldtag*", "voldtog", "voldtægt*", "seksuelt overgreb", "seksuelle overgreb",
            "tvang mig til sex", "tvunget til sex", "tog kondomet af",
        ),
        "en": (
            "rape", "raped", "raping", "rapist", "sexual assault", "sexually assaulted",
            "forced me to have sex", "forced sex", "took off the condom", "removed the condom",
        ),
        "ro": ("viol", "violat*", "m-a violat", "abuz sexual", "agresiune sexuala"),
        "bg": ("изнасил*", "сексуално насилие", "насилствен секс"),
        "es": (
            "violad*", "violacion", "me violo", "me violaron", "abuso sexual",
            "agresion sexual", "me forzo", "me forzaron",
        ),
        "th": ("ข่มขืน", "ล่วงละเมิดทางเพศ", "บังคับมีเพศสัมพันธ์"),
    },
    "robbery": {
        "da": (
            "røvet", "røveri", "frarøvet", "bestjålet", "stjal mine", "stjålet mine",
            "tog mine penge",
        ),
        "en": ("robbed", "robbery", "mugged", "stole my", "stolen my", "took my money"),
        "ro": ("jefuit*", "m-a jefuit", "jaf", "mi-a furat", "mi-au furat", "furat banii"),
        "bg": ("ограб*", "обир", "откраднаха ми", "открадна ми", "откраднаха парите"),
        "es": ("me robaron", "me robo", "robad*", "atraco", "asalto", "me asaltaron"),
        "th": ("ปล้น", "ถูกขโมย", "ขโมยเงิน", "ชิงทรัพย์"),
    },
    "violence": {
        "da": (
            "slog mig", "slår mig", "blevet slået", "tævet", "tæver mig", "banket", "vold",
            "voldelig", "overfaldet", "overfald", "sparkede mig", "kvalte mig", "mishandlet",
        ),
        "en": (
            "hit me", "hits me", "hitting me", "beat me", "beats me", "beaten", "beating me",
            "attacked", "assaulted", "violence", "violent", "kicked me", "choked me",
            "strangled", "abused me", "abuses me",
        ),
        "ro": (
            "m-a batut", "ma bate", "batut*", "m-a lovit", "ma loveste", "violenta",
            "violent", "agresat*", "atacat*", "m-a atacat",
        ),
        "bg": (
            "бие ме", "би ме", "бият ме", "биха ме", "ме бие", "ме би", "ме бият", "ме биха",
            "пребит*", "насилие", "нападна*", "удари ме", "удариха ме",
        ),
        "es": (
            "me pego", "me pega", "me pegan", "me pegaron", "golpead*", "me golpe*",
            "violencia", "violento", "me atac*", "agredid*", "agresion",
        ),
        "th": ("ทำร้าย", "ตีฉัน", "ถูกตี", "ถูกซ้อม", "ทุบตี", "ความรุนแรง"),
    },
    "acute": {
        "da": (
            "i fare", "i livsfare", "truer mig", "truet", "kniv", "pistol", "våben",
            "slå mig ihjel", "slår mig ihjel", "dræbe mig", "dræber mig", "forfølger mig",
            "bange for mit liv", "hjælp mig nu",
        ),
        "en": (
            "in danger", "danger", "threaten*", "knife", "gun", "kill me", "going to kill",
            "help me now", "scared for my life", "afraid for my life", "following me",
            "stalking me",
        ),
        "ro": (
            "in pericol", "pericol", "ma ameninta", "amenintat*", "cutit", "pistol", "arma",
            "ma omoara", "sa ma omoare",
        ),
        "bg": (
            "в опасност", "опасност", "заплаш*", "нож", "пистолет", "ще ме убие",
            "ще ме убият", "помощ веднага",
        ),
        "es": (
            "en peligro", "peligro", "me amenaza*", "amenazad*", "cuchillo", "navaja",
            "pistola", "me va a matar", "me van a matar", "matarme",
        ),
        "th": ("อันตราย", "ขู่ฆ่า", "ขู่ฉัน", "มีด", "ปืน", "จะฆ่า", "ฆ่าฉัน"),
    },
}
# fmt: on

#: The engine's intents that are a danger whatever the words were.
DANGER_INTENTS: dict[str, str] = {"violence": "violence", "trafficking": "trafficking"}

_THAI = re.compile(r"[\u0e00-\u0e7f]")


def fold(text: str) -> str:
    """Lowercase; strip diacritics from Latin and Cyrillic letters (not Thai vowel marks)."""
    out = []
    for char in unicodedata.normalize("NFC", text.lower()):
        if _THAI.match(char):
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    folded = "".join(out).replace("’", "'").replace("`", "'")
    return re.sub(r"\s+", " ", folded).strip()


def _pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a regular expression: "*" is the rest of a word; whole words otherwise."""
    folded = fold(phrase)
    body = r"\w*".join(re.escape(part) for part in folded.split("*"))
    if _THAI.search(folded):
        return re.compile(body)
    return re.compile(rf"(?<!\w){body}" + ("" if folded.endswith("*") else r"(?!\w)"))


_FORGET = {fold(word): language for word, language in FORGET_WORDS.items()}

_PATTERNS: dict[str, dict[str, list[re.Pattern[str]]]] = {
    kind: {lang: [_pattern(p) for p in phrases] for lang, phrases in by_lang.items()}
    for kind, by_lang in PHRASES.items()
}


@dataclass(frozen=True)
class Danger:
    """A text about danger: which kind, and the languages whose phrases matched."""

    kind: str
    languages: tuple[str, ...]

    def language(self, preferred: str | None) -> str | None:
        """The reply language: `preferred` if its phrases matched, else the first that did."""
        if preferred in self.languages:
            return preferred
        return self.languages[0] if self.languages else preferred


def detect_danger(text: str) -> Danger | None:
    """The most specific kind of danger `text` is about, or None."""
    folded = fold(text)
    for kind in KINDS:
        languages = tuple(
            lang
            for lang, patterns in _PATTERNS[kind].items()
            if any(pattern.search(folded) for pattern in patterns)
        )
        if languages:
            return Danger(kind, languages)
    return None


def danger_from_intent(intent: str | None) -> Danger | None:
    """The danger the engine recognised by intent (any language the model knows)."""
    kind = DANGER_INTENTS.get(intent or "")
    return Danger(kind, ()) if kind else None


def danger_response(danger: Danger) -> str:
    """The name of the reply template for `danger`."""
    return f"utter_danger_{danger.kind}"


def forget_keyword(text: str) -> str | None:
    """The language of the forget keyword when `text` is only that word, else None."""
    return _FORGET.get(fold(text).strip(" .!?"))
