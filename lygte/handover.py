"""Talking to a person: the shape of a case, its code, and whether staff are on duty.

A case is the part of a conversation handed over to staff. It carries what staff may see:
a short code, the person's language, the channel kind and the messages of this handover. It
never carries the number, the Signal UUID or the pseudonym; the gateway's case store
(bot/handover/store.py) keeps the code <-> pseudonym mapping to itself.

Duty hours are an OpenStreetMap `opening_hours` expression, evaluated like an offer's hours
(lygte/hours.py): Copenhagen time, Danish public holidays as `PH`. An empty expression means
no one is on duty.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from opening_hours import ParserError, State

from lygte.hours import TIMEZONE, parse_hours, wall_state

Sender = Literal["person", "staff", "line"]
CaseState = Literal["waiting", "taken"]

#: Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L), read aloud or
#: typed from a screen.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 4
#: How many changes of the duty hours next_on_duty looks through (unknown stretches between).
_MAX_CHANGES = 32


@dataclass(frozen=True)
class Message:
    """One message of a case: who wrote it, the words, and when (an aware datetime)."""

    sender: Sender
    text: str
    at: datetime


@dataclass
class Case:
    """What staff see of a handed-over conversation: never who the person is."""

    code: str
    language: str
    channel: str
    state: CaseState
    opened_at: datetime
    taken_by: str | None = None
    messages: list[Message] = field(default_factory=list)
    #: Messages from the person that staff have not read yet.
    unread: int = 0
    #: True while the person has consented to push delivery (the address kept encrypted).
    push: bool = False
    #: True once the person was told that no one has answered yet (told only once per wait).
    wait_noted: bool = False

    def older_than(self, age: timedelta, now: datetime) -> bool:
        """True when the case was opened more than `age` before `now` (past HANDOFF_HOURS:
        it is erased)."""
        return now - self.opened_at > age

    def waiting_since(self) -> datetime | None:
        """When the person's oldest unanswered message came, or None if staff had the last
        word (or nobody has written yet)."""
        since = None
        for message in self.messages:
            if message.sender == "staff":
                since = None
            elif message.sender == "person" and since is None:
                since = message.at
        return since


def new_code(taken: set[str]) -> str:
    """A fresh case code of CODE_LENGTH unambiguous characters, not in `taken`."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def on_duty(expression: str, now: datetime) -> bool:
    """True if the duty hours `expression` say staff are on duty at `now` (aware).

    An empty or unreadable expression means no one is on duty.
    """
    if not expression.strip():
        return False
    try:
        return wall_state(expression, now) == "open"
    except ParserError:
        return False


def next_on_duty(expression: str, now: datetime) -> datetime | None:
    """When staff are next on duty from `now` (aware, Copenhagen time): `now` itself if they
    are on duty; None if the expression is empty, unreadable or never opens again."""
    if on_duty(expression, now):
        return now.astimezone(TIMEZONE)
    if not expression.strip():
        return None
    try:
        hours = parse_hours(expression)
    except ParserError:
        return None
    moment = now.astimezone(TIMEZONE)
    for _ in range(_MAX_CHANGES):
        change = hours.next_change(moment)
        if change is None:
            return None
        if hours.state(change)[0] == State.OPEN:
            return change
        moment = change
    return None


def duty_time(now: datetime, when: datetime) -> dict[str, int | str]:
    """When staff are next on duty, seen from `now`, as data for the reply templates: the
    Copenhagen time, days ahead, weekday (0 = Monday) and, more than six days ahead, the date
    (the shape of lygte/hours.py's states, so bot/replies.py's day words serve it)."""
    local, then = now.astimezone(TIMEZONE), when.astimezone(TIMEZONE)
    days_ahead = (then.date() - local.date()).days
    words: dict[str, int | str] = {
        "time": then.strftime("%H:%M"),
        "days_ahead": days_ahead,
        "weekday": then.weekday(),
    }
    if days_ahead > 6:
        words["date"] = then.date().isoformat()
    return words
