"""Below INFO, log records keep where they came from but never their content."""

from __future__ import annotations

import io
import json
import logging
from typing import Iterator

import pytest

from lygte import log_guard


@pytest.fixture
def guarded() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A DEBUG logger writing to a buffer, with the guard installed (and removed afterwards)."""
    before = logging.getLogRecordFactory()
    log_guard.install()
    log_guard.install()  # a second install changes nothing
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("lygte.test.guard")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield logger, buffer
    finally:
        logger.removeHandler(handler)
        logging.setLogRecordFactory(before)


def test_debug_content_is_withheld_and_info_is_kept(guarded) -> None:
    logger, buffer = guarded
    logger.debug("Received user message 'zebra +4512345678' from %s", "a-uuid")
    logger.info("engine started")
    try:
        raise ValueError("zebra in an exception")
    except ValueError:
        logger.debug("failed", exc_info=True)
    out = buffer.getvalue()
    assert "zebra" not in out and "4512345678" not in out and "a-uuid" not in out
    assert out.count(log_guard.WITHHELD) == 2
    assert "lygte.test.guard INFO engine started" in out


def test_rasa_structured_events_keep_their_name_only(guarded) -> None:
    logger, buffer = guarded
    logger.debug(json.dumps({"event": "processor.extract.slots", "rasa_events": ["zebra"]}))
    out = buffer.getvalue()
    assert "processor.extract.slots" in out and "zebra" not in out
