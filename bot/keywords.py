"""Single-word SMS keywords that the carrier and Twilio act on, and that the line must honour.

Twilio blocks further messages to a number after a single-word STOP-type text and unblocks
it after START-type text; it forwards the message anyway. A keyword counts only when it is
the whole message ("STOP", "stop!", " Afmeld "): "I want to stop selling" is a normal text.
"""

from __future__ import annotations

import enum
import re


class Keyword(enum.Enum):
    """What a single-word message asks for."""

    OPT_OUT = "opt_out"  # no reply (Twilio would block it) and erase the conversation
    OPT_IN = "opt_in"  # the number is unblocked: greet again
    HELP = "help"  # show the menu


#: Twilio's default opt-out and help words, plus the Danish ones. YES (also an opt-in word for
#: Twilio) is left out: here it answers a question, and Twilio unblocks the number on it anyway.
WORDS: dict[str, Keyword] = {
    **dict.fromkeys(
        ("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "afmeld"),
        Keyword.OPT_OUT,
    ),
    **dict.fromkeys(("start", "unstop"), Keyword.OPT_IN),
    **dict.fromkeys(("help", "info", "hjælp", "hjaelp"), Keyword.HELP),
}

#: Punctuation and spaces around a single word do not make it a sentence ("STOP." "stop!!").
_AROUND = re.compile(r"^[\W_]+|[\W_]+$")


def keyword(text: str) -> Keyword | None:
    """The keyword `text` (already cleaned) consists of, or None for a normal message."""
    word = _AROUND.sub("", text).casefold()
    return WORDS.get(word) if word and " " not in word else None
