"""deploy/compose.yml says what the scale-out test runs: same commands, same Redis settings."""

from __future__ import annotations

import re
import shlex

import yaml

from bot.config import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "deploy" / "compose.yml").read_text())
SERVICES = COMPOSE["services"]
ENGINES = [name for name in SERVICES if name.startswith("engine-")]


def procfile_command(name: str) -> list[str]:
    """The Procfile's command for `name`, without the environment assignments in front."""
    for row in (REPO_ROOT / "Procfile").read_text().splitlines():
        if row.startswith(f"{name}:"):
            words = shlex.split(row.split(":", 1)[1])
            return [w for w in words if not re.fullmatch(r"[A-Z_]+=.*", w)]
    raise AssertionError(f"no {name} in the Procfile")


def options(words: list[str]) -> dict[str, str]:
    return {w: words[i + 1] for i, w in enumerate(words) if w.startswith("--")}


def test_engines_run_the_procfile_command_in_redis_mode() -> None:
    assert len(ENGINES) >= 2
    local = options(procfile_command("engine"))
    for name in ENGINES:
        command = shlex.split(SERVICES[name]["command"])
        assert command[:3] == procfile_command("engine")[:3]  # python -m engine, as locally
        deployed = options(command)
        assert deployed["--endpoints"] == "endpoints-redis.yml"
        assert deployed["--credentials"] == local["--credentials"]
        assert deployed["--model"] == local["--model"].split(":-")[-1].rstrip("}")
        env = SERVICES[name]["environment"]
        assert {"REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "ACTIONS_URL"} <= set(env)
        assert "NLG_URL" not in env  # the engines never call a gateway back


def test_the_gateway_knows_every_engine_and_the_shared_redis() -> None:
    env = SERVICES["gateway"]["environment"]
    urls = env["ENGINE_URLS"].split(",")
    assert sorted(urls) == sorted(f"http://{name}:5005" for name in ENGINES)
    assert env["REDIS_HOST"] == "redis" and env["LYGTE_MODE"] == "production"


def test_redis_keeps_nothing_on_disk() -> None:
    redis = SERVICES["redis"]
    words = shlex.split(redis["command"])
    assert options(words)["--save"] == "" and options(words)["--appendonly"] == "no"
    assert "volumes" not in redis


def test_signal_cli_rest_api_runs_in_json_rpc_mode() -> None:
    assert SERVICES["signal"]["environment"]["MODE"] == "json-rpc"


def test_every_variable_the_redis_template_reads_is_documented() -> None:
    template = (REPO_ROOT / "endpoints-redis.yml").read_text()
    documented = (REPO_ROOT / ".env.example").read_text()
    for name in set(re.findall(r"\$\{([A-Z_]+)\}", template)):
        assert re.search(rf"^#? ?{name}=", documented, re.M), name
