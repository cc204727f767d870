"""The numbered menu for basic phones: one order, used both to show it and to read a digit.

Numbers 1-14 are the needs and 15 is "language", which answers with the six languages
numbered 16-21; writing one of those numbers next switches the conversation to that language.
Only next: otherwise a text of digits keeps the language ("18" may be an age), so the engine
remembers for one turn that the list was shown (the `languages_listed` slot). The numbers
never overlap, so 1-15 mean the same on every page, in every language, list shown or not.

One SMS holds 160 GSM-7 characters but only 70 UCS-2 ones (Bulgarian, Thai). The 15 options
do not fit in 70 characters, so in those languages the menu comes in two pages: "menu", "?"
or "help" show options 1-7 and "0 more"; "0" shows options 8-15. In the GSM-7 languages "0"
shows the whole menu like "menu" does.
"""

from __future__ import annotations

import re
from typing import Any

from lygte.gsm7 import UCS2_LANGUAGES
from lygte.names import LANGUAGES, NEEDS

#: Menu order is the needs' one order (lygte/names.py). The labels are templates (label_<need>).
MENU_NEEDS: tuple[str, ...] = NEEDS

#: The menu's last option: it lists the languages. Its label template is label_language.
LANGUAGE_OPTION = "language"
_OPTIONS: tuple[str, ...] = (*MENU_NEEDS, LANGUAGE_OPTION)
_FIRST_LANGUAGE_NUMBER = len(_OPTIONS) + 1

#: In UCS-2 languages (70 characters an SMS) the first page holds this many options.
FIRST_PAGE = 7
#: The text that asks for the second page.
MORE_OPTION = "0"

#: A menu choice is a number of one or two digits ("3", "nr 3", "#12"); a four-digit number
#: ("2450") is a postcode and belongs to the place extractor.
_OPTION = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_LONG_NUMBER = re.compile(r"\d{3,}")


def option_numbers(text: str) -> list[int]:
    """Every number of one or two digits in `text`, in order ("2 and 3" -> [2, 3]); none
    when it holds a longer number (a postcode or a year is never a choice)."""
    text = text or ""
    if _LONG_NUMBER.search(text):
        return []
    return [int(number) for number in _OPTION.findall(text)]


def option_number(text: str) -> int | None:
    """The number of a menu choice such as "3", "nr 3" or "#3"; None if there is none."""
    numbers = option_numbers(text)
    return numbers[0] if numbers else None


def need_for_option(text: str) -> str | None:
    """The need behind a menu choice such as "3", "nr 3" or "#3"; None if it names no need."""
    number = option_number(text)
    return MENU_NEEDS[number - 1] if number and 1 <= number <= len(MENU_NEEDS) else None


def menu_number(need: str) -> int:
    """The menu number that picks `need` (MENU_NEEDS order, from 1)."""
    return MENU_NEEDS.index(need) + 1


def asks_for_languages(text: str) -> bool:
    """True if the text picks the menu's "language" option (15)."""
    return option_number(text) == len(_OPTIONS)


def language_for_option(text: str) -> str | None:
    """The language a choice from the language list (16-21) picks; None for any other text."""
    number = option_number(text)
    index = number - _FIRST_LANGUAGE_NUMBER if number is not None else -1
    return LANGUAGES[index] if 0 <= index < len(LANGUAGES) else None


def menu_arguments(language: str | None, text: str = "") -> dict[str, Any]:
    """What the menu template needs for `language`: the options shown and where numbering starts.

    `text` is the person's message: "0" asks for the second page where there is one.
    """
    if language not in UCS2_LANGUAGES:  # GSM-7: 160 characters, the menu fits one page
        return {"options": list(_OPTIONS)}
    if (text or "").strip() == MORE_OPTION:
        return {"options": list(_OPTIONS[FIRST_PAGE:]), "first_option": FIRST_PAGE + 1}
    return {"options": list(_OPTIONS[:FIRST_PAGE]), "menu_more": True}


def language_menu_arguments() -> dict[str, Any]:
    """What the menu template needs to list the languages (option 15's answer).

    Their labels (label_language_<code>) are each language's own name, in Latin letters where
    the SMS is GSM-7 ("Bulgarski", "Thai"): a GSM-7 SMS cannot carry Cyrillic or Thai.
    """
    return {
        "options": [f"{LANGUAGE_OPTION}_{code}" for code in LANGUAGES],
        "first_option": _FIRST_LANGUAGE_NUMBER,
    }
