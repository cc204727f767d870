"""The Signal channel's small parts: what it remembers about chats, and its log redaction."""

from __future__ import annotations

import logging
import sys

from bot.channels.recent import RecentChats
from bot.channels.signal_logging import Redact, redact
from bot.privacy import pseudonym


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


UUID = "0f8c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"


def test_a_chat_is_new_until_answered_and_again_after_the_timer() -> None:
    clock = Clock()
    chats = RecentChats(ttl_s=100, clock=clock)
    key = chats.key(UUID)
    assert chats.language(key) is None
    chats.remember(key, "en")
    clock.now = 99
    assert chats.language(key) == "en"
    clock.now = 100
    assert chats.language(key) is None
    assert len(chats) == 0


def test_recent_chats_are_bounded_dropping_the_least_recent() -> None:
    chats = RecentChats(ttl_s=100, max_chats=2, clock=Clock())
    for name in ("a", "b", "c"):
        chats.remember(name, "da")
    assert [chats.language(name) for name in ("a", "b", "c")] == [None, "da", "da"]


def test_the_key_is_neither_the_uuid_nor_the_engines_pseudonym() -> None:
    first, second = RecentChats(ttl_s=1), RecentChats(ttl_s=1)
    key = first.key(UUID)
    assert UUID not in key and key == first.key(UUID)
    assert key != second.key(UUID)  # a fresh random key in every process
    assert key != pseudonym(b"any-secret", "signal", UUID)


def test_redact_blanks_uuids_and_numbers_but_keeps_the_words() -> None:
    text = (
        f"[Bot] Message 1764220000000 not delivered to {UUID}: UNREGISTERED_FAILURE +45 12 34 56 78"
    )
    assert redact(text) == (
        "[Bot] Message [redacted] not delivered to [redacted]: UNREGISTERED_FAILURE [redacted]"
    )


def test_the_filter_rewrites_arguments_and_tracebacks() -> None:
    try:
        raise ValueError(f"bad input {UUID}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "signalbot", logging.ERROR, __file__, 1, "to %s", ("+4512345678",), exc_info
    )
    assert Redact().filter(record)
    assert record.exc_info is None and record.args is None
    assert "+4512345678" not in record.getMessage() and UUID not in record.getMessage()
    assert "ValueError: bad input [redacted]" in record.getMessage()
