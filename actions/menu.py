"""The numbered menu for basic phones: one order, used both to show it and to read a digit."""

from __future__ import annotations

import re

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

_NUMBER = re.compile(r"\d+")


def need_for_option(text: str) -> str | None:
    """The need behind a menu choice such as "3", "nr 3" or "#3"; None if no valid number."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    number = int(match.group())
    return MENU_NEEDS[number - 1] if 1 <= number <= len(MENU_NEEDS) else None
