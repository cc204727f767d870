"""`make bench`: what the line costs on this machine, measured end to end, in one run.

1. model training time: Lygte's pipeline, and Rasa 3.6's stock pipeline (the one `rasa init`
   uses: DIET + TED) on the same data;
2. the line in Redis mode with one engine (redis-server, engine, actions, gateway): engine
   cold start to ready; latency of signed SMS webhooks at 1, 10 and 50 concurrent
   conversations; sustained messages per second; resident memory of every process;
3. the same line with the stock model in the engine.

The last line printed is the summary:
`bench: p99_ms=<p99 at 10 concurrent> msgs_per_s=<per engine> ready_s=<start to ready>
rss_mb=<largest engine RSS>` (Lygte's set-up). Everything runs on this machine, load
generator included, so the figures are for the whole line on its cores.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.load import (
    UNLIMITED,
    Results,
    Texter,
    cpu_by_role,
    fallback_count,
    memory_mb,
    twilio_session,
)
from tests.e2e.conftest import REPO
from tests.e2e.redis_line import redis_line

ENGINE_BIN = REPO / ".venv-engine" / "bin"
STOCK_CONFIG = (
    ENGINE_BIN.parent
    / "lib/python3.10/site-packages/rasa/engine/recipes/config_files/default_config.yml"
)
#: Epochs of each stock neural component in the bench (Rasa's default is 100; see docs).
STOCK_EPOCHS = int(os.environ.get("BENCH_STOCK_EPOCHS", "5"))
#: (concurrent conversations, messages each) for the latency phases; 400 messages at 10 at once,
#: so that their p99 is not just the slowest one or two.
LATENCY_PHASES = ((1, 24), (10, 40), (50, 4))
SUSTAINED_SECONDS = float(os.environ.get("BENCH_SUSTAINED_SECONDS", "30"))
SUSTAINED_CONVERSATIONS = 10


def say(text: str) -> None:
    """Progress, printed at once."""
    print(text, flush=True)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, and the number of cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def stock_config(tmp: Path) -> Path:
    """Rasa 3.6's default config with `STOCK_EPOCHS` epochs per neural component."""
    config = yaml.safe_load(STOCK_CONFIG.read_text())
    config["assistant_id"] = "stock_rasa_default"
    for part in config["pipeline"] + config["policies"]:
        if "epochs" in part:
            part["epochs"] = STOCK_EPOCHS
    path = tmp / "stock-config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def train(config: Path, out: Path, name: str) -> tuple[float, Path]:
    """Train a model from the project's data with `config`; return (seconds, model path)."""
    started = time.perf_counter()
    subprocess.run(
        [str(ENGINE_BIN / "rasa"), "train", "--config", str(config), "--out", str(out)]
        + ["--fixed-model-name", name, "--force", "--quiet"],
        cwd=REPO,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(REPO)},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, out / f"{name}.tar.gz"


async def measure(texter: Texter, phases: tuple[tuple[int, int], ...]) -> dict[int, Results]:
    """Latency at each concurrency, one phase after the other."""
    found = {}
    for conversations, turns in phases:
        found[conversations] = await texter.concurrent(conversations, turns)
        say(f"  {conversations:>2} concurrent: {found[conversations].summary()}")
    return found


async def run_line(tmp: Path, label: str, model: Path, phases, sustained_s: float) -> dict:
    """Start the line with `model` in one engine, load it, and return its figures."""
    say(f"==> {label}: starting redis-server, engine, actions, gateway ({load_average()})")
    (tmp / label).mkdir()
    with redis_line(tmp / label, 1, model, extra_env=UNLIMITED) as line:
        ready = line.engines[0].ready_s
        say(f"  engine cold start to ready: {ready:.1f} s (polled every second)")
        idle = memory_mb(line)
        async with twilio_session() as session:
            texter = Texter(session, line)
            await texter.concurrent(2, 4)  # first-call warm-up, not measured
            latency = await measure(texter, phases)
            say(f"  sustained for {sustained_s:.0f} s, {SUSTAINED_CONVERSATIONS} people at once:")
            cpu_before = cpu_by_role(line)
            sustained = await texter.sustained(SUSTAINED_CONVERSATIONS, sustained_s)
            say(f"    {sustained.summary()}")
            cpu_after, count = cpu_by_role(line), max(1, len(sustained.latencies_ms))
            say(
                "    CPU per message: "
                + ", ".join(
                    f"{role} {(cpu_after[role] - cpu_before[role]) * 1000 / count:.1f} ms"
                    for role in sorted(cpu_after)
                )
            )
        now, peak = memory_mb(line), memory_mb(line, "VmHWM")
        for role in sorted(now):
            say(
                f"  RSS {role:8} idle {idle[role]:7.0f} MB, after load {now[role]:7.0f} MB, "
                f"peak {peak[role]:7.0f} MB"
            )
        say(f"  ({load_average()})")
        fallbacks = fallback_count(line)
    return {
        "ready": ready,
        "latency": latency,
        "sustained": sustained,
        "peak": peak,
        "errors": fallbacks + sum(r.errors for r in latency.values()) + sustained.errors,
        "failed": sum(r.errors for r in latency.values()) + sustained.errors,
    }


def main() -> int:
    """Run every measurement; print the summary line; exit 1 if a request failed."""
    say(f"==> bench on {os.cpu_count()} cores, {load_average()}")
    with tempfile.TemporaryDirectory(prefix="lygte-bench-") as name:
        tmp = Path(name)
        say("==> training Lygte's model (config.yml)")
        lygte_train_s, lygte_model = train(REPO / "config.yml", tmp, "lygte")
        say(f"  {lygte_train_s:.1f} s")
        say(f"==> training the stock model (Rasa 3.6 default: DIET + TED, {STOCK_EPOCHS} epochs)")
        stock_train_s, stock_model = train(stock_config(tmp), tmp, "stock")
        say(
            f"  {stock_train_s:.1f} s; at the default 100 epochs about "
            f"{stock_train_s * 100 / STOCK_EPOCHS:.0f} s (linear estimate, an upper bound)"
        )
        lygte = asyncio.run(run_line(tmp, "lygte", lygte_model, LATENCY_PHASES, SUSTAINED_SECONDS))
        stock = asyncio.run(
            run_line(tmp, "stock", stock_model, LATENCY_PHASES[:2], SUSTAINED_SECONDS / 2)
        )
    say("==> comparison                 lygte      stock")
    say(
        f"  training s            {lygte_train_s:10.1f} {stock_train_s:10.1f}"
        f"  (stock at {STOCK_EPOCHS} epochs)"
    )
    say(f"  ready s               {lygte['ready']:10.1f} {stock['ready']:10.1f}")
    for n in (1, 10):
        say(
            f"  p99 ms at {n:>2} conc.      {lygte['latency'][n].percentile(99):10.0f} "
            f"{stock['latency'][n].percentile(99):10.0f}"
        )
    say(f"  msgs/s per engine     {lygte['sustained'].rate:10.1f} {stock['sustained'].rate:10.1f}")
    say(
        f"  engine peak RSS MB    {lygte['peak']['engine0']:10.0f} {stock['peak']['engine0']:10.0f}"
    )
    say(f"  errors                {lygte['errors']:10d} {stock['errors']:10d}")
    say(
        f"bench: p99_ms={lygte['latency'][10].percentile(99):.0f} "
        f"msgs_per_s={lygte['sustained'].rate:.1f} ready_s={lygte['ready']:.1f} "
        f"rss_mb={lygte['peak']['engine0']:.0f}"
    )
    # Fallback answers mean overload and are reported above; a failed request is a defect.
    return 1 if lygte["failed"] or stock["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
