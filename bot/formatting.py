"""Fit a reply to its channel: the GSM-7 alphabet and segment budget for SMS, plain text for Signal.

One character outside GSM-7 (a curly quote, an emoji) turns a whole SMS into UCS-2 and
more than doubles its cost, so for languages written in GSM-7 lookalikes are replaced
(the alphabet and the replacing are in lygte/gsm7.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from bot.templates import TemplateStore
from lygte.gsm7 import GSM7_EXTENDED, GSM7_LANGUAGES, SEGMENT_SIZES, is_gsm7, to_gsm7
from lygte.lockscreen import sensitive_labels, topic_shown

SIGNAL_MAX_CHARS = 2000
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def has_link(text: str) -> bool:
    """True when `text` holds a link, which an SMS reply loses (operators filter them)."""
    return _LINK.search(text) is not None


@dataclass(frozen=True)
class SmsCost:
    """Encoding and number of segments of one SMS body."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def sms_cost(text: str) -> SmsCost:
    """Count the segments `text` costs as one (possibly concatenated) SMS.

    A character is never split between two segments: an escaped GSM-7 character (two
    septets) or a UCS-2 surrogate pair (an emoji) that does not fit the rest of a segment
    starts the next one, so a long text can cost more than units / 153 (or / 67) suggests.
    """
    if is_gsm7(text):
        sizes = [2 if ch in GSM7_EXTENDED else 1 for ch in text]
        encoding = "GSM-7"
    else:
        sizes = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        encoding = "UCS-2"
    single, multi = SEGMENT_SIZES[encoding]
    units = sum(sizes)
    if units <= single:
        return SmsCost(encoding, units, 1)
    segments, used = 1, 0
    for size in sizes:
        if used + size > multi:
            segments, used = segments + 1, 0
        used += size
    return SmsCost(encoding, units, segments)


def _fits(text: str, max_segments: int) -> bool:
    return sms_cost(text).segments <= max_segments


#: A sentence ends after a word (not after "1." in a numbered list).
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2}[.!?])\s+")


def _pieces(line: str, max_segments: int) -> list[str]:
    """Break one line at sentences, then words: the places a cut is allowed.

    Only a single "word" longer than the whole budget (no real word is) is cut inside.
    """
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(line):
        if _fits(sentence, max_segments):
            pieces.append(sentence)
            continue
        for word in sentence.split(" "):
            while not _fits(word, max_segments):
                cut = max(n for n in range(1, len(word) + 1) if _fits(word[:n], max_segments))
                pieces.append(word[:cut])
                word = word[cut:]
            pieces.append(word)
    return pieces


def split_sms(text: str, max_segments: int) -> list[str]:
    """Split `text` into SMS bodies that each cost at most `max_segments`, never mid-word.

    Whole lines are kept together where they fit; a line too long for one body is cut
    at sentences, then at words.
    """
    bodies: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current.strip():
            bodies.append(current.strip())
        current = ""

    for line in text.split("\n"):
        joined = f"{current}\n{line}" if current else line
        if _fits(joined, max_segments):
            current = joined
            continue
        if _fits(line, max_segments):
            flush()
            current = line
            continue
        current += "\n" if current else ""
        for piece in _pieces(line, max_segments):
            glue = "" if not current or current.endswith("\n") else " "
            if _fits(current + glue + piece, max_segments):
                current += glue + piece
            else:
                flush()
                current = piece
    flush()
    return bodies or [""]


def _lead_into(lead: str, body: str, max_segments: int) -> tuple[str, list[str]]:
    """`lead` and then as many words of `body` as fit in one SMS; the rest of `body`."""
    words = body.split(" ")  # a line break stays inside its word: joined back, nothing moves
    taken = 1
    while taken < len(words) and _fits(f"{lead}\n{' '.join(words[: taken + 1])}", max_segments):
        taken += 1
    rest = " ".join(words[taken:]).strip()
    return f"{lead}\n{' '.join(words[:taken])}", [rest] if rest else []


def lock_screen_safe(
    bodies: list[str], lead: str, max_segments: int, labels: Iterable[str] = ()
) -> list[str]:
    """Put the neutral `lead` line before every SMS body whose start would show a topic
    (an offer's name, a need's label) on a lock screen (lygte/lockscreen.py).

    A body made longer by the lead may split in two: the second part is checked in turn.
    """
    safe: list[str] = []
    pending = list(bodies)
    while pending:
        body = pending.pop(0)
        if not lead or body.startswith(lead) or not topic_shown(body, labels):
            safe.append(body)
            continue
        first, *rest = split_sms(f"{lead}\n{body}", max_segments)
        if first == lead.strip():
            # The body fits alone, but its first line not beside the lead: as many of its
            # words as fit come after the lead (a lead alone would leave the body shown).
            first, rest = _lead_into(lead, body, max_segments)
        safe.append(first)
        pending[:0] = rest
    return safe


def format_reply(
    channel: str,
    text: str,
    language: str,
    max_segments: int,
    lead: str = "",
    labels: Iterable[str] = (),
) -> list[str]:
    """Return the messages a phone receives for `text` on `channel`.

    `lead` (at least LOCK_SCREEN_CHARS long) is put before an SMS body that would otherwise
    show a topic on a lock screen; `labels` are topic words beyond lygte/lockscreen.TOPIC_WORDS
    (the sensitive needs' menu labels, see `fit`).
    """
    if channel == "sms":
        if language in GSM7_LANGUAGES:
            text, lead = to_gsm7(text), to_gsm7(lead)
        text = _LINK.sub("", text)  # Danish operators filter SMS with links
        bodies = split_sms(text.strip(), max_segments)
        return lock_screen_safe(bodies, lead, max_segments, labels)
    return [text.strip()[:SIGNAL_MAX_CHARS]]


def fit(
    templates: TemplateStore, channel: str, text: str, language: str, max_segments: int
) -> list[str]:
    """The messages `text` in `language` becomes on `channel`, as the line sends them.

    Over SMS the neutral lead and the topic labels are the templates' own, in `language`:
    a staff edit of either takes effect with the next message.
    """
    lead = templates.render("part_lock_screen_lead", language, channel)
    labels = sensitive_labels(templates.templates())
    return format_reply(channel, text, language, max_segments, lead, labels)
