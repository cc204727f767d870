"""Fixtures shared by the engine's tests."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.redis_server import redis_server


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    """A real redis-server on a free loopback port, for the tests of one module."""
    with redis_server() as port:
        yield port
