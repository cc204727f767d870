"""Per-message language guess: Danish, English, Romanian, Bulgarian, Spanish or Thai.

Uses lingua (lingua-language-detector), which ships its n-gram models inside the wheel:
nothing is downloaded at run time. The detector is restricted to the six languages and built
once, lazily, on the first guess. Bulgarian typed in Latin letters ("nqmam pari"), which
lingua cannot know, is recognised from a word list first (bot/bg_latin.py).

The guess travels to the engine as message metadata; the engine keeps the conversation's
language sticky and switches only on a strong guess (actions/context.py). A guess is strong
when the person asks for a language ("română", "in english please", "skriv på dansk",
"do you speak english?"), writes in a script only one of the six languages uses (Cyrillic:
bg, Thai: th), or writes at least two content words that lingua is sure of (or that are
clearly Bulgarian in Latin letters). Content words leave out place names, offer names and
streets, digits and words every language borrows ("ok", "hi", "sms", "cpr"). Asking whether
staff speak a language ("do they speak romanian?", "taler de dansk?", "vorbesc romana?") is a
question about an offer, never a switch, whatever language it is written in.
"""

from __future__ import annotations

import enum
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from bot import bg_latin
from lygte.catalogue import DEFAULT_DIR, CatalogueError, load_catalogue
from lygte.places import load_gazetteer, spellings_of
from lygte.text import fold_phrase, fold_place_name

log = logging.getLogger(__name__)

_LINGUA = {
    Language.DANISH: "da",
    Language.ENGLISH: "en",
    Language.ROMANIAN: "ro",
    Language.BULGARIAN: "bg",
    Language.SPANISH: "es",
    Language.THAI: "th",
}

#: Writing a language's own name (or its English or Danish name) switches to it.
LANGUAGE_NAMES = {
    "da": ("dansk", "danish", "på dansk", "paa dansk", "pa dansk"),
    "en": ("english", "engelsk", "in english", "på engelsk", "eng"),
    "ro": ("română", "romana", "romanian", "rumænsk", "in romana", "în română", "limba romana"),
    "bg": ("български", "bulgarian", "bulgarski", "на български", "bulgarsk"),
    "es": ("español", "espanol", "spanish", "spansk", "en español", "en espanol"),
    "th": ("ไทย", "ภาษาไทย", "thai", "thai language"),
}
_NAME_TO_CODE = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}
#: Thai names are found inside a sentence by substring: Thai writes no spaces.
_THAI_NAMES = ("ไทย", "ภาษาไทย")

#: Other words naming a language inside a sentence ("vorbiti romaneste?", "hablan inglés?").
_OTHER_NAMES = {
    "da": "danez daneza danes danesa datski датски",
    "en": "engleza englezeste ingles inglesa angliiski angliyski английски",
    "ro": "romaneste rumano rumana rumanski rumanian romanesc румънски",
    "bg": "bulgara bulgaro bulgara balgarski bylgarski bulgarian bulgarisch",
    "es": "spaniola spaniol ispanski espanol испански",
    "th": "thailandeza thailandez tailandes tailandesa thaisk thailandsk тайландски",
}
#: Folded single words that name a language, for finding one inside a sentence.
_LANGUAGE_WORDS = {
    fold_place_name(word): code
    for code in LANGUAGE_NAMES
    for word in [*(n.split()[-1] for n in LANGUAGE_NAMES[code]), *_OTHER_NAMES[code].split()]
}

#: Verbs of speaking a language, folded (da, en, ro, bg in both alphabets, es, th).
_SPEAK = frozenset(
    "speak speaks speaking talk talks understand understands taler tale snakker snakke "
    "forstaar vorbesc vorbeste vorbesti vorbiti vorbi vorbim vorbeasca stie stiu intelege "
    "hablan habla hablas hablar hablais hablen entienden govori govorite govorish govorqt "
    "govoriat govoryat govorq govoria говори говорите говориш говорят говоря พูด".split()
)
#: Words that make a speaking question about someone else (the staff of an offer).
_OTHERS = frozenset(
    "they them staff people someone somebody anyone anybody there de nogen personalet "
    "medarbejderne cineva ei ele personalul vorbesc vorbeste vorbeasca ellos alguien hablan "
    "personal nqkoi niakoi nyakoi nyakoy tam te govoriat govorqt govoryat някой те там "
    "говорят พนักงาน เขา".split()
)
#: Words that make it about the person or the line: a request for that language.
_US = frozenset(
    "you u ya i im me my du jeg mig tu eu vorbesti vorbiti hablas usted yo hablo "
    "govorish govorite govorq govoria az ти аз вие говориш говорите говоря คุณ ฉัน".split()
)
#: Words that, around a language's name, make a request for it ("can you write in english
#: please", "skriv på dansk tak", "en español por favor").
_REQUEST = frozenset(
    "in on pa paa en na please pls plz tak venligst por favor va te rog molq molia write "
    "skriv scrie scrieti escribe escribeme pishi pishete answer reply svar raspunde "
    "responde can could kan du you u puedes poti puteti mojesh mozhe li language sprog "
    "limba idioma ezik only kun doar solo samo just".split()
)

#: Words every language borrows: they never make a guess strong. Some say where the person
#: is from when nothing else does ("hello" opens an English conversation, "hej" a Danish one).
_LOAN_WORDS: dict[str, str | None] = {
    **dict.fromkeys("ok okay okey oki k sms cpr cvr hiv prep pep sti std nr wifi menu".split()),
    **dict.fromkeys("hi hey hello bye thanks thx tnx please pls plz".split(), "en"),
    **dict.fromkeys("hej hejsa tak".split(), "da"),
    **dict.fromkeys("mersi merci".split(), None),
}

#: lingua must be this sure (0..1) of a text of at least two content words to be strong.
STRONG_CONFIDENCE = 0.6
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
#: The longest offer name, in words, looked for in a message.
_MAX_NAME_WORDS = 8


@dataclass(frozen=True)
class Guess:
    """A language guess for one message; `strong` means it should switch the conversation."""

    code: str | None
    strong: bool


def with_phrase_language(guess: Guess, languages: Sequence[str]) -> Guess:
    """A weak guess yields to the one language whose danger phrases the text matched
    (bot/safety.py): "he hurt me" is English to the phrase lists even where lingua leans
    Danish on three words. It stays weak: a conversation that has a language keeps it."""
    if guess.strong or len(languages) != 1:
        return guess
    return Guess(languages[0], False)


@functools.lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_LINGUA).build()


@functools.lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words of Copenhagen place names (places/copenhagen.yml), folded: they prove no language."""
    return load_gazetteer().words


@functools.lru_cache(maxsize=2)
def _offer_names(offers_dir: Path) -> frozenset[tuple[str, ...]]:
    """Offer names, organisations and streets as folded word tuples: they prove no language.

    Read once per process from the catalogue (a renamed offer counts after a restart). A
    catalogue that does not load costs only this refinement, never the guess.
    """
    try:
        offers = load_catalogue(offers_dir)
    except (CatalogueError, OSError) as error:
        log.warning("offer names not loaded for the language guess: %s", type(error).__name__)
        return frozenset()
    names: set[tuple[str, ...]] = set()
    for offer in offers:
        texts = [offer.name, offer.organisation or ""]
        if offer.address is not None:
            texts.append(offer.address.street)
        for text in texts:
            for part in re.split(r"[(),]", text):
                part = re.sub(r"\d+\w*", " ", part)  # "Halmtorvet 17", "Bragesgade 10C"
                names.update(tuple(key.split()) for key in spellings_of(part))
    return frozenset(names)


def _without_names(text: str, offers_dir: Path) -> str:
    """`text` without the place names, offer names and streets it mentions."""
    gazetteer = load_gazetteer()
    places = _place_words()
    # The matcher costs milliseconds: only texts with a (longer) place word need it.
    named = any(len(w) > 3 and fold_place_name(w) in places for w in _TOKEN.findall(text))
    for _ in range(4 if named else 0):  # a message rarely names more than a few places
        match = gazetteer.find(text)
        if match is None:
            break
        text = text[: match.start] + " " + text[match.end :]
    tokens = _TOKEN.findall(text)
    folded = [fold_place_name(token) for token in tokens]
    names = _offer_names(offers_dir)
    keep = [True] * len(tokens)
    for first in range(len(tokens)):
        for size in range(min(_MAX_NAME_WORDS, len(tokens) - first), 0, -1):
            if tuple(folded[first : first + size]) in names:
                keep[first : first + size] = [False] * size
                break
    return " ".join(token for token, kept in zip(tokens, keep, strict=True) if kept)


def _script(text: str) -> str | None:
    """bg or th when the letters are Cyrillic or Thai (only one of the six languages each)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    thai = sum("\u0e00" <= ch <= "\u0e7f" for ch in text)
    if cyrillic * 2 > len(letters):
        return "bg"
    if thai * 2 > len(letters):
        return "th"
    return None


def _has(words: set[str], text: str, vocabulary: frozenset[str]) -> bool:
    """A word of `vocabulary` in `words`; Thai ones anywhere in `text` (Thai has no spaces)."""
    return bool(words & vocabulary) or any(
        "\u0e00" <= entry[0] <= "\u0e7f" and entry in text for entry in vocabulary
    )


class _Asks(enum.Enum):
    """What a message that names a language does with it."""

    FOR_IT = "for it"  # "english please", "skriv på dansk", "do you speak english?"
    ABOUT_STAFF = "about staff"  # "do they speak romanian?", "taler de dansk?"


def _asked_language(lowered: str) -> tuple[str | None, _Asks | None]:
    """The language a message asks for, or whether it asks about an offer's staff.

    "english please", "skriv på dansk", "can you speak english", "i only speak romanian" ask
    for a language: (code, FOR_IT). "do they speak romanian? my english little", "taler de
    dansk?", "vorbesc romana?" ask about an offer's staff: (None, ABOUT_STAFF). (None, None)
    otherwise: the words decide, as for any message.
    """
    tokens = [fold_place_name(token) for token in _TOKEN.findall(lowered)]
    named = {_LANGUAGE_WORDS[token] for token in tokens if token in _LANGUAGE_WORDS}
    named |= {_NAME_TO_CODE[name] for name in _THAI_NAMES if name in lowered}
    if not named:
        return None, None
    words = set(tokens)
    if len(named) == 1 and words - set(_LANGUAGE_WORDS) <= _REQUEST:
        return next(iter(named)), _Asks.FOR_IT
    if not _has(words, lowered, _SPEAK):
        return None, None
    if _has(words, lowered, _OTHERS):
        return None, _Asks.ABOUT_STAFF
    if len(named) == 1 and _has(words, lowered, _US):
        return next(iter(named)), _Asks.FOR_IT
    return None, None


def _latin_words(text: str) -> list[str]:
    """Folded Latin words of `text` (digits inside kept: "6te", "4ovek"), loan words left out."""
    tokens = (fold_place_name(token) for token in _TOKEN.findall(text))
    return [
        token
        for token in tokens
        if not token.isdigit() and token.isascii() and token not in _LOAN_WORDS
    ]


def _guess_words(lowered: str, words: list[str], offers_dir: Path) -> Guess:
    """The guess from what the words are written in: script, Latin Bulgarian, or lingua."""
    script = _script(lowered)
    if script:
        return Guess(script, True)
    places = _place_words()
    if all(fold_place_name(word) in places for word in words):
        return Guess(None, False)
    content = _without_names(lowered, offers_dir)
    if not _WORD.search(content):
        return Guess(None, False)
    latin = _latin_words(content)
    distinctive, bulgarian = bg_latin.score(latin)
    if distinctive and 2 * bulgarian >= len(latin):
        # Clear: two words only Bulgarian has, or Bulgarian words nearly throughout.
        clear = distinctive >= 2 or (bulgarian >= 2 and 5 * bulgarian >= 4 * len(latin))
        return Guess("bg", clear)
    words_here = [fold_place_name(word) for word in _WORD.findall(content)]
    content_words = [word for word in words_here if word not in _LOAN_WORDS]
    homes = {_LOAN_WORDS[word] for word in words_here if word in _LOAN_WORDS} - {None}
    if not content_words:  # "hello??", "menu pls", "ok": lingua would only guess
        return Guess(homes.pop() if len(homes) == 1 else None, False)
    values = _detector().compute_language_confidence_values(content)
    if not values:
        return Guess(None, False)
    best = values[0]
    # A Bulgarian word in a text lingua reads as something else: not clearly that language.
    strong = not distinctive and len(content_words) >= 2 and best.value >= STRONG_CONFIDENCE
    return Guess(_LINGUA[best.language], strong)


def guess_language(text: str, offers_dir: Path = DEFAULT_DIR) -> Guess:
    """Guess the language of one message; `strong` only when it clearly switches.

    Digits, place names, offer names (of the catalogue in `offers_dir`, the gateway's
    OFFERS_DIR), "ok"/"hi" and one Latin word stay weak, and so does a question whether staff
    speak a language.
    """
    lowered = text.lower().strip(" .!?")
    code = _NAME_TO_CODE.get(lowered) or _NAME_TO_CODE.get(fold_phrase(lowered))
    if code:
        return Guess(code, True)
    words = _WORD.findall(lowered)
    if not words:
        return Guess(None, False)
    asked, asks = _asked_language(lowered)
    if asks is _Asks.FOR_IT:
        return Guess(asked, True)
    guess = _guess_words(lowered, words, offers_dir)
    if asks is _Asks.ABOUT_STAFF:
        return Guess(guess.code, False)  # a question about an offer: the language stays
    return guess
