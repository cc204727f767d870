"""Every need, at any hour, gets something to do now: an open place, a number, or a next step.

Run on the real catalogue, at the hours that matter most (a weekday night, a working day, a
Sunday, Christmas Eve and Christmas Day), the way the action server ranks the first page.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from lygte import replies
from lygte.catalogue import EMERGENCY_NUMBERS, NEEDS, load_catalogue
from lygte.hours import TIMEZONE
from lygte.places import load_gazetteer
from lygte.selection import PAGE_SIZE, describe, offers_for

GAZETTEER = load_gazetteer()
OFFERS = tuple(load_catalogue())
MOMENTS = {
    "tuesday 02:00": datetime(2026, 12, 8, 2, 0, tzinfo=TIMEZONE),
    "friday 12:00": datetime(2026, 12, 4, 12, 0, tzinfo=TIMEZONE),
    "sunday 14:00": datetime(2026, 12, 6, 14, 0, tzinfo=TIMEZONE),
    "christmas eve 20:00": datetime(2026, 12, 24, 20, 0, tzinfo=TIMEZONE),
    "christmas day 10:00": datetime(2026, 12, 25, 10, 0, tzinfo=TIMEZONE),
}


def first_page(need: str, now: datetime) -> list[dict]:
    return [describe(o, now, GAZETTEER) for o in offers_for(need, OFFERS, now, GAZETTEER)][
        :PAGE_SIZE
    ]


@pytest.mark.parametrize("moment", sorted(MOMENTS))
@pytest.mark.parametrize("need", NEEDS)
def test_each_need_has_something_to_do_now(need: str, moment: str) -> None:
    page = first_page(need, MOMENTS[moment])
    actionable = [
        o
        for o in page
        if o["hours"]["state"] in ("open", "always")
        or (o["phone"] and o["phone"] not in EMERGENCY_NUMBERS)
    ]
    assert actionable or need in replies.GUIDANCE, (need, moment, page)


@pytest.mark.parametrize("need", NEEDS)
def test_no_emergency_number_is_listed_as_a_place_for_a_need(need: str) -> None:
    for now in MOMENTS.values():
        assert not [o["id"] for o in first_page(need, now) if o["phone"] in EMERGENCY_NUMBERS]
