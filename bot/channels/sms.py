"""SMS through Twilio: POST /webhooks/sms, answered with TwiML in the same HTTP response.

Replying inside the webhook response (instead of a later REST send) means the gateway never
needs to keep a phone number after the request that carried it has been answered.
"""

from __future__ import annotations

import logging

from aiohttp import web
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.conversation import EMERGENCY_TEXT, Line
from bot.privacy import describe_error

log = logging.getLogger(__name__)

PATH = "/webhooks/sms"
LINE_KEY: web.AppKey[Line] = web.AppKey("line", Line)


def twiml(replies: list[str]) -> web.Response:
    """A TwiML document that sends each reply as its own SMS (none: an empty <Response/>)."""
    response = MessagingResponse()
    for reply in replies:
        response.message(reply)
    return web.Response(text=str(response), content_type="text/xml")


async def handle_sms(request: web.Request) -> web.Response:
    """Validate Twilio's signature, answer the message, reply with TwiML. Never a 500."""
    line = request.app[LINE_KEY]
    form = await request.post()
    params = {key: str(value) for key, value in form.items()}
    # Twilio signs the public URL it called; behind a proxy the internal URL differs.
    validator = RequestValidator(line.settings.twilio_auth_token)
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not validator.validate(line.settings.public_url + PATH, params, signature):
        log.warning("sms webhook: rejected a request without a valid Twilio signature")
        return web.Response(status=403, text="invalid signature")
    try:
        turn = await line.handle("sms", params.get("From", ""), params.get("Body", ""))
        replies = turn.replies
    except Exception as error:  # the person must get an answer whatever broke
        log.error("sms webhook: %s; answered with the emergency text", describe_error(error))
        replies = [EMERGENCY_TEXT]
    return twiml(replies)
