"""What a person says about themselves, read from their texts in the six languages (pure).

"I'm a man", "jeg er trans", "tengo 16 años", "læge uden cpr", "I'm deaf, only sms": each turn's
text may tell a fact that changes which offers fit (lygte/selection.py ranks and filters by
it). The facts live in conversation-only slots (domain.yml, `PERSON_SLOTS`): they expire and
are erased with the conversation and are never logged. A fact is kept until the person says
otherwise ("I'm 19", "I have a CPR number now", "I'm not trans").

Only what a person says about *themselves*, in first-person phrases: "she is 16" or "my
friend is trans" set nothing. The phrases are kept specific; a missed fact only means the
ordinary ranking, a wrong one hides offers, so when in doubt a phrase is left out.

Negation is handled simply: a phrase with "not" / "ikke" / "nu" / "не" / "no" / "ไม่" among
the two words before it (in the same clause) does not count ("I'm not trans"), and clears
the same fact if it was set. Numbers are never read after a negation ("not 17").

Ages: `AGE_TEMPLATES`, per language, read ages 10-99 said about oneself. The gateway's
under-18 danger route (bot/safety.py) reads ages with the same patterns (`ages_said`), so a
text the gateway answers as an under-18's also sets `person_minor` here. Adult ages are read
too, so that a person can say otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from lygte.text import THAI, fold_phrase

#: The slots (domain.yml) that hold the facts, all conversation-only.
SLOT_GENDER = "person_gender"
SLOT_AGE = "person_age"
SLOT_MINOR = "person_minor"
SLOT_NO_CPR = "person_no_cpr"
SLOT_NO_CALLS = "person_no_calls"
PERSON_SLOTS = (SLOT_GENDER, SLOT_AGE, SLOT_MINOR, SLOT_NO_CPR, SLOT_NO_CALLS)

#: Values of `person_gender`, and the catalogue's audience word for each (catalogue.GENDERS).
AUDIENCE_GENDER = {"woman": "women", "man": "men", "trans": "trans"}
ADULT_AGE = 18


@dataclass(frozen=True)
class Person:
    """What the person has told about themselves in this conversation; None: not told.

    `minor` is True when they said they are under 18 (with or without an age), False when
    they said they are 18 or older.
    """

    gender: str | None = None
    age: int | None = None
    minor: bool | None = None
    no_cpr: bool = False
    no_calls: bool = False

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Person:
        """The person as the conversation's slots hold them (missing slots: not told)."""
        gender = slots.get(SLOT_GENDER)
        age = slots.get(SLOT_AGE)
        minor = slots.get(SLOT_MINOR)
        return cls(
            gender=gender if gender in AUDIENCE_GENDER else None,
            age=int(age) if isinstance(age, (int, float)) else None,
            minor=bool(minor) if minor is not None else None,
            no_cpr=bool(slots.get(SLOT_NO_CPR)),
            no_calls=bool(slots.get(SLOT_NO_CALLS)),
        )

    def slots(self) -> dict[str, Any]:
        """The slot values that hold this person (False flags as None: nothing to keep)."""
        return {
            SLOT_GENDER: self.gender,
            SLOT_AGE: self.age,
            SLOT_MINOR: self.minor,
            SLOT_NO_CPR: self.no_cpr or None,
            SLOT_NO_CALLS: self.no_calls or None,
        }

    @property
    def audience_gender(self) -> str | None:
        """The person's gender in the catalogue's words ("women", "men", "trans")."""
        return AUDIENCE_GENDER.get(self.gender or "")


#: Nothing known: the default everywhere.
NOBODY = Person()


def compile_phrases(phrases: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """Phrases (regular expressions, folded like the text) matched as whole words.

    Thai has no spaces between words, so a Thai phrase may stand anywhere.
    """
    patterns = []
    for phrase in phrases:
        body = fold_phrase(phrase)
        patterns.append(re.compile(body if THAI.search(body) else rf"(?<!\w)(?:{body})(?!\w)"))
    return tuple(patterns)


#: Words that turn the phrase after them around ("I'm not trans"); Thai "ไม่" (not) is found
#: in the few characters before a phrase, as Thai has no spaces.
_NEGATIONS = frozenset(
    {"not", "isn't", "aren't", "never", "ikke", "aldrig", "nu", "n-am", "не", "ne", "no", "nunca"}
)
_CLAUSE_END = re.compile(r"[.,;:!?]")


def negated(folded: str, start: int) -> bool:
    """True when a negation stands among the two words before `start`, in the same clause."""
    before = _CLAUSE_END.split(folded[:start])[-1]
    if "ไม่" in before[-8:]:
        return True
    return any(word in _NEGATIONS for word in before.split()[-2:])


_NEGATION_WORDS = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(_NEGATIONS)) + r")(?!\w) ?|ไม่ใช่|ไม่ได้"
)


def denied(patterns: Iterable[re.Pattern[str]], folded: str) -> bool:
    """True when `folded` says one of `patterns` only with a negation ("I'm not trans",
    "jeg er ikke trans", "no soy trans")."""
    if said(patterns, folded):
        return False
    return said(patterns, _NEGATION_WORDS.sub("", folded)) is not None


def said(patterns: Iterable[re.Pattern[str]], folded: str) -> bool | None:
    """True when one of `patterns` is said plainly, False when only negated, else None."""
    found = None
    for pattern in patterns:
        for match in pattern.finditer(folded):
            if not negated(folded, match.start()):
                return True
            found = False
    return found


# fmt: off
_GENDER_PHRASES: dict[str, tuple[str, ...]] = {
    # trans first: "a trans woman" is trans, not only a woman
    "trans": (
        r"jeg er (?:en )?trans(?:kvinde|mand|person|kønnet)?", r"transkvinde", r"transmand",
        r"transkønnet",
        r"(?:i'?m|i am) (?:a )?trans(?:gender|sexual)?", r"trans (?:woman|girl|man|guy)",
        r"transgender", r"transsexual",
        r"sunt (?:o )?(?:femeie )?trans(?:gen|sexuala?)?", r"femeie trans",
        r"(?:аз )?съм транс(?:джендър|жена)?", r"трансджендър", r"транс жена",
        r"(?:sum|sam|sym) trans",
        r"soy (?:una )?(?:mujer )?trans(?:exual|género)?", r"(?:mujer|chica) trans",
        r"soy (?:una )?travesti",
        r"(?:ฉัน|หนู|ผม|ดิฉัน) ?(?:เป็น ?)?(?:กะเทย|สาวประเภทสอง|ทรานส์|คนข้ามเพศ|ผู้หญิงข้ามเพศ)",
    ),
    "woman": (
        r"jeg er (?:en )?(?:kvinde|pige)",
        r"(?:i'?m|i am) (?:a )?(?:woman|girl|female|lady)",
        r"sunt (?:o )?(?:femeie|fata)",
        r"(?:аз )?съм жена", r"жена съм", r"(?:sum|sam|sym) (?:jena|zhena)",
        r"(?:jena|zhena) (?:sum|sam|sym)",
        r"soy (?:una )?(?:mujer|chica)",
        r"(?:ฉัน|หนู|ดิฉัน) ?เป็น ?ผู้หญิง",
    ),
    "man": (
        r"jeg er (?:en )?(?:mand|fyr|dreng)",
        r"(?:i'?m|i am) (?:a )?(?:man|guy|male|boy)",
        r"sunt (?:un )?(?:barbat|baiat)",
        r"(?:аз )?съм мъж", r"мъж съм", r"(?:sum|sam|sym) (?:maj|mazh|muzh)",
        r"soy (?:un )?(?:hombre|chico)",
        r"(?:ผม|ฉัน) ?เป็น ?ผู้ชาย",
    ),
}

#: "Under 18" without a number (as bot/safety.py's "minor" phrases).
_MINOR_PHRASES = (
    r"jeg er under 18", r"er ikke fyldt 18", r"mindreårig", r"mindreaarig",
    r"jeg er ikke myndig",
    r"(?:i'?m|i am) (?:under 18|underage|a minor)", r"not (?:yet )?18(?: yet)?",
    r"sunt minor[aă]?", r"am sub 18", r"n(?:u |-)am (?:implinit )?18(?: ani)?",
    r"непълнолет\w*", r"под 18 години", r"нямам 18", r"nep[au]lnolet\w*",
    r"soy menor(?: de edad)?", r"tengo menos de 18", r"(?:todavia )?no tengo 18",
    r"ยังไม่ถึง 18", r"อายุไม่ถึง 18", r"อายุต่ำกว่า 18", r"ผู้เยาว์",
)
#: "18 or older" without a number.
_ADULT_PHRASES = (
    r"jeg er (?:over 18|voksen|myndig)",
    r"(?:i'?m|i am) (?:over 18|an adult|of age)",
    r"sunt major[aă]?", r"am peste 18",
    r"(?:аз )?съм пълнолетн\w*", r"пълнолетн\w* съм", r"(?:sum|sam|sym) palnoletn\w*",
    r"soy mayor de edad", r"tengo mas de 18",
    r"อายุเกิน 18", r"บรรลุนิติภาวะแล้ว",
)

#: An age said about oneself, per language (regular expressions over the folded text; write
#: them with diacritics, they are folded too). "{age}" is the number; "{end}" is the
#: language's word for years, or the end of a clause: the end of the text, punctuation, or
#: one of its `AGE_THEN` words. So "jeg er 16 og" and "im 16." are ages; "jeg er 16:30 ved
#: Nørreport", "im 15 min away", "tengo 16 euros" are not. "{not_mine}": in Thai the number
#: may be someone else's age ("ลูกอายุ 16" is "my child is 16").
AGE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "da": (
        r"jeg er (?:kun |bare )?{age}{end}", r"er kun {age}{end}",
        r"(?:har|er) lige fyldt {age}{end}", r"jeg har fyldt {age}{end}",
    ),
    "en": (
        r"(?:i'?m|i m|i am) (?:only |just )?{age}{end}", r"just turned {age}{end}",
        r"my age is {age}{end}",
    ),
    "ro": (r"am (?:doar |numai )?{age}{end}", r"am împlinit {age}{end}"),
    "bg": (
        r"съм на {age}{end}", r"на {age} (?:години |г\.? )?съм", r"(?:sum|sam|sym) na {age}{end}",
        r"na {age} (?:godini )?(?:sum|sam|sym)",
    ),
    "es": (
        r"tengo (?:solo |solamente |apenas )?{age}{end}", r"(?:solo|apenas) tengo {age}{end}",
        r"cumplí {age}{end}", r"acabo de cumplir {age}{end}",
    ),
    "th": (r"{not_mine}อายุ(?:แค่|เพียง|เพิ่ง)? ?{age}(?![:.]\d)", r"{not_mine}{age} ?ขวบ"),
}
#: Words for years after the number, per language.
AGE_YEARS: dict[str, tuple[str, ...]] = {
    "da": (r"år gammel", r"år", r"aar gammel", r"aar", r"-?årig", r"-?aarig"),
    "en": (r"years? old", r"yrs? old", r"yo", r"y/o", r"y\.o\.?"),
    "ro": (r"de ani", r"ani(?! de)"),  # "am 10 ani de experiență" is not an age
    "bg": (r"години", r"годин", r"г\.?", r"godini"),
    "es": (r"años(?! de(?! edad))", r"anios(?! de(?! edad))"),  # nor "10 años de experiencia"
    "th": (),
}
#: Words that may follow a bare age in the same sentence ("im 16 and ...").
AGE_THEN: dict[str, tuple[str, ...]] = {
    "da": ("og", "men", "så", "jeg", "hjælp", "kan", "har", "vil", "nu", "pls", "please"),
    "en": ("and", "n", "but", "so", "i", "i'm", "im", "my", "pls", "plz", "please", "help",
           "need", "can", "where", "what", "how", "now", "rn"),
    "ro": ("si", "dar", "te rog", "va rog", "am", "nu", "sunt", "ajutor", "unde", "ce"),
    "bg": ("и", "но", "моля", "помощ", "не", "имам", "трябва", "къде", "какво"),
    "es": ("y", "pero", "porfa", "por favor", "necesito", "ayuda", "no", "estoy", "soy",
           "donde", "que", "me", "ya"),
    "th": (),
}
_NOT_MINE_TH = ("ลูก", "ลูกสาว", "ลูกชาย", "น้อง", "น้องสาว", "น้องชาย", "เพื่อน", "หลาน")

_NO_CPR_PHRASES = (
    r"(?:uden|ingen|intet) (?:et )?(?:cpr|gult (?:sundheds)?kort|sygesikring\w*|papirer)",
    r"(?:har|fik) ikke (?:et |noget )?(?:cpr|gult (?:sundheds)?kort|sygesikring\w*|papirer)",
    r"udokumenteret",
    r"(?:no|without|w/o) (?:a )?(?:cpr|yellow card|health card|papers|documents)",
    r"(?:(?:don'?t|do not) have|haven'?t got|have no) (?:a |any )?"
    r"(?:cpr|yellow card|health card|papers|documents)",
    r"undocumented",
    r"(?:fara|n(?:u |-)am) (?:un |o )?(?:cpr|card(?:ul)? galben|acte|hartii|documente)",
    r"(?:без|нямам) (?:cpr|цпр|жълта карта|документи)",
    r"(?:bez|nqmam|nyamam|niamam) (?:cpr|jalta karta|zhalta karta|dokumenti)",
    r"(?:sin|no tengo) (?:el |la )?(?:cpr|tarjeta amarilla|tarjeta sanitaria|papeles|documentos)",
    r"indocumentad[oa]",
    r"ไม่มี ?(?:cpr|บัตรเหลือง|เอกสาร)",
)
#: "I have a CPR number (now)": says otherwise. Negated ("no tengo cpr") it does not count.
_HAS_CPR_PHRASES = (
    r"(?:jeg har|i have|i got|i'?ve got|tengo|имам|imam) (?:a |an |et |el |la )?"
    r"(?:cpr|yellow card|gult (?:sundheds)?kort|tarjeta amarilla|жълта карта)",
    r"am (?:un |o )?(?:cpr|card galben)",
    r"มี ?(?:cpr|บัตรเหลือง)",
)

_NO_CALLS_PHRASES = (
    r"kan ikke (?:ringe|tale i telefon\w*|snakke i telefon\w*)", r"jeg er døv", r"døv",
    r"hørehæmmet", r"kun (?:sms|skrive|tekst)", r"kan kun skrive", r"ingen opkald",
    r"(?:can'?t|cannot|can not) (?:call|phone|talk on (?:the )?phone|speak on (?:the )?phone)",
    r"(?:i'?m|i am) deaf", r"deaf", r"hard of hearing", r"(?:only|just) (?:sms|text|write|chat)",
    r"(?:sms|text) only", r"no (?:phone )?calls", r"can only (?:text|write|sms)",
    r"nu pot (?:sa )?(?:sun\w*|vorbesc la telefon|vorbi la telefon)", r"sunt surd\w*",
    r"(?:doar|numai) (?:sms|mesaje|sa scriu)",
    r"не мога да (?:се обадя|звъня|говоря по телефона)", r"глух\w*",
    r"само (?:sms|смс|съобщения|да пиша)",
    r"ne moga da (?:se obadq|se obadya|zvunq|zvanq|govorq po telefona)", r"gluh\w*",
    r"samo (?:sms|da pisha)",
    r"no puedo (?:llamar|hablar por telefono)", r"soy sord[oa]", r"sord[oa]",
    r"solo (?:sms|mensajes|puedo escribir)",
    r"โทรไม่ได้", r"คุยโทรศัพท์ไม่ได้", r"โทรศัพท์ไม่ได้", r"หูหนวก", r"(?:sms|ข้อความ) ?เท่านั้น",
    r"พิมพ์ได้อย่างเดียว", r"ได้แต่พิมพ์",
)
#: "I can call now": says otherwise (negated it does not count).
_CAN_CALL_PHRASES = (
    r"jeg kan (?:godt )?ringe", r"i can (?:call|phone|talk on (?:the )?phone)",
    r"pot (?:sa )?sun\w*", r"мога да се обадя", r"moga da se obadq", r"puedo llamar",
)
# fmt: on


def _age_pattern(template: str, language: str) -> re.Pattern[str]:
    """One of `AGE_TEMPLATES` as a regular expression over the folded text."""
    years = "|".join(fold_phrase(word) for word in AGE_YEARS[language])
    then = "|".join(re.escape(fold_phrase(word)) for word in AGE_THEN[language])
    clause = r"$|[.!?,;:)](?!\d)" + (f"|(?:{then})(?!\\w)" if then else "")
    end = (rf"(?:\s?(?:{years})(?!\w)|" if years else "(?:") + rf"(?=\s*(?:{clause})))"
    not_mine = "".join(f"(?<!{word})(?<!{word} )" for word in _NOT_MINE_TH)
    body = (
        fold_phrase(template)
        .replace("{age}", r"(?<!\d)(?P<age>[1-9]\d)(?!\d)")
        .replace("{end}", end)
        .replace("{not_mine}", not_mine)
    )
    return re.compile(body if THAI.search(body) else rf"(?<!\w){body}")


_GENDERS = {gender: compile_phrases(phrases) for gender, phrases in _GENDER_PHRASES.items()}
_MINOR = compile_phrases(_MINOR_PHRASES)
_ADULT = compile_phrases(_ADULT_PHRASES)
_AGES = {
    language: tuple(_age_pattern(template, language) for template in templates)
    for language, templates in AGE_TEMPLATES.items()
}
_NO_CPR = compile_phrases(_NO_CPR_PHRASES)
_HAS_CPR = compile_phrases(_HAS_CPR_PHRASES)
_NO_CALLS = compile_phrases(_NO_CALLS_PHRASES)
_CAN_CALL = compile_phrases(_CAN_CALL_PHRASES)


def ages_said(folded: str) -> list[tuple[int, int, str]]:
    """Every age from 10 to 99 the folded text gives as the writer's own, in order:
    (where it starts, the age, the language of the words that said it)."""
    found = []
    for language, patterns in _AGES.items():
        for pattern in patterns:
            found += [(m.start(), int(m.group("age")), language) for m in pattern.finditer(folded)]
    return sorted(found)


def said_age(folded: str) -> int | None:
    """The last age from 10 to 99 the folded text gives as the writer's own, or None."""
    found = ages_said(folded)
    return found[-1][1] if found else None


def _read_gender(folded: str, known: str | None) -> str | None:
    """The gender after `folded`: a plainly said one, or `known` unless it was negated."""
    for gender, patterns in _GENDERS.items():  # trans first (see _GENDER_PHRASES)
        if said(patterns, folded):
            return gender
    if known is not None and denied(_GENDERS[known], folded):
        return None  # "I'm not trans" after "I'm trans"
    return known


def _read_age(folded: str, person: Person) -> tuple[int | None, bool | None]:
    """(age, minor) after `folded`: a number wins over words; else what was known."""
    age = said_age(folded)
    if age is not None:
        return age, age < ADULT_AGE
    minor = said(_MINOR, folded)
    if minor:
        return (person.age if person.minor else None), True
    if said(_ADULT, folded) or minor is False:  # "I'm not under 18" is an adult's word too
        return (person.age if person.minor is False else None), False
    return person.age, person.minor


def _read_flag(folded: str, known: bool, yes: Any, no: Any) -> bool:
    """A yes/no fact: set by `yes` phrases, cleared by plainly said `no` phrases."""
    if said(yes, folded):
        return True
    if known and said(no, folded):
        return False
    return known


def read_person(text: str, known: Person = NOBODY) -> Person:
    """The person after reading `text`: what it says about them, else what was `known`."""
    folded = fold_phrase(text)
    if not folded:
        return known
    age, minor = _read_age(folded, known)
    return replace(
        known,
        gender=_read_gender(folded, known.gender),
        age=age,
        minor=minor,
        no_cpr=_read_flag(folded, known.no_cpr, _NO_CPR, _HAS_CPR),
        no_calls=_read_flag(folded, known.no_calls, _NO_CALLS, _CAN_CALL),
    )
