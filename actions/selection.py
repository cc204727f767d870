"""Which offers answer a need, in what order, and how each is described to the gateway.

Foundation ordering: open now first, then offers whose facts are confirmed. Place-aware
ranking (distance from where the person is) builds on this.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from actions.catalogue import DEFAULT_DIR, Offer, load_catalogue
from actions.hours import hours_state

PAGE_SIZE = 3
_OPEN_RANK = {"always": 0, "open": 0, "closed": 1, "unknown": 2}


class Catalogue:
    """The offers catalogue, re-read when a file in offers/ changes (staff edits, no restart)."""

    def __init__(self, directory: Path = DEFAULT_DIR) -> None:
        self.directory = directory
        self._stamp: tuple[tuple[str, int], ...] = ()
        self._offers: tuple[Offer, ...] = ()

    def offers(self) -> tuple[Offer, ...]:
        """Every offer, reloading first if any file changed."""
        stamp = tuple(
            (path.name, path.stat().st_mtime_ns) for path in sorted(self.directory.glob("*.yml"))
        )
        if stamp != self._stamp:
            self._offers, self._stamp = load_catalogue(self.directory), stamp
        return self._offers


def is_available(offer: Offer, today: date) -> bool:
    """False while an offer is marked temporarily closed (until its reopening date)."""
    if offer.status != "temporarily_closed":
        return True
    return offer.closed_until is not None and offer.closed_until <= today


def offers_for(need: str, offers: tuple[Offer, ...], now: datetime) -> list[Offer]:
    """The offers serving `need`, best first."""
    fitting = [o for o in offers if need in o.needs and is_available(o, now.date())]

    def rank(offer: Offer) -> tuple[int, int, str]:
        state = hours_state(offer.opening_hours, offer.hours_confirmed, now)["state"]
        return (_OPEN_RANK[state], 0 if offer.status == "confirmed" else 1, offer.id)

    return sorted(fitting, key=rank)


def describe(offer: Offer, now: datetime) -> dict[str, Any]:
    """The facts about one offer that the gateway's templates put into words."""
    return {
        "id": offer.id,
        "name": offer.name,
        "address": offer.address.one_line() if offer.address else None,
        "mobile": offer.mobile,
        "phone": offer.phone,
        "hours": hours_state(offer.opening_hours, offer.hours_confirmed, now),
    }
