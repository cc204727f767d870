"""Several engine instances behind one gateway: chosen per message, health-checked, failing over.

In Redis mode every engine reads and writes the same conversations (Rasa's Redis tracker and
lock stores), so any engine can answer any message and the gateway keeps no state of its own.
ENGINE_URLS lists the engines (comma-separated, read into bot/config.Settings.engine_urls);
without it the pool is just ENGINE_URL.

Choice: round robin over the engines that passed their last health check. A message is tried
on the next engine only when it could not be delivered (connection refused or dropped): a
timeout or an HTTP error is not retried, because the engine may already have acted on it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any, Sequence

import aiohttp

from bot.engine_client import EngineClient, EngineReply, EngineUnavailable, EngineUnreachable, is_up

log = logging.getLogger(__name__)

#: Seconds between two background health checks of every engine.
DEFAULT_CHECK_SECONDS = 5.0


class EnginePool:
    """Sends each message to one healthy engine; the same interface as EngineClient."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        urls: Sequence[str],
        timeout_s: float,
        check_seconds: float = DEFAULT_CHECK_SECONDS,
    ) -> None:
        if not urls:
            raise ValueError("an engine pool needs at least one engine URL")
        self.session = session
        self.clients = [EngineClient(session, url, timeout_s) for url in urls]
        self.check_seconds = check_seconds
        self.healthy = {url: True for url in urls}  # optimistic until the first check
        self._turn = itertools.count()

    @property
    def urls(self) -> list[str]:
        """The engine URLs, in configuration order."""
        return [client.engine_url for client in self.clients]

    def _order(self) -> list[EngineClient]:
        """Every engine once, healthy ones first, starting at the next one in the rotation."""
        start = next(self._turn) % len(self.clients)
        rotation = self.clients[start:] + self.clients[:start]
        return sorted(rotation, key=lambda c: not self.healthy[c.engine_url])

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> EngineReply:
        """Send one message to an engine, failing over while it cannot be delivered."""
        error: EngineUnavailable | None = None
        for client in self._order():
            try:
                reply = await client.send(sender, text, metadata)
            except EngineUnreachable as unreachable:
                self._mark(client.engine_url, False)
                error = unreachable
                continue
            self._mark(client.engine_url, True)
            return reply
        raise error or EngineUnavailable("no engine")

    async def check(self) -> bool:
        """Probe every engine now; True if at least one is up."""
        results = await asyncio.gather(*(is_up(self.session, f"{url}/") for url in self.urls))
        for url, up in zip(self.urls, results, strict=True):
            self._mark(url, up)
        return any(results)

    async def watch(self) -> None:
        """Check the engines every `check_seconds` until cancelled."""
        while True:
            await self.check()
            await asyncio.sleep(self.check_seconds)

    def _mark(self, url: str, up: bool) -> None:
        """Record an engine's state, logging changes (engine URLs are not personal data)."""
        if self.healthy[url] != up:
            log.warning("engine %s is %s", url, "back up" if up else "down")
        self.healthy[url] = up
