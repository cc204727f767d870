"""The names of the conversation slots the actions set themselves (declared in domain.yml)."""

from __future__ import annotations

#: The slot that says the previous turn showed the list of languages (domain.yml).
LANGUAGES_LISTED = "languages_listed"
#: True for the turn after a numbered list of places: then a digit picks a place (followup.py).
LIST_SHOWN = "list_shown"
#: How many texts in a row were not understood (the kinder fallback, followup.py).
MISSES = "misses"
#: The other needs of a text that named several, offered by their menu numbers after the
#: answer to the most urgent one: then such a number picks that need, not a place.
NEEDS_ALSO = "needs_also"
#: True once "did it help?" was asked in the conversation, or can no longer be: a danger
#: answer was given (actions/feedback.py).
FEEDBACK_ASKED = "feedback_asked"
#: For the turn after "did it help?": the ids of the offers it asks about; then a plain
#: digit 1-4 answers it (actions/feedback.py).
FEEDBACK_OFFERS = "feedback_offers"
#: Slots that count only for the turn after the answer that set them: every answer resets
#: them, and an answer that needs one again sets it again after the reset.
ONE_TURN_SLOTS = (LANGUAGES_LISTED, LIST_SHOWN, MISSES, NEEDS_ALSO, FEEDBACK_OFFERS)
