import pytest

from bot.config import ConfigError, Settings

DEV = {"PSEUDONYM_SECRET": "dev-x", "TWILIO_AUTH_TOKEN": "dev-y"}


def test_development_accepts_dev_placeholders() -> None:
    settings = Settings.from_env(DEV)
    assert not settings.production
    assert settings.port == 8000 and settings.sms_max_segments == 3


@pytest.mark.parametrize(
    "env",
    [
        {**DEV, "LYGTE_MODE": "production"},
        {"LYGTE_MODE": "production", "PSEUDONYM_SECRET": "a" * 64, "TWILIO_AUTH_TOKEN": ""},
        {"LYGTE_MODE": "production", "PSEUDONYM_SECRET": "", "TWILIO_AUTH_TOKEN": "real"},
        {"LYGTE_MODE": "staging", "PSEUDONYM_SECRET": "a", "TWILIO_AUTH_TOKEN": "b"},
        {"TWILIO_AUTH_TOKEN": "dev-y"},
    ],
)
def test_unsafe_settings_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(env)


def test_production_with_real_secrets_starts() -> None:
    env = {"LYGTE_MODE": "production", "PSEUDONYM_SECRET": "a" * 64, "TWILIO_AUTH_TOKEN": "t"}
    assert Settings.from_env(env).production
