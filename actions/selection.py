"""Which offers answer a need, in what order, and how each is described to the gateway.

Ranking (best first): the need fits (a filter), then audience fit, open now, nearness to the
person's place (or to Hovedbanegården when they gave none), confirmed facts, id.

Audience: the line never asks for gender, so nobody is hidden. Offers for everyone come
first, then those whose audience the sources do not state, then offers for one group only;
those carry their audience in words ("women only", "men only") so the person can choose.

Nearness is by area, not metres: no coordinates can be sourced (places/README.md). An offer
is in the areas of its postcode's post town, else of the place its address names; phone
lines and mobile teams come to you, so they count as near.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from actions.catalogue import DEFAULT_DIR, Offer, load_catalogue
from actions.filestamp import Stamp, directory_stamp
from actions.hours import hours_state
from actions.places import Gazetteer, Place

PAGE_SIZE = 3
_OPEN_RANK = {"always": 0, "open": 0, "closed": 1, "unknown": 2}
#: Nearness ranks, and the word the reply uses for each (None: not said).
SAME_AREA, NEXT_AREA, ELSEWHERE, UNKNOWN_AREA = 0, 1, 2, 3
DISTANCE_WORDS = {SAME_AREA: "same", NEXT_AREA: "next", ELSEWHERE: "far", UNKNOWN_AREA: None}


class Catalogue:
    """The offers catalogue, re-read when a file in offers/ changes (staff edits, no restart)."""

    def __init__(self, directory: Path = DEFAULT_DIR) -> None:
        self.directory = directory
        self._stamp: Stamp = ()
        self._offers: tuple[Offer, ...] = ()

    def offers(self) -> tuple[Offer, ...]:
        """Every offer, reloading first if any file changed."""
        stamp = directory_stamp(self.directory)
        if stamp != self._stamp:
            self._offers, self._stamp = load_catalogue(self.directory), stamp
        return self._offers


def is_available(offer: Offer, today: date) -> bool:
    """False while an offer is marked temporarily closed (until its reopening date)."""
    if offer.status != "temporarily_closed":
        return True
    return offer.closed_until is not None and offer.closed_until <= today


def audience_rank(offer: Offer) -> int:
    """0 for everyone, 1 when the sources do not say, 2 for one group only."""
    admits = offer.audience.admits(None)
    return 0 if admits else 1 if not offer.audience.genders else 2


def audience_word(offer: Offer) -> str | None:
    """ "women", "men" or "women_trans" for an offer limited to them; None otherwise."""
    genders = set(offer.audience.genders)
    if genders in ({"women"}, {"men"}):
        return genders.pop()
    return "women_trans" if genders == {"women", "trans"} else None


def offer_areas(offer: Offer, gazetteer: Gazetteer) -> tuple[str, ...] | None:
    """The areas an offer's address is in; None for phone lines and mobile teams."""
    if offer.address is None or offer.mobile:
        return None
    address = offer.address
    if address.postcode and address.postcode in gazetteer.postcodes:
        return gazetteer.postcodes[address.postcode].areas
    for text in (address.city, address.street):
        place = gazetteer.resolve(text or "")
        if place is not None:
            return place.areas
    return ()


def nearness(offer: Offer, place: Place, gazetteer: Gazetteer) -> int:
    """SAME_AREA, NEXT_AREA, ELSEWHERE or UNKNOWN_AREA, from `place` to the offer."""
    areas = offer_areas(offer, gazetteer)
    if areas is None:
        return SAME_AREA
    if not areas or not place.areas:
        return UNKNOWN_AREA
    if set(areas) & set(place.areas):
        return SAME_AREA
    neighbours = {n for area in place.areas for n in gazetteer.neighbours(area)}
    return NEXT_AREA if set(areas) & neighbours else ELSEWHERE


def offers_for(
    need: str,
    offers: tuple[Offer, ...],
    now: datetime,
    gazetteer: Gazetteer,
    place: Place | None = None,
) -> list[Offer]:
    """The offers serving `need`, best first, seen from `place` (default Hovedbanegården)."""
    origin = place if place is not None and place.areas else gazetteer.default_place
    fitting = [o for o in offers if need in o.needs and is_available(o, now.date())]

    def rank(offer: Offer) -> tuple[int, int, int, int, str]:
        state = hours_state(offer.opening_hours, offer.hours_confirmed, now)["state"]
        return (
            audience_rank(offer),
            _OPEN_RANK[state],
            nearness(offer, origin, gazetteer),
            0 if offer.status == "confirmed" else 1,
            offer.id,
        )

    return sorted(fitting, key=rank)


def describe(
    offer: Offer, now: datetime, gazetteer: Gazetteer, place: Place | None = None
) -> dict[str, Any]:
    """The facts about one offer that the gateway's templates put into words.

    "distance" is given only when the person named a place and the offer has an address.
    """
    distance = None
    if place is not None and place.areas and offer_areas(offer, gazetteer):
        distance = DISTANCE_WORDS[nearness(offer, place, gazetteer)]
    return {
        "id": offer.id,
        "name": offer.name,
        "address": offer.address.one_line() if offer.address else None,
        "mobile": offer.mobile,
        "phone": offer.phone,
        "hours": hours_state(offer.opening_hours, offer.hours_confirmed, now),
        "audience": audience_word(offer),
        "distance": distance,
    }
