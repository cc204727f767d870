"""Template names and offer ids from a URL or form, accepted only when they name a real one.

An id is never turned into a path before it has matched this pattern *and* an existing
template or offer, so "../", absolute paths, NUL bytes and made-up names all end here.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")


def known_id(raw: str, known: Collection[str]) -> str | None:
    """`raw` when it is a well-formed id in `known`, else None."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw) or raw not in known:
        return None
    return raw
