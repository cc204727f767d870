"""Signal: a signalbot 2.x bot against signal-cli-rest-api (MODE=json-rpc), in the gateway's loop.

    receive websocket ─▶ signal_receive.admit ─▶ signalbot parses and queues ─▶ LineHandler
      one chat at a time, in arrival order: typing on ─▶ Line.handle("signal", <UUID>, text)
      ─▶ new chat? disappearing timer ─▶ replies (retried) ─▶ note, once ─▶ read receipt

What gets an answer:
- a 1:1 text, and an edited text (answered as a new message): through the line, like an SMS,
  with the Signal variant of the templates. The key is the sender's UUID, never the number.
- a picture, voice message, file or sticker without words: `utter_signal_media`. Attachments
  are deleted from signal-cli-rest-api's store straight away (the gateway never fetches them).
- group messages, reactions, deletions, typing, receipts, calls, timer changes: silence.

signalbot runs three consumers at once, so two quick messages from one person would race;
a per-chat `TurnQueue` taken before the handler's first await keeps them in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator, Awaitable, Callable

from aiohttp import web
from signalbot import (
    MIN_SIGNAL_CLI_REST_API_VERSION,
    Config,
    ConnectionMode,
    DataMessageContext,
    DataMessageHandler,
    ReceiptType,
    SignalAPIError,
    SignalBot,
    UpdateContact,
)

from bot.channels.recent import RecentChats
from bot.channels.signal_logging import quiet_signalbot
from bot.channels.signal_receive import reconnecting
from bot.channels.signal_send import send_text
from bot.config import SignalSettings
from bot.conversation import EMERGENCY_TEXT, Line
from bot.formatting import format_reply
from bot.handover.push import SignalPush
from bot.keys import LINE_KEY, PUSHER_KEY
from bot.privacy import describe_error
from bot.ratelimit import TurnQueue

log = logging.getLogger(__name__)

#: How long a chat's language is remembered when the line sets no disappearing timer.
MEMORY_WITHOUT_TIMER_S = 3600
#: After this long without a connection, say once what signal-cli-rest-api must be.
NOT_READY_WARNING_S = 30


class LineHandler(DataMessageHandler):
    """Answers 1:1 Signal messages through the line (see the module docstring)."""

    def __init__(self, line: Line, options: SignalSettings) -> None:
        self.line = line
        self.options = options
        self.recent = RecentChats(options.disappearing_s or MEMORY_WITHOUT_TIMER_S)
        self.turns = TurnQueue()

    async def handle_data_message(self, context: DataMessageContext) -> None:
        """Answer one data or edit message; never raises."""
        message = context.message
        if message.is_group() or not message.source_uuid:
            return
        key = self.recent.key(message.source_uuid)
        # No await before this: the consumers start handlers in arrival order, and the
        # queue keeps that order for everything below.
        async with self.turns.turn(key):
            try:
                await self._answer(context, message.source_uuid, key)
            except Exception as error:  # whatever broke, the person gets the emergency numbers
                log.error("signal: %s; answered with the emergency text", describe_error(error))
                await send_text(context, EMERGENCY_TEXT, self.options.send_attempts)

    async def _answer(self, context: DataMessageContext, sender: str, key: str) -> None:
        message = context.message
        for attachment in message.attachments or []:
            if attachment.local_filename:
                await self._try(
                    "attachment delete", context.delete_attachment(attachment), logging.INFO
                )
        text = (message.text or "").strip()
        if not text and not message.attachments and message.sticker is None:
            return  # a timer change, profile update or similar: nothing was said
        known = self.recent.language(key)
        typing = self.options.typing_indicator and await self._try(
            "typing indicator", context.start_typing()
        )
        try:
            if text:
                turn = await self.line.handle("signal", sender, text)
                replies, language = turn.replies, turn.language
            else:
                language = known or self.line.settings.default_language
                replies = self._render("utter_signal_media", language)
            timer_on = False
            if known is None and self.options.disappearing_s:
                timer_on = await self._try(
                    "disappearing timer",
                    context.update_contact(
                        UpdateContact(expiration_in_seconds=self.options.disappearing_s)
                    ),
                )
            for reply in replies:
                await send_text(context, reply, self.options.send_attempts)
            if timer_on:
                for note in self._note(language):
                    await send_text(context, note, self.options.send_attempts)
            if known is not None or timer_on or not self.options.disappearing_s:
                self.recent.remember(key, language)  # else: try the timer again next time
        finally:
            if typing:
                await self._try("typing indicator", context.stop_typing())
        if self.options.read_receipts:
            await self._try("read receipt", context.send_receipt(ReceiptType.READ))

    def _render(self, name: str, language: str, **values: str) -> list[str]:
        text = self.line.templates.render(name, language, "signal", values)
        return format_reply("signal", text, language, self.line.settings.sms_max_segments)

    def _note(self, language: str) -> list[str]:
        """The one-time note that messages in this chat now disappear."""
        duration = duration_text(self.options.disappearing_s, language, self._render)
        return self._render("utter_signal_disappearing", language, duration=duration)

    @staticmethod
    async def _try(what: str, call: Awaitable[object], level: int = logging.WARNING) -> bool:
        """Run one side request (typing, receipt, timer); a failure is logged, not raised."""
        try:
            await call
        except SignalAPIError as error:
            log.log(level, "signal: %s failed (%s)", what, type(error).__name__)
            return False
        return True


def duration_text(seconds: int, language: str, render: Callable[..., list[str]]) -> str:
    """'1 day', '7 days', '8 hours' ... from the templates (seconds are whole hours)."""
    hours = seconds // 3600
    if hours % 24 == 0:
        days = hours // 24
        name, count = ("part_signal_one_day", "") if days == 1 else ("part_signal_days", days)
    else:
        name, count = ("part_signal_one_hour", "") if hours == 1 else ("part_signal_hours", hours)
    return render(name, language, count=str(count))[0]


def make_bot(line: Line, options: SignalSettings) -> SignalBot:
    """A signalbot bot for `options`, answering through `line`; call `.start` in the loop."""
    bot = SignalBot(
        Config(
            phone_number=options.number,
            signal_service=options.service,
            connection_mode=ConnectionMode.HTTP_ONLY,  # loopback or a private network only
            storage={"type": "in-memory"},
            download_attachments=False,
            retry_interval=5,
            logging_level=logging.WARNING,
        )
    )
    quiet_signalbot()
    bot.register(LineHandler(line, options), contacts=True, groups=False)
    # One of two places Lygte reaches into signalbot (the other: _pipeline.stop below):
    # its producer reads this generator.
    messages = bot._signal.messages
    original = messages.receive
    messages.receive = lambda: reconnecting(original)
    return bot


async def announce(bot: SignalBot, service: str) -> None:
    """Log once when the bot is connected (signalbot has checked mode and version by then)."""
    assert bot.init_task is not None
    try:
        await asyncio.wait_for(asyncio.shield(bot.init_task), NOT_READY_WARNING_S)
    except TimeoutError:
        log.warning(
            "Signal: not connected to signal-cli-rest-api at %s yet; it must run with "
            "MODE=json-rpc, version >= %s (still trying)",
            service,
            MIN_SIGNAL_CLI_REST_API_VERSION,
        )
        await bot.init_task
    log.info("Signal is on: connected to signal-cli-rest-api at %s", service)


async def signal_channel(app: web.Application) -> AsyncIterator[None]:
    """aiohttp cleanup context: run the Signal bot with the app, or log that Signal is off."""
    line = app[LINE_KEY]
    options = line.settings.signal
    if not options.enabled:
        log.info("Signal is off (set SIGNAL_SERVICE and SIGNAL_NUMBER to turn it on)")
        yield
        return
    bot = make_bot(line, options)
    bot.start(run_forever=False)  # the init task checks health, mode, version, then reads
    announcer = asyncio.create_task(announce(bot, options.service))
    # staff replies pushed to those who said yes go out through this bot
    senders = app[PUSHER_KEY].senders
    senders["signal"] = SignalPush(bot, options.send_attempts)
    try:
        yield
    finally:
        senders.pop("signal", None)
        # Not bot.stop(): that stops the event loop, which is the web app's too.
        for task in (announcer, bot.init_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        await bot._pipeline.stop()
        await bot.close()
