"""Rasa's NLG-server endpoint: every `utter_*` text is rendered here from responses/.

Rasa POSTs ``{"response", "arguments", "tracker", "channel"}`` and expects ``{"text": ...}``.
We also attach ``custom.lygte`` (intent, confidence, language, offer ids) so the gateway
learns what the engine understood without a second request and without keeping state.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from aiohttp import web

from bot.replies import render_reply
from bot.templates import TemplateError, TemplateStore

log = logging.getLogger(__name__)


def nlg_meta(tracker: Mapping[str, Any], arguments: Mapping[str, Any], language: str) -> dict:
    """What the engine understood, for the simulator and the usage counts (no text, no id)."""
    latest = tracker.get("latest_message") or {}
    intent = latest.get("intent") or {}
    return {
        "intent": intent.get("name"),
        "confidence": intent.get("confidence"),
        "language": language,
        "offers": [o["id"] for o in arguments.get("offers") or [] if "id" in o],
    }


def make_nlg_handler(templates: TemplateStore, default_language: str):
    """Return the aiohttp handler for POST /nlg."""

    async def handle_nlg(request: web.Request) -> web.Response:
        try:
            body = await request.json()
            name = str(body["response"])
        except (ValueError, KeyError, TypeError):
            return web.json_response({"error": "expected Rasa's NLG request body"}, status=400)
        tracker = body.get("tracker") or {}
        arguments = body.get("arguments") or {}
        # The answering action sends the turn's language (actions/context.py); Rasa's own
        # actions do not, and their replies follow the conversation's `language` slot.
        language = (
            arguments.get("language")
            or (tracker.get("slots") or {}).get("language")
            or default_language
        )
        metadata = (tracker.get("latest_message") or {}).get("metadata") or {}
        channel = metadata.get("channel", "sms")
        try:
            text = render_reply(templates, name, arguments, language, channel)
        except (TemplateError, KeyError, ValueError) as error:
            # Staff may have saved a broken template; the gateway answers with the fallback.
            log.error("template %s could not be rendered: %s", name, error)
            return web.json_response({"error": "template could not be rendered"}, status=500)
        return web.json_response(
            {"text": text, "custom": {"lygte": nlg_meta(tracker, arguments, language)}}
        )

    return handle_nlg
