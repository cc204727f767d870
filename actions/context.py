"""The conversation's language: sticky, switched only on strong evidence.

The gateway guesses each message's language and sends the guess as message metadata;
this module decides what the conversation's language becomes, and `TurnAction` (the base of
every action that answers a turn) applies that decision and ends the turn. It also keeps
what the person says about themselves (`turn_person`, lygte/person.py) in the person
slots, from every turn's text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Mapping

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ACTION_LISTEN_NAME

from lygte.names import LANGUAGES
from lygte.person import Person, read_person

#: The slot that says the previous turn showed the list of languages (domain.yml).
LANGUAGES_LISTED = "languages_listed"
#: True for the turn after a numbered list of places: then a digit picks a place (followup.py).
LIST_SHOWN = "list_shown"
#: How many texts in a row were not understood (the kinder fallback, followup.py).
MISSES = "misses"
#: The other needs of a text that named several, offered by their menu numbers after the
#: answer to the most urgent one: then such a number picks that need, not a place.
NEEDS_ALSO = "needs_also"
#: Slots that count only for the turn after the answer that set them: every answer resets
#: them, and an answer that needs one again sets it again after the reset.
ONE_TURN_SLOTS = (LANGUAGES_LISTED, LIST_SHOWN, MISSES, NEEDS_ALSO)


def turn_person(tracker: Tracker) -> Person:
    """The person after this turn: what the slots knew, updated by what the text says."""
    known = Person.from_slots(tracker.slots)
    return read_person(tracker.latest_message.get("text") or "", known)


def person_events(tracker: Tracker) -> List[Dict[str, Any]]:
    """The person slots this turn's text changes (lygte/person.py)."""
    before = Person.from_slots(tracker.slots).slots()
    after = turn_person(tracker).slots()
    return [SlotSet(name, value) for name, value in after.items() if before[name] != value]


def choose_language(current: str | None, metadata: Mapping[str, Any]) -> str:
    """Keep `current` unless the message's guess is strong or there is no language yet.

    The gateway's guess (bot/language.py) is strong only when the person clearly writes in
    another language or asks for one; never for a place or offer name, a number, "ok", or a
    question whether staff speak a language. A guess or default outside the line's six
    languages is ignored: the reply could not be rendered in it.
    """
    guess = metadata.get("language")
    if guess in LANGUAGES and (metadata.get("language_strong") is True or current is None):
        return str(guess)
    if current in LANGUAGES:
        return str(current)
    default = metadata.get("default_language")
    return str(default) if default in LANGUAGES else LANGUAGES[0]


class TurnAction(Action, ABC):
    """An action that answers a turn, in the conversation's language.

    The language is decided here, once per turn, by the action that answers: it is kept in
    the `language` slot and sent with every response of the turn, so /nlg renders the reply
    in it (bot/nlg.py). One action-server call per message, not two. The turn then ends:
    the engine listens next (a follow-up action, not another policy prediction).
    """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        """Decide the language, answer (`answer`), and send the language with each response."""
        current = tracker.get_slot("language")
        language = self.turn_language(tracker)
        events = self.answer(dispatcher, tracker, language)
        for message in dispatcher.messages:
            message["language"] = language
        language_events = [] if language == current else [SlotSet("language", language)]
        # The list of languages, of places, the count of misses count for the one turn after
        # them (lygte/menu.py, lygte/followup.py); an answer that shows a list again sets
        # it again, after this.
        reset = [
            SlotSet(name, None) for name in ONE_TURN_SLOTS if tracker.get_slot(name) is not None
        ]
        # Every rule ends a turn with one answer: say so, and the engine listens without
        # running its policies a second time to find that out (a tenth of its time).
        # What the person said about themselves is kept for the conversation (every answer
        # reads the text; the answer itself ranks with it through `turn_person`).
        person = person_events(tracker)
        return reset + language_events + person + events + [FollowupAction(ACTION_LISTEN_NAME)]

    def turn_language(self, tracker: Tracker) -> str:
        """This turn's language: the conversation's, unless the message switches it."""
        metadata = tracker.latest_message.get("metadata") or {}
        return choose_language(tracker.get_slot("language"), metadata)

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> List[Dict[str, Any]]:
        """Utter this turn's responses; return the events (slots) it sets."""
