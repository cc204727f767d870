"""Bulgarian typed in Latin letters ("shliokavitsa"): "zdraveite", "nqmam pari", "triabva mi lekar".

Phones without a Cyrillic keyboard write Bulgarian in Latin letters, each writer in their own
way: я as q / ia / ya / ja, ъ as a / u / y, ж as j / zh / z, ч as ch / 4, ш as sh / 6, щ as
sht / 6t, ц as c / ts. lingua knows Bulgarian only in Cyrillic and reads these texts as
Danish, Spanish or English, so the gateway recognises them here, from a word list: common
texting words written once in Cyrillic below and spelt every usual Latin way by `spellings`.

A word counts as *distinctive* when its Latin spelling is not also an everyday word of Danish,
English, Romanian or Spanish ("iskam", "nqmam", "lekar"); short words the other languages
share ("da", "se", "mi", "ne", "na", "i") and a few longer ones ("pari", "hrana", "test") only
*support* a guess. A "q" not followed by "u" is Bulgarian too: the other five languages write
q only as "qu". Checked against every Latin training example of the other languages
(tests/gateway/test_language.py).
"""

from __future__ import annotations

import functools
import itertools
import re

#: Latin spellings of each Cyrillic letter, as people type them on phones.
_LETTERS: dict[str, tuple[str, ...]] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v", "w"),
    "г": ("g",),
    "д": ("d",),
    "е": ("e",),
    "ж": ("j", "zh", "z"),
    "з": ("z",),
    "и": ("i",),
    "й": ("i", "y", "j"),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u",),
    "ф": ("f",),
    "х": ("h",),
    "ц": ("c", "ts"),
    "ч": ("ch", "4"),
    "ш": ("sh", "6"),
    "щ": ("sht", "6t", "st"),
    "ъ": ("a", "u", "y"),
    "ь": ("", "i"),
    "ю": ("iu", "yu", "ju"),
    "я": ("q", "ia", "ya", "ja"),
}

#: Common texting words (inflected as texted), in Cyrillic; every Latin spelling is generated.
_WORDS = """
здравей здравейте здрасти здрасище здравеите добър добро добра вечер утро лека нощ
благодаря благодарим моля извинете извинявай довиждане чао
аз тя ние мен мене теб тебе мой моя мои моят твой твоя нейния негов
какво кво как къде кога колко защо кой коя кои кое който която което някой някъде никой
тук тука там сега днес утре вчера нощта тази този това тези онзи
има имам имаме имаш нямам няма нямаме нямаш искам иска искаме искаш искат
трябва трябват трябваше мога можеш може можем можете можеш ще щях
съм сме сте бях беше или но от за със без при след преди много малко добре лошо зле
лекар лекаря лекарят лекари доктор болница болна болен боли болки глава корем зъб зъбът
пари парите работа работя работи работата работиш спя спим спиш легло легла спане заспя
подслон душ баня къпя изкъпя изкъпе къпане измия вода храна ям яде ядене гладна гладен
гладувам тест тестване тествам тествам тестват изследване изследвам презерватив
презервативи кондоми бременна хив наркотици наркотиците дрога дроги дрогите игли
бие би биха удари удря бият страх страхувам опасно изнасили изнасилиха насилие
паспорт паспорта документи документите лична карта дълг дългове дълга дължа
помощ помогнете помогни помогне полиция полицията адвокат права правата глоба
спра спрем напусна напусна живот живея говоря говорите говориш говорят разбирам знам
всичко всички нищо нещо човек хора приятел приятелка гадже жена жени мъж мъжа момиче дете деца
безплатно безплатен безплатна безплатни струва отворено затворено адрес номер кажи кажете
пиши пишете търся търсим фирма данъци регистрирам чувствам сама сам самичка
осигуровка здравна клиент клиентът сводник дават дадат вземат взеха взимат взимам карат
наблизо близо зъба снощи него нея тръгна тръгне всичките заплашват заплашва семейството
още места място други друго покажи следващите следващото дай отварят работят
какви са той корема получа получим получавам комуната общината намеря помощта скоро утре
"""

#: Latin spellings people also type for these, beyond the generated ones.
_EXTRA = (
    "zdr zdrasti zdravei zdraveite blagodaria blagodarya trabva trqbva kvo nz mn mnogo sega "
    "testwam testvane prezervativi kondomi dobar dobur dobyr pomoshta pomo6ta"
)

#: Short spellings no other of the languages uses as a word ("zdr" for здравей, "tuk" тук).
_SHORT = frozenset("zdr kvo tuk az sym toi".split())

#: Spellings that are (or look like) everyday words of Danish, English, Romanian or Spanish:
#: they support a Bulgarian guess but never make one.
_SHARED = frozenset(
    "da se si mi me te ne na za ot do no i e s v k ti toy vie moi nas vas sam bie bi "
    "pari hrana test doktor adres adresa tam sega spa dete mene men li ako ok ami abe bre dush "
    "gadje brate jena zena mama papa karta boli jade hora droga advokat firma klient karat "
    "chao moja".split()
)


def spellings(word: str, limit: int = 64) -> set[str]:
    """Every usual Latin spelling of a Cyrillic word ("нямам" -> nqmam, niamam, nyamam...)."""
    options = [_LETTERS.get(ch, (ch,)) for ch in word]
    return {"".join(parts) for parts in itertools.islice(itertools.product(*options), limit)}


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(distinctive, shared) Latin spellings of Bulgarian words."""
    latin = set(_EXTRA.split())
    for word in _WORDS.split():
        latin |= spellings(word)
    distinctive = frozenset(w for w in latin if (len(w) > 3 or w in _SHORT) and w not in _SHARED)
    shared = frozenset(w for w in latin if w not in distinctive) | _SHARED
    return distinctive, shared


#: A q that is not part of "qu": Bulgarian я (the other five languages write "qu" only).
_LONE_Q = re.compile(r"q(?!u)")
#: Letters that prove nothing: an abbreviation that happens to contain a lone q.
_NOT_BULGARIAN_Q = frozenset({"faq", "qr", "iraq", "qatar", "qwerty"})


def is_distinctive(word: str) -> bool:
    """True for a Latin word only Bulgarian uses ("iskam", "nqmam", "blagodarq")."""
    distinctive, _shared = lexicon()
    if word in distinctive:
        return True
    return len(word) >= 3 and word not in _NOT_BULGARIAN_Q and bool(_LONE_Q.search(word))


def score(words: list[str]) -> tuple[int, int]:
    """(distinctive, Bulgarian) word counts of folded Latin `words`; distinctive <= Bulgarian."""
    _distinctive, shared = lexicon()
    strong = sum(is_distinctive(word) for word in words)
    supporting = sum(word in shared and not is_distinctive(word) for word in words)
    return strong, strong + supporting
