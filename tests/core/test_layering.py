"""The folders show the architecture: bot/, engine/ and actions/ depend on the core (lygte/)
and not on each other, and the core imports no framework, so it runs under both Pythons."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PARTS = ("bot", "engine", "actions", "lygte")
#: What the core may import besides the standard library.
CORE_DEPENDENCIES = {"yaml", "opening_hours", "rapidfuzz"}
FRAMEWORKS = ("rasa", "rasa_sdk", "aiohttp", "signalbot", "twilio", "sanic", "redis")


def imported_roots(path: Path) -> set[str]:
    """The top-level package of every absolute import in one file (relative ones are local)."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def files_of(part: str) -> list[Path]:
    """Every Python file of one part of the line."""
    return sorted((REPO / part).rglob("*.py"))


@pytest.mark.parametrize("part", PARTS)
def test_each_part_imports_only_itself_and_the_core(part: str) -> None:
    others = set(PARTS) - {part, "lygte"}
    crossing = {
        str(path.relative_to(REPO)): sorted(imported_roots(path) & others)
        for path in files_of(part)
        if imported_roots(path) & others
    }
    assert crossing == {}


def test_the_core_imports_the_standard_library_and_three_small_packages_only() -> None:
    allowed = set(sys.stdlib_module_names) | CORE_DEPENDENCIES | {"lygte"}
    found = {
        str(path.relative_to(REPO)): sorted(imported_roots(path) - allowed)
        for path in files_of("lygte")
        if imported_roots(path) - allowed
    }
    assert found == {}


def test_importing_the_whole_core_loads_no_framework() -> None:
    """Checked in a fresh interpreter: what actually lands in sys.modules, indirect imports too."""
    # Every module and package; a __main__ would run its command line.
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in files_of("lygte")
        if path.stem != "__main__"
    )
    assert len(modules) > 5
    program = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout)
    assert [name for name in loaded if name.split(".")[0] in FRAMEWORKS] == []
