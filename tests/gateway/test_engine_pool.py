"""The engine pool on its own: configuration, and what it does when engines are down.

Failing over to a live engine is shown with real engines in tests/e2e/test_redis_scaleout.py.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot.engine_client import EngineUnreachable
from bot.engine_pool import EnginePool
from tests.gateway.conftest import settings_for
from tests.support import free_port


def test_engine_urls_come_from_engine_urls_else_engine_url() -> None:
    def urls(**env: str) -> tuple[str, ...]:
        return settings_for(free_port(), "t", **env).engine_urls

    listed = urls(ENGINE_URLS=" http://10.0.0.1:5005/, http://10.0.0.2:5005 ,,")
    assert listed == ("http://10.0.0.1:5005", "http://10.0.0.2:5005")
    assert urls(ENGINE_URL="http://127.0.0.1:5005") == ("http://127.0.0.1:5005",)
    assert urls(ENGINE_URLS="", ENGINE_URL="http://y/") == ("http://y",)


def test_a_pool_needs_an_engine() -> None:
    with pytest.raises(ValueError):
        EnginePool(None, [], 1.0)  # type: ignore[arg-type]


def test_every_dead_engine_is_tried_then_marked_down() -> None:
    dead = [f"http://127.0.0.1:{free_port()}" for _ in range(3)]

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            pool = EnginePool(session, dead, timeout_s=2)
            assert all(pool.healthy.values())
            with pytest.raises(EngineUnreachable):
                await pool.send("pseudonym", "hej", {})
            assert not any(pool.healthy.values())
            assert await pool.check() is False

    asyncio.run(scenario())


def test_rotation_starts_at_the_next_engine_and_puts_healthy_ones_first() -> None:
    pool = EnginePool(None, ["http://a", "http://b", "http://c"], 1.0)  # type: ignore[arg-type]
    firsts = [pool._order()[0].engine_url for _ in range(4)]
    assert firsts == ["http://a", "http://b", "http://c", "http://a"]
    pool.healthy["http://b"] = False
    order = [client.engine_url for client in pool._order()]
    assert order[-1] == "http://b" and set(order) == {"http://a", "http://b", "http://c"}
