"""Several needs in one text ("hungry and need to wash"): which, and in what order (pure).

The classifier gives one intent per text, but its ranking (`intent_ranking` in the parse)
also scores the other needs. A need besides the top one counts only when both agree: the
classifier scored it at least `MIN_CONFIDENCE`, and the text holds one of its words
(`NEED_WORDS`, six languages, folded like lygte/person.py). Either alone is too weak: a
score of a few percent is noise for a one-need text, and a word such as "bad" (Danish for
bath, English for bad) or "test" is too common.

The needs found are answered most urgent first (`URGENCY`); the others are offered by
their menu number ("also: food - write 3"), never dropped.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from lygte.menu import MENU_NEEDS
from lygte.person import compile_phrases
from lygte.text import fold_phrase

#: A second need must score at least this (a softmax over ~40 intents: 0.01 is 1 in 100).
MIN_CONFIDENCE = 0.01

#: Most urgent first; needs not named here follow in the menu's order.
URGENCY: tuple[str, ...] = (
    "violence",
    "trafficking",
    "health",
    "sexual_health",
    "sleep",
    "food_rest",
    "need_shower",
)

# fmt: off
#: Words that confirm a need named by the classifier's ranking (regular expressions over the
#: folded text, whole words; Thai anywhere). Specific words only: see the module docstring.
NEED_WORDS: dict[str, tuple[str, ...]] = {
    "need_shower": (
        r"(?:i|et|tage|tage et) bad", r"brusebad", r"bade", r"vaske mig", r"shower\w*",
        r"wash(?: myself)?", r"bath", r"dus(?:ul)?", r"sa ma spal", r"душ\w*", r"(?:из)?къп\w+",
        r"dush", r"duch\w*", r"ducharme", r"lavarme", r"อาบน้ำ",
    ),
    "food_rest": (
        r"mad", r"sulten", r"spise", r"food", r"hungry", r"eat", r"meal", r"foame", r"mancare",
        r"храна", r"гладн\w*", r"hrana", r"gladn\w*", r"hambre", r"comida", r"comer", r"หิว",
        r"อาหาร", r"กินข้าว",
    ),
    "sleep": (
        r"sove", r"seng", r"overnat\w*", r"herberg", r"sleep\w*", r"bed", r"shelter",
        r"dorm\w*", r"adapost", r"спя", r"легло", r"подслон", r"spq", r"spya", r"leglo",
        r"dormir", r"cama", r"albergue", r"นอน", r"ที่พัก",
    ),
    "health": (
        r"læge", r"laege", r"syg", r"doktor", r"doctor", r"sick", r"hospital", r"medic",
        r"bolnav\w*", r"лекар", r"болн\w*", r"lekar", r"medico", r"enferm[oa]", r"หมอ",
        r"ป่วย",
    ),
    "sexual_health": (
        r"hiv", r"std", r"kønssygdom\w*", r"klamydia", r"chlamydia", r"syfilis",
        r"syphilis", r"get tested", r"testet", r"testes", r"testat\w*", r"ma testez",
        r"тествам", r"testvam", r"хив", r"ets", r"hacerme (?:la |una )?prueba",
        r"ตรวจโรค", r"เอชไอวี",
    ),
    "drugs": (
        r"stoffer", r"narko\w*", r"heroin", r"kokain", r"cocaine", r"drugs?", r"drog\w*",
        r"наркотиц\w*", r"дрог\w*", r"narkotici", r"ยาเสพติด", r"ยาบ้า",
    ),
    "violence": (
        r"slår mig", r"slog mig", r"vold", r"voldelig\w*", r"voldtag\w*", r"hits? me",
        r"beats? me", r"beat me up", r"violence", r"raped?", r"ma bate", r"m-a batut",
        r"violat[aă]?", r"бие ме", r"би ме", r"насилие", r"изнасил\w*", r"bie me", r"nasilie",
        r"me pega", r"me golpea", r"violencia", r"violada", r"ทำร้าย", r"ข่มขืน",
    ),
    "trafficking": (
        r"menneskehandel", r"traffick\w*", r"trafic de persoane", r"трафик", r"trata de personas",
        r"tvinger mig", r"forces? me", r"forced to", r"took my passport", r"tog mit pas",
        r"ma obliga", r"me obliga\w*", r"принуждава\w*", r"ค้ามนุษย์", r"ถูกบังคับ",
    ),
    "legal_help": (
        r"advokat", r"lawyer", r"jurist", r"retshjælp", r"legal", r"avocat", r"адвокат",
        r"abogad[oa]", r"ทนาย",
    ),
    "money_benefits": (
        r"kontanthjælp", r"jobcenter", r"benefits", r"ajutor social", r"помощи",
        r"ayuda social", r"เงินช่วยเหลือ",
    ),
    "debt": (
        r"gæld", r"gaeld", r"debts?", r"datori\w*", r"дълг\w*", r"dalg\w*", r"deudas?",
        r"หนี้",
    ),
    "register_cvr": (
        r"cvr", r"moms", r"skat", r"vat", r"tax", r"taxe", r"impozit\w*", r"данъ\w*",
        r"danak", r"impuestos?", r"ภาษี",
    ),
    "want_to_leave": (
        r"stoppe med", r"holde op med", r"komme ud af", r"want out", r"get out of this",
        r"quit this", r"sa ma las", r"искам да спра", r"iskam da spra", r"dejar esto",
        r"salir de esto", r"เลิกทำ",
    ),
    "talk": (
        r"snakke med nogen", r"tale med nogen", r"talk to someone", r"someone to talk to",
        r"lonely", r"ensom", r"sa vorbesc cu cineva", r"да говоря с някого",
        r"hablar con alguien", r"คุยกับใคร", r"เหงา",
    ),
}
# fmt: on

_WORDS = {need: compile_phrases(words) for need, words in NEED_WORDS.items()}


def names_need(need: str, folded: str) -> bool:
    """True when the folded text holds one of `need`'s words."""
    return any(pattern.search(folded) for pattern in _WORDS.get(need, ()))


def urgency(need: str) -> int:
    """The place of `need` in the answering order: `URGENCY`, then the menu's order."""
    if need in URGENCY:
        return URGENCY.index(need)
    return len(URGENCY) + (MENU_NEEDS.index(need) if need in MENU_NEEDS else len(MENU_NEEDS))


def needs_in_text(top: str, ranking: Iterable[Mapping[str, Any]], text: str) -> list[str]:
    """The needs a text names, most urgent first: `top` (the classifier's intent) and every
    other need the ranking scored and the words confirm."""
    folded = fold_phrase(text)
    found = [top]
    for item in ranking or ():
        name = str(item.get("name") or "")
        confident = float(item.get("confidence") or 0.0) >= MIN_CONFIDENCE
        if name in MENU_NEEDS and name not in found and confident and names_need(name, folded):
            found.append(name)
    return sorted(found, key=urgency)
