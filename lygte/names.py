"""Names the engine's tracker store, the action server and the gateway agree on.

Kept free of Rasa imports: the action server and the gateway read it without loading Rasa.
"""

from __future__ import annotations

#: The action that answers the forget keyword; a turn that ran it is erased, not saved.
FORGET_ACTION = "action_forget"

#: The intent the gateway sends (as "/forget_me") for a forget or STOP keyword.
FORGET_INTENT = "forget_me"

#: The intent the gateway sends (as "/menu") for the HELP keyword.
MENU_INTENT = "menu"

#: Joins the candidate keys of one person while a previous pseudonym secret is accepted.
KEY_SEPARATOR = "."

#: The line's languages (ISO 639-1), in the order the menu numbers them (lygte/menu.py).
LANGUAGES: tuple[str, ...] = ("da", "en", "ro", "bg", "es", "th")

#: The channels a person writes on.
CHANNELS: tuple[str, ...] = ("sms", "signal")

#: The need intents, in the order the menu numbers them (lygte/menu.py): the most urgent
#: daily needs first. The names are fixed: the domain, the offers, statistics and staff
#: tools use them.
NEEDS: tuple[str, ...] = (
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

#: Need intents that are a danger whatever the words were: the gateway answers them danger
#: first (bot/safety.py), and the line never asks "did it help?" after one.
DANGER_INTENTS: tuple[str, ...] = ("violence", "trafficking")
