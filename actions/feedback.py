"""The person's side of "did it help?": when the line asks it, and how a digit answers it.

After a list of offers the line may ask, once per conversation: "Did it help? 1 yes, 2 it was
closed, 3 I was turned away, 4 wrong info" (`replies.FEEDBACK_ASK`, responses/feedback.yml).

When it is asked (`ask_question`): added to a closing reply (`CARRIERS`: thanks, goodbye, a
plain "ok" or "no", "no more places") in a turn after a list of offers was shown in this
conversation: the next text after the list or a later one. Never

- twice in a conversation (the `feedback_asked` slot);
- in or after a turn the gateway answered danger first: the gateway marks a message whose
  words are about danger (`danger: true` in the message metadata: a yes or no, nothing about
  who wrote; bot/conversation.py), and a danger need intent (lygte/names.py
  `DANGER_INTENTS`) is one whatever the words; either spends the question for the
  conversation;
- on a reply with numbered options (a list, a menu, the languages, the fallback's
  suggestions): the carriers show none, so the question's 1-4 are the last numbered prompt
  the person saw.

How the next message is read (decided, and tested in tests/engine/test_feedback_question.py):
the message right after the question (one turn: `feedback_offers`, reset by every answer) that
is exactly one digit 1-4 once spaces are stripped answers it (lygte/feedback.py
`answer_for_digit`), whatever the classifier made of it: never a list pick or a menu choice.
Anything else is read as usual and the question is not asked again: "nr 2" picks place 2 of
the list (the question keeps the list it asks about shown, so it may be named), a digit 5-9
picks a listed place or a menu need as after any list, words are understood as words. A digit
after a list that the question did not follow is a list pick, as it always was.

The answer is about the offers of the last page listed when the question was asked, each with
whether the answer came within its stated opening hours (lygte/feedback.py
`during_stated_hours`: confirmed hours that say open now; unknown hours never are). The reply
thanks the person in their language (`replies.FEEDBACK_THANKS`; for closed, turned away and
wrong info with a kind line: call first, or another place), and carries the answer, the offer
ids and the flags as arguments: the gateway counts them per offer and day when it renders the
thanks (bot/conversation.py). The engine keeps nothing of it beyond the conversation's slots.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Dict, List, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.facts import CATALOGUE
from actions.slots import FEEDBACK_ASKED, FEEDBACK_OFFERS, LIST_SHOWN
from actions.turn import turn_intent
from lygte import followup, replies
from lygte.feedback import answer_for_digit, during_stated_hours
from lygte.names import DANGER_INTENTS
from lygte.selection import PAGE_SIZE

if TYPE_CHECKING:
    from actions.context import Reply

#: The replies the question may ride on: they close a topic, show no numbers, ask nothing.
CARRIERS: frozenset[str] = frozenset(
    {
        replies.REPLY_FOR_INTENT["thanks"],
        replies.REPLY_FOR_INTENT["goodbye"],
        replies.REPLY_FOR_INTENT["affirm"],
        replies.REPLY_FOR_INTENT["deny"],
        replies.NO_MORE,
    }
)


def danger_turn(tracker: Tracker) -> bool:
    """True when the gateway answers this message danger first (its words or its intent)."""
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata.get("danger") is True or turn_intent(tracker) in DANGER_INTENTS


def during_hours(offer_ids: Sequence[str], now: datetime) -> Dict[str, bool]:
    """Per offer id, whether `now` is within the offer's stated opening hours.

    An offer gone from the catalogue since it was listed has no stated hours: False.
    """
    offers = {offer.id: offer for offer in CATALOGUE.offers()}
    return {
        offer_id: offer_id in offers and during_stated_hours(offers[offer_id], now)
        for offer_id in offer_ids
    }


def answer_question(reply: Reply, tracker: Tracker, now: datetime) -> List[Dict[str, Any]] | None:
    """Thank for the answer when this message answers "did it help?"; its events, else None.

    Only the message right after the question, and only a plain digit 1-4.
    """
    asked_about = list(tracker.get_slot(FEEDBACK_OFFERS) or [])
    answer = answer_for_digit(tracker.latest_message.get("text") or "")
    if not asked_about or answer is None:
        return None
    reply.say(
        replies.FEEDBACK_THANKS[answer],
        **{
            replies.FEEDBACK_ANSWER: answer,
            replies.FEEDBACK_ANSWERED: asked_about,
            replies.FEEDBACK_DURING_HOURS: during_hours(asked_about, now),
        },
    )
    return []


def ask_question(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]]:
    """Add "did it help?" to this turn's reply when it may come (see the module docstring).

    Returns the events: the question asked (or spent by danger), the offers it asks about,
    and the list kept shown for the next turn.
    """
    if tracker.get_slot(FEEDBACK_ASKED):
        return []
    if danger_turn(tracker):
        return [SlotSet(FEEDBACK_ASKED, True)]  # never after a danger answer
    said = [response for response, _arguments in reply.said]
    page = followup.last_page(list(tracker.get_slot("offers_shown") or []), PAGE_SIZE)
    if not said or not CARRIERS.issuperset(said) or not page:
        return []
    reply.say(replies.FEEDBACK_ASK)
    # The list stays shown: the question is about it, so "nr 2" next still names a place.
    return [
        SlotSet(FEEDBACK_ASKED, True),
        SlotSet(FEEDBACK_OFFERS, page),
        SlotSet(LIST_SHOWN, True),
    ]
