"""What a person's text does while they talk to a person, and how a person is offered.

Line.handle (bot/conversation.py) asks here first. While a case is open the person's texts
go to the case, not the engine, except the forget keywords (SLET, STOP: the case is erased
too) and danger phrases (answered at once, danger first). BOT or STOP CHAT closes the case and
returns to the bot. Every reply carries the staff answers that were waiting (pull delivery).

Push (bot/handover/push.py): where the channel can push, the opening reply also asks whether
answers may be sent at once. Only the person's very next text can say yes (`awaits_consent`,
`consent`); any other text goes to the case and pull stays. Every way a case ends (BOT, SLET,
STOP, expiry; staff close in bot/staff/views/cases_api.py) erases the address first.

This module decides; Line renders (`Line._render` stays the one place that words a reply).
"""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.config import HandoverSettings
from bot.handover.push import Pusher
from bot.handover.store import CaseStore
from bot.handover.vault import Address
from bot.privacy import describe_error
from lygte.handover import Case, Message, duty_time, next_on_duty, on_duty
from lygte.menu import need_for_option
from lygte.text import fold_phrase

log = logging.getLogger(__name__)

#: How often the cases past their maximum age are erased (`Handover.keep_expiring`).
EXPIRE_EVERY_S = 60.0
#: Texts that end a handover and return to the bot (folded: any case, no diacritics).
BACK_TO_BOT = frozenset({"bot", "botten", "stop chat", "stopchat", "end chat", "stop chatten"})
#: The engine's intent for "someone to talk to" (and the need of menu option 14).
TALK_INTENT = "talk"
#: The engine's intent for a menu number ("14" picks Talk).
CHOOSE_OPTION = "choose_option"

OPEN = "utter_handover_open"
OFF_DUTY = "utter_handover_off_duty"
NOBODY = "utter_handover_nobody"
STAFF = "utter_handover_staff"
SENT = "utter_handover_sent"
WAITING = "utter_handover_waiting"
CLOSED = "utter_handover_closed"
PUSH_ASK = "utter_handover_push_ask"
PUSH_ON = "utter_handover_push_on"

Response = tuple[str, dict[str, Any]]


def wants_bot(words: str) -> bool:
    """True if `words` ask to leave the handover ("bot", "stop chat")."""
    return fold_phrase(words).strip(" .!") in BACK_TO_BOT


def asks_for_person(intent: str | None, words: str) -> bool:
    """True if the engine understood a request for a person: the `talk` intent, or Talk
    picked by its menu number (the engine names that turn `choose_option`)."""
    if intent == CHOOSE_OPTION:
        return need_for_option(words) == TALK_INTENT
    return intent == TALK_INTENT


def staff_replies(texts: list[str]) -> list[Response]:
    """The staff answers that were waiting, each as its own response."""
    return [(STAFF, {"text": text}) for text in texts]


@dataclass
class Handover:
    """The person's side of talking to a person, over the case store."""

    settings: HandoverSettings
    cases: CaseStore
    #: Push delivery after the person's yes; with no senders it is never offered.
    pusher: Pusher

    async def case_for(self, pseudonym: str, now: datetime) -> Case | None:
        """The open case of `pseudonym`; one past its maximum age is erased (with its push
        address) instead, without waiting for the next sweep (`keep_expiring`)."""
        case = await self.cases.case_for(pseudonym)
        if case is not None and case.older_than(self.cases.max_age, now):
            await self.pusher.end_case(case.code)
            return None
        return case

    async def expire(self, now: datetime) -> None:
        """Erase every case past its maximum age before `now`, and its push address."""
        for code in await self.cases.expire(now):
            await self.pusher.withdraw(code)

    async def keep_expiring(self, every_s: float = EXPIRE_EVERY_S) -> None:
        """Run `expire` every `every_s` seconds until cancelled: a case's text is erased
        after HANDOFF_HOURS even when nobody texts the line (the memory store has no TTL),
        and not one store scan is added to each message's path."""
        while True:
            try:
                await self.expire(datetime.now(timezone.utc))
            except Exception as error:  # e.g. Redis away for a moment: try again next time
                log.error("expiring cases failed: %s", describe_error(error))
            await asyncio.sleep(every_s)

    async def leave(self, pseudonym: str, case: Case) -> list[Response]:
        """BOT / STOP CHAT: deliver what was waiting, close the case, say so."""
        waiting = staff_replies(await self.cases.pending_for(pseudonym))
        await self.pusher.end_case(case.code)
        return [*waiting, (CLOSED, {})]

    async def erase(self, pseudonym: str) -> None:
        """SLET / STOP: close the person's case, if any (text, replies and mapping erased)."""
        case = await self.cases.case_for(pseudonym)
        if case is not None:
            await self.pusher.end_case(case.code)

    def awaits_consent(self, case: Case) -> bool:
        """True while the person's next text answers the push question: asked on opening,
        no yes yet, and no text from the person since."""
        return (
            self.pusher.offers_push(case.channel)
            and not case.push
            and not any(message.sender == "person" for message in case.messages)
        )

    async def consent(
        self, pseudonym: str, case: Case, address: Address, now: datetime
    ) -> list[Response] | None:
        """The person said yes: keep the address (encrypted), say so, with what was waiting.
        Returns None if the case can no longer push (then the yes is a normal text)."""
        if not await self.pusher.consent(case.code, address, now):
            return None
        waiting = staff_replies(await self.cases.pending_for(pseudonym))
        return [(PUSH_ON, {}), *waiting]

    async def pass_on(
        self, pseudonym: str, case: Case, words: str, now: datetime
    ) -> tuple[list[Response], bool]:
        """Put the person's text in the case; the replies to send now, and whether the
        person has waited too long (then the lines open now should follow)."""
        await self.cases.add_message(case.code, Message("person", words, now))
        waiting = staff_replies(await self.cases.pending_for(pseudonym))
        if waiting:
            return waiting, False
        case = await self.cases.by_code(case.code) or case
        since = case.waiting_since()
        limit = timedelta(seconds=self.settings.wait_s)
        if since is not None and now - since >= limit and await self.cases.note_wait(case.code):
            return [(WAITING, {})], True
        return [(SENT, {})], False

    async def offer(
        self, pseudonym: str, language: str, channel: str, now: datetime, pushable: bool
    ) -> list[Response] | None:
        """The person asked for a person. On duty: open a case and say how it works (the
        replies, no lines needed), asking about push where `pushable` and the channel can.
        Off duty: None for a case, and the words that go before the lines open now."""
        hours = self.settings.duty_hours
        organisation = self.settings.organisation
        if not on_duty(hours, now):
            return None
        await self.cases.open(pseudonym, language, channel, now)
        opened: list[Response] = [(OPEN, {"organisation": organisation})]
        if pushable and self.pusher.offers_push(channel):
            hours_kept = math.ceil(self.settings.max_age_s / 3600)  # "at most": round up
            opened.append((PUSH_ASK, {"hours": str(hours_kept)}))
        return opened

    def off_duty(self, now: datetime) -> Response:
        """The words before the lines open now: when staff are next on duty, if ever."""
        when = next_on_duty(self.settings.duty_hours, now)
        if when is None:
            return (NOBODY, {})
        return (
            OFF_DUTY,
            {"organisation": self.settings.organisation, "duty": duty_time(now, when)},
        )
