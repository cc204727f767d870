"""Actions for the conversation around a list: follow-up questions, and a client who writes.

The logic (which offers a question is about, what the catalogue says) is in
lygte/followup.py; these classes only read the tracker and send the answer.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.context import Reply, TurnAction
from actions.facts import CATALOGUE, GAZETTEER
from actions.slots import LIST_SHOWN
from actions.turn import current_time, turn_intent, turn_place, turn_text
from lygte import followup
from lygte.selection import PAGE_SIZE

#: The slot that says the line already told a client what it is for (once is enough).
BUYER_TOLD = "buyer_told"
BUYER = "utter_buyer"
BUYER_AGAIN = "utter_buyer_again"


class ActionAnswerFollowup(TurnAction):
    """'where is it?', 'is it free?', 'CPR?', 'languages?', 'who?', 'far?', 'number 2?'.

    About the offers of the last page listed, or the ones the text names by number; the
    answer keeps the list "shown", so a digit next still picks a place from it.
    """

    def name(self) -> str:
        return "action_answer_followup"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        kind = followup.QUESTION_KINDS.get(turn_intent(tracker), "details")
        shown = list(tracker.get_slot("offers_shown") or [])
        if not shown:
            reply.say(followup.NO_LIST)
            return []
        place = turn_place(tracker)
        if kind == "far" and place is None:
            # The reply to this is a place: action_find_offers lists again, with distances.
            reply.say(followup.FAR_ASK_PLACE)
            return [SlotSet(LIST_SHOWN, True)]
        pairs = followup.offers_asked_about(turn_text(tracker), shown, PAGE_SIZE)
        offers = {offer.id: offer for offer in CATALOGUE.offers()}
        message = followup.answer_message(
            kind, pairs, offers, current_time(), GAZETTEER, place, language
        )
        if not message["offers"]:
            reply.say(followup.NO_LIST)
            return []
        reply.say(**message)
        return [SlotSet(LIST_SHOWN, True)]


class ActionBuyer(TurnAction):
    """Someone looking to buy sex: told once, briefly, what the line is for; then one line."""

    def name(self) -> str:
        return "action_buyer"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        if tracker.get_slot(BUYER_TOLD):
            reply.say(BUYER_AGAIN)
            return []
        reply.say(BUYER)
        return [SlotSet(BUYER_TOLD, True)]
