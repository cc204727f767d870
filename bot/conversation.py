"""One message in, the replies out: the path every channel (and the simulator) shares.

    address ─▶ pseudonym ─▶ clean text ─▶ engine (REST) ─▶ NLG renders templates ─▶ channel fit

Nothing here logs or keeps the address or the text; only the pseudonym reaches the engine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.config import Settings
from bot.engine_client import EngineClient, EngineUnavailable
from bot.formatting import format_reply
from bot.inbound import clean_text
from bot.language import guess_language
from bot.privacy import pseudonym
from bot.templates import TemplateStore

log = logging.getLogger(__name__)

#: The last resort when even the templates cannot be read: the numbers that matter most.
EMERGENCY_TEXT = (
    "Lygte: teknisk fejl, prøv igen senere. Fare: ring 112. Vold: 1888. "
    "Menneskehandel: 70 20 25 50. / Technical fault, try later. Danger: 112."
)


@dataclass
class Turn:
    """The outcome of one message, as the phone and the simulator see it."""

    replies: list[str]
    intent: str | None = None
    confidence: float = 0.0
    language: str = "da"
    offers: list[str] = field(default_factory=list)


@dataclass
class Line:
    """The gateway's shared parts: settings, templates and the engine client."""

    settings: Settings
    templates: TemplateStore
    engine: EngineClient

    async def handle(self, channel: str, address: str, text: str | None) -> Turn:
        """Answer one message from `address` on `channel`; always returns at least one reply."""
        sender = pseudonym(self.settings.pseudonym_secret, channel, address)
        words = clean_text(text)
        guess = guess_language(words)
        language = guess.code or self.settings.default_language
        if not words:
            return self._local(channel, "utter_empty", language)
        metadata = {
            "channel": channel,
            "language": guess.code,
            "language_strong": guess.strong,
            "default_language": self.settings.default_language,
        }
        try:
            reply = await self.engine.send(sender, words, metadata)
        except EngineUnavailable as error:
            log.warning("engine unavailable (%s): answered with the emergency fallback", error)
            return self._local(channel, "utter_engine_down", language)
        if not reply.texts:
            log.warning("engine gave no reply: answered with the emergency fallback")
            return self._local(channel, "utter_engine_down", language)
        language = reply.meta.get("language") or language
        return Turn(
            replies=format_reply(
                channel, "\n\n".join(reply.texts), language, self.settings.sms_max_segments
            ),
            intent=reply.meta.get("intent"),
            confidence=float(reply.meta.get("confidence") or 0.0),
            language=language,
            offers=reply.offers,
        )

    def _local(self, channel: str, response: str, language: str) -> Turn:
        """A reply the gateway renders itself, without the engine."""
        text = self.templates.render(response, language, channel)
        return Turn(
            replies=format_reply(channel, text, language, self.settings.sms_max_segments),
            language=language,
        )
