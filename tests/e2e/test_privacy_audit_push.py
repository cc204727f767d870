"""Privacy audit of push delivery: the three real processes in Redis mode (cases and the push
vault in a real redis-server, the Redis tracker store), once at the default log level and once
with LOG_LEVEL=DEBUG, signed Twilio webhooks, the Twilio Messages API fake and the
signal-cli-rest-api fake (tests/e2e/push_line.py).

People ask for a person, answer YES to the push question and get staff replies pushed. While
a case may push, Redis holds the address only as a Fernet token under `lygte:push:<code>`:
the number and the UUID in plain appear nowhere, neither in Redis nor in any file written
during the run nor in what the processes printed. After staff close, SLET and expiry
(HANDOFF_HOURS is short here) the token is gone too, and with it every case's words.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import redis

from bot.handover.vault import REDIS_PREFIX
from bot.redis_state import GATEWAY_DB
from tests.e2e.conftest import REPO
from tests.e2e.push_line import PushLine, push_line
from tests.privacy_audit import (
    Markers,
    found_anywhere,
    found_in_redis,
    redis_for_audit,
    wait_until,
)

LEVELS = {"default": {}, "debug": {"LOG_LEVEL": "DEBUG"}}
#: A case (and its push address) lives this long here: 72 seconds.
HANDOFF_HOURS = 0.02
ON = "Answers are now sent at once."


@dataclass
class PushAudit(Markers):
    """A running line under audit, its Redis and everything secret sent to it."""

    level: str
    push: PushLine
    redis_port: int
    since: float
    tmp: Path

    def token(self, code: str) -> bytes | None:
        """The encrypted push address of case `code` in Redis, if any."""
        client = redis.Redis(host="127.0.0.1", port=self.redis_port, db=GATEWAY_DB)
        return client.get(REDIS_PREFIX + code)

    def consent_by_sms(self) -> str:
        """A person asks for a person by SMS and says YES; the case code."""
        phone, before = self.number(), self.push.codes()
        self.push.sms(phone, f"talk to someone {self.marker()}")
        [code] = self.push.codes() - before
        assert ON in " ".join(self.push.sms(phone, "YES"))
        return code


@pytest.fixture(scope="module", params=list(LEVELS))
def audit(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[PushAudit]:
    """The line in Redis mode at one log level, started for this module."""
    since = time.time()
    tmp = tmp_path_factory.mktemp(f"push-audit-{request.param}")
    with redis_for_audit(tmp) as (port, store, env):
        env.update(
            LEVELS[request.param],
            HANDOFF_HOURS=str(HANDOFF_HOURS),
            HANDOFF_KEY="test-" + uuid.uuid4().hex,
        )
        with push_line(tmp, store, **env) as push:
            yield PushAudit(request.param, push, port, since, tmp)


def test_only_the_encrypted_token_is_kept_and_it_goes_with_the_case(audit: PushAudit) -> None:
    push = audit.push
    expiring = audit.consent_by_sms()  # left alone: expires after HANDOFF_HOURS

    closed = audit.consent_by_sms()
    token = audit.token(closed)
    assert token is not None and token.startswith(b"gAAAAA")  # a Fernet token
    staff_words = f"Hello, Anna here {audit.marker()}"
    assert push.reply(closed, staff_words) == "push"
    assert staff_words in [message["body"] for message in push.twilio.messages]

    person = audit.signal_id()
    before = push.codes()
    push.signal_text(person, f"talk to someone {audit.marker()}")
    [erased] = push.codes() - before
    assert ON in " ".join(push.signal_text(person, "yes"))
    assert audit.token(erased) is not None
    assert push.reply(erased, "Hi from Anna.") == "push"
    assert push.signal.texts_to(person)[-1] == "Hi from Anna."

    # During consent: the tokens are there, the numbers and the UUID in plain nowhere.
    assert found_in_redis(audit.redis_port, audit.identities) == []
    assert found_in_redis(audit.redis_port, audit.words) != []  # the open cases' words are

    assert push.staff.post(f"cases/{closed}/close").status == 200
    assert audit.token(closed) is None
    push.signal_text(person, "DELETE")
    assert audit.token(erased) is None and erased not in push.codes()
    assert wait_until(lambda: audit.token(expiring) is None, HANDOFF_HOURS * 3600 + 15)


def test_no_number_uuid_or_word_leaked_anywhere(audit: PushAudit) -> None:
    assert len(audit.identities) >= 3, "the push test must run first"
    # every case is over: closed, erased, or expired (its keys' TTL)
    assert wait_until(lambda: found_in_redis(audit.redis_port, audit.secrets) == [], 60)
    time.sleep(1)  # let the processes flush what they print
    output = audit.push.line.output_text()
    assert "gateway.1" in output
    findings = found_anywhere(output, REPO, audit.tmp, audit.since, audit.redis_port, audit.secrets)
    assert findings == []
    if audit.level == "debug":
        lines = [line for line in output.splitlines() if " gateway.1 " in line]
        assert any("DEBUG" in line for line in lines)  # DEBUG really was on
