"""What an action reads of the turn in progress: its intent, its text (the current message
only: stored turns keep no words, engine/tracker_store.py), the place the person gave, and
the time it is answered at."""

from __future__ import annotations

from datetime import datetime, timezone

from rasa_sdk import Tracker

from actions.facts import GAZETTEER
from lygte.places import Place


def current_time() -> datetime:
    """Now, in UTC: the moment "open now" is decided for."""
    return datetime.now(timezone.utc)


def turn_intent(tracker: Tracker) -> str:
    """The intent the engine read in the current message ("" when it read none)."""
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def turn_text(tracker: Tracker) -> str:
    """The text of the current message, without surrounding white space."""
    return (tracker.latest_message.get("text") or "").strip()


def turn_place(tracker: Tracker) -> Place | None:
    """The place the person gave in this conversation (the `place` slot holds its id)."""
    return GAZETTEER.places.get(tracker.get_slot("place") or "")
