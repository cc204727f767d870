"""What the engine checks before it starts or replaces a library function: versions, signatures.

The engine's patches (engine/patches.py) replace functions of Rasa and jsonschema that were
read, measured and tested at one version of each library. A different version may have
changed what a replaced function does, so the engine refuses to start on any other version
(`check_versions`), and each patch refuses to replace a function whose parameters are not the
ones it was written for (`require_parameters`). Standard library only: `python -m engine`
checks the versions before it imports Rasa.

Upgrading a library: see docs/decisions/0003-engine-patches.md (re-read each patched function,
run the patches' equivalence tests, re-measure with `make bench`, then change WRITTEN_FOR).
"""

from __future__ import annotations

import inspect
from importlib import metadata
from typing import Callable

#: The distributions the engine was written and measured for, and their exact versions
#: (as requirements/engine.lock installs them; rasa and rasa-sdk pinned in engine.txt).
WRITTEN_FOR = {"rasa": "3.6.21", "rasa-sdk": "3.6.2", "jsonschema": "4.17.3"}


class Refused(RuntimeError):
    """The engine will not start: a library is not the one its code was written for."""


def installed_version(distribution: str) -> str | None:
    """The installed version of `distribution`, or None if it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def check_versions() -> None:
    """Refuse (raise `Refused`) unless every distribution in WRITTEN_FOR has its version."""
    wrong = [
        f"{name} {expected} (installed: {installed_version(name) or 'none'})"
        for name, expected in WRITTEN_FOR.items()
        if installed_version(name) != expected
    ]
    if wrong:
        raise Refused(
            "the engine was written for " + ", ".join(wrong) + ". Install requirements/engine.txt"
            " (scripts/make-env engine), or, to upgrade, follow"
            " docs/decisions/0003-engine-patches.md"
        )


def require_version(distribution: str, patch: str) -> None:
    """Refuse unless `distribution` has the version `patch` was written for."""
    found = installed_version(distribution)
    if found != WRITTEN_FOR[distribution]:
        raise Refused(
            f"{patch} was written for {distribution} {WRITTEN_FOR[distribution]}, found {found}:"
            " see docs/decisions/0003-engine-patches.md"
        )


def require_parameters(function: Callable, names: tuple[str, ...], patch: str) -> None:
    """Refuse unless `function` takes exactly the parameters `names`, in that order."""
    found = tuple(inspect.signature(function).parameters)
    if found != names:
        where = f"{function.__module__}.{function.__qualname__}"
        raise Refused(
            f"{patch} replaces {where}({', '.join(names)}), but found {where}({', '.join(found)}):"
            " see docs/decisions/0003-engine-patches.md"
        )
