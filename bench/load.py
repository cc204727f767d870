"""Load for `make bench` and `make soak`: signed Twilio SMS webhooks, as Twilio sends them.

Every message is a real form POST to /webhooks/sms with X-Twilio-Signature (tests/support.py),
from made-up numbers, answered through the gateway, an engine and the action server.
A message counts as an error when the HTTP status is not 200, the TwiML holds no message,
or the gateway had to answer with its engine-down fallback (it logs that, without content).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import aiohttp

from tests.e2e.redis_line import RedisLine, rss_mb, workers
from tests.support import sms_params, twilio_signature, twiml_messages

#: What people write, in turns that use the conversation's context ("more", "1", hours).
SCRIPT = (
    "I need a doctor",
    "more",
    "is it open now?",
    "jeg har brug for et bad",
    "menu",
    "1",
    "legal help",
    "hej",
)

#: Rate limits (bot/ratelimit.py, in Redis) stay on, so their cost is measured, but too high
#: to bind: the load comes from few made-up numbers far faster than a person texts.
UNLIMITED = {
    "RATE_LIMIT_BURST": "1000000",
    "RATE_LIMIT_PER_MINUTE": "1000000",
    "LINE_REPLIES_PER_MINUTE": "100000000",
}

#: Twilio gives up on a webhook after 15 s; so does the load generator.
TWILIO_WAIT_S = 15

#: What the gateway logs (bot/conversation.py) when it answered without the engine.
FALLBACK_LOG_LINE = "answered with the fallback"


@dataclass
class Results:
    """Latencies (ms) and errors of one load phase."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    #: Answered, but by the gateway's engine-down fallback (also in `latencies_ms`).
    fallbacks: int = 0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in ms (nearest rank)."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    @property
    def rate(self) -> float:
        """Messages answered by an engine (not by the fallback) per second over the phase."""
        answered = len(self.latencies_ms) - self.fallbacks
        return answered / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        """One printable line."""
        return (
            f"{len(self.latencies_ms)} msgs in {self.seconds:.1f} s ({self.rate:.1f}/s), "
            f"p50={self.percentile(50):.0f} ms p95={self.percentile(95):.0f} ms "
            f"p99={self.percentile(99):.0f} ms errors={self.errors} fallbacks={self.fallbacks}"
        )


def twilio_session() -> aiohttp.ClientSession:
    """An HTTP client that behaves like Twilio: no client-side queue, 15 s per request."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0),
        timeout=aiohttp.ClientTimeout(total=TWILIO_WAIT_S),
    )


def new_number() -> str:
    """A made-up Danish mobile number."""
    return "+45" + "".join(random.choices("0123456789", k=8))


class Texter:
    """Sends signed SMS webhooks to one gateway and records the outcome in `results`."""

    def __init__(self, session: aiohttp.ClientSession, line: RedisLine) -> None:
        self.session = session
        self.line = line
        self.url = f"{line.url}/webhooks/sms"
        self.token = line.twilio_token

    async def text(self, number: str, body: str, results: Results) -> None:
        """One SMS; its latency goes into `results`, or it counts as an error."""
        params = sms_params(number, body)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": twilio_signature(self.token, self.url, params),
        }
        started = time.perf_counter()
        try:
            async with self.session.post(
                self.url, data=urllib.parse.urlencode(params), headers=headers
            ) as response:
                body_xml = await response.text()
                ok = response.status == 200 and any(twiml_messages(body_xml))
        except (aiohttp.ClientError, asyncio.TimeoutError):
            ok = False
        if ok:
            results.latencies_ms.append((time.perf_counter() - started) * 1000)
        else:
            results.errors += 1

    async def conversation(
        self, turns: int, results: Results, deadline: float = float("inf")
    ) -> None:
        """Up to `turns` messages (none after `deadline`), each after the previous answer:
        one person texts the SCRIPT, then the next (a conversation is a few messages)."""
        for index in range(turns):
            if time.perf_counter() >= deadline:
                return
            if index % len(SCRIPT) == 0:
                number = new_number()
            await self.text(number, SCRIPT[index % len(SCRIPT)], results)

    async def concurrent(
        self, conversations: int, turns: int, deadline: float = float("inf")
    ) -> Results:
        """`conversations` people texting at the same time, `turns` messages each."""
        results = Results()
        fallbacks_before = fallback_count(self.line)
        started = time.perf_counter()
        await asyncio.gather(
            *(self.conversation(turns, results, deadline) for _ in range(conversations))
        )
        results.seconds = time.perf_counter() - started
        results.fallbacks = fallback_count(self.line) - fallbacks_before
        return results

    async def sustained(self, conversations: int, seconds: float) -> Results:
        """As many messages as the line answers, from `conversations` people, for `seconds`."""
        return await self.concurrent(conversations, 10**9, time.perf_counter() + seconds)


def fallback_count(line: RedisLine) -> int:
    """How often the gateway answered with its engine-down fallback so far."""
    output = line.output_text()
    return output.count(FALLBACK_LOG_LINE)


def by_role(line: RedisLine, measure: Callable[[int], float]) -> dict[str, float]:
    """`measure(pid)` for every process of the line, by role (engine: its largest process)."""
    table: dict[str, float] = {}
    for pid, argv in workers(line.rest).items():
        table["actions" if "actions" in argv else "gateway"] = measure(pid)
    for index, engine in enumerate(line.engines):
        table[f"engine{index}"] = max(
            (measure(pid) for pid in workers(engine.process)), default=0.0
        )
    return table


def memory_mb(line: RedisLine, field: str = "VmRSS") -> dict[str, float]:
    """Resident memory of every process of the line, by role."""
    return by_role(line, lambda pid: rss_mb(pid, field))


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After "pid (comm)": field 14 utime and 15 stime of proc(5) are items 11 and 12 here.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_role(line: RedisLine) -> dict[str, float]:
    """CPU seconds used so far by every process of the line, by role."""
    return by_role(line, cpu_seconds)
