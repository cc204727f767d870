"""signalbot's own log output, made safe: WARNING and above, with identifiers blanked.

At INFO signalbot logs every raw envelope and every sent text. At WARNING it still names
a recipient when signal-cli-rest-api reports a failed delivery ("not delivered to <number
or UUID>"). So its logger stays at WARNING, and every record passes `Redact`, which blanks
anything shaped like a UUID or a phone number before a handler sees it.
"""

from __future__ import annotations

import logging
import re

from signalbot import LOGGER_NAME

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_NUMBER = re.compile(r"\+?\d[\d \-]{5,}\d")
BLANK = "[redacted]"


def redact(text: str) -> str:
    """`text` with UUIDs and phone-number-like digit runs replaced by [redacted]."""
    return _NUMBER.sub(BLANK, _UUID.sub(BLANK, text))


class Redact(logging.Filter):
    """Rewrites a record's message (and traceback) without identifiers."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info, record.exc_text = None, None
        record.msg, record.args = redact(message), None
        return True


def quiet_signalbot() -> None:
    """Keep signalbot at WARNING, redacted, printed once (through the gateway's handlers)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.WARNING)
    # SignalBot() adds its own stream handler each time; the gateway's root handler suffices.
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    if not any(isinstance(f, Redact) for f in logger.filters):
        logger.addFilter(Redact())
