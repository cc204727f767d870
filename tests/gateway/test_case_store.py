"""The case store in memory (bot/handover/store.py): mapping, taking, pull delivery, erasure."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from datetime import datetime, timedelta, timezone
from typing import AsyncContextManager, Awaitable, Callable

from bot.handover.store import CaseEvent, MemoryCaseStore
from lygte.handover import Message

NOW = datetime(2026, 12, 2, 19, 0, tzinfo=timezone.utc)
PSEUDONYM = "pseudonym-marker-7f3a"
#: Longest wait for an event before a test fails (events cross Redis in the Redis tests).
WAIT_S = 10


def in_loop(test: Callable[[], Awaitable[None]]) -> Callable[[], None]:
    """Run the coroutine test in a fresh event loop (the gateway tests use no asyncio plugin)."""

    @functools.wraps(test)
    def run() -> None:
        asyncio.run(test())

    return run


def store() -> MemoryCaseStore:
    """A store whose cases live at most 72 hours."""
    return MemoryCaseStore(timedelta(hours=72))


def listening(cases: MemoryCaseStore) -> AsyncContextManager[None]:
    """While inside, `cases` hands its events to this process's subscribers (the memory store
    always does; the Redis tests put RedisCaseStore.relaying here)."""
    return contextlib.nullcontext()


@in_loop
async def test_a_case_opens_once_per_person_and_never_shows_the_pseudonym() -> None:
    cases = store()
    case = await cases.open(PSEUDONYM, "ro", "signal", NOW)
    again = await cases.open(PSEUDONYM, "ro", "signal", NOW + timedelta(minutes=1))
    assert again.code == case.code
    assert (case.language, case.channel, case.state) == ("ro", "signal", "waiting")
    assert PSEUDONYM not in repr(await cases.open_cases())
    assert (await cases.case_for(PSEUDONYM)).code == case.code
    assert (await cases.by_code(case.code)).code == case.code
    assert await cases.case_for("someone else") is None


@in_loop
async def test_messages_count_as_unread_until_read_or_answered() -> None:
    cases = store()
    code = (await cases.open(PSEUDONYM, "da", "sms", NOW)).code
    await cases.add_message(code, Message("person", "hej", NOW))
    await cases.add_message(code, Message("person", "er der nogen", NOW))
    assert (await cases.by_code(code)).unread == 2
    await cases.mark_read(code)
    assert (await cases.by_code(code)).unread == 0


@in_loop
async def test_only_one_account_takes_a_case() -> None:
    cases = store()
    code = (await cases.open(PSEUDONYM, "da", "sms", NOW)).code
    results = await asyncio.gather(cases.take(code, "mette"), cases.take(code, "ali"))
    assert sorted(results) == [False, True]
    holder = (await cases.by_code(code)).taken_by
    other = "ali" if holder == "mette" else "mette"
    assert await cases.take(code, holder)
    assert not await cases.reply(code, other, "hej", NOW)
    assert (await cases.by_code(code)).state == "taken"


@in_loop
async def test_a_reply_waits_for_the_persons_next_text_and_is_delivered_once() -> None:
    cases = store()
    code = (await cases.open(PSEUDONYM, "da", "sms", NOW)).code
    await cases.add_message(code, Message("person", "hej", NOW))
    assert await cases.reply(code, "mette", "Hej, jeg hedder Mette", NOW)
    assert await cases.reply(code, "mette", "Hvordan går det?", NOW)
    assert await cases.pending_for(PSEUDONYM) == ["Hej, jeg hedder Mette", "Hvordan går det?"]
    assert await cases.pending_for(PSEUDONYM) == []
    case = await cases.by_code(code)
    assert [m.sender for m in case.messages] == ["person", "staff", "staff"]
    assert case.unread == 0 and case.taken_by == "mette"


@in_loop
async def test_close_erases_text_pending_replies_and_the_mapping() -> None:
    cases = store()
    code = (await cases.open(PSEUDONYM, "da", "sms", NOW)).code
    await cases.reply(code, "mette", "svar", NOW)
    assert await cases.close(code)
    assert await cases.by_code(code) is None
    assert await cases.case_for(PSEUDONYM) is None
    assert await cases.pending_for(PSEUDONYM) == []
    assert not await cases.close(code)
    assert PSEUDONYM not in repr(vars(cases))


@in_loop
async def test_cases_expire_after_their_maximum_age() -> None:
    cases = store()
    old = (await cases.open("old", "da", "sms", NOW)).code
    new = (await cases.open("new", "da", "sms", NOW + timedelta(hours=2))).code
    assert await cases.expire(NOW + timedelta(hours=72, minutes=1)) == [old]
    assert [case.code for case in await cases.open_cases()] == [new]


@in_loop
async def test_the_person_is_told_of_the_wait_once_per_wait() -> None:
    cases = store()
    code = (await cases.open(PSEUDONYM, "da", "sms", NOW)).code
    await cases.add_message(code, Message("person", "hej", NOW))
    assert await cases.note_wait(code)
    await cases.add_message(code, Message("person", "?", NOW))
    assert not await cases.note_wait(code)
    await cases.reply(code, "mette", "her", NOW)
    await cases.add_message(code, Message("person", "tak", NOW))
    assert await cases.note_wait(code)


@in_loop
async def test_subscribers_hear_what_changed_never_what_was_written() -> None:
    cases = store()
    async with listening(cases):
        queue = cases.subscribe()
        code = (await cases.open(PSEUDONYM, "da", "sms", NOW)).code
        await cases.add_message(code, Message("person", "hemmelig", NOW))
        await cases.take(code, "mette")
        await cases.close(code)
        events = [await asyncio.wait_for(queue.get(), WAIT_S) for _ in range(4)]
        assert events == [
            CaseEvent("opened", code),
            CaseEvent("message", code),
            CaseEvent("taken", code),
            CaseEvent("closed", code),
        ]
        cases.unsubscribe(queue)
        witness = cases.subscribe()
        await cases.open("another", "da", "sms", NOW)
        assert (await asyncio.wait_for(witness.get(), WAIT_S)).kind == "opened"
        assert queue.empty()  # the witness heard it: the unsubscribed queue would have by now


@in_loop
async def test_hanging_up_ends_every_subscription() -> None:
    cases = store()
    async with listening(cases):
        first, second = cases.subscribe(), cases.subscribe()
        cases.hang_up()  # the gateway stops
        assert (first.get_nowait(), second.get_nowait()) == (None, None)
        witness = cases.subscribe()
        await cases.open(PSEUDONYM, "da", "sms", NOW)
        assert (await asyncio.wait_for(witness.get(), WAIT_S)).kind == "opened"
        assert first.empty() and second.empty()
