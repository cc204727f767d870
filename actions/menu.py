"""The numbered menu for basic phones: one order, used both to show it and to read a digit.

One SMS holds 160 GSM-7 characters but only 70 UCS-2 ones (Bulgarian, Thai). All 14 needs do
not fit in 70 characters, so in those languages the menu comes in two pages: "menu", "?" or
"help" show needs 1-7 and "0 more"; "0" shows needs 8-14. The numbers stay the same on every
page and in every language, so a digit always means the same need. In the GSM-7 languages
"0" shows the whole menu like "menu" does.
"""

from __future__ import annotations

import re
from typing import Any

#: Menu order: the most urgent daily needs first. The labels are templates (label_<need>).
MENU_NEEDS: tuple[str, ...] = (
    "need_shower",
    "sleep",
    "food_rest",
    "health",
    "sexual_health",
    "drugs",
    "violence",
    "trafficking",
    "legal_help",
    "money_benefits",
    "debt",
    "register_cvr",
    "want_to_leave",
    "talk",
)

#: Languages whose SMS are UCS-2 (70 characters): their menu has two pages.
TWO_PAGE_LANGUAGES = frozenset({"bg", "th"})
FIRST_PAGE = 7
#: The text that asks for the second page.
MORE_OPTION = "0"

#: A menu choice is a number of one or two digits ("3", "nr 3", "#12"); a four-digit number
#: ("2450") is a postcode and belongs to the place extractor.
_OPTION = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_LONG_NUMBER = re.compile(r"\d{3,}")


def need_for_option(text: str) -> str | None:
    """The need behind a menu choice such as "3", "nr 3" or "#3"; None if no valid number."""
    text = text or ""
    if _LONG_NUMBER.search(text):
        return None
    match = _OPTION.search(text)
    if not match:
        return None
    number = int(match.group(1))
    return MENU_NEEDS[number - 1] if 1 <= number <= len(MENU_NEEDS) else None


def menu_arguments(language: str | None, text: str = "") -> dict[str, Any]:
    """What the menu template needs for `language`: the needs shown and where numbering starts.

    `text` is the person's message: "0" asks for the second page where there is one.
    """
    if language not in TWO_PAGE_LANGUAGES:
        return {"options": list(MENU_NEEDS)}
    if (text or "").strip() == MORE_OPTION:
        return {"options": list(MENU_NEEDS[FIRST_PAGE:]), "first_option": FIRST_PAGE + 1}
    return {"options": list(MENU_NEEDS[:FIRST_PAGE]), "menu_more": True}
