"""The names of the responses the actions ask the gateway to render (templates in responses/).

Kept free of rasa_sdk so that the gateway's tests can check every name has a template.
"""

from __future__ import annotations

from lygte.feedback import ANSWERS
from lygte.followup import ANSWER_RESPONSES, FALLBACK_RESPONSES

LANGUAGE_SET = "utter_language_set"

#: Conversation intents answered by a fixed response (action_reply).
REPLY_FOR_INTENT: dict[str, str] = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thanks": "utter_thanks",
    "bot_challenge": "utter_iamabot",
    "affirm": "utter_anything_else",
    "deny": "utter_anything_else",
    "change_language": LANGUAGE_SET,
    "forget_me": "utter_forgotten",
    # questions, not commands (responses/dialogue.yml): nothing is erased or listed
    "ask_storage": "utter_storage",
    "phone_safety": "utter_phone_safety",
}

OFFERS = "utter_offers"
NO_OFFERS = "utter_no_offers"
NO_MORE = "utter_no_more"
HOURS = "utter_hours"
ASK_NEED = "utter_ask_need"
MENU = "utter_menu"
FALLBACK = "utter_fallback"
PLACE_UNKNOWN = "utter_place_unknown"
PLACE_NOTED = "utter_place_noted"
#: The other needs of a text that named several, by menu number (responses/person.yml).
ALSO_NEED = "utter_also_need"

#: "Did it help? 1 yes, 2 it was closed, 3 I was turned away, 4 wrong info" (responses/feedback.yml,
#: actions/feedback.py): added after a closing reply, once per conversation.
FEEDBACK_ASK = "utter_feedback_ask"
#: The thanks for each answer to it; the gateway counts the answer when it renders one
#: (bot/conversation.py), from the arguments named below.
FEEDBACK_THANKS: dict[str, str] = {answer: f"utter_feedback_{answer}" for answer in ANSWERS}
#: The arguments of a thanks: the answer (lygte/feedback.py ANSWERS), the ids of the offers it
#: is about, and per id whether the answer came within the offer's stated opening hours.
FEEDBACK_ANSWER = "answer"
FEEDBACK_ANSWERED = "answered_offers"
FEEDBACK_DURING_HOURS = "during_hours"

#: Needs that are also a question of "how": the guidance sent before the offers that fit
#: (responses/guidance.yml). Each claim in them is sourced in that file's comments.
GUIDANCE: dict[str, tuple[str, ...]] = {
    "register_cvr": ("utter_guidance_register_cvr", "utter_guidance_tax"),
    "money_benefits": ("utter_guidance_money_benefits",),
    "legal_help": ("utter_guidance_legal_help",),
    "want_to_leave": ("utter_guidance_want_to_leave",),
}

#: Every response an action may send.
ALL_RESPONSES: frozenset[str] = (
    frozenset(REPLY_FOR_INTENT.values())
    | {
        OFFERS,
        NO_OFFERS,
        NO_MORE,
        HOURS,
        ASK_NEED,
        MENU,
        FALLBACK,
        PLACE_UNKNOWN,
        PLACE_NOTED,
        ALSO_NEED,
    }
    | {name for names in GUIDANCE.values() for name in names}
    # follow-up answers, the kinder fallback, a client (actions/followup*.py)
    | ANSWER_RESPONSES
    | FALLBACK_RESPONSES
    | {"utter_buyer", "utter_buyer_again"}
    | {FEEDBACK_ASK, *FEEDBACK_THANKS.values()}
)
