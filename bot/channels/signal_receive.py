"""The receive websocket, kept open: reconnect with backoff, and only frames signalbot can read.

signalbot 2.2 reads `GET /v1/receive/{number}` in one producer task and leaves recovery to a
generic restart: a socket closed cleanly by the server ends the producer for good; a frame
it cannot validate (an `{"error": ...}` frame, or an attachment: signal-cli never sends the
`isVoiceNote` field signalbot requires) raises, prints the whole envelope - number and text
included - as a traceback, and waits up to five minutes before reading again. And
signal-cli-rest-api drops whatever arrives while no socket is connected.

`reconnecting` wraps signalbot's own receive generator so that the producer never sees an
end or an error: it reconnects after 1, 2, 4 ... up to 30 seconds (back to 1 once a
connection has held), and `admit` passes on only what the line answers - 1:1 data and edit
messages - in a shape signalbot validates, logging nothing of their content.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import AsyncIterator, Callable

from pydantic import ValidationError
from signalbot import ReceiveError

# signalbot's model of a received frame: what its parser validates every frame against.
from signalbot._generated import Message as WireMessage

log = logging.getLogger(__name__)

FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0
#: A connection that stayed up this long was a good one: the next retry starts fast again.
STABLE_S = 10.0


def admit(frame: str) -> str | None:
    """The frame to hand to signalbot, or None to skip it (nothing to answer, or unreadable)."""
    try:
        data = json.loads(frame)
    except ValueError:
        log.warning("signal: skipped a frame that is not JSON")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("envelope"), dict):
        if isinstance(data, dict) and "error" in data:
            # Its text is not logged: signal-cli's errors can name the sender.
            log.warning("signal: signal-cli-rest-api reported a receive error")
        return None
    envelope = data["envelope"]
    edit = envelope.get("editMessage") if isinstance(envelope.get("editMessage"), dict) else {}
    content = envelope.get("dataMessage") or edit.get("dataMessage")
    # Receipts, typing, calls, stories and sync copies of our own messages need no answer;
    # group messages are not for a 1:1 line (and should not reach it at all).
    if not isinstance(content, dict) or content.get("groupInfo") is not None:
        return None
    for attachment in content.get("attachments") or []:
        if isinstance(attachment, dict):
            attachment.setdefault("isVoiceNote", False)  # signal-cli omits it; signalbot needs it
    try:
        WireMessage.model_validate(data)
    except ValidationError as error:
        log.warning(
            "signal: skipped a message signalbot cannot read (%d fields)", error.error_count()
        )
        return None
    return json.dumps(data)


async def reconnecting(
    receive: Callable[[], AsyncIterator[str]],
    first_delay_s: float = FIRST_DELAY_S,
    max_delay_s: float = MAX_DELAY_S,
) -> AsyncIterator[str]:
    """Yield admitted frames from `receive()` forever, reconnecting whenever it stops."""
    loop = asyncio.get_running_loop()
    delay = first_delay_s
    while True:
        started, heard = loop.time(), False
        try:
            async for frame in receive():
                heard = True
                admitted = admit(frame)
                if admitted is not None:
                    yield admitted
            reason = "closed by signal-cli-rest-api"
        except ReceiveError as error:  # signalbot wraps every socket failure in it
            reason = f"lost ({type(error.__cause__ or error).__name__})"
        if heard or loop.time() - started >= STABLE_S:
            delay = first_delay_s
        log.warning("signal: receive socket %s; reconnecting in %.0f s", reason, delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, max_delay_s)
