"""Words the gateway acts on before the engine: the forget keyword and texts about danger.

Both work without the intent classifier, in every supported language, so that a person is
forgotten or sent to 112 even when the model has not learnt their language or their words.

- Forget: a text that is only SLET / DELETE / GLEM / ȘTERGE / ИЗТРИЙ / BORRAR / ลบ (any case,
  with or without diacritics) erases the conversation (bot/conversation.py, `Line.forget`).
- Danger: phrases about suicide and self-harm, acute danger, violence, rape, robbery, being
  locked in or trafficked, and a person saying they are under 18, per language. A match puts
  the matching `utter_danger_<kind>` reply (responses/safety.yml) first, in the language of
  the phrase. The engine's `violence` and `trafficking` intents trigger the same replies
  (see `danger_from_intent`; `danger_for` combines words and intent).

One kind leads (`KINDS` is the order of precedence, most urgent first). "minor" is the
lowest kind and is also *added*: a 16-year-old who writes about rape gets the rape reply
first and then the reply for under-18s (`Danger.also`, `danger_responses`).

Matching is on a folded text: lowercase, and for Latin and Cyrillic letters without
diacritics ("în pericol" = "in pericol"). A phrase matches whole words; a phrase ending in
"*" also matches longer words ("voldtag*" = "voldtaget", "voldtagen"). Thai is written
without spaces between words, so Thai phrases match anywhere in the text. Everyday idioms
that contain a danger phrase ("dø af grin", "5 kms") are blanked out first (`NOT_DANGER`).
Ages are numbers, not phrases: they are read with lygte/person.py's `AGE_TEMPLATES` (`ages_said`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lygte import names
from lygte.person import ADULT_AGE, ages_said
from lygte.text import THAI, fold_phrase

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

#: Order of precedence when a text matches several kinds: suicide and self-harm first (the
#: most urgent), then the most specific line; "minor" last, because it is also added after
#: any other kind (see ADDED_KINDS).
KINDS = ("suicide", "trafficking", "rape", "robbery", "violence", "acute", "minor")

#: Kinds whose reply is sent after the leading kind's reply when both match, not instead.
ADDED_KINDS = ("minor",)

#: Danger phrases per kind and language. Keep them specific: "stop", "hjælp" or "closed"
#: alone are everyday words. Every phrase has a test text in tests/gateway/test_safety.py.
# fmt: off
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "suicide": {
        "da": (
            "selvmord*", "tage mit eget liv", "tage mit liv", "tager mit eget liv",
            "ende mit liv", "ende det hele", "gøre en ende på det", "goere en ende paa det",
            "slå mig selv ihjel", "slaa mig selv ihjel", "dræbe mig selv", "draebe mig selv",
            "vil ikke leve", "ikke leve mere", "gider ikke leve", "orker ikke at leve",
            "har ikke lyst til at leve", "vil dø", "vil gerne dø", "vil bare dø", "vil doe",
            "lyst til at dø", "lyst til at doe", "skære i mig selv", "skærer i mig selv",
            "skaere i mig selv", "skaerer i mig selv", "skar i mig selv", "cutter mig selv",
            "skåret i mig selv", "skaaret i mig selv", "skade mig selv", "skader mig selv",
            "gøre skade på mig selv", "gøre det af med mig selv", "goere det af med mig selv",
            "gore det af med mig selv",
        ),
        "en": (
            "kill myself", "killing myself", "kill my self", "kms", "unalive myself",
            "want to die", "wanna die", "want to be dead", "wish i was dead",
            "wish i were dead", "better off dead", "end it all", "end my life",
            "ending my life", "take my own life", "take my life", "suicide", "suicidal",
            "self harm", "self-harm*", "selfharm*", "self harming", "cut myself",
            "cutting myself", "hurting myself", "want to hurt myself", "wanna hurt myself",
            "harm myself", "dont want to live", "don't want to live", "do not want to live",
            "dont wanna live", "don't wanna live", "dont want to be alive",
            "don't want to be alive", "no reason to live", "point in living", "point of living",
            "tired of living",
        ),
        "ro": (
            "vreau sa mor", "as vrea sa mor", "sa ma sinucid", "ma sinucid", "sinucid*",
            "sa ma omor", "vreau sa ma omor", "o sa ma omor", "nu mai vreau sa traiesc",
            "nu vreau sa mai traiesc", "sa-mi iau viata", "imi iau viata", "sa imi iau viata",
            "sa-mi pun capat zilelor", "tai pe maini", "tai pe mana", "taiat pe maini",
            "taiat pe mana", "tai venele", "taiat venele", "automutil*",
            "autovatam*", "sa ma ranesc", "ma ranesc singur*",
        ),
        "bg": (
            "искам да умра", "искам да умирам", "самоубий*", "да се самоубия",
            "ще се самоубия", "да се убия", "ще се убия", "искам да се убия",
            "не искам да живея", "не искам повече да живея", "режа се", "се режа",
            "да се нараня", "самонаран*", "iskam da umra", "samoubi*", "da se ubiya",
            "shte se ubiya", "ne iskam da jiveya", "ne iskam da zhiveya",
        ),
        "es": (
            "quiero morir", "quiero morirme", "me quiero morir", "me quiero matar",
            "quiero matarme", "voy a matarme", "me voy a matar", "pienso en matarme",
            "ganas de matarme", "ganas de morir", "suicid*", "quitarme la vida",
            "acabar con mi vida", "no quiero vivir", "no quiero seguir viviendo",
            "quiero hacerme dano", "me hago dano", "me hago cortes", "cortarme las venas",
            "me corto las venas", "autolesion*",
        ),
        "th": (
            "อยากตาย", "ฆ่าตัวตาย", "ฆ่าตัวเอง", "ทำร้ายตัวเอง", "ไม่อยากมีชีวิต",
            "ไม่อยากอยู่บนโลก", "จบชีวิตตัวเอง", "กรีดแขน", "กรีดข้อมือ", "ตายดีกว่า",
        ),
    },
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
            "strangled", "abused me", "abuses me", "he hurt me", "she hurt me", "they hurt me",
            "he hurts me", "she hurts me", "he is hurting me", "someone hurt me",
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
            "pistola", "me va a matar", "me van a matar", "me quiere matar",
            "me quieren matar", "matarme",
        ),
        "th": ("อันตราย", "ขู่ฆ่า", "ขู่ฉัน", "มีด", "ปืน", "จะฆ่า", "ฆ่าฉัน"),
    },
    "minor": {
        "da": (
            "jeg er under 18", "er ikke fyldt 18", "ikke fyldt 18 endnu", "mindreårig",
            "mindreaarig", "jeg er ikke myndig",
        ),
        "en": (
            "im under 18", "i'm under 18", "i am under 18", "im underage", "i'm underage",
            "i am underage", "im a minor", "i'm a minor", "i am a minor", "not 18 yet",
            "not yet 18",
        ),
        "ro": (
            "sunt minora", "sunt minor", "am sub 18", "nu am 18 ani", "n-am 18 ani",
            "nu am implinit 18",
        ),
        "bg": ("непълнолет*", "под 18 години", "нямам 18", "nepalnolet*", "nepulnolet*"),
        "es": ("soy menor", "tengo menos de 18", "no tengo 18", "todavia no tengo 18"),
        "th": ("ยังไม่ถึง 18", "อายุไม่ถึง 18", "อายุต่ำกว่า 18", "ผู้เยาว์"),
    },
}
# fmt: on

#: Everyday idioms that contain a danger phrase, blanked out before matching (regular
#: expressions, folded): "jeg vil dø af grin" (laughing), "5 kms" (kilometres, not "kill
#: myself"), "want to die my hair", "killing myself laughing".
NOT_DANGER = (
    "d[øo]e? af grin",
    "død af grin",
    "døde af grin",
    "dør af grin",
    "\\d+(?:[.,]\\d+)? ?kms?",
    "die (?:my|her|his) hair",
    "kill(?:ing)? myself laughing",
)

#: The engine's intents that are a danger whatever the words were.
DANGER_INTENTS: dict[str, str] = {intent: intent for intent in names.DANGER_INTENTS}


def _pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a regular expression: "*" is the rest of a word; whole words otherwise."""
    folded = fold_phrase(phrase)
    body = r"\w*".join(re.escape(part) for part in folded.split("*"))
    if THAI.search(folded):
        # No word boundaries in Thai, but a number stays whole: "ไม่ถึง 18" is not "ไม่ถึง 180".
        return re.compile(body + (r"(?!\d)" if folded[-1].isdigit() else ""))
    return re.compile(rf"(?<!\w){body}" + ("" if folded.endswith("*") else r"(?!\w)"))


_FORGET = {fold_phrase(word): language for word, language in FORGET_WORDS.items()}

_PATTERNS: dict[str, dict[str, list[re.Pattern[str]]]] = {
    kind: {lang: [_pattern(p) for p in phrases] for lang, phrases in by_lang.items()}
    for kind, by_lang in PHRASES.items()
}

_NOT_DANGER = re.compile("|".join(f"(?:{fold_phrase(idiom)})" for idiom in NOT_DANGER))


@dataclass(frozen=True)
class Danger:
    """A text about danger: which kind, the languages whose phrases matched, and the kinds
    whose replies follow the first one (`ADDED_KINDS`, e.g. "minor")."""

    kind: str
    languages: tuple[str, ...]
    also: tuple[str, ...] = ()

    def language(self, preferred: str | None) -> str | None:
        """The reply language: `preferred` if its phrases matched, else the first that did."""
        if preferred in self.languages:
            return preferred
        return self.languages[0] if self.languages else preferred


def _languages(kind: str, folded: str) -> tuple[str, ...]:
    """The languages whose phrases of `kind` occur in the folded text; for "minor" also
    those whose words say an age under 18 (lygte/person.py reads ages for both)."""
    ages = (
        {lang for _, age, lang in ages_said(folded) if age < ADULT_AGE} if kind == "minor" else ()
    )
    return tuple(
        lang
        for lang, patterns in _PATTERNS[kind].items()
        if lang in ages or any(pattern.search(folded) for pattern in patterns)
    )


def detect_danger(text: str) -> Danger | None:
    """The most urgent kind of danger `text` is about (and the kinds added after it), or None."""
    folded = _NOT_DANGER.sub(" ", fold_phrase(text))
    found = {kind: langs for kind in KINDS if (langs := _languages(kind, folded))}
    if not found:
        return None
    kind = next(iter(found))  # dicts keep KINDS' order: the first is the most urgent
    also = tuple(added for added in ADDED_KINDS if added in found and added != kind)
    return Danger(kind, found[kind], also)


def danger_from_intent(intent: str | None) -> Danger | None:
    """The danger the engine recognised by intent (any language the model knows)."""
    kind = DANGER_INTENTS.get(intent or "")
    return Danger(kind, ()) if kind else None


def danger_for(words: Danger | None, intent: str | None) -> Danger | None:
    """The danger of a turn, from its words' danger (`detect_danger`, found once per message
    before the engine is asked) and the engine's intent together.

    The words win (they know the language and the most urgent kind), except when they only
    found an added kind ("I'm 16"): then the intent's kind leads and the added one follows.
    """
    engine = danger_from_intent(intent)
    if words is None or engine is None or words.kind not in ADDED_KINDS:
        return words or engine
    return Danger(engine.kind, words.languages, (words.kind,))


def danger_responses(danger: Danger) -> tuple[str, ...]:
    """The reply templates for `danger`, in the order they are sent: the leading kind first."""
    return tuple(f"utter_danger_{kind}" for kind in (danger.kind, *danger.also))


def forget_keyword(text: str) -> str | None:
    """The language of the forget keyword when `text` is only that word, else None."""
    return _FORGET.get(fold_phrase(text).strip(" .!?"))
