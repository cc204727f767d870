import pytest

from bot.config import ConfigError, RedisSettings, Settings

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
        {**DEV, "LOG_LEVEL": "LOUD"},
    ],
)
def test_unsafe_settings_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(env)


def test_production_with_real_secrets_starts() -> None:
    env = {"LYGTE_MODE": "production", "PSEUDONYM_SECRET": "a" * 64, "TWILIO_AUTH_TOKEN": "t"}
    assert Settings.from_env(env).production


def test_the_process_settings_are_read_once_here() -> None:
    """ENGINE_URLS, REDIS_* and LOG_LEVEL: read into Settings, not from os.environ later."""
    plain = Settings.from_env(DEV)
    assert plain.redis is None and plain.log_level == "INFO"
    assert plain.engine_urls == (plain.engine_url,)
    env = {**DEV, "REDIS_HOST": "10.0.0.20", "REDIS_PASSWORD": "pw", "LOG_LEVEL": "debug"}
    shared = Settings.from_env(env)
    assert shared.redis == RedisSettings("10.0.0.20", 6379, "pw") and shared.log_level == "DEBUG"
    assert "pw" not in repr(shared)
