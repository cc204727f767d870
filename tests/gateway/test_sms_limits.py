"""Bursts: answered one at a time and in order, limited per pseudonym, capped for the line."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import aiohttp
import pytest

from bot.config import REPO_ROOT
from bot.conversation import Line
from bot.engine_client import EngineClient
from bot.ratelimit import Admission, MemoryLimiter, TurnQueue
from bot.templates import TemplateStore
from tests.gateway.conftest import Gateway, settings_for
from tests.gateway.fake_engine import FakeEngine, echoed, gateway_for, run_fake_engine
from tests.support import free_port, post_sms, sms_params, twiml_messages


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def admit_all(limiter: MemoryLimiter, keys: list[str]) -> list[Admission]:
    async def run() -> list[Admission]:
        return [await limiter.admit(key) for key in keys]

    return asyncio.run(run())


def test_a_burst_gets_its_allowance_then_one_slow_down_then_silence() -> None:
    limiter = MemoryLimiter(burst=3, per_minute=6, line_per_minute=1000, clock=Clock())
    assert admit_all(limiter, ["a"] * 6) == [Admission.ANSWER] * 3 + [
        Admission.SLOW_DOWN,
        Admission.SILENT,
        Admission.SILENT,
    ]
    assert admit_all(limiter, ["b"]) == [Admission.ANSWER]  # others are not affected


def test_the_allowance_refills_over_time_and_full_buckets_are_forgotten() -> None:
    clock = Clock()
    limiter = MemoryLimiter(burst=2, per_minute=6, line_per_minute=1000, clock=clock)
    admit_all(limiter, ["a"] * 4)
    clock.now += 10  # one message's worth (6 a minute)
    assert admit_all(limiter, ["a", "a"]) == [Admission.ANSWER, Admission.SLOW_DOWN]
    clock.now += 25  # a full bucket again after 20 s: nothing needs remembering
    admit_all(limiter, ["b"])
    assert len(limiter) == 1


def test_the_limiter_keeps_a_bounded_number_of_pseudonyms() -> None:
    limiter = MemoryLimiter(burst=2, per_minute=1, line_per_minute=10**6, max_keys=100)
    admit_all(limiter, [f"p{n}" for n in range(1000)])
    assert len(limiter) == 100


def test_the_line_ceiling_silences_everyone_for_the_rest_of_the_minute() -> None:
    clock = Clock()
    limiter = MemoryLimiter(burst=5, per_minute=10, line_per_minute=10, clock=clock)
    answers = admit_all(limiter, [f"number{n}" for n in range(15)])
    assert answers == [Admission.ANSWER] * 10 + [Admission.SILENT] * 5
    clock.now += 60
    assert admit_all(limiter, ["number99"]) == [Admission.ANSWER]


def test_turns_are_one_at_a_time_in_arrival_order_and_leave_nothing_behind() -> None:
    async def run() -> tuple[list[int], TurnQueue]:
        turns, done, busy = TurnQueue(), [], []

        async def message(n: int) -> None:
            async with turns.turn("a"):
                busy.append(n)
                assert len(busy) == 1
                await asyncio.sleep(0.001 * (20 - n))  # later messages are quicker
                done.append(n)
                busy.remove(n)

        await asyncio.gather(*(message(n) for n in range(20)))
        return done, turns

    done, turns = asyncio.run(run())
    assert done == list(range(20)) and len(turns) == 0


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    yield from run_fake_engine(FakeEngine(delay=(0.0, 0.05)))


def test_a_burst_of_20_reaches_the_engine_in_order_one_at_a_time(engine: FakeEngine) -> None:
    """Line.handle for 20 messages started in order, as concurrent requests start them."""

    async def run() -> list[list[str]]:
        settings = settings_for(free_port(), "t", ENGINE_URL=engine.url, RATE_LIMIT_BURST="20")
        async with aiohttp.ClientSession() as session:
            line = Line(
                settings,
                TemplateStore(REPO_ROOT / "responses", "da"),
                EngineClient(session, engine.url, 5),
            )
            turns = await asyncio.gather(
                *(line.handle("sms", "+4512345678", f"message {n}") for n in range(20))
            )
        return [turn.replies for turn in turns]

    replies = asyncio.run(run())
    assert replies == [echoed(f"message {n}") for n in range(20)]
    assert [text for _sender, text in engine.messages] == [f"message {n}" for n in range(20)]
    assert engine.most_in_flight == 1


def test_a_burst_through_the_webhook_is_limited_kindly(engine: FakeEngine) -> None:
    for gateway in gateway_for(engine, RATE_LIMIT_BURST="6", RATE_LIMIT_PER_MINUTE="10"):
        burst(gateway, engine)


def burst(gateway: Gateway, engine: FakeEngine) -> None:
    def send(n: int) -> list[str]:
        result = post_sms(gateway.url, gateway.token, sms_params("+4512345678", f"m{n}"))
        assert result.status == 200 and result.content_type == "text/xml"
        return twiml_messages(result.body)

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(send, range(20)))
    answered = [a for a in answers if a in [echoed(f"m{n}") for n in range(20)]]
    slow_down = [a for a in answers if a and "et minut" in a[0]]
    silent = [a for a in answers if not a]
    assert (len(answered), len(slow_down), len(silent)) == (6, 1, 13)
    assert "112" in slow_down[0][0]
    assert engine.most_in_flight == 1 and len(engine.messages) == 6
    # Another number is answered as usual meanwhile.
    other = post_sms(gateway.url, gateway.token, sms_params("+4587654321", "hej"))
    assert twiml_messages(other.body) == echoed("hej")
