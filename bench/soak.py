"""`make soak`: 10 minutes at 20 messages a second on 127.0.0.1, zero errors, flat memory.

The line runs in Redis mode with two engines (redis-server, engines, actions, gateway). Forty
people text at once, six messages each, then a new person takes their place; conversations
expire after one idle minute, so Redis keeps only recent ones. Every 30 s the resident memory
of each process, Redis's own memory and its number of keys are printed. After a two-minute
warm-up, memory counts as flat when no process grew by more than 10% (or 20 MB, whichever is
larger) by the end. Exit status 0 only with zero errors and flat memory.

SOAK_SECONDS and SOAK_RATE change the duration and the rate (for a quick try).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import redis

from bench.load import (
    SCRIPT,
    UNLIMITED,
    Results,
    Texter,
    fallback_count,
    memory_mb,
    new_number,
    twilio_session,
)
from tests.e2e.redis_line import RedisLine, redis_line

SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
RATE = float(os.environ.get("SOAK_RATE", "20"))
PEOPLE_AT_ONCE = 40
TURNS_EACH = 6
SAMPLE_EVERY_S = 30.0
WARM_UP_S = min(120.0, SECONDS / 5)


def sample(line: RedisLine, dbs: list[redis.Redis], elapsed: float, results: Results) -> dict:
    """Memory of every process and of Redis (tracker and lock databases), printed."""
    memory = memory_mb(line)
    memory["redis"] = dbs[0].info("memory")["used_memory"] / 2**20
    keys = sum(db.dbsize() for db in dbs)
    rows = " ".join(f"{role}={mb:.0f}" for role, mb in sorted(memory.items()))
    print(
        f"  t={elapsed:5.0f}s sent={len(results.latencies_ms) + results.errors:6d} "
        f"errors={results.errors} redis_keys={keys:4d} MB: {rows}",
        flush=True,
    )
    return memory


def verdict(warm: dict[str, float], last: dict[str, float]) -> tuple[bool, list[str]]:
    """Flat if no process grew by more than 10% (at least 20 MB) from warm-up to the end."""
    lines, flat = [], True
    for role in sorted(warm):
        growth = last[role] - warm[role]
        ok = growth <= max(0.10 * warm[role], 20.0)
        flat &= ok
        lines.append(
            f"  {role:8} {warm[role]:7.1f} MB -> {last[role]:7.1f} MB "
            f"({growth:+.1f} MB) {'flat' if ok else 'GROWING'}"
        )
    return flat, lines


async def soak(line: RedisLine) -> tuple[Results, dict[str, float], dict[str, float]]:
    """Send RATE messages a second for SECONDS; return results and two memory samples."""
    dbs = [redis.Redis(port=line.redis_port, password=line.redis_password, db=db) for db in (0, 1)]
    results = Results()
    people = [new_number() for _ in range(PEOPLE_AT_ONCE)]
    turns = [0] * PEOPLE_AT_ONCE
    pending: set[asyncio.Task] = set()
    warm: dict[str, float] = {}
    async with twilio_session() as session:
        texter = Texter(session, line)
        started = time.perf_counter()
        next_sample, index = 0.0, 0
        while (elapsed := time.perf_counter() - started) < SECONDS:
            if elapsed >= next_sample:
                memory = sample(line, dbs, elapsed, results)
                if not warm and elapsed >= WARM_UP_S:
                    warm = memory
                next_sample += SAMPLE_EVERY_S
            slot = index % PEOPLE_AT_ONCE
            if turns[slot] == TURNS_EACH:  # this person is done: someone new texts
                people[slot], turns[slot] = new_number(), 0
            task = asyncio.create_task(
                texter.text(people[slot], SCRIPT[turns[slot] % len(SCRIPT)], results)
            )
            pending.add(task)
            task.add_done_callback(pending.discard)
            turns[slot] += 1
            index += 1
            await asyncio.sleep(max(0.0, started + index / RATE - time.perf_counter()))
        await asyncio.gather(*pending)
        results.seconds = time.perf_counter() - started
    last = sample(line, dbs, results.seconds, results)
    return results, warm or last, last


def main() -> int:
    """Run the soak test and print its verdict; exit 1 on an error or growing memory."""
    one, five, _ = os.getloadavg()
    print(
        f"==> soak: {SECONDS:.0f} s at {RATE:.0f} msgs/s, two engines in Redis mode "
        f"(load average {one:.2f} {five:.2f} on {os.cpu_count()} cores)",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="lygte-soak-") as tmp:
        with redis_line(Path(tmp), 2, idle_minutes=1, extra_env=UNLIMITED) as line:
            results, warm, last = asyncio.run(soak(line))
            results.fallbacks = fallback_count(line)
    errors = results.errors + results.fallbacks
    flat, lines = verdict(warm, last)
    print(f"==> {results.summary()} (errors: no answer in 15 s; fallbacks: answered late)")
    print(f"==> memory from warm-up ({WARM_UP_S:.0f} s) to the end:")
    print("\n".join(lines))
    print(
        f"soak: seconds={results.seconds:.0f} msgs={len(results.latencies_ms)} "
        f"rate={results.rate:.1f} errors={errors} memory={'flat' if flat else 'growing'}"
    )
    return 0 if errors == 0 and flat else 1


if __name__ == "__main__":
    sys.exit(main())
