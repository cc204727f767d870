"""Rasa's own tooling works on the project as it is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
