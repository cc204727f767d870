"""What the engine says for one reply: a response name and its facts, as data, never words.

An action sends one payload per reply as Rasa's custom message (rasa_sdk
`dispatcher.utter_message(json_message=...)`); Rasa's REST channel returns it to the gateway
as `{"recipient_id": ..., "custom": {...}}`, and the gateway renders it once from the
staff-edited templates in responses/ (bot/replies.py), in `language`, for its channel. So the
engine never calls the gateway back, and both sides agree on the shape here
(docs/decisions/0002-data-not-words.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Payload:
    """One reply as data: which template, with which facts, in which language."""

    #: The template's name in responses/ (lygte/replies.py), e.g. "utter_offers".
    response: str
    #: The facts the template is filled with (offers, hours, menu options, ...).
    arguments: dict[str, Any] = field(default_factory=dict)
    #: The language the action decided for this turn (actions/context.py); None if unknown.
    language: str | None = None
    #: The ids of the offers named in `arguments`, in order (usage counts, the simulator).
    offers: list[str] = field(default_factory=list)
    #: The understood intent of the message answered: {"name": ..., "confidence": ...}.
    intent: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        response: str,
        arguments: Mapping[str, Any],
        language: str,
        intent: Mapping[str, Any],
    ) -> Payload:
        """The payload for `response` with `arguments`; the offer ids are read from them."""
        offers = [o["id"] for o in arguments.get("offers") or [] if "id" in o]
        named = {"name": intent.get("name"), "confidence": intent.get("confidence")}
        return cls(response, dict(arguments), language, offers, named)

    def to_json(self) -> dict[str, Any]:
        """The custom message the action server sends (plain JSON types only)."""
        return {
            "response": self.response,
            "arguments": self.arguments,
            "language": self.language,
            "offers": self.offers,
            "intent": self.intent,
        }

    @classmethod
    def from_json(cls, custom: Any) -> Payload | None:
        """The payload in a REST-channel message's `custom`; None if it is not one of ours."""
        if not isinstance(custom, Mapping) or not isinstance(custom.get("response"), str):
            return None
        arguments = custom.get("arguments")
        intent = custom.get("intent")
        language = custom.get("language")
        return cls(
            response=custom["response"],
            arguments=dict(arguments) if isinstance(arguments, Mapping) else {},
            language=language if isinstance(language, str) else None,
            offers=[str(o) for o in custom.get("offers") or [] if isinstance(o, str)],
            intent=dict(intent) if isinstance(intent, Mapping) else {},
        )
