"""The offers catalogue's model: what an offer is, and the values its fields may take.

Unknown facts are written as ``null`` (or ``unknown`` / ``[]`` where the schema says so)
and are never guessed; see ``offers/README.md`` for the schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lygte.names import LANGUAGES, NEEDS

__all__ = ["NEEDS"]  # the need intents are lygte/names.py's; offers name them

GENDERS: tuple[str, ...] = ("women", "men", "trans", "all")
ANONYMOUS_VALUES: tuple[str, ...] = ("yes", "no", "unknown")
STATUSES: tuple[str, ...] = ("confirmed", "unconfirmed", "temporarily_closed")

#: The six languages of the line: every description has exactly these.
DESCRIPTION_LANGUAGES: tuple[str, ...] = LANGUAGES

#: An offer may serve no need only when it is reached through 112: emergency numbers belong
#: in the danger lead, never as "place number 1" for a non-urgent need.
EMERGENCY_NUMBER = "112"
#: Numbers that are a route in an emergency: they lead the danger answer, and the line never
#: tells anyone to ring one "first" to ask about opening hours (bot/replies.py, followup.py).
EMERGENCY_NUMBERS: frozenset[str] = frozenset({EMERGENCY_NUMBER})

#: Hours verified longer ago than this many days are not sent as fact ("call first"), unless
#: the catalogue is loaded with another figure (the action server's OFFER_STALE_DAYS).
STALE_AFTER_DAYS = 180


def stale_days_from(text: str | None) -> int:
    """OFFER_STALE_DAYS as both processes read it: empty means STALE_AFTER_DAYS; a figure
    below 0 or not a whole number raises ValueError."""
    days = int(text or STALE_AFTER_DAYS)
    if days < 0:
        raise ValueError(f"OFFER_STALE_DAYS must be 0 or more, not {days}")
    return days


class CatalogueError(ValueError):
    """The catalogue does not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"offers catalogue has {len(self.problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Source:
    """A public source for the facts in an offer, and what it supports."""

    url: str
    note: str | None = None


@dataclass(frozen=True)
class Address:
    """A street address; parts the facts do not give are ``None``."""

    street: str
    postcode: str | None = None
    city: str | None = None

    def one_line(self) -> str:
        """Return the address on one line, e.g. "Lille Istedgade 2, 1706 København V"."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


@dataclass(frozen=True)
class Coordinates:
    """A sourced WGS84 point for an offer.

    ``precision`` is one of :data:`PRECISIONS`; ``source`` is the page the point was read
    from, or ``shared/facts/coordinates.csv: <row name>``.
    """

    lat: float
    lon: float
    precision: str
    source: str


@dataclass(frozen=True)
class Audience:
    """Who an offer is for. An empty ``genders`` means the facts do not say."""

    genders: tuple[str, ...]
    min_age: int | None = None
    note: str | None = None
    #: Highest age (e.g. 17 for an under-18 service); None when the sources state none.
    max_age: int | None = None

    def admits(self, gender: str | None) -> bool | None:
        """True/False if the offer is/is not for ``gender``; None when unknown.

        ``gender`` is one of ``women``, ``men``, ``trans`` or None (not told).
        """
        if "all" in self.genders:
            return True
        if not self.genders or gender is None:
            return None
        return gender in self.genders


@dataclass(frozen=True)
class Offer:
    """One service at one location, or one phone line (see ``offers/README.md``)."""

    id: str
    name: str
    organisation: str
    needs: tuple[str, ...]
    audience: Audience
    anonymous: str
    address: Address | None
    mobile: bool
    coordinates: Coordinates | None
    opening_hours: str | None
    hours_confirmed: bool
    phone: str | None
    languages: tuple[str, ...]
    description: Mapping[str, str] = field(hash=False)
    status: str
    closed_until: dt.date | None
    sources: tuple[Source, ...]
    facts_ref: str
    verified: dt.date
    verified_note: str | None
    #: Days after `verified` that the hours are still sent as fact (not in the offer file:
    #: the catalogue's setting, see `STALE_AFTER_DAYS`).
    stale_after_days: int = STALE_AFTER_DAYS

    def hours_trusted(self, today: dt.date) -> bool:
        """True when the hours are confirmed and were verified recently enough."""
        return self.hours_confirmed and (today - self.verified).days <= self.stale_after_days

    def serves(self, need: str) -> bool:
        """True if the offer serves the need intent ``need``."""
        return need in self.needs

    def describe(self, language: str, fallback: str = "en") -> str:
        """Return the description in ``language``, else in ``fallback``, else Danish."""
        for lang in (language, fallback, "da"):
            if lang in self.description:
                return self.description[lang]
        return ""
