"""The whole line (engine, actions, gateway as real processes) with push delivery on: SMS
through the Twilio Messages API fake, Signal through the signal-cli-rest-api fake, both on
127.0.0.1, and a staff account with the answer role for the inbox's JSON API.

Used by tests/e2e/test_handover_push.py and tests/e2e/test_privacy_audit_push.py.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from bot.staff.accounts import add_account
from tests.e2e.conftest import RunningLine, started_line
from tests.fakes.signal_cli_rest_api import FakeSignalApi, text_envelope
from tests.fakes.twilio_api import FakeTwilioApi
from tests.privacy_audit import wait_until
from tests.staff.client import StaffClient
from tests.staff.test_inbox_api import Api
from tests.support import post_sms, sms_params, twiml_messages

LINE_NUMBER = "+4571000000"
ANSWERER, PASSWORD = "anna", "lang-nok-adgangskode-42"


@dataclass
class PushLine:
    """A running line that pushes, its two fakes, and a logged-in staff member."""

    line: RunningLine
    twilio: FakeTwilioApi
    signal: FakeSignalApi
    staff: Api

    def sms(self, number: str, words: str) -> list[str]:
        """The replies to a signed SMS webhook from `number`."""
        params = sms_params(number, words)
        result = post_sms(self.line.url, self.line.twilio_token, params)
        assert result.status == 200, result.body
        return twiml_messages(result.body)

    def signal_text(self, sender: str, words: str) -> list[str]:
        """What the line sends `sender` on Signal in answer to `words` (up to the read
        receipt, which follows the last reply)."""
        receipts = len(self.signal.calls_to("POST", "/v1/receipts/"))
        before = len(self.signal.texts_to(sender))
        assert self.signal.inject(text_envelope(self.signal, sender, words)) == 1
        self.signal.wait(lambda: len(self.signal.calls_to("POST", "/v1/receipts/")) > receipts)
        return self.signal.texts_to(sender)[before:]

    def codes(self) -> set[str]:
        """The codes of the open cases, as staff see them."""
        result = self.staff.get("cases")
        assert result.status == 200, result.body
        return {case["code"] for case in result.json()}

    def reply(self, code: str, text: str) -> str:
        """Staff answer case `code`; how it was delivered ("push" or "pull")."""
        result = self.staff.post(f"cases/{code}/reply", {"text": text})
        assert result.status == 200, result.body
        return result.json()["delivered"]


@contextmanager
def push_line(tmp: Path, tracker_store: dict | None = None, **env: str) -> Iterator[PushLine]:
    """Start the whole line in `tmp` with both kinds of push and the fakes (and `env`,
    `tracker_store` as tests/e2e/conftest.py's started_line takes them)."""
    with FakeTwilioApi() as twilio, FakeSignalApi(number=LINE_NUMBER) as signal:
        add_account(tmp / "staff", ANSWERER, PASSWORD, ("answer",))  # STAFF_DATA_DIR
        push_env = {
            "TWILIO_AUTH_TOKEN": twilio.auth_token,  # signs the webhooks and the API calls
            "TWILIO_ACCOUNT_SID": twilio.account_sid,
            "TWILIO_FROM": LINE_NUMBER,
            "TWILIO_API_URL": twilio.base_url,
            "SIGNAL_SERVICE": signal.service,
            "SIGNAL_NUMBER": signal.number,
            "SIGNAL_DISAPPEARING_SECONDS": "0",
            "HANDOFF_DUTY_HOURS": "24/7",
        }
        with started_line(tmp, tracker_store, **{**push_env, **env}) as line:
            assert wait_until(lambda: signal.listeners >= 1, 60), "Signal never connected"
            client = StaffClient(line.url)
            assert client.login(ANSWERER, PASSWORD).status == 303
            yield PushLine(line, twilio, signal, Api(client))
