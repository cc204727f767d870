"""The action server's settings (actions/settings.py): read once, passed to the core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from actions.settings import REPO_ROOT, Settings
from lygte.catalogue import DEFAULT_DIR, STALE_AFTER_DAYS


def test_defaults_are_the_shipped_catalogue_and_180_days() -> None:
    assert Settings.from_env({}) == Settings(DEFAULT_DIR, STALE_AFTER_DAYS)
    assert STALE_AFTER_DAYS == 180


def test_a_relative_offers_dir_is_taken_from_the_project_root(tmp_path: Path) -> None:
    assert Settings.from_env({"OFFERS_DIR": "var/offers"}).offers_dir == REPO_ROOT / "var/offers"
    assert Settings.from_env({"OFFERS_DIR": str(tmp_path)}).offers_dir == tmp_path


@pytest.mark.parametrize("value", ["soon", "-1"])
def test_a_bad_stale_age_stops_the_start(value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"OFFER_STALE_DAYS": value})


def test_the_action_server_builds_its_catalogue_from_the_environment(tmp_path: Path) -> None:
    """In a fresh interpreter, as `rasa run actions` imports the package."""
    program = (
        "from actions.actions import CATALOGUE; "
        "print(CATALOGUE.directory, CATALOGUE.stale_after_days)"
    )
    env = {"OFFERS_DIR": str(tmp_path), "OFFER_STALE_DAYS": "30", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [str(tmp_path), "30"]
