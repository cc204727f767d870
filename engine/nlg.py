"""Rasa's NLG callback to the gateway's /nlg, without the conversation's history.

Rasa's own `CallbackNaturalLanguageGenerator` posts, for every reply, the whole tracker with
every event of the conversation (`EventVerbosity.ALL`), and also formats that body into a
DEBUG message even when DEBUG is off. The gateway's /nlg reads only the slots and the latest
message (bot/nlg.py), so this generator sends the tracker's current state without events:
less to serialise, send and parse on every reply, and none of a person's earlier messages
leave the engine. It also keeps one HTTP session (keep-alive connections) where Rasa opens
a new session and connection for every reply. Named in endpoints.yml (`nlg: type:`), Rasa's
extension point for NLG.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig


class CurrentStateCallbackNLG(CallbackNaturalLanguageGenerator):
    """Rasa's NLG callback, with the tracker's current state instead of its full history."""

    def __init__(self, endpoint_config: EndpointConfig, domain: Domain | None = None) -> None:
        super().__init__(endpoint_config)
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> aiohttp.ClientSession:
        """The session of the running event loop (a session cannot outlive its loop)."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session, self._loop = self.nlg_endpoint.session(), loop
        return self._session

    async def close(self) -> None:
        """Close the HTTP session (the engine's lifetime is the session's; tests close it)."""
        if self._session is not None:
            await self._session.close()

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Ask /nlg for `utter_action`'s text (Rasa's NLG-server request, events left out)."""
        domain_responses = kwargs.pop("domain_responses", None)
        response_id = self.fetch_response_id(
            utter_action, tracker, output_channel, domain_responses
        )
        body = {
            "response": utter_action,
            "id": response_id,
            "arguments": kwargs,
            "tracker": tracker.current_state(EventVerbosity.NONE),
            "channel": {"name": output_channel},
        }
        endpoint = self.nlg_endpoint
        async with self._client().post(
            endpoint.url,
            json=body,
            headers=endpoint.headers,
            params=endpoint.combine_parameters(),
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        ) as reply:
            if reply.status >= 400:  # as Rasa's EndpointConfig.request
                raise ClientResponseError(reply.status, reply.reason, await reply.read())
            try:
                response = await reply.json()
            except aiohttp.ContentTypeError:
                response = None
        if isinstance(response, dict) and self.validate_response(response):
            return response
        raise RasaException("NLG web endpoint returned an invalid response.")
