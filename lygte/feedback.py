"""The "did it help?" answers: their fixed values, the anonymity rule, and what needs checking.

After a list of offers the line may ask once "Did it help? 1 yes, 2 it was closed, 3 I was
turned away, 4 wrong info". Only the digit's fixed answer (`ANSWERS`) is kept, counted per
offer and day (bot/feedback.py), never with a person or a time finer than the day.

Staff see the counts through `shown`: a count from 1 to 4 is written "<5" so that a small
count cannot point to one person's visit; 0 is written "0" (nobody answered, so nobody can be
pointed to, and staff need to tell "no answers" from "a few").

The "needs checking" list (`needs_checking`) holds the offers with a problem report during
their stated opening hours since they were last verified, and the stale ones (verified more
than the stale age ago: the catalogue's `stale_after_days`, i.e. OFFER_STALE_DAYS, default
180, the same figure that makes the line say "call first"). Most urgent first:

1. more problem reports ("closed", "turned away", "wrong info") during the offer's stated
   opening hours since its last verification: people were sent there and it failed them;
2. then the older verification (more days since `verified`; a stale offer is older than
   every fresh one, so stale ones come before fresh ones with the same number of reports);
3. then the offer listed more often (more people are sent there);
4. then the offer id, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from lygte.catalogue import Offer
from lygte.hours import hours_state, wall_clock

#: The answers in the order of the digits 1-4.
ANSWERS: tuple[str, ...] = ("helped", "closed", "turned_away", "wrong_info")
#: The answers that say the offer did not work out; counted for "needs checking".
PROBLEMS: tuple[str, ...] = ("closed", "turned_away", "wrong_info")
#: A count below this is shown as "<5" (and 0 as "0").
SHOWN_FROM = 5
#: "closed" reports during stated opening hours from which the offer is flagged.
CLOSED_FLAG_FROM = 2
#: The windows staff see, in days; the store keeps nothing older than the longest.
WINDOWS: tuple[int, ...] = (30, 90)
KEEP_DAYS = max(WINDOWS)


def answer_for_digit(text: str) -> str | None:
    """The answer a text gives: a plain digit 1-4 (spaces around allowed), else None."""
    stripped = text.strip()
    if len(stripped) == 1 and stripped in "1234":
        return ANSWERS[int(stripped) - 1]
    return None


def shown(count: int) -> str:
    """A count as staff see it: "0", "<5" for 1 to 4, else the number."""
    if 0 < count < SHOWN_FROM:
        return f"<{SHOWN_FROM}"
    return str(count)


def day_of(now: datetime) -> date:
    """The Copenhagen calendar day of `now` (an aware datetime): the only time kept."""
    return wall_clock(now).date()


def report_window(verified: date, today: date) -> int:
    """The days of reports that still concern an offer verified on `verified`: the days after.

    A check answers the reports before it (including those of the day it was made); at
    most the `KEEP_DAYS` the store keeps.
    """
    return max(0, min(KEEP_DAYS, age_days(verified, today)))


def during_stated_hours(offer: Offer, when: datetime) -> bool:
    """True when the hours the line sends as fact say the offer is open at `when` (aware).

    An offer without confirmed hours, or verified too long ago (stale), never is: a "closed"
    report then contradicts nothing the line said (it said "call first").
    """
    trusted = offer.hours_trusted(day_of(when))
    state = hours_state(offer.opening_hours, trusted, when)["state"]
    return state in ("open", "always")


def age_days(verified: date, today: date) -> int:
    """Days since `verified`."""
    return (today - verified).days


def is_stale(verified: date, today: date, stale_after_days: int) -> bool:
    """True when `verified` is longer ago than the stale age (the catalogue's setting)."""
    return age_days(verified, today) > stale_after_days


@dataclass(frozen=True)
class Check:
    """One offer on the "needs checking" list, with what put it there."""

    offer: Offer
    #: Problem reports during its stated opening hours since it was last verified.
    reports: int
    age_days: int
    stale: bool
    #: How often it was listed to people in the window looked at.
    listed: int


def needs_checking(
    offers: Iterable[Offer],
    today: date,
    reports: Mapping[str, int],
    listed: Mapping[str, int],
) -> list[Check]:
    """The offers that need checking, most urgent first (the order is in the module docstring).

    `reports` maps an offer id to its problem reports during stated opening hours since its
    last verification; `listed` to how often it was listed. Offers missing from either
    count as 0.
    """
    checks = [
        Check(
            offer=offer,
            reports=reports.get(offer.id, 0),
            age_days=age_days(offer.verified, today),
            stale=is_stale(offer.verified, today, offer.stale_after_days),
            listed=listed.get(offer.id, 0),
        )
        for offer in offers
    ]
    return sorted(
        (check for check in checks if check.reports or check.stale),
        key=lambda c: (-c.reports, -c.age_days, -c.listed, c.offer.id),
    )
