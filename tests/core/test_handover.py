"""The pure parts of talking to a person: case codes, duty hours, the wait (lygte/handover.py)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timedelta

from lygte.handover import CODE_ALPHABET, Case, Message, new_code, next_on_duty, on_duty
from lygte.hours import TIMEZONE

#: A Wednesday in winter, 20:00 in Copenhagen.
WEDNESDAY_EVENING = datetime(2026, 12, 2, 20, 0, tzinfo=TIMEZONE)


def test_a_code_is_short_unambiguous_and_new() -> None:
    taken = {new_code(set()) for _ in range(200)}
    code = new_code(taken)
    assert code not in taken
    assert len(code) == 4
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)


def test_a_case_carries_no_identity() -> None:
    names = {f.name for f in fields(Case)}
    assert not names & {"pseudonym", "address", "number", "uuid", "sender"}


def test_duty_hours_are_opening_hours() -> None:
    assert on_duty("24/7", WEDNESDAY_EVENING)
    assert on_duty("Mo-Fr 18:00-22:00", WEDNESDAY_EVENING)
    assert not on_duty("Mo-Fr 09:00-16:00", WEDNESDAY_EVENING)


def test_nobody_is_on_duty_without_hours_or_with_broken_ones() -> None:
    for expression in ("", "  ", "not hours"):
        assert not on_duty(expression, WEDNESDAY_EVENING)
        assert next_on_duty(expression, WEDNESDAY_EVENING) is None


def test_next_on_duty_is_the_next_opening_in_copenhagen_time() -> None:
    assert next_on_duty("Mo-Fr 09:00-16:00", WEDNESDAY_EVENING) == datetime(
        2026, 12, 3, 9, 0, tzinfo=TIMEZONE
    )
    friday_evening = WEDNESDAY_EVENING + timedelta(days=2)
    assert next_on_duty("Mo-Fr 09:00-16:00", friday_evening) == datetime(
        2026, 12, 7, 9, 0, tzinfo=TIMEZONE
    )


def test_next_on_duty_is_now_when_on_duty_and_none_when_never() -> None:
    assert next_on_duty("24/7", WEDNESDAY_EVENING) == WEDNESDAY_EVENING
    assert next_on_duty("off", WEDNESDAY_EVENING) is None


def test_the_wait_starts_at_the_oldest_unanswered_message() -> None:
    at = WEDNESDAY_EVENING
    case = Case("ABCD", "da", "sms", "waiting", at)
    assert case.waiting_since() is None
    case.messages += [Message("person", "hej", at), Message("person", "?", at + timedelta(1))]
    assert case.waiting_since() == at
    case.messages.append(Message("staff", "hej", at + timedelta(2)))
    assert case.waiting_since() is None
    case.messages.append(Message("person", "ok", at + timedelta(3)))
    assert case.waiting_since() == at + timedelta(3)
