"""HTTP client for the Rasa engine's REST channel and the action server's health check."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from lygte.payload import Payload

log = logging.getLogger(__name__)


class EngineUnavailable(RuntimeError):
    """The engine did not answer in time or answered with an error."""


class EngineUnreachable(EngineUnavailable):
    """The message never reached the engine (refused or dropped): another engine may take it."""


@dataclass
class EngineReply:
    """What the engine said for one message: its replies as data, in order (lygte/payload.py)."""

    payloads: list[Payload] = field(default_factory=list)

    @property
    def language(self) -> str | None:
        """The language the answering action chose for the turn (all its replies share it)."""
        return next((p.language for p in self.payloads if p.language), None)

    @property
    def intent(self) -> str | None:
        """The intent the engine understood."""
        return next((p.intent.get("name") for p in self.payloads if p.intent), None)

    @property
    def confidence(self) -> float:
        """How sure the engine was of `intent` (0 when it did not say)."""
        found = next((p.intent.get("confidence") for p in self.payloads if p.intent), None)
        return float(found or 0.0)

    @property
    def offers(self) -> list[str]:
        """The ids of the offers the replies name, each once, in order."""
        return list(dict.fromkeys(o for p in self.payloads for o in p.offers))


class EngineClient:
    """Talks to `rasa run` (REST channel) over loopback or a private network."""

    def __init__(self, session: aiohttp.ClientSession, engine_url: str, timeout_s: float) -> None:
        self.session = session
        self.engine_url = engine_url
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> EngineReply:
        """Send one message under the pseudonym `sender`; raise EngineUnavailable on failure."""
        url = f"{self.engine_url}/webhooks/rest/webhook"
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with self.session.post(url, json=body, timeout=self.timeout) as response:
                if response.status != 200:
                    raise EngineUnavailable(f"engine answered HTTP {response.status}")
                messages = await response.json()
        except (aiohttp.ClientConnectorError, aiohttp.ServerDisconnectedError) as error:
            raise EngineUnreachable(type(error).__name__) from error
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise EngineUnavailable(type(error).__name__) from error
        return collect(messages)


def collect(messages: list[dict[str, Any]]) -> EngineReply:
    """The Lygte payloads among the REST channel's messages (`{"recipient_id", "custom"}`).

    Every reply the engine gives comes from one of our actions, as data; anything else
    (a text Rasa made itself) cannot be rendered in the person's language and is left out.
    """
    reply = EngineReply()
    for message in messages:
        payload = Payload.from_json(message.get("custom"))
        if payload is None:
            log.warning("engine message without a Lygte payload left out")
            continue
        reply.payloads.append(payload)
    return reply


async def is_up(session: aiohttp.ClientSession, url: str, timeout_s: float = 2.0) -> bool:
    """True if `url` answers 2xx within `timeout_s`."""
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout_s)) as response:
            return 200 <= response.status < 300
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False
