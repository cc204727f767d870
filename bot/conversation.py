"""One message in, the replies out: the path every channel (and the simulator) shares.

    address ─▶ pseudonym ─▶ clean text ─▶ engine (REST) ─▶ replies as data ─▶ render ─▶ channel fit

The engine answers with data (lygte/payload.py: response names, facts, the language its
action chose); the words are made here, once, from the staff-edited templates (`_render`),
for the engine's replies and the gateway's own alike.

Nothing here logs or keeps the address or the text; only the pseudonym reaches the engine.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Mapping

from bot.channels.recent import RecentChats
from bot.config import Settings
from bot.engine_client import EngineClient, EngineUnavailable
from bot.feedback import FeedbackStore
from bot.formatting import fit
from bot.handover.push import Pusher
from bot.handover.routing import TALK_INTENT, Handover, asks_for_person, wants_bot
from bot.handover.store import CaseStore, MemoryCaseStore
from bot.handover.vault import Address, AddressVault, MemoryTokens, is_yes
from bot.inbound import clean_text
from bot.keywords import Keyword, keyword
from bot.language import Guess, guess_language, with_phrase_language
from bot.privacy import describe_error
from bot.ratelimit import Admission, Limiter, MemoryLimiter, TurnQueue
from bot.replies import render_reply
from bot.safety import Danger, danger_for, danger_responses, detect_danger, forget_keyword
from bot.templates import TemplateStore
from bot.usage import UsageStore
from lygte import replies
from lygte.feedback import day_of
from lygte.handover import Case
from lygte.menu import menu_arguments
from lygte.names import FORGET_INTENT, LANGUAGES, MENU_INTENT
from lygte.payload import Payload
from lygte.templates import TemplateError

log = logging.getLogger(__name__)

#: The last resort when even the templates cannot be read: the numbers that matter most.
EMERGENCY_TEXT = (
    "Lygte: teknisk fejl, prøv igen senere. Fare: ring 112. Vold: 1888. "
    "Menneskehandel: 70 20 25 50. / Technical fault, try later. Danger: 112."
)


@dataclass
class Turn:
    """The outcome of one message, as the phone and the simulator see it."""

    replies: list[str]
    intent: str | None = None
    confidence: float = 0.0
    language: str = "da"
    offers: list[str] = field(default_factory=list)
    #: What the engine sent (response names, arguments, offer ids): counted after the turn.
    payloads: list[Payload] = field(default_factory=list)


@dataclass
class Line:
    """The gateway's shared parts: settings, templates, the engine client and the limits."""

    settings: Settings
    templates: TemplateStore
    engine: EngineClient
    #: Who gets answered how often (per pseudonym and line-wide); from the settings if not given.
    limiter: Limiter | None = None
    #: One message per person at a time, in order; in this process if not given.
    turns: TurnQueue | None = None
    #: Anonymous usage counts (bot/usage.py); none are kept when not given.
    usage: UsageStore | None = None
    #: The "did it help?" counts per offer and day (bot/feedback.py); none kept when not given.
    feedback: FeedbackStore | None = None
    #: The language the engine last answered each recent conversation in, in memory only, so
    #: that the replies the gateway makes itself (the slow-down note; START, HELP and the
    #: fallbacks when the engine cannot answer) come in the conversation's language. Keyed by
    #: an HMAC with a key made at process start (neither the address nor the engine's
    #: pseudonym), kept as long as the engine keeps the conversation, dropped at once by the
    #: forget keyword, the forget intent and STOP.
    languages: RecentChats | None = None
    #: The open cases of people talking to staff (bot/handover/); in memory if not given.
    cases: CaseStore | None = None
    #: Push delivery of staff replies after the person's yes (bot/handover/push.py); without
    #: one, or with no senders, push is not offered and replies wait for pull.
    pusher: Pusher | None = None

    def __post_init__(self) -> None:
        max_age = timedelta(seconds=self.settings.handover.max_age_s)
        if self.cases is None:
            self.cases = MemoryCaseStore(max_age)
        if self.pusher is None:
            self.pusher = Pusher(self.cases, AddressVault(MemoryTokens(), max_age), {})
        self.handover = Handover(self.settings.handover, self.cases, self.pusher)
        if self.turns is None:
            self.turns = TurnQueue()
        if self.languages is None:
            self.languages = RecentChats(self.settings.conversation_idle_s)
        if self.limiter is None:
            self.limiter = MemoryLimiter(
                self.settings.rate_burst,
                self.settings.rate_per_minute,
                self.settings.line_replies_per_minute,
            )

    async def handle(
        self, channel: str, address: str, text: str | None, pushable: bool = True
    ) -> Turn:
        """Answer one message from `address` on `channel`.

        Returns no reply only where silence is right: an SMS opt-out (STOP), or a sender or
        the whole line over its limit after having been told to slow down. A request to be
        forgotten (STOP, SLET) erases the conversation whatever the limits say.
        `pushable` False (the simulator) never offers push: `address` is no real one.
        """
        sender = self.settings.pseudonym_keys.conversation_key(channel, address)
        memory = self.languages.key(sender)
        words = clean_text(text)
        said = detect_danger(words)
        guess = with_phrase_language(guess_language(words), said.languages if said else ())
        language = self._language(memory, guess)
        word = keyword(words)
        if word is Keyword.OPT_OUT and channel == "sms":
            # Twilio blocks the number after this word: a reply would not arrive anyway.
            # Erased after the person's earlier messages, never before one still queued.
            erase = functools.partial(self.forget, channel, address)
            if await self._in_turn(sender, erase) is None:
                log.error("forget: not done within the reply deadline")
            return Turn(replies=[], language=language)
        admission = await self.limiter.admit(sender)
        # Being forgotten never depends on how many messages were sent: SLET goes to the
        # engine's forget path over any limit. Only the answer obeys the limit: the one kind
        # message over it is the confirmation instead of "slow down"; after that, silence.
        forget = forget_keyword(words) is not None
        if admission is Admission.SILENT and not forget:
            return Turn(replies=[], language=language)
        if admission is Admission.SLOW_DOWN and not forget:
            return self._local(channel, "utter_slow_down", language)
        if word is Keyword.OPT_IN:
            return self._local(channel, "utter_greet", language)
        if not words:
            return self._local(channel, "utter_empty", language)
        if not forget:
            case = await self.handover.case_for(sender, datetime.now(timezone.utc))
            if case is not None:  # talking to a person: the text goes to the case
                # The address leaves this method only on a yes to the push question.
                yes = pushable and self.handover.awaits_consent(case) and is_yes(words)
                consent = Address(channel, address) if yes else None
                work = functools.partial(
                    self._in_case, channel, sender, case, words, said, guess, language, consent
                )
                return await self._in_turn(sender, work, self._engine_down(channel, language))
        # What is sent if the engine cannot answer: the emergency answer, or for HELP the
        # gateway's own menu, in the conversation's language (the engine's menu is too, so
        # HELP goes to the engine first).
        fallback = self._engine_down(channel, language)
        if word is Keyword.HELP:
            arguments = menu_arguments(language, words)
            fallback = functools.partial(self._local, channel, "utter_menu", language, arguments)
            words = f"/{MENU_INTENT}"
        ask = functools.partial(
            self._ask_engine, channel, sender, words, guess, language, fallback, said is not None
        )
        turn = await self._in_turn(sender, ask, fallback)
        if admission is Admission.SILENT:
            return Turn(replies=[], language=turn.language)  # erased, without a word
        if forget:
            await self.handover.erase(sender)
        elif asks_for_person(turn.intent, words):
            turn = await self._offer_person(channel, sender, turn, pushable)
        danger = danger_for(said, turn.intent)
        if danger is not None:
            turn = self._danger_first(channel, danger, turn)
        await self._count(channel, turn, danger)
        return turn

    def _engine_down(self, channel: str, language: str) -> Callable[[], Turn]:
        """The emergency answer in `language`, for when nothing else can be said in time."""
        return functools.partial(self._local, channel, "utter_engine_down", language)

    async def _in_case(
        self,
        channel: str,
        sender: str,
        case: Case,
        words: str,
        said: Danger | None,
        guess: Guess,
        language: str,
        consent: Address | None,
    ) -> Turn:
        """A text while the person talks to a person (bot/handover/routing.py): it goes to
        the case, never the engine. BOT (and STOP on Signal) returns to the bot; a yes to
        the push question (`consent`) keeps the address; danger in the words (`said`) is
        answered at once; a long wait brings the lines open now."""
        language = case.language
        now = datetime.now(timezone.utc)
        if wants_bot(words) or keyword(words) is Keyword.OPT_OUT:
            return self._respond(channel, await self.handover.leave(sender, case), language)
        if consent is not None:
            agreed = await self.handover.consent(sender, case, consent, now)
            if agreed is not None:
                return self._respond(channel, agreed, language)
        responses, waited = await self.handover.pass_on(sender, case, words, now)
        turn = self._respond(channel, responses, language)
        danger = danger_for(said, None)
        if waited:
            turn = await self._with_lines(channel, sender, guess, language, turn, danger)
        if danger is not None:
            turn = self._danger_first(channel, danger, turn)
        await self._count(channel, turn, danger)
        return turn

    async def _offer_person(self, channel: str, sender: str, turn: Turn, pushable: bool) -> Turn:
        """The person asked for a person: on duty, a case opens and replaces the engine's
        list (with the push question where `pushable`); off duty, when staff are next on
        duty goes before the lines open now (the engine's answer to "talk")."""
        now = datetime.now(timezone.utc)
        opened = await self.handover.offer(sender, turn.language, channel, now, pushable)
        if opened is not None:
            return self._respond(channel, opened, turn.language, turn.intent)
        before = self._respond(channel, [self.handover.off_duty(now)], turn.language)
        return dataclasses.replace(turn, replies=before.replies + turn.replies)

    async def _with_lines(
        self,
        channel: str,
        sender: str,
        guess: Guess,
        language: str,
        turn: Turn,
        danger: Danger | None,
    ) -> Turn:
        """`turn` followed by the lines open now (the engine's answer to "talk")."""
        fallback = self._engine_down(channel, language)
        lines = await self._ask_engine(
            channel, sender, f"/{TALK_INTENT}", guess, language, fallback, danger is not None
        )
        return dataclasses.replace(
            lines, replies=turn.replies + lines.replies, intent=turn.intent, language=language
        )

    def _respond(
        self,
        channel: str,
        responses: list[tuple[str, dict[str, Any]]],
        language: str,
        intent: str | None = None,
    ) -> Turn:
        """The gateway's own replies (several responses) as one turn."""
        return Turn(self._render(channel, responses, language), intent, language=language)

    def _language(self, memory: str, guess: Guess) -> str:
        """The language of a reply the gateway makes itself.

        A strong guess (a whole sentence, a script, a language's name) switches the
        conversation in the engine too; otherwise the conversation keeps its language, and
        only a new conversation goes by the message's guess or the line's default.
        """
        if guess.strong and guess.code:
            return guess.code
        return self.languages.language(memory) or guess.code or self.settings.default_language

    async def _in_turn(
        self,
        sender: str,
        work: Callable[[], Awaitable[Any]],
        fallback: Callable[[], Any] | None = None,
    ) -> Any:
        """Run `work()` after the sender's earlier messages, within the reply deadline.

        One message per person at a time, in order; the whole wait stays within the deadline,
        so a slow engine still leaves time for `fallback()` (Twilio waits 15 s).
        """
        try:
            async with asyncio.timeout(self.settings.reply_deadline_s):
                async with self.turns.turn(sender):
                    return await work()
        except TimeoutError:
            if fallback is None:
                return None
            log.warning("no answer within the reply deadline: answered with the fallback")
            return fallback()

    def _danger_first(self, channel: str, danger: Danger, turn: Turn) -> Turn:
        """Put 112 and the right line before anything else, in the language of the words.

        A danger that comes with an added kind ("I'm 16") gets that reply next. A "not
        understood" answer after them would only confuse: it is left out.
        """
        language = danger.language(turn.language) or turn.language
        first = [
            reply
            for name in danger_responses(danger)
            for reply in self._local(channel, name, language).replies
        ]
        rest = [] if turn.intent in ("nlu_fallback", "out_of_scope") else turn.replies
        return dataclasses.replace(turn, replies=first + rest)

    async def _count(self, channel: str, turn: Turn, danger: Danger | None) -> None:
        """Count the turn after it, in one step off the event loop: the staff statistics
        (bot/usage.py) and the lists and "did it help?" answers per offer and day
        (bot/feedback.py). Only the intent, the language, the channel kind, the offer ids,
        the fixed answer and the day are passed: nothing of the person."""
        kind = danger.kind if danger else None
        await asyncio.to_thread(self._write_counts, channel, turn, kind, datetime.now(timezone.utc))

    def _write_counts(self, channel: str, turn: Turn, kind: str | None, now: datetime) -> None:
        """Write the counts of `turn` (in a worker thread); a counter that fails is logged
        and neither costs the reply nor the other counter."""
        counters: list[Callable[[], None]] = []
        if self.usage is not None:
            counters.append(
                functools.partial(self.usage.count, turn.intent, kind, turn.language, channel, now)
            )
        if self.feedback is not None:
            counters.append(functools.partial(self._count_feedback, turn.payloads, day_of(now)))
        for count in counters:
            try:
                count()
            except Exception as error:  # counts must never cost a person their answer
                log.error("counting failed: %s", describe_error(error))

    def _count_feedback(self, payloads: list[Payload], day: date) -> None:
        """Count the lists of offers and the "did it help?" answers among `payloads`."""
        for payload in payloads:
            arguments = payload.arguments
            if payload.response == replies.OFFERS:
                self.feedback.record_listed(day, payload.offers)
            elif payload.response in replies.FEEDBACK_THANKS.values():
                self.feedback.record_answer(
                    day,
                    [str(i) for i in arguments.get(replies.FEEDBACK_ANSWERED) or []],
                    str(arguments.get(replies.FEEDBACK_ANSWER)),
                    dict(arguments.get(replies.FEEDBACK_DURING_HOURS) or {}),
                )

    async def forget(self, channel: str, address: str) -> bool:
        """Erase the conversation of `address` on `channel` now, and say nothing.

        Uses the engine's forget path (issue 7): the literal intent "/forget_me" runs
        action_forget, and the tracker store deletes the conversation instead of saving it
        (engine/tracker_store.py), in memory or Redis, under every key of the person. The
        engine's answer (how to delete the thread) is dropped: after STOP it could not be
        delivered. Returns False, and logs without identity, if the engine could not be asked.
        Does not wait for the person's turn (`handle` does that for STOP).
        """
        sender = self.settings.pseudonym_keys.conversation_key(channel, address)
        self.languages.forget(self.languages.key(sender))
        await self.handover.erase(sender)
        try:
            await self.engine.send(sender, f"/{FORGET_INTENT}", self._metadata(channel, None))
        except EngineUnavailable as error:
            log.error("forget: the engine could not be asked to erase (%s)", error)
            return False
        return True

    async def _ask_engine(
        self,
        channel: str,
        sender: str,
        words: str,
        guess: Guess,
        language: str,
        fallback: Callable[[], Turn],
        danger: bool,
    ) -> Turn:
        """Send the message to the engine and render what it says; `fallback()` if it cannot.

        The replies are rendered in the language the engine's action chose for the turn
        (actions/context.py decides it, from this gateway's guess); `language` (the
        gateway's own choice) only when the engine names none. `danger` says whether the
        words are about danger, sent as a yes or no: the engine never asks "did it help?"
        after a danger answer (actions/feedback.py); the danger intents it knows itself.
        """
        metadata = self._metadata(channel, guess.code, guess.strong, danger)
        forget_language = forget_keyword(words)
        if forget_language:
            # SLET / DELETE / ...: the engine answers and its tracker store erases the
            # conversation (engine/tracker_store.py), whatever the classifier would make of it.
            words = f"/{FORGET_INTENT}"
            metadata.update(language=forget_language, language_strong=False)
        try:
            reply = await self.engine.send(sender, words, metadata)
        except EngineUnavailable as error:
            log.warning("engine unavailable (%s): answered with the fallback", error)
            return fallback()
        if not reply.payloads:
            log.warning("engine gave no reply: answered with the fallback")
            return fallback()
        language = reply.language if reply.language in LANGUAGES else language
        responses = [(payload.response, payload.arguments) for payload in reply.payloads]
        try:
            texts = self._render(channel, responses, language)
        except (TemplateError, KeyError, ValueError) as error:
            # Staff may have saved a broken template: the person gets the fallback.
            log.error("a reply could not be rendered (%s): answered with the fallback", error)
            return fallback()
        memory = self.languages.key(sender)
        if forget_language or reply.intent == FORGET_INTENT:
            self.languages.forget(memory)  # erased in the engine: nothing kept here either
        elif reply.language:
            self.languages.remember(memory, language)
        return Turn(texts, reply.intent, reply.confidence, language, reply.offers, reply.payloads)

    def _metadata(
        self, channel: str, language: str | None, strong: bool = False, danger: bool = False
    ) -> dict:
        """What the engine learns besides the words: channel, language guess and whether the
        words are about danger; never identity."""
        return {
            "channel": channel,
            "language": language,
            "language_strong": strong,
            "default_language": self.settings.default_language,
            "danger": danger,
        }

    def _local(
        self, channel: str, response: str, language: str, arguments: dict | None = None
    ) -> Turn:
        """A reply the gateway makes itself, without the engine."""
        replies = self._render(channel, [(response, arguments or {})], language)
        return Turn(replies=replies, language=language)

    def _render(
        self, channel: str, responses: list[tuple[str, Mapping[str, Any]]], language: str
    ) -> list[str]:
        """The messages a turn's responses become on `channel`: each rendered from the
        templates in `language`, then together fitted to the channel (alphabet, budget,
        the lock-screen-safe lead)."""
        # The organisation is the gateway's (HANDOFF_ORGANISATION): the engine's fallback
        # offers its workers too.
        organisation = {"organisation": self.settings.handover.organisation}
        # One look at the files per message: a staff edit applies from the next message.
        templates = self.templates.snapshot()
        text = "\n\n".join(
            render_reply(templates, name, {**organisation, **arguments}, language, channel)
            for name, arguments in responses
        )
        return fit(templates, channel, text, language, self.settings.sms_max_segments)
