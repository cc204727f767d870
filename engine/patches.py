"""Every change the engine makes to Rasa and its libraries, installed from one list.

Each entry is a module with `install()`: idempotent, and refusing (`guard.Refused`) when the
function it replaces is not the one it was written for. What each replaces and what it saves:
docs/decisions/0003-engine-patches.md. Only `python -m engine` (engine/__main__.py) installs
them; importing any engine module changes nothing, and `rasa train`, `rasa test`,
`rasa data validate` and `rasa shell` run stock Rasa.
"""

from __future__ import annotations

from types import ModuleType

from engine import freeze_after_load, graph_runner, keepalive, schema_cache
from lygte import log_guard

#: The patches, in the order they are installed.
PATCHES: tuple[ModuleType, ...] = (schema_cache, keepalive, graph_runner, freeze_after_load)


def install_all() -> list[str]:
    """Install the log guard, then every patch; return the names of what was installed."""
    log_guard.install()
    for patch in PATCHES:
        patch.install()
    return [log_guard.__name__] + [patch.__name__ for patch in PATCHES]
