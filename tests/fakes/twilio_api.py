"""A fake of Twilio's REST Messages API (2010-04-01) on 127.0.0.1, for the push tests.

It follows Twilio's documentation of the Message resource and of its responses
(twilio.com/docs/messaging/api/message-resource, /docs/usage/twilios-response,
/docs/api/errors/21610, /docs/api/errors/20003, /docs/api/errors/20429):

- `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, a form body (application/
  x-www-form-urlencoded) with `To` and `Body`, and either `From` or `MessagingServiceSid`;
- HTTP basic auth with the Account SID as user and the Auth Token as password, the user
  being the account in the path; otherwise 401 with error 20003 ("Authenticate");
- 201 with the Message resource as JSON (`sid` "SM" + 32 hex, `account_sid`, `to`, `from`,
  `body`, `status` "queued" (or "accepted" through a Messaging Service), `num_segments`,
  `direction` "outbound-api", `api_version`, `date_created` in RFC 2822, `uri`, ...);
- errors as Twilio's JSON error body `{"code", "message", "more_info", "status"}`: 400 with
  21604 (no To), 21602 (no Body), 21603/21703 (no sender), 21610 for a `To` that texted STOP
  (`opt_out`), and 429 with 20429 (too many requests) when `fail_next(429)` asks for it.

The test reads what was accepted (`messages`) and every request (`requests`); nothing
leaves the machine.
"""

from __future__ import annotations

import asyncio
import base64
import secrets
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from aiohttp import web

from tests.support import free_port

API_VERSION = "2010-04-01"


@dataclass
class Request:
    """One request the fake received: path, basic-auth user and the form fields."""

    path: str
    user: str | None
    form: dict[str, str]


def _error(status: int, code: int, message: str) -> web.Response:
    """Twilio's JSON error body."""
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return web.json_response(body, status=status)


@dataclass
class FakeTwilioApi:
    """A running fake for one account; use as a context manager."""

    account_sid: str = "AC" + "0" * 31 + "1"
    auth_token: str = "fake-auth-token"
    port: int = field(default_factory=free_port)
    requests: list[Request] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    #: Numbers that texted STOP: sending to them answers 400 with error 21610.
    opted_out: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._failures: list[int] = []

    @property
    def base_url(self) -> str:
        """What TWILIO_API_URL is set to in tests."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FakeTwilioApi:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def fail_next(self, status: int) -> None:
        """Answer the next send with `status` (429: too many requests; 5xx: a server error)."""
        self._failures.append(status)

    def bodies_to(self, number: str) -> list[str]:
        """The texts accepted for `number`, in order."""
        return [m["body"] for m in self.messages if m["to"] == number]

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post(f"/{API_VERSION}/Accounts/{{account}}/Messages.json", self._create)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def _user(self, request: web.Request) -> tuple[str | None, bool]:
        """The basic-auth user and whether user and password are this account's."""
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None, False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return None, False
        ok = secrets.compare_digest(user, self.account_sid) and secrets.compare_digest(
            password, self.auth_token
        )
        return user, ok

    async def _create(self, request: web.Request) -> web.Response:
        form = {key: str(value) for key, value in (await request.post()).items()}
        user, authenticated = self._user(request)
        self.requests.append(Request(request.path, user, form))
        account = request.match_info["account"]
        if not authenticated or account != user:
            return _error(401, 20003, "Authenticate")
        if self._failures:
            status = self._failures.pop(0)
            if status == 429:
                return _error(429, 20429, "Too Many Requests")
            return _error(status, 20500, "Internal Server Error")
        to, body = form.get("To", ""), form.get("Body", "")
        sender, service = form.get("From", ""), form.get("MessagingServiceSid", "")
        if not to:
            return _error(400, 21604, "A 'To' phone number is required.")
        if not body and "MediaUrl" not in form and "ContentSid" not in form:
            return _error(400, 21602, "Message body is required.")
        if not sender and not service:
            return _error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required")
        if to in self.opted_out:
            return _error(400, 21610, "Attempt to send to unsubscribed recipient")
        return web.json_response(self._message(account, to, sender, service, body), status=201)

    def _message(self, account: str, to: str, sender: str, service: str, body: str) -> dict:
        """The Message resource Twilio answers with, and remember it."""
        sid = "SM" + secrets.token_hex(16)
        now = formatdate(usegmt=False)
        message = {
            "account_sid": account,
            "api_version": API_VERSION,
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": sender or None,
            "messaging_service_sid": service or None,
            "num_media": "0",
            "num_segments": "1" if len(body) <= 160 else str(-(-len(body) // 153)),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service and not sender else "queued",
            "subresource_uris": {
                "media": f"/{API_VERSION}/Accounts/{account}/Messages/{sid}/Media.json"
            },
            "to": to,
            "uri": f"/{API_VERSION}/Accounts/{account}/Messages/{sid}.json",
        }
        self.messages.append(message)
        return message
