"""Words for a follow-up answer about one listed offer ("is it free?", "who can come?").

The action server sends, per offer, the names of the template parts that answer the
question (`answer`, lygte/followup.py) and the facts they need (languages, ages); this
module renders those parts in the person's language. The offer's name and number come from
the offer line (`part_answer_line`), as in any list.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from lygte.names import LANGUAGES

Render = Callable[..., str]


def languages_text(render: Render, codes: Any) -> str:
    """The languages an offer's staff speak, each by its own name ('Dansk, English'); a
    language the line does not speak (no label_language_<code>) by its code."""
    return ", ".join(
        render(f"label_language_{code}") if code in LANGUAGES else str(code).upper()
        for code in codes or ()
    )


def answer_text(render: Render, offer: Mapping[str, Any], line: Mapping[str, str]) -> str:
    """The answer parts of `offer` rendered and joined; '' for an offer in a plain list.

    `line` holds the offer line's own values (where, distance) so a part can reuse them.
    """
    parts = offer.get("answer") or ()
    if not parts:
        return ""
    values = {
        "where": line.get("where", ""),
        "distance": line.get("distance", ""),
        "phone": str(offer.get("phone") or ""),
        "languages": languages_text(render, offer.get("languages")),
        "min_age": str(offer.get("min_age", "")),
        "under_age": str(offer.get("under_age", "")),
    }
    return " ".join(render(str(part), **values) for part in parts)
