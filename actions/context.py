"""The conversation's language: sticky, switched only on strong evidence.

The gateway guesses each message's language and sends the guess as message metadata;
this module decides what the conversation's language becomes, and `TurnAction` (the base of
every action that answers a turn) applies that decision, sends the turn's replies as data
(lygte/payload.py) and ends the turn. It also keeps what the person says about themselves
(`turn_person`, lygte/person.py) in the person slots, from every turn's text, and reads the
answer to "did it help?" or adds that question where it may come (actions/feedback.py).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Mapping, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ACTION_LISTEN_NAME

from actions import feedback
from actions.slots import ONE_TURN_SLOTS
from actions.turn import current_time
from lygte.names import LANGUAGES
from lygte.payload import Payload
from lygte.person import Person, read_person


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


class Reply:
    """The responses one turn answers with, in order: a template name and its facts each."""

    def __init__(self) -> None:
        self.said: List[Tuple[str, Dict[str, Any]]] = []

    def say(self, response: str, **arguments: Any) -> None:
        """Answer with template `response` (responses/) filled with `arguments`."""
        self.said.append((response, arguments))


class TurnAction(Action, ABC):
    """An action that answers a turn, in the conversation's language.

    The language is decided here, once per turn, by the action that answers: it is kept in
    the `language` slot and sent in every reply of the turn, which the gateway renders in
    it. The replies leave as data (lygte/payload.py: response name, facts, language, offer
    ids, intent), never as words: the engine does not call the gateway back. One
    action-server call per message, not two. The turn then ends: the engine listens next (a
    follow-up action, not another policy prediction).
    """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        """Decide the language, answer (`answer`), and send each reply as a custom payload."""
        current = tracker.get_slot("language")
        language = self.turn_language(tracker)
        reply = Reply()
        # A plain digit 1-4 right after "did it help?" answers it, whatever the classifier
        # made of it; any other text is answered as usual, and may get the question.
        events = feedback.answer_question(reply, tracker, current_time())
        if events is None:
            events = self.answer(reply, tracker, language)
            events += feedback.ask_question(reply, tracker)
        intent = tracker.latest_message.get("intent") or {}
        for response, arguments in reply.said:
            payload = Payload.of(response, arguments, language, intent)
            dispatcher.utter_message(json_message=payload.to_json())
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
    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        """Say this turn's responses on `reply`; return the events (slots) it sets."""
