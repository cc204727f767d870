"""Keep people's words out of DEBUG logs, in all three processes.

At DEBUG, Rasa, sanic, rasa-sdk and signalbot log message texts, slots, trackers and raw
envelopes (numbers, UUIDs). `install()` changes how log records are made, for every logger
and handler at once: a record below INFO keeps its time, level and logger name, and for
Rasa's structured events the event name ("processor.extract.slots"), but its content is
replaced by a fixed note. DEBUG then still shows which steps ran, in which order, never what
anyone wrote. INFO and above are untouched (no component logs texts there).

Uses the standard library only: the engine (Python 3.10), the action server and the gateway
(Python >= 3.11) all install it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

WITHHELD = "(debug detail withheld: it may contain a person's words)"


def _event_name(message: Any) -> str:
    """The event name of a structlog JSON line (Rasa's structured logging), else ""."""
    if isinstance(message, str) and message.startswith("{"):
        try:
            event = json.loads(message).get("event")
        except (ValueError, AttributeError):
            return ""
        return f"{event} " if isinstance(event, str) and len(event) < 80 else ""
    return ""


def install() -> None:
    """Withhold the content of every log record below INFO made from now on (idempotent)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "lygte_guard", False):
        return

    def guarded(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.levelno < logging.INFO:
            record.msg = _event_name(record.msg) + WITHHELD
            record.args = ()
            record.exc_info = record.exc_text = record.stack_info = None
        return record

    guarded.lygte_guard = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(guarded)
