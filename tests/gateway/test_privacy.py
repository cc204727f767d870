from bot.privacy import describe_error, pseudonym

SECRET = b"test-secret"


def test_pseudonym_is_stable_and_hides_the_address() -> None:
    key = pseudonym(SECRET, "sms", "+4512345678")
    assert key == pseudonym(SECRET, "sms", "+45 1234 5678")
    assert len(key) == 64 and "12345678" not in key


def test_pseudonym_differs_per_channel_and_per_secret() -> None:
    assert pseudonym(SECRET, "sms", "+4512345678") != pseudonym(SECRET, "signal", "+4512345678")
    assert pseudonym(SECRET, "sms", "+4512345678") != pseudonym(b"other", "sms", "+4512345678")
    assert pseudonym(SECRET, "sms", "+4512345678") != pseudonym(SECRET, "sms", "+4512345679")


def test_describe_error_names_the_error_but_not_its_message() -> None:
    try:
        raise ValueError("secret text +4512345678")
    except ValueError as error:
        described = describe_error(error)
    assert described.startswith("ValueError at ")
    assert "test_privacy.py" in described
    assert "secret" not in described and "4512345678" not in described
