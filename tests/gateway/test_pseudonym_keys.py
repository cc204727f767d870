"""Rotating the pseudonym secret, and daily keys: which keys a conversation is looked up by."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.config import ConfigError, Settings
from bot.privacy import PseudonymKeys, day_secret, pseudonym
from lygte.names import KEY_SEPARATOR

NEW, OLD = b"new-secret", b"old-secret"


def test_without_rotation_the_key_is_the_plain_pseudonym() -> None:
    keys = PseudonymKeys((NEW,))
    assert keys.conversation_key("sms", "+4512345678") == pseudonym(NEW, "sms", "+4512345678")


def test_during_rotation_the_current_key_comes_first_then_the_previous() -> None:
    key = PseudonymKeys((NEW, OLD)).conversation_key("signal", "a-uuid")
    assert key.split(KEY_SEPARATOR) == [
        pseudonym(NEW, "signal", "a-uuid"),
        pseudonym(OLD, "signal", "a-uuid"),
    ]
    assert "a-uuid" not in key


def test_daily_keys_differ_per_day_and_accept_yesterday() -> None:
    keys = PseudonymKeys((NEW,), daily=True)
    monday = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
    tuesday = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    on_monday = keys.candidates("sms", "+4512345678", monday)
    on_tuesday = keys.candidates("sms", "+4512345678", tuesday)
    assert on_monday[0] != on_tuesday[0]  # days cannot be linked by the key
    assert on_tuesday[1] == on_monday[0]  # a conversation over midnight continues
    assert on_monday[0] == pseudonym(day_secret(NEW, monday.date()), "sms", "+4512345678")


def test_the_day_changes_at_midnight_in_copenhagen() -> None:
    keys = PseudonymKeys((NEW,), daily=True)
    before = datetime(2026, 11, 23, 22, 59, tzinfo=timezone.utc)  # 23:59 in Copenhagen
    after = datetime(2026, 11, 23, 23, 1, tzinfo=timezone.utc)  # 00:01 the next day
    assert keys.candidates("sms", "x", before)[0] != keys.candidates("sms", "x", after)[0]


def settings(**env: str) -> Settings:
    return Settings.from_env({"PSEUDONYM_SECRET": "s-new", "TWILIO_AUTH_TOKEN": "t", **env})


def test_settings_read_the_previous_secret_and_daily_mode() -> None:
    assert settings().pseudonym_keys == PseudonymKeys((b"s-new",), False)
    rotated = settings(PSEUDONYM_SECRET_PREVIOUS="s-old", PSEUDONYM_DAILY="true")
    assert rotated.pseudonym_keys == PseudonymKeys((b"s-new", b"s-old"), True)


def test_production_refuses_a_placeholder_previous_secret() -> None:
    with pytest.raises(ConfigError):
        settings(
            LYGTE_MODE="production",
            PSEUDONYM_SECRET="real-secret",
            TWILIO_AUTH_TOKEN="real-token",
            PSEUDONYM_SECRET_PREVIOUS="dev-old",
        )
