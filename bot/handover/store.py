"""The open cases: who is handed over to staff, their messages and the replies waiting.

The store is the only place that knows which pseudonym a case code belongs to. Everything it
hands out (a Case) carries the code, never the pseudonym, the number or the UUID. A case's
text lives only here, only while the case is open, at most `max_age` (HANDOFF_HOURS): close
and expiry erase it together with the mapping and the replies not yet delivered.

Pull delivery: a staff reply is queued under the case and popped by `pending_for` when the
person texts again; nothing about the person is kept for it.

Every method is a coroutine so that a store in Redis (shared by several gateways) fits the
same protocol; MemoryCaseStore runs in one event loop, so each method is atomic.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import AsyncIterator, Literal, Protocol, get_args

import redis.asyncio as redis

from lygte.handover import Case, Message, new_code

log = logging.getLogger(__name__)

#: What happened to a case, for the staff inbox's live updates.
EventKind = Literal["opened", "message", "taken", "closed"]


@dataclass(frozen=True)
class CaseEvent:
    """A case changed: which one and how (never what was written)."""

    kind: EventKind
    code: str


#: A subscriber's queue: CaseEvents, then None if the gateway stops (`hang_up`).
Subscription = asyncio.Queue[CaseEvent | None]


class LocalEvents:
    """Hands CaseEvents to this process's listeners (the inbox's event streams)."""

    def __init__(self) -> None:
        self._subscribers: list[Subscription] = []

    def subscribe(self) -> Subscription:
        """A queue that receives every later CaseEvent (until unsubscribed)."""
        queue: Subscription = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: Subscription) -> None:
        """Stop sending events to `queue`."""
        if queue in self._subscribers:
            self._subscribers.remove(queue)

    def hang_up(self) -> None:
        """The gateway stops: end every subscription (each queue gets None), so that no
        open inbox holds the shutdown up."""
        for queue in self._subscribers:
            queue.put_nowait(None)
        self._subscribers.clear()

    def _hand_out(self, event: CaseEvent) -> None:
        """Give `event` to every subscriber of this process."""
        for queue in self._subscribers:
            queue.put_nowait(event)


class CaseStore(Protocol):
    """Open cases, keyed by code, with the code <-> pseudonym mapping kept inside."""

    #: Whether open cases and their waiting replies outlive a restart of the gateway.
    survives_restart: bool
    #: How long a case may stay open (HANDOFF_HOURS); older ones are closed by `expire`.
    max_age: timedelta

    async def open(self, pseudonym: str, language: str, channel: str, now: datetime) -> Case:
        """Open a case for `pseudonym` (or return the one already open)."""

    async def case_for(self, pseudonym: str) -> Case | None:
        """The open case of `pseudonym`, if any."""

    async def by_code(self, code: str) -> Case | None:
        """The open case with `code`, if any."""

    async def add_message(self, code: str, message: Message) -> None:
        """Add `message` to the case (a person's message counts as unread)."""

    async def take(self, code: str, account: str) -> bool:
        """Let `account` answer the case; False if another account holds it (or none open)."""

    async def reply(self, code: str, account: str, text: str, now: datetime) -> bool:
        """Add a staff message and queue it for delivery; False if `account` may not answer."""

    async def pending_for(self, pseudonym: str) -> list[str]:
        """Pop the staff replies waiting for `pseudonym` (pull delivery)."""

    async def mark_read(self, code: str) -> None:
        """Staff have read the case: no unread messages."""

    async def pop_pending(self, code: str) -> list[str]:
        """Pop the staff replies waiting in case `code` (push delivery sends them)."""

    async def requeue(self, code: str, texts: list[str]) -> None:
        """Put replies that push could not send back in front, for pull delivery."""

    async def set_push(self, code: str, push: bool) -> None:
        """Record whether the person consented to push delivery (the address is in the vault)."""

    async def note_wait(self, code: str) -> bool:
        """Record that the person was told no one has answered yet; False if already told."""

    async def close(self, code: str) -> bool:
        """Close the case: erase its text, its pending replies and the pseudonym mapping."""

    async def expire(self, now: datetime) -> list[str]:
        """Close every case opened more than the store's maximum age before `now`."""

    async def open_cases(self) -> list[Case]:
        """Every open case, oldest first."""

    def subscribe(self) -> Subscription:
        """A queue that receives every later CaseEvent (until unsubscribed)."""

    def unsubscribe(self, queue: Subscription) -> None:
        """Stop sending events to `queue`."""

    def hang_up(self) -> None:
        """End every subscription of this process: each queue gets None."""


class MemoryCaseStore(LocalEvents):
    """Cases in this process's memory: lost on restart (the inbox says so; Redis keeps them)."""

    survives_restart = False

    def __init__(self, max_age: timedelta) -> None:
        super().__init__()
        #: How long a case may stay open at most (HANDOFF_HOURS).
        self.max_age = max_age
        self._cases: dict[str, Case] = {}
        self._code_of: dict[str, str] = {}
        self._pseudonym_of: dict[str, str] = {}
        self._pending: dict[str, list[str]] = {}

    async def open(self, pseudonym: str, language: str, channel: str, now: datetime) -> Case:
        """Open a case for `pseudonym` (or return the one already open)."""
        code = self._code_of.get(pseudonym)
        if code is None:
            code = new_code(set(self._cases))
            self._cases[code] = Case(code, language, channel, "waiting", now)
            self._code_of[pseudonym] = code
            self._pseudonym_of[code] = pseudonym
            self._publish("opened", code)
        return copy.deepcopy(self._cases[code])

    async def case_for(self, pseudonym: str) -> Case | None:
        """The open case of `pseudonym`, if any."""
        code = self._code_of.get(pseudonym)
        return None if code is None else await self.by_code(code)

    async def by_code(self, code: str) -> Case | None:
        """The open case with `code`, if any (a copy: change it through the store)."""
        case = self._cases.get(code)
        return None if case is None else copy.deepcopy(case)

    async def add_message(self, code: str, message: Message) -> None:
        """Add `message` to the case; a person's message counts as unread and starts a new
        wait (the person may be told again that no one has answered)."""
        case = self._cases.get(code)
        if case is None:
            return
        if message.sender == "person":
            case.unread += 1
            if case.waiting_since() is None:
                case.wait_noted = False
        case.messages.append(message)
        self._publish("message", code)

    async def take(self, code: str, account: str) -> bool:
        """Let `account` answer the case; False if another account holds it (or none open)."""
        case = self._cases.get(code)
        if case is None or case.taken_by not in (None, account):
            return False
        case.taken_by, case.state = account, "taken"
        self._publish("taken", code)
        return True

    async def reply(self, code: str, account: str, text: str, now: datetime) -> bool:
        """Add a staff message and queue it for the person's next text. Takes the case if no
        one holds it; False if another account does (or the case is closed)."""
        if not await self.take(code, account):
            return False
        case = self._cases[code]
        case.messages.append(Message("staff", text, now))
        case.unread = 0
        self._pending.setdefault(code, []).append(text)
        self._publish("message", code)
        return True

    async def pending_for(self, pseudonym: str) -> list[str]:
        """Pop the staff replies waiting for `pseudonym` (pull delivery)."""
        code = self._code_of.get(pseudonym)
        return [] if code is None else self._pending.pop(code, [])

    async def mark_read(self, code: str) -> None:
        """Staff have read the case: no unread messages."""
        case = self._cases.get(code)
        if case is not None:
            case.unread = 0

    async def pop_pending(self, code: str) -> list[str]:
        """Pop the staff replies waiting in case `code` (push delivery sends them)."""
        return self._pending.pop(code, [])

    async def requeue(self, code: str, texts: list[str]) -> None:
        """Put replies that push could not send back in front, for pull delivery."""
        if code in self._cases and texts:
            self._pending[code] = [*texts, *self._pending.get(code, [])]

    async def set_push(self, code: str, push: bool) -> None:
        """Record whether the person consented to push delivery (the address is in the vault)."""
        case = self._cases.get(code)
        if case is not None:
            case.push = push

    async def note_wait(self, code: str) -> bool:
        """Record that the person was told no one has answered yet; False if already told."""
        case = self._cases.get(code)
        if case is None or case.wait_noted:
            return False
        case.wait_noted = True
        return True

    async def close(self, code: str) -> bool:
        """Close the case: erase its text, its pending replies and the pseudonym mapping."""
        case = self._cases.pop(code, None)
        if case is None:
            return False
        case.messages.clear()
        self._pending.pop(code, None)
        pseudonym = self._pseudonym_of.pop(code, None)
        if pseudonym is not None:
            self._code_of.pop(pseudonym, None)
        self._publish("closed", code)
        return True

    async def expire(self, now: datetime) -> list[str]:
        """Close every case opened more than `max_age` before `now`; their codes."""
        old = [code for code, case in self._cases.items() if case.older_than(self.max_age, now)]
        for code in old:
            await self.close(code)
        return old

    async def open_cases(self) -> list[Case]:
        """Every open case, oldest first (copies)."""
        cases = sorted(self._cases.values(), key=lambda case: case.opened_at)
        return [copy.deepcopy(case) for case in cases]

    def _publish(self, kind: EventKind, code: str) -> None:
        """Tell every subscriber that case `code` changed."""
        self._hand_out(CaseEvent(kind, code))


# ---- Redis mode ---------------------------------------------------------------------------

#: Key prefix of the case keys in the gateway's Redis database (bot.redis_state.GATEWAY_DB).
PREFIX = "lygte:case"
#: The pub/sub channel of the case events (a channel, not a key: Redis keeps nothing of it).
EVENTS = "lygte:case-events"
#: Seconds between attempts to listen again after the connection to Redis was lost.
RECONNECT_S = 1.0

# Open a case for a pseudonym, or return its open one. KEYS: code-of<pseudonym>, case<code>,
# who<code>, index. ARGV: code, language, channel, opened_at (epoch), expire_at (epoch),
# pseudonym.
# Returns the case's code, or "" when the candidate code is taken (draw another).
OPEN = """
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
if redis.call('EXISTS', KEYS[2]) == 1 then return '' end
redis.call('HSET', KEYS[2], 'language', ARGV[2], 'channel', ARGV[3], 'state', 'waiting',
           'opened_at', ARGV[4], 'unread', 0, 'push', 0, 'wait_noted', 0)
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[3], ARGV[6])
for i = 1, 3 do redis.call('EXPIREAT', KEYS[i], ARGV[5]) end
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
-- the index lives as long as its longest-lived case (the other keys' end at the latest)
local now = tonumber(redis.call('TIME')[1])
if redis.call('TTL', KEYS[4]) < tonumber(ARGV[5]) - now then
  redis.call('EXPIREAT', KEYS[4], ARGV[5])
end
return ARGV[1]
"""

# Take a case for an account. KEYS: case<code>. ARGV: account. 1 taken, 0 not.
TAKE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local holder = redis.call('HGET', KEYS[1], 'taken_by')
if holder and holder ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'taken_by', ARGV[1], 'state', 'taken')
return 1
"""

# Note that the person was told about the wait, once. KEYS: case<code>. 1 first time, else 0.
NOTE_WAIT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'wait_noted') == '1' then return 0 end
redis.call('HSET', KEYS[1], 'wait_noted', 1)
return 1
"""

# Pop a list atomically. KEYS: list.
POP_ALL = """
local items = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return items
"""


class RedisCaseStore(LocalEvents):
    """Cases in Redis, shared by every gateway; they outlive a gateway restart.

    Keys (all expiring at the case's opening + `max_age`): `lygte:case:<code>` (a hash: language,
    channel, state, taken_by, opened_at, unread, push, wait_noted), `...:msgs:<code>` (its
    messages as JSON), `...:pending:<code>` (staff replies not yet delivered), `...:of:<pseudonym>`
    and `...:who:<code>` (the mapping), and the index `lygte:cases` (code by opening time;
    expiring with its longest-lived case, gone with the last one closed). Opening, taking and
    popping replies are Lua scripts and closing one transaction, so atomic across gateways.
    Live events go through the pub/sub channel `lygte:case-events` (kind and code, JSON) to
    every gateway; inside `relaying()` this process hands them to its subscribers.
    """

    survives_restart = True

    def __init__(self, client: redis.Redis, max_age: timedelta) -> None:
        super().__init__()
        self.client = client
        self.max_age = max_age
        self._open = client.register_script(OPEN)
        self._take = client.register_script(TAKE)
        self._pop_all = client.register_script(POP_ALL)
        self._note = client.register_script(NOTE_WAIT)

    @staticmethod
    def _keys(code: str) -> dict[str, str]:
        return {
            "case": f"{PREFIX}:{code}",
            "msgs": f"{PREFIX}:msgs:{code}",
            "pending": f"{PREFIX}:pending:{code}",
            "who": f"{PREFIX}:who:{code}",
        }

    async def open(self, pseudonym: str, language: str, channel: str, now: datetime) -> Case:
        """Open a case for `pseudonym` (or return the one already open)."""
        expire_at = int((now + self.max_age).timestamp()) + 1
        while True:
            candidate = new_code(set())
            keys = self._keys(candidate)
            args = [candidate, language, channel, now.timestamp(), expire_at, pseudonym]
            code = await self._open(
                keys=[f"{PREFIX}:of:{pseudonym}", keys["case"], keys["who"], "lygte:cases"],
                args=args,
            )
            code = code.decode() if isinstance(code, bytes) else code
            if code:
                break
        if code == candidate:
            await self._publish("opened", code)
        case = await self.by_code(code)
        assert case is not None
        return case

    async def _code_of(self, pseudonym: str) -> str | None:
        code = await self.client.get(f"{PREFIX}:of:{pseudonym}")
        return code.decode() if isinstance(code, bytes) else code

    async def case_for(self, pseudonym: str) -> Case | None:
        """The open case of `pseudonym`, if any."""
        code = await self._code_of(pseudonym)
        return None if code is None else await self.by_code(code)

    async def by_code(self, code: str) -> Case | None:
        """The open case with `code`, if any."""
        keys = self._keys(code)
        fields = await self.client.hgetall(keys["case"])
        if not fields:
            return None
        values = {k.decode(): v.decode() for k, v in fields.items()}
        messages = [_message(raw) for raw in await self.client.lrange(keys["msgs"], 0, -1)]
        return Case(
            code=code,
            language=values["language"],
            channel=values["channel"],
            state=values["state"],  # type: ignore[arg-type]
            opened_at=datetime.fromtimestamp(float(values["opened_at"]), timezone.utc),
            taken_by=values.get("taken_by"),
            messages=messages,
            unread=int(values["unread"]),
            push=values["push"] == "1",
            wait_noted=values["wait_noted"] == "1",
        )

    async def add_message(self, code: str, message: Message) -> None:
        """Add `message` to the case; a person's message counts as unread."""
        case = await self.by_code(code)
        if case is None:
            return
        keys = self._keys(code)
        async with self.client.pipeline(transaction=True) as pipe:
            if message.sender == "person":
                pipe.hincrby(keys["case"], "unread", 1)
                if case.waiting_since() is None:
                    pipe.hset(keys["case"], "wait_noted", 0)
            pipe.rpush(keys["msgs"], _json(message))
            pipe.expireat(keys["msgs"], self._end(case))
            await pipe.execute()
        await self._publish("message", code)

    def _end(self, case: Case) -> int:
        return int((case.opened_at + self.max_age).timestamp()) + 1

    async def take(self, code: str, account: str) -> bool:
        """Let `account` answer the case; False if another account holds it (atomic)."""
        taken = bool(await self._take(keys=[self._keys(code)["case"]], args=[account]))
        if taken:
            await self._publish("taken", code)
        return taken

    async def reply(self, code: str, account: str, text: str, now: datetime) -> bool:
        """Add a staff message and queue it for delivery; False if another account holds it."""
        if not await self.take(code, account):
            return False
        case = await self.by_code(code)
        if case is None:
            return False
        keys = self._keys(code)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.rpush(keys["msgs"], _json(Message("staff", text, now)))
            pipe.hset(keys["case"], "unread", 0)
            pipe.rpush(keys["pending"], text)
            for key in (keys["msgs"], keys["pending"]):
                pipe.expireat(key, self._end(case))
            await pipe.execute()
        await self._publish("message", code)
        return True

    async def pending_for(self, pseudonym: str) -> list[str]:
        """Pop the staff replies waiting for `pseudonym` (pull delivery)."""
        code = await self._code_of(pseudonym)
        return [] if code is None else await self.pop_pending(code)

    async def pop_pending(self, code: str) -> list[str]:
        """Pop the staff replies waiting in case `code` (atomic: one gateway gets them)."""
        items = await self._pop_all(keys=[self._keys(code)["pending"]])
        return [item.decode() for item in items]

    async def requeue(self, code: str, texts: list[str]) -> None:
        """Put replies that push could not send back in front, for pull delivery."""
        case = await self.by_code(code)
        if case is None or not texts:
            return
        key = self._keys(code)["pending"]
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.lpush(key, *reversed(texts))
            pipe.expireat(key, self._end(case))
            await pipe.execute()

    async def set_push(self, code: str, push: bool) -> None:
        """Record whether the person consented to push delivery."""
        key = self._keys(code)["case"]
        if await self.client.exists(key):
            await self.client.hset(key, "push", int(push))

    async def mark_read(self, code: str) -> None:
        """Staff have read the case: no unread messages."""
        key = self._keys(code)["case"]
        if await self.client.exists(key):
            await self.client.hset(key, "unread", 0)

    async def note_wait(self, code: str) -> bool:
        """Record that the person was told no one has answered yet; False if already told."""
        return bool(await self._note(keys=[self._keys(code)["case"]]))

    async def close(self, code: str) -> bool:
        """Close the case: erase its text, its pending replies and the pseudonym mapping."""
        keys = self._keys(code)
        pseudonym = await self.client.get(keys["who"])
        doomed = [*keys.values()]
        if pseudonym is not None:
            doomed.append(f"{PREFIX}:of:{pseudonym.decode()}")
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.delete(*doomed)
            pipe.zrem("lygte:cases", code)
            deleted, _ = await pipe.execute()
        if deleted:
            await self._publish("closed", code)
        return bool(deleted)

    async def expire(self, now: datetime) -> list[str]:
        """Close every case opened more than `max_age` before `now`; their codes."""
        limit = (now - self.max_age).timestamp()
        old = [c.decode() for c in await self.client.zrangebyscore("lygte:cases", "-inf", limit)]
        for code in old:
            await self.close(code)
        return old

    async def open_cases(self) -> list[Case]:
        """Every open case, oldest first."""
        codes = [c.decode() for c in await self.client.zrange("lygte:cases", 0, -1)]
        cases = [await self.by_code(code) for code in codes]
        return [case for case in cases if case is not None]

    async def _publish(self, kind: EventKind, code: str) -> None:
        """Tell every gateway's subscribers that case `code` changed (kind and code only).
        A lost event costs a live update, not the case: a Redis error is logged, not raised."""
        try:
            await self.client.publish(EVENTS, json.dumps({"kind": kind, "code": code}))
        except redis.RedisError as error:
            log.warning("a case event was not published: %s", type(error).__name__)

    @contextlib.asynccontextmanager
    async def relaying(self) -> AsyncIterator[None]:
        """Hand every gateway's events to this process's subscribers while inside: one
        listener task, subscribed before this yields, cancelled and awaited on the way out."""
        subscribed = asyncio.Event()
        task = asyncio.create_task(self._relay(subscribed))
        waiting = asyncio.create_task(subscribed.wait())
        try:
            await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
            if task.done():
                task.result()  # the listener failed before it subscribed: say why
            yield
        finally:
            for pending in (task, waiting):
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await pending

    async def _relay(self, subscribed: asyncio.Event) -> None:
        """Listen to the events channel for good; after a Redis error (a lost connection once
        redis-py's own retries are spent) log it, wait and subscribe again."""
        while True:
            pubsub = self.client.pubsub()
            try:
                await pubsub.subscribe(EVENTS)
                async for message in pubsub.listen():
                    if message["type"] == "subscribe":  # nothing published from now is missed
                        if subscribed.is_set():  # redis-py or this loop reconnected
                            log.warning("case events: listening again after a lost connection")
                        subscribed.set()
                    elif message["type"] == "message":
                        self._receive(message["data"])
            except redis.RedisError as error:  # the name only: never what was on the line
                log.warning("case events: Redis failed (%s), reconnecting", type(error).__name__)
                await asyncio.sleep(RECONNECT_S)
            finally:
                await pubsub.aclose()

    def _receive(self, data: bytes) -> None:
        """One event from the channel to this process's subscribers; a malformed one is
        dropped (logged without its content)."""
        try:
            fields = json.loads(data)
            kind, code = fields["kind"], fields["code"]
        except (ValueError, TypeError, KeyError):
            kind = code = None
        if kind not in get_args(EventKind) or not isinstance(code, str):
            log.warning("a malformed case event was ignored")
            return
        self._hand_out(CaseEvent(kind, code))


def _json(message: Message) -> str:
    """A message as JSON for Redis."""
    return json.dumps(
        {"sender": message.sender, "text": message.text, "at": message.at.isoformat()}
    )


def _message(raw: bytes) -> Message:
    """A message from its JSON in Redis."""
    data = json.loads(raw)
    return Message(data["sender"], data["text"], datetime.fromisoformat(data["at"]))
