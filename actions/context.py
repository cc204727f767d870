"""The conversation's language: sticky, switched only on strong evidence.

The gateway guesses each message's language and sends the guess as message metadata;
this module decides what the conversation's language becomes.
"""

from __future__ import annotations

from typing import Any, Mapping


def choose_language(current: str | None, metadata: Mapping[str, Any]) -> str:
    """Keep `current` unless the message's guess is strong or there is no language yet."""
    guess = metadata.get("language")
    if guess and (metadata.get("language_strong") or current is None):
        return str(guess)
    return current or str(metadata.get("default_language") or "da")
