"""A fake of bbernhard/signal-cli-rest-api in MODE=json-rpc, on 127.0.0.1, for tests.

It follows the real server's source (src/api/api.go, src/client/jsonrpc2.go): the same
paths, status codes, JSON field names and error bodies ({"error": "..."}), and the same
receive behaviour - a frame goes to every websocket open for its account and is dropped
when none is open (signal-cli-rest-api keeps nothing for a late reader). Envelopes are
shaped like signal-cli's JSON output (JsonMessageEnvelope, JsonDataMessage, ...).

Endpoints: GET /v1/health (204), GET /v1/about, GET /v1/groups/{number}, websocket
GET /v1/receive/{number}, POST /v2/send (201, a JSON list), PUT/DELETE
/v1/typing-indicator/{number} (204), POST /v1/receipts/{number} (204),
PUT /v1/contacts/{number} (204), DELETE /v1/attachments/{id} (204 / 404).

For the test: `inject` a received envelope, read what was sent (`sent`, `calls`), `restart`
(connections cut without a close frame, as when the container restarts), `close_sockets`
(a clean close), `fail_sends` (429 / 5xx on demand) and `slow_next` (latency on demand).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import WSCloseCode, web

from tests.support import free_port

#: The parsed JSON body of a request (None without one).
BODY = web.RequestKey("body", object)

#: What GET /v1/about says by default (signalbot 2.x needs json-rpc and >= 0.101).
VERSION = "0.101"


@dataclass
class Call:
    """One request the fake answered: method, path and parsed JSON body (or None)."""

    method: str
    path: str
    body: Any


@dataclass
class _Failure:
    status: int
    times: int


@dataclass
class FakeSignalApi:
    """A running fake for the account `number`; use as a context manager."""

    number: str = "+4571000000"
    mode: str = "json-rpc"
    version: str = VERSION
    port: int = field(default_factory=free_port)
    calls: list[Call] = field(default_factory=list)
    attachments: set[str] = field(default_factory=set)
    #: Recipients signal-cli reports as not delivered (201 with errors.recipients).
    unregistered: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._runner: web.AppRunner | None = None
        self._sockets: dict[int, tuple[web.WebSocketResponse, web.Request]] = {}
        self._failures: list[_Failure] = []
        self._slow: dict[tuple[str, str], float] = {}
        self._clock = itertools.count(int(time.time() * 1000))
        self._lock = threading.Lock()

    # ---- lifecycle -------------------------------------------------------------------------

    @property
    def service(self) -> str:
        """host:port, as SIGNAL_SERVICE wants it."""
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> FakeSignalApi:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self, coro: Any, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def start(self) -> None:
        """Listen on the fake's port."""
        self._run(self._start())

    def stop(self) -> None:
        """Stop listening; open websockets are cut without a close frame (a crash, a restart)."""
        self._run(self._stop())

    def restart(self, down_s: float = 0.5) -> None:
        """Stop, stay down for `down_s`, start again on the same port."""
        self.stop()
        time.sleep(down_s)
        self.start()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/v1/health", self._health)
        app.router.add_get("/v1/about", self._about)
        app.router.add_get("/v1/groups/{number}", self._groups)
        app.router.add_get("/v1/receive/{number}", self._receive)
        app.router.add_post("/v2/send", self._send)
        app.router.add_put("/v1/typing-indicator/{number}", self._typing)
        app.router.add_delete("/v1/typing-indicator/{number}", self._typing)
        app.router.add_post("/v1/receipts/{number}", self._receipt)
        app.router.add_put("/v1/contacts/{number}", self._contact)
        app.router.add_delete("/v1/attachments/{attachment}", self._delete_attachment)
        app.middlewares.append(self._record)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _stop(self) -> None:
        for _ws, request in list(self._sockets.values()):
            if request.transport is not None:
                request.transport.abort()
        self._sockets.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- what the test does ----------------------------------------------------------------

    def timestamp(self) -> int:
        """A fresh, increasing millisecond timestamp."""
        return next(self._clock)

    def inject(self, envelope: dict[str, Any], account: str | None = None) -> int:
        """Deliver an envelope to the open receive sockets; returns how many got it."""
        frame = json.dumps({"envelope": envelope, "account": account or self.number})
        return self._run(self._broadcast(frame, account or self.number))

    def inject_raw(self, frame: str) -> int:
        """Deliver a frame as it is (an {"error": ...} frame, say)."""
        return self._run(self._broadcast(frame, None))

    async def _broadcast(self, frame: str, account: str | None) -> int:
        delivered = 0
        for ws, request in list(self._sockets.values()):
            if account is None or request.match_info["number"] == account:
                await ws.send_str(frame)
                delivered += 1
        return delivered

    def close_sockets(self) -> None:
        """Close every receive socket cleanly (code 1001), the server staying up."""

        async def close() -> None:
            for ws, _request in list(self._sockets.values()):
                await ws.close(code=WSCloseCode.GOING_AWAY)

        self._run(close())

    @property
    def listeners(self) -> int:
        """How many receive sockets are open right now."""
        return len(self._sockets)

    def fail_sends(self, status: int, times: int = 1) -> None:
        """Answer the next `times` POST /v2/send with `status` (429, 500, 502 ...)."""
        with self._lock:
            self._failures.append(_Failure(status, times))

    def slow_next(self, method: str, path_start: str, seconds: float) -> None:
        """Answer the next request `method` on a path starting with `path_start` late."""
        with self._lock:
            self._slow[(method, path_start)] = seconds

    def sent(self) -> list[dict[str, Any]]:
        """Bodies of the /v2/send requests that were answered 201, in order."""
        return [c.body for c in self.calls if c.path == "/v2/send" and c.body.get("_ok")]

    def texts_to(self, recipient: str) -> list[str]:
        """The texts sent to `recipient`, in order."""
        return [body["message"] for body in self.sent() if recipient in body["recipients"]]

    def calls_to(self, method: str, path_start: str) -> list[Call]:
        """Requests with `method` on a path starting with `path_start`, in order."""
        return [c for c in self.calls if c.method == method and c.path.startswith(path_start)]

    def wait(self, condition: Callable[[], Any], timeout: float = 60) -> Any:
        """Poll `condition` until it is truthy; fail with AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"not within {timeout}s; calls so far: {self.describe_calls()}")

    def describe_calls(self) -> list[str]:
        """Method and path of every call (no bodies), for failure messages."""
        return [f"{c.method} {c.path}" for c in self.calls]

    # ---- the server ------------------------------------------------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        body: Any = None
        if request.can_read_body:
            # The real server binds JSON whatever the Content-Type (signalbot sends text/plain).
            try:
                body = json.loads(await request.text())
            except ValueError:
                body = {"_invalid": True}
        call = Call(request.method, request.path, body)
        self.calls.append(call)
        with self._lock:
            delay = next(
                (
                    s
                    for (m, p), s in self._slow.items()
                    if m == request.method and request.path.startswith(p)
                ),
                0.0,
            )
            self._slow = {
                k: v
                for k, v in self._slow.items()
                if not (k[0] == request.method and request.path.startswith(k[1]))
            }
        if delay:
            await asyncio.sleep(delay)
        request[BODY] = body
        return await handler(request)

    def _account_error(self, request: web.Request) -> web.Response | None:
        if request.match_info.get("number") != self.number:
            return web.json_response({"error": "User is not registered."}, status=400)
        return None

    @staticmethod
    def _bad(message: str) -> web.Response:
        return web.json_response({"error": f"Couldn't process request - {message}"}, status=400)

    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def _about(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "versions": ["v1", "v2"],
                "build": 2,
                "mode": self.mode,
                "version": self.version,
                "capabilities": {"v2/send": ["quotes", "mentions"]},
            }
        )

    async def _groups(self, request: web.Request) -> web.Response:
        return self._account_error(request) or web.json_response([])

    async def _receive(self, request: web.Request) -> web.StreamResponse:
        if self.mode != "json-rpc":
            return web.Response(text="[]", content_type="application/json")
        ws = web.WebSocketResponse(heartbeat=54)  # the real server pings every 54 s
        await ws.prepare(request)
        self._sockets[id(ws)] = (ws, request)
        try:
            async for _message in ws:
                pass  # the real server reads (and ignores) what the client sends
        finally:
            self._sockets.pop(id(ws), None)
        return ws

    async def _send(self, request: web.Request) -> web.Response:
        body = request[BODY]
        if not isinstance(body, dict) or body.get("_invalid"):
            return self._bad("invalid request")
        recipients = list(body.get("recipients") or [])
        if body.get("recipient"):
            recipients.append(body["recipient"])
        if not recipients:
            return self._bad("please provide at least one recipient")
        if not body.get("number"):
            return self._bad("please provide a valid number")
        if body["number"] != self.number:
            return web.json_response({"error": "User is not registered."}, status=400)
        failure = self._next_failure()
        if failure == 429:
            return web.json_response(
                {
                    "error": "Failed to send message due to rate limiting. Use the attached "
                    "challenge tokens to lift the rate limit restrictions via the "
                    "'/v1/accounts/{number}/rate-limit-challenge' endpoint.",
                    "challenge_tokens": [str(uuid.uuid4())],
                    "account": body["number"],
                },
                status=429,
            )
        if failure:
            return web.json_response({"error": "upstream unavailable"}, status=failure)
        body["_ok"] = True
        results = []
        for recipient in recipients:
            result: dict[str, Any] = {"timestamp": str(self.timestamp())}
            if recipient in self.unregistered:
                result["errors"] = {
                    "recipients": [{"uuid": recipient, "reason": "UNREGISTERED_FAILURE"}]
                }
            results.append(result)
        return web.json_response(results, status=201)

    def _next_failure(self) -> int:
        with self._lock:
            if not self._failures:
                return 0
            failure = self._failures[0]
            failure.times -= 1
            if failure.times <= 0:
                self._failures.pop(0)
            return failure.status

    async def _typing(self, request: web.Request) -> web.Response:
        body = request[BODY]
        if not isinstance(body, dict) or body.get("_invalid"):
            return self._bad("invalid request")
        return self._account_error(request) or web.Response(status=204)

    async def _receipt(self, request: web.Request) -> web.Response:
        body = request[BODY]
        if not isinstance(body, dict) or body.get("_invalid"):
            return self._bad("invalid request")
        if not body.get("recipient"):
            return self._bad("recipient missing")
        if body.get("receipt_type") not in ("read", "viewed"):
            return self._bad("receipt type must be read or viewed")
        if not body.get("timestamp"):
            return self._bad("timestamp missing")
        return self._account_error(request) or web.Response(status=204)

    async def _contact(self, request: web.Request) -> web.Response:
        body = request[BODY]
        if not isinstance(body, dict) or body.get("_invalid"):
            return self._bad("invalid request")
        if not body.get("recipient"):
            return self._bad("recipient missing")
        return self._account_error(request) or web.Response(status=204)

    async def _delete_attachment(self, request: web.Request) -> web.Response:
        attachment = request.match_info["attachment"]
        if attachment not in self.attachments:
            return web.json_response({"error": "No attachment with that name found"}, status=404)
        self.attachments.discard(attachment)
        return web.Response(status=204)


# ---- envelopes, shaped like signal-cli's JSON output -----------------------------------------


def envelope(
    fake: FakeSignalApi, sender_uuid: str, data_message: dict[str, Any], number: str | None = None
) -> dict[str, Any]:
    """A received envelope from `sender_uuid` (its number only when the sender shares it)."""
    now = fake.timestamp()
    return {
        "source": number or sender_uuid,
        "sourceNumber": number,
        "sourceUuid": sender_uuid,
        "sourceName": "",
        "sourceDevice": 1,
        "timestamp": data_message.get("timestamp", now),
        "serverReceivedTimestamp": now,
        "serverDeliveredTimestamp": now + 1,
        "dataMessage": data_message,
    }


def data_message(fake: FakeSignalApi, text: str | None, **extra: Any) -> dict[str, Any]:
    """A dataMessage with `text` (None: no body) and any further fields."""
    return {
        "timestamp": fake.timestamp(),
        "message": text,
        "expiresInSeconds": 0,
        "isExpirationUpdate": False,
        "viewOnce": False,
        **extra,
    }


def text_envelope(
    fake: FakeSignalApi, sender_uuid: str, text: str, number: str | None = None
) -> dict[str, Any]:
    """A plain 1:1 text from `sender_uuid`."""
    return envelope(fake, sender_uuid, data_message(fake, text), number)


def attachment(fake: FakeSignalApi, content_type: str = "image/jpeg") -> dict[str, Any]:
    """An attachment as signal-cli describes it (no isVoiceNote: signal-cli never sends it)."""
    attachment_id = uuid.uuid4().hex[:20] + ".jpg"
    fake.attachments.add(attachment_id)
    return {
        "contentType": content_type,
        "filename": None,
        "id": attachment_id,
        "size": 48213,
        "width": 1024,
        "height": 768,
        "caption": None,
        "uploadTimestamp": fake.timestamp(),
    }


def new_uuid() -> str:
    """A sender's Signal UUID."""
    return str(uuid.uuid4())
