"""Redis mode for real: redis-server, two engines, the action server and one gateway.

A conversation keeps its context when its turns are answered by different engines, and
stopping an engine in the middle of a run loses no conversation.
"""

from __future__ import annotations

import threading
import uuid
from typing import Iterator

import pytest
import redis

from lygte.payload import Payload
from tests.e2e.redis_line import RedisLine, redis_line
from tests.support import post_json, post_sms, sms_params, twiml_messages

#: What the gateway sends with an English message (bot/conversation.py).
METADATA = {"channel": "sms", "language": "en", "language_strong": True, "default_language": "da"}


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisLine]:
    with redis_line(tmp_path_factory.mktemp("redis-line"), engine_count=2) as running:
        yield running


def engine_turn(engine_url: str, sender: str, text: str) -> tuple[list[str], list[str]]:
    """One message straight to one engine's REST channel: (response names, offer ids)."""
    result = post_json(
        f"{engine_url}/webhooks/rest/webhook",
        {"sender": sender, "message": text, "metadata": METADATA},
    )
    assert result.status == 200, result.body
    payloads = [Payload.from_json(message.get("custom")) for message in result.json()]
    assert payloads and None not in payloads  # every reply is an action's payload
    return [p.response for p in payloads], [o for p in payloads for o in p.offers]


def say(line: RedisLine, sender: str, text: str) -> dict:
    """One message through the gateway (simulator API, the same path as an SMS)."""
    result = post_json(
        f"{line.url}/simulator/api/message", {"channel": "sms", "from": sender, "text": text}
    )
    assert result.status == 200, result.body
    return result.json()


def test_turns_on_different_engines_share_the_conversation(scaled: RedisLine) -> None:
    first_engine, second_engine = (engine.url for engine in scaled.engines)
    sender = "pseudonym-" + uuid.uuid4().hex
    responses, first = engine_turn(first_engine, sender, "I need a doctor")
    assert responses and first
    _, more = engine_turn(second_engine, sender, "more")
    # "more" only lists further offers when the engine knows the need and what was listed.
    assert more and not set(more) & set(first), (first, more)
    _, again = engine_turn(first_engine, sender, "more")
    assert not set(again) & set(first + more), (first, more, again)


def test_a_fresh_conversation_has_no_context(scaled: RedisLine) -> None:
    """The control for the test above: "more" without a need lists nothing."""
    _, offers = engine_turn(scaled.engines[1].url, "pseudonym-" + uuid.uuid4().hex, "more")
    assert offers == []


def test_signed_sms_through_the_engine_pool(scaled: RedisLine) -> None:
    number = "+45" + str(uuid.uuid4().int)[:8]
    for text in ("I need a doctor", "more"):
        result = post_sms(scaled.url, scaled.twilio_token, sms_params(number, text))
        assert result.status == 200
        assert any(twiml_messages(result.body))


def test_stopping_an_engine_mid_run_loses_no_conversation(scaled: RedisLine) -> None:
    """Ten conversations of three turns each; the second engine stops after the first turns."""
    conversations = 10
    first_turns_done = threading.Barrier(conversations + 1)
    engine_stopped = threading.Event()
    answers: dict[int, list[dict]] = {}
    failures: list[BaseException] = []

    def converse(index: int) -> None:
        sender = "+45" + str(uuid.uuid4().int)[:8]
        try:
            turns = [say(scaled, sender, "I need a doctor")]
            first_turns_done.wait(timeout=120)
            if index % 2:  # half of them talk on while the engine is being stopped
                engine_stopped.wait(timeout=120)
            turns += [say(scaled, sender, "more"), say(scaled, sender, "is it open now?")]
            answers[index] = turns
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=converse, args=(i,)) for i in range(conversations)]
    for thread in threads:
        thread.start()
    first_turns_done.wait(timeout=120)
    scaled.engines[1].stop()
    engine_stopped.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert scaled.engines[1].process.poll() is not None  # it really is gone
    assert len(answers) == conversations
    for first, more, hours in answers.values():
        assert first["intent"] == "health" and first["offers"], first
        assert more["intent"] == "more" and more["offers"], more
        assert not set(more["offers"]) & set(first["offers"]), (first, more)
        assert hours["intent"] == "ask_hours" and hours["offers"], hours


def test_redis_holds_no_number_and_no_message_text(scaled: RedisLine) -> None:
    number = "+45" + str(uuid.uuid4().int)[:8]
    marker = "marker" + uuid.uuid4().hex[:8]
    say(scaled, number, f"I need a doctor {marker}")
    found = {}
    for db in (0, 1, 2):
        store = redis.Redis(port=scaled.redis_port, password=scaled.redis_password, db=db)
        for key in store.keys():
            kind = store.type(key).decode()
            if kind == "string":
                value = store.get(key)
            elif kind == "hash":
                value = b" ".join(store.hgetall(key).values())
            else:
                value = b" ".join(store.smembers(key))
            found[key.decode()] = value.decode(errors="replace")
    assert any(key.startswith("lygte:tracker:") for key in found), "the conversation is there"
    assert all(key.startswith("lygte:") for key in found), list(found)
    for key, value in found.items():
        for secret in (number, number[1:], marker):
            assert secret not in key and secret not in value, key
