"""Rasa's own tooling works on the project as it is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

REPO = Path(__file__).resolve().parents[2]
RASA = Path(sys.executable).parent / "rasa"


def test_rasa_data_validate_passes_without_warnings() -> None:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [str(RASA), "data", "validate"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "UserWarning" not in output, output[-3000:]


def test_the_action_server_serves_exactly_the_domains_actions() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")  # what `rasa run actions --actions actions` does
    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    assert set(executor.actions) == set(domain["actions"])
