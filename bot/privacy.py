"""Identity handling: a phone number or Signal UUID never leaves this module unkeyed.

The engine, logs and stores only ever see `pseudonym(...)`: an HMAC of channel and address
under a secret from the environment. Without the secret the address cannot be recovered,
and the same person on SMS and on Signal gets two unrelated pseudonyms.
"""

from __future__ import annotations

import hashlib
import hmac


def pseudonym(secret: bytes, channel: str, address: str) -> str:
    """Return the conversation key for `address` on `channel` (64 hex characters)."""
    normalised = "".join(address.split()).lower()
    message = f"{channel}:{normalised}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def describe_error(error: BaseException) -> str:
    """Name an error for a log line without its message, which may quote a person's text."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = f" at {frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame else ""
    return f"{type(error).__name__}{where}"
