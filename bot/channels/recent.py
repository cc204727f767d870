"""What the Signal channel remembers about recent chats: in memory only, expiring, bounded.

Signal has no "new conversation" event, and the engine's REST answer does not say whether
it started a conversation. So the channel keeps, per chat, the language it last answered
in, under a key that is neither the Signal UUID nor the engine's pseudonym: an HMAC with a
random key made when the process starts (see `RecentChats.key`). A chat missing here is a
new conversation: its disappearing-message timer is set and the note about it is sent.

Entries live as long as the disappearing timer (the note disappears with the chat's other
messages, so after that it is new again); at most `max_chats` are kept, the least recently
used dropped first. A restart of the gateway forgets everything: the note comes once more.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from typing import Callable

from bot.privacy import pseudonym

#: Most chats remembered at once; beyond it the least recently active is forgotten.
MAX_CHATS = 10_000


class RecentChats:
    """Language per recent chat, keyed by a per-process HMAC of the sender's UUID."""

    def __init__(
        self,
        ttl_s: float,
        max_chats: int = MAX_CHATS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s = ttl_s
        self.max_chats = max_chats
        self.clock = clock
        self._secret = secrets.token_bytes(32)  # never stored: a restart makes every key new
        self._chats: OrderedDict[str, tuple[float, str]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._chats)

    def key(self, uuid: str) -> str:
        """The key for a sender: unlinkable to the UUID and to the engine's pseudonym."""
        return pseudonym(self._secret, "signal-recent", uuid)

    def language(self, key: str) -> str | None:
        """The language last used with `key`, or None when the chat is new (or forgotten)."""
        self._expire()
        entry = self._chats.get(key)
        return entry[1] if entry else None

    def remember(self, key: str, language: str) -> None:
        """Note that `key` was answered in `language` just now."""
        self._chats.pop(key, None)
        self._chats[key] = (self.clock() + self.ttl_s, language)
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)

    def forget(self, key: str) -> None:
        """Drop what is kept for `key` at once (the person asked to be forgotten)."""
        self._chats.pop(key, None)

    def _expire(self) -> None:
        now = self.clock()
        while self._chats:
            key, (expires, _language) = next(iter(self._chats.items()))
            if expires > now:
                break  # ordered by last use: every later entry expires later
            del self._chats[key]
