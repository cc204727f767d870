"""Which offers answer a need, in what order, and how each is described to the gateway.

Ranking (best first): the need fits (a filter), what the person said about themselves
(`person_rank`, below), then how well it fits (an offer lists its
main purpose first in `needs`), open now, audience, nearness to the person's place (or to
Hovedbanegården when they gave none), confirmed facts, and last the offer's name (not its
file name, which staff may choose freely). Open now comes before audience because the line
does not know who is writing: a women's shelter open tonight may be what the person needs,
more than a place for everyone that opens tomorrow, and its line says "(women only)".

Hours are trusted only while fresh: an offer verified longer ago than its catalogue's stale
age (`Catalogue(stale_after_days=...)`, the action server's OFFER_STALE_DAYS, default 180) is
described with "call first" instead of its hours, like unconfirmed hours.

Audience: the line never asks for gender or age, so nobody is hidden for what the line does
not know. Among offers equally open, those for everyone come first, then those whose
audience the sources do not state, then offers for one group only, then those for under-18s
only; a limited offer carries its audience in words ("women only", "under 18 only") so the
person can choose.

What the person said about themselves (lygte/person.py) comes before all of that
(`person_rank`): an under-18 gets the offers for young people first (the adult ones after,
as the catalogue rarely states a lower age), someone without a CPR number first the offers
that do not ask for one, someone who cannot call first the places and mobile teams, and a
person's gender first the offers that admit it. An offer is left out only when its audience
clearly excludes the person (`excludes`): women-only for a man, men-only for a woman, an age
limit they are outside of. A trans person is never left out by gender (a "women" offer may
take trans women; the sources rarely say): such offers come after those that admit them.

Nearness: first by area (an offer is in the areas of its postcode's post town, else of the
place its address names; phone lines and mobile teams come to you, so they count as near),
then, within the same rank, by metres where both the person's place and the offer have a
sourced point (lygte/distance.py). The reply says the distance in metres or kilometres
when it can be measured, else in area words ("your area", "next area", "further away").
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lygte.catalogue import (
    DEFAULT_DIR,
    STALE_AFTER_DAYS,
    CatalogueError,
    Offer,
    load_catalogue,
)
from lygte.distance import Distance, between
from lygte.filestamp import Stamp, directory_stamp
from lygte.hours import hours_state
from lygte.person import NOBODY, Person
from lygte.places import Gazetteer, Place

log = logging.getLogger(__name__)

PAGE_SIZE = 3

#: Nearness ranks, and the word the reply uses for each (None: not said).
SAME_AREA, NEXT_AREA, ELSEWHERE, UNKNOWN_AREA = 0, 1, 2, 3
DISTANCE_WORDS = {SAME_AREA: "same", NEXT_AREA: "next", ELSEWHERE: "far", UNKNOWN_AREA: None}


class Catalogue:
    """The offers catalogue, re-read when a file in offers/ changes (staff edits, no restart).

    `directory` holds the offer files; an offer's hours are sent as fact for
    `stale_after_days` after its verification.
    """

    def __init__(
        self, directory: Path = DEFAULT_DIR, stale_after_days: int = STALE_AFTER_DAYS
    ) -> None:
        self.directory = directory
        self.stale_after_days = stale_after_days
        self._stamp: Stamp = ()
        self._offers: tuple[Offer, ...] = ()
        #: Why the files are not the offers in use (a change that does not validate), or None.
        self.problem: CatalogueError | None = None

    def offers(self) -> tuple[Offer, ...]:
        """Every offer, reloading first if any file changed.

        A change that does not validate (a hand-edited file; the staff editor refuses such
        saves) keeps the last catalogue that did, so a person still gets offers rather than
        only the emergency numbers; `problem` says why, and the problem is logged. With no
        valid catalogue yet, the error is raised.
        """
        stamp = directory_stamp(self.directory)
        if stamp != self._stamp:
            try:
                self._offers = load_catalogue(self.directory, self.stale_after_days)
                self.problem = None
            except CatalogueError as error:
                if not self._offers:
                    raise
                self.problem = error
                log.error("%s\nanswering from the last catalogue that validated", error)
            self._stamp = stamp
        return self._offers


def is_available(offer: Offer, today: date) -> bool:
    """False while an offer is marked temporarily closed (until its reopening date)."""
    if offer.status != "temporarily_closed":
        return True
    return offer.closed_until is not None and offer.closed_until <= today


def audience_rank(offer: Offer) -> int:
    """0 for everyone, 1 when the sources do not say, 2 for one group only, 3 for children
    and young people only (listed for all to see, after the places adults may use)."""
    if offer.audience.max_age is not None:
        return 3
    admits = offer.audience.admits(None)
    return 0 if admits else 1 if not offer.audience.genders else 2


def audience_word(offer: Offer) -> str | dict[str, str] | None:
    """Who an offer is limited to, for the reply: "women", "men", "women_trans", or
    {"under": "18"} for an age limit (max_age 17); None when it is not limited."""
    if offer.audience.max_age is not None:
        return {"under": str(offer.audience.max_age + 1)}
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


def offer_hours(offer: Offer, now: datetime) -> dict[str, Any]:
    """The opening state at `now` as the templates use it; unknown for untrusted hours."""
    return hours_state(offer.opening_hours, offer.hours_trusted(now.date()), now)


def availability_rank(offer: Offer, state: str) -> int:
    """0 open now, 1 closed with a known opening time, 2 hours unknown but a number to call
    first (still something to do now), 3 hours unknown and nothing to call."""
    if state in ("always", "open"):
        return 0
    if state == "closed":
        return 1
    return 2 if offer.phone else 3


def need_fit(offer: Offer, need: str) -> int:
    """0 when `need` is the offer's main purpose (listed first), 1 when it also serves it."""
    return 0 if offer.needs and offer.needs[0] == need else 1


def measured(offer: Offer, place: Place, gazetteer: Gazetteer) -> Distance | None:
    """The straight-line distance from `place` to the offer, when both ends have a point."""
    if offer.address is None or offer.mobile:
        return None
    return between(gazetteer.point_for(place), offer.coordinates)


#: An offer whose audience note says it needs no CPR number / yellow card (the notes are
#: written from the sources; no separate field, see offers/README.md "audience.note").
_NO_CPR_NOTE = re.compile(r"\b(?:without|no) (?:a )?yellow card\b", re.IGNORECASE)
#: An offer without a place whose note says it can also be reached in writing.
_WRITTEN_NOTE = re.compile(r"\b(?:SMS|chat|e-mail)\b", re.IGNORECASE)


def excludes(offer: Offer, person: Person) -> bool:
    """True when the offer's audience clearly leaves the person out (gender or age)."""
    gender = person.audience_gender
    # Only a woman or a man is left out by gender: a "women" offer may take trans women.
    if gender in ("women", "men") and offer.audience.admits(gender) is False:
        return True
    audience = offer.audience
    if person.age is not None:
        if audience.max_age is not None and person.age > audience.max_age:
            return True
        if audience.min_age is not None and person.age < audience.min_age:
            return True
    # An adult who gave no number is still past an under-18 service.
    return person.minor is False and audience.max_age is not None and audience.max_age < 18


def needs_no_cpr(offer: Offer) -> int:
    """0 when the sources say no CPR number is needed (anonymous, or "without a yellow card"
    in the note), 2 when the offer asks for one (anonymous "no"), else 1 (not known)."""
    if offer.anonymous == "yes" or _NO_CPR_NOTE.search(offer.audience.note or ""):
        return 0
    return 2 if offer.anonymous == "no" else 1


def reach_without_calling(offer: Offer) -> int:
    """0 for a place or a mobile team, 1 for a line whose note says SMS, chat or e-mail
    also work, 2 for a phone line only."""
    if offer.address is not None or offer.mobile:
        return 0
    return 1 if _WRITTEN_NOTE.search(offer.audience.note or "") else 2


def person_rank(offer: Offer, person: Person) -> tuple[int, int, int, int]:
    """How well the offer fits what the person said: young people's offers first for an
    under-18, then the offers that admit their gender, need no CPR, need no call."""
    youth = 0 if not person.minor or offer.audience.max_age is not None else 1
    admits = offer.audience.admits(person.audience_gender)
    gender = 0 if person.gender is None or admits else 1 if admits is None else 2
    cpr = needs_no_cpr(offer) if person.no_cpr else 0
    calls = reach_without_calling(offer) if person.no_calls else 0
    return youth, gender, cpr, calls


def offers_for(
    need: str,
    offers: tuple[Offer, ...],
    now: datetime,
    gazetteer: Gazetteer,
    place: Place | None = None,
    person: Person = NOBODY,
) -> list[Offer]:
    """The offers serving `need`, best first, seen from `place` (default Hovedbanegården),
    for `person` (what they said about themselves; default: nothing)."""
    origin = place if place is not None and place.areas else gazetteer.default_place
    fitting = [
        o
        for o in offers
        if need in o.needs and is_available(o, now.date()) and not excludes(o, person)
    ]

    def rank(offer: Offer) -> tuple[tuple[int, ...], int, int, int, int, float, int, str, str]:
        state = offer_hours(offer, now)["state"]
        distance = measured(offer, origin, gazetteer)
        return (
            person_rank(offer, person),
            need_fit(offer, need),
            availability_rank(offer, state),
            audience_rank(offer),
            nearness(offer, origin, gazetteer),
            distance.metres if distance else float("inf"),
            0 if offer.status == "confirmed" else 1,
            offer.name.casefold(),
            offer.id,  # names are unique in practice; the id only makes the order total
        )

    return sorted(fitting, key=rank)


def describe(
    offer: Offer,
    now: datetime,
    gazetteer: Gazetteer,
    place: Place | None = None,
    language: str = "en",
) -> dict[str, Any]:
    """The facts about one offer that the gateway's templates put into words.

    "about" is the offer's one-line description in `language`. "distance" is given only when
    the person named a place and the offer has an address: {"m": "350"} or {"km": "1.5"}
    (the figure with a "." decimal mark) when it can be measured, else an area word.
    """
    distance: str | dict[str, str] | None = None
    measure = measured(offer, place, gazetteer) if place is not None else None
    if measure is not None:
        distance = {measure.unit: measure.figure()}
    elif place is not None and place.areas and offer_areas(offer, gazetteer):
        distance = DISTANCE_WORDS[nearness(offer, place, gazetteer)]
    return {
        "id": offer.id,
        "name": offer.name,
        "about": offer.describe(language),
        "address": offer.address.one_line() if offer.address else None,
        "mobile": offer.mobile,
        "phone": offer.phone,
        "hours": offer_hours(offer, now),
        "audience": audience_word(offer),
        "distance": distance,
    }
