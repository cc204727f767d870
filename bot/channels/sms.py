"""SMS through Twilio: POST /webhooks/sms, answered with TwiML in the same HTTP response.

Replying inside the webhook response (instead of a later REST send) means the gateway never
needs to keep a phone number after the request that carried it has been answered.

Signatures: by default Twilio signs with the account Auth Token (HMAC-SHA1). When a Webhook
Setting applies, it signs with that Setting's SharedKey and names the algorithm (HMAC-SHA256)
in X-Twilio-Webhooks-Signature-Settings; the signed string is the same (URL + sorted params).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from multidict import MultiDict
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)
from twilio.twiml.messaging_response import MessagingResponse

from bot.config import Settings
from bot.conversation import EMERGENCY_TEXT
from bot.keys import LINE_KEY
from bot.privacy import describe_error

log = logging.getLogger(__name__)

PATH = "/webhooks/sms"


def twiml(replies: list[str]) -> web.Response:
    """A TwiML document that sends each reply as its own SMS (none: an empty <Response/>)."""
    response = MessagingResponse()
    for reply in replies:
        response.message(reply)
    return web.Response(text=str(response), content_type="text/xml")


def signed_by_twilio(
    settings: Settings, headers: Mapping[str, str], params: MultiDict[str]
) -> bool:
    """True if `params` were signed for PUBLIC_URL + PATH with our Auth Token or SharedKey."""
    signature = headers.get(SIGNATURE_HEADER, "")
    signature_settings = headers.get(SIGNATURE_SETTINGS_HEADER)
    if signature_settings is None:
        secret, algorithm = settings.twilio_auth_token, None  # Auth Token, HMAC-SHA1
    else:
        secret, algorithm = settings.twilio_shared_key, get_signature_algorithm(signature_settings)
    if not signature or not secret:
        return False
    # Twilio signs the public URL it called; behind a proxy the internal URL differs.
    url = settings.public_url + PATH
    return RequestValidator(secret).validate(url, params, signature, algorithm)


async def handle_sms(request: web.Request) -> web.Response:
    """Validate Twilio's signature, answer the message, reply with TwiML. Never a 500."""
    line = request.app[LINE_KEY]
    try:
        form = await request.post()
    except (ValueError, HttpProcessingError) as error:  # a body that is no form at all
        log.warning("sms webhook: unreadable request body (%s)", describe_error(error))
        return web.Response(status=400, text="expected a form body")
    params = MultiDict((key, str(value)) for key, value in form.items())
    if not signed_by_twilio(line.settings, request.headers, params):
        log.warning("sms webhook: rejected a request without a valid Twilio signature")
        return web.Response(status=403, text="invalid signature")
    try:
        if params.get("OptOutType", "").upper() == "STOP":
            # Twilio's Advanced Opt-Out recognised an opt-out word (perhaps a custom one).
            await line.forget("sms", params.get("From", ""))
            return twiml([])
        turn = await line.handle("sms", params.get("From", ""), params.get("Body", ""))
        replies = turn.replies
    except Exception as error:  # the person must get an answer whatever broke
        log.error("sms webhook: %s; answered with the emergency text", describe_error(error))
        replies = [EMERGENCY_TEXT]
    return twiml(replies)
