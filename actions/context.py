"""The conversation's language: sticky, switched only on strong evidence.

The gateway guesses each message's language and sends the guess as message metadata;
this module decides what the conversation's language becomes, and `TurnAction` (the base of
every action that answers a turn) applies that decision and ends the turn.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Mapping

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ACTION_LISTEN_NAME

#: The slot that says the previous turn showed the list of languages (domain.yml).
LANGUAGES_LISTED = "languages_listed"


def choose_language(current: str | None, metadata: Mapping[str, Any]) -> str:
    """Keep `current` unless the message's guess is strong or there is no language yet."""
    guess = metadata.get("language")
    if guess and (metadata.get("language_strong") or current is None):
        return str(guess)
    return current or str(metadata.get("default_language") or "da")


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
        # The list of languages counts for the one turn after it (actions/menu.py); an answer
        # that shows it again sets it again, after this.
        listed = tracker.get_slot(LANGUAGES_LISTED)
        reset = [SlotSet(LANGUAGES_LISTED, None)] if listed is not None else []
        # Every rule ends a turn with one answer: say so, and the engine listens without
        # running its policies a second time to find that out (a tenth of its time).
        return reset + language_events + events + [FollowupAction(ACTION_LISTEN_NAME)]

    def turn_language(self, tracker: Tracker) -> str:
        """This turn's language: the conversation's, unless the message switches it."""
        metadata = tracker.latest_message.get("metadata") or {}
        return choose_language(tracker.get_slot("language"), metadata)

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> List[Dict[str, Any]]:
        """Utter this turn's responses; return the events (slots) it sets."""
