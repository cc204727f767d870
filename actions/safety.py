"""The forget action: the person asked to be forgotten (SLET / DELETE / ... or "slet mig").

The action only answers (how to delete the thread on the phone; the gateway picks the SMS or
Signal wording). The erasing itself happens in the engine's tracker store, which deletes a
conversation whose latest turn ran this action instead of saving it (engine/tracker_store.py).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.context import Reply, TurnAction
from lygte import log_guard
from lygte.names import FORGET_ACTION

# The action server imports every module of this package at start: from then on no DEBUG
# line of it carries a person's words (lygte/log_guard.py).
log_guard.install()

FORGOTTEN = "utter_forgotten"


class ActionForget(TurnAction):
    """Answer the forget request; the tracker store erases the conversation when it saves."""

    def name(self) -> str:
        return FORGET_ACTION

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        reply.say(FORGOTTEN)
        return []
