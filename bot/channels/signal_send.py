"""Sending one reply through `POST /v2/send`, retried when trying again can help.

signal-cli-rest-api answers 429 when the Signal server rate-limits the line's number, a
proxy in front of it may answer 502/503/504, and during a restart nothing answers at all:
those are retried after 1, 2, 4 ... seconds (or the server's Retry-After, if it sends one),
at most `attempts` tries in all. Any other 4xx is final. Nothing about the recipient or the
text is logged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

from aiohttp import ClientConnectionError, ClientResponseError
from signalbot import DataMessageContext, SendError, SendMessage, SignalBot

log = logging.getLogger(__name__)

#: Longest wait between two tries, whatever Retry-After says.
MAX_WAIT_S = 30.0


def retry_wait(error: SendError, attempt: int) -> float | None:
    """Seconds to wait before try `attempt + 1`, or None when retrying cannot help."""
    cause = error.__cause__
    if isinstance(cause, ClientResponseError):
        if cause.status != 429 and cause.status < 500:
            return None
        after = (cause.headers or {}).get("Retry-After", "")
        if after.isdigit():
            return min(float(after), MAX_WAIT_S)
    elif not isinstance(cause, ClientConnectionError):
        return None
    return min(2.0 ** (attempt - 1), MAX_WAIT_S)


def status_of(error: SendError) -> str:
    """'HTTP 429', or the kind of connection failure, for a log line."""
    cause = error.__cause__
    if isinstance(cause, ClientResponseError):
        return f"HTTP {cause.status}"
    return type(cause or error).__name__


async def send_text(context: DataMessageContext, text: str, attempts: int) -> bool:
    """Send `text` to the chat of `context`; True once signal-cli-rest-api accepted it."""
    return await send_retried(lambda: context.send(SendMessage(text=text)), attempts)


async def send_to(bot: SignalBot, recipient: str, text: str, attempts: int) -> bool:
    """Send `text` to `recipient` (a UUID) unasked, e.g. a pushed staff reply; True once
    signal-cli-rest-api accepted it."""
    return await send_retried(
        lambda: bot.messages.send(SendMessage(text=text), recipient), attempts
    )


async def send_retried(send: Callable[[], Awaitable[object]], attempts: int) -> bool:
    """Call `send` until it works, retrying as the module docstring says; True if it did."""
    for attempt in range(1, attempts + 1):
        try:
            await send()
            return True
        except SendError as error:
            wait = retry_wait(error, attempt)
            if wait is None or attempt == attempts:
                log.warning(
                    "signal: a reply was not sent (%s, try %d of %d)",
                    status_of(error),
                    attempt,
                    attempts,
                )
                return False
            log.info("signal: send answered %s; trying again in %.0f s", status_of(error), wait)
            await asyncio.sleep(wait)
    return False
