"""Rasa's NLG callback to the gateway's /nlg, without the conversation's history.

Rasa's own `CallbackNaturalLanguageGenerator` posts, for every reply, the whole tracker with
every event of the conversation (`EventVerbosity.ALL`), and also formats that body into a
DEBUG message even when DEBUG is off. The gateway's /nlg reads only the slots and the latest
message (bot/nlg.py), so this generator sends the tracker's current state without events:
less to serialise, send and parse on every reply, and none of a person's earlier messages
leave the engine. Named in endpoints.yml (`nlg: type:`), Rasa's extension point for NLG.
"""

from __future__ import annotations

from typing import Any

from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig


class CurrentStateCallbackNLG(CallbackNaturalLanguageGenerator):
    """Rasa's NLG callback, with the tracker's current state instead of its full history."""

    def __init__(self, endpoint_config: EndpointConfig, domain: Domain | None = None) -> None:
        super().__init__(endpoint_config)

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
        response = await self.nlg_endpoint.request(
            method="post", json=body, timeout=DEFAULT_REQUEST_TIMEOUT
        )
        if isinstance(response, dict) and self.validate_response(response):
            return response
        raise RasaException("NLG web endpoint returned an invalid response.")
