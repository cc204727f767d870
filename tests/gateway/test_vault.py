"""The push-address vault (bot/handover/vault.py): consent words, encryption, expiry, erasure."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
import redis.asyncio as aioredis

from bot.handover.vault import Address, AddressVault, MemoryTokens, RedisTokens, is_yes
from tests.privacy_audit import found_in_redis
from tests.redis_server import redis_server

NOW = datetime(2026, 12, 2, 19, 0, tzinfo=timezone.utc)
NUMBER = "+4520123456"
MAX_AGE = timedelta(hours=72)


@pytest.mark.parametrize("text", ["JA", "ja!", "Yes", "da", "ДА", "sí", "Si.", "ใช่"])
def test_an_explicit_yes_in_each_language_is_consent(text: str) -> None:
    assert is_yes(text)


@pytest.mark.parametrize("text", ["nej", "no", "ja måske", "yes please call me", "", "ok"])
def test_anything_else_is_not_consent(text: str) -> None:
    assert not is_yes(text)


def test_the_address_is_kept_encrypted_and_only_for_its_case() -> None:
    async def scenario() -> None:
        tokens = MemoryTokens()
        vault = AddressVault(tokens, MAX_AGE)
        await vault.keep("K7QX", Address("sms", NUMBER), NOW)
        token = await tokens.get("K7QX")
        assert token is not None and NUMBER.encode() not in token and b"4520123456" not in token
        assert await vault.address("K7QX", NOW + timedelta(hours=1)) == Address("sms", NUMBER)
        await tokens.put("ABCD", token, 60)  # copied under another code: does not open
        assert await vault.address("ABCD", NOW) is None
        assert NUMBER not in repr(Address("sms", NUMBER))

    asyncio.run(scenario())


def test_the_address_expires_after_the_handoff_hours_and_is_erased() -> None:
    async def scenario() -> None:
        tokens = MemoryTokens()
        vault = AddressVault(tokens, MAX_AGE)
        await vault.keep("K7QX", Address("signal", "uuid-marker"), NOW)
        assert await vault.address("K7QX", NOW + MAX_AGE - timedelta(minutes=1)) is not None
        assert await vault.address("K7QX", NOW + MAX_AGE + timedelta(minutes=1)) is None
        assert len(tokens) == 0

    asyncio.run(scenario())


def test_erase_forgets_the_address() -> None:
    async def scenario() -> None:
        vault = AddressVault(MemoryTokens(), MAX_AGE)
        await vault.keep("K7QX", Address("sms", NUMBER), NOW)
        await vault.erase("K7QX")
        assert await vault.address("K7QX", NOW) is None

    asyncio.run(scenario())


def test_a_restart_without_handoff_key_cannot_read_old_addresses_but_a_shared_key_can() -> None:
    async def scenario() -> None:
        tokens = MemoryTokens()
        await AddressVault(tokens, MAX_AGE).keep("K7QX", Address("sms", NUMBER), NOW)
        assert await AddressVault(tokens, MAX_AGE).address("K7QX", NOW) is None
        await AddressVault(tokens, MAX_AGE, "shared").keep("K7QX", Address("sms", NUMBER), NOW)
        other_gateway = AddressVault(tokens, MAX_AGE, "shared")
        assert await other_gateway.address("K7QX", NOW) == Address("sms", NUMBER)

    asyncio.run(scenario())


def test_in_redis_only_ciphertext_with_a_ttl_exists() -> None:
    with redis_server() as port:

        async def scenario() -> None:
            client = aioredis.Redis(port=port, db=2)
            vault = AddressVault(RedisTokens(client), MAX_AGE, "shared")
            await vault.keep("K7QX", Address("sms", NUMBER), NOW)
            assert 0 < await client.ttl("lygte:push:K7QX") <= MAX_AGE.total_seconds()
            assert await vault.address("K7QX", NOW) == Address("sms", NUMBER)
            await client.aclose()

        asyncio.run(scenario())
        assert found_in_redis(port, [NUMBER]) == []
