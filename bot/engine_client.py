"""HTTP client for the Rasa engine's REST channel and the action server's health check."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import aiohttp


class EngineUnavailable(RuntimeError):
    """The engine did not answer in time or answered with an error."""


class EngineUnreachable(EngineUnavailable):
    """The message never reached the engine (refused or dropped): another engine may take it."""


@dataclass
class EngineReply:
    """What the engine said for one message: texts in order plus Lygte's metadata."""

    texts: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    offers: list[str] = field(default_factory=list)


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
    """Separate reply texts from the metadata our NLG endpoint attaches as `custom`."""
    reply = EngineReply()
    for message in messages:
        if message.get("text"):
            reply.texts.append(message["text"])
        meta = (message.get("custom") or {}).get("lygte")
        if isinstance(meta, dict):
            reply.meta.update({k: v for k, v in meta.items() if k != "offers"})
            reply.offers.extend(o for o in meta.get("offers", []) if o not in reply.offers)
    return reply


async def is_up(session: aiohttp.ClientSession, url: str, timeout_s: float = 2.0) -> bool:
    """True if `url` answers 2xx within `timeout_s`."""
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout_s)) as response:
            return 200 <= response.status < 300
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False
