"""Change one top-level entry of a YAML file and leave every other line as it was.

Staff files carry comments and a hand-kept layout that a full re-dump would lose, so a save
rewrites only the lines of the entry it changes. Strings are written double-quoted in JSON
syntax, which is valid YAML; callers parse the result again to check it says what they meant.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

_PLAIN_WORD = re.compile(r"[A-Za-z0-9_-]+")
#: Line breaks YAML folds inside a double-quoted scalar although JSON leaves them unescaped.
_YAML_BREAKS = {"\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


#: Keys whose text the files write without quotes; kept so where it reads back the same.
PLAIN_KEYS = frozenset({"about", "street", "city", "url"})


def _plain(value: str) -> str | None:
    """`value` unquoted, if YAML reads it back as exactly this string."""
    if not value or "\n" in value or value != value.strip():
        return None
    try:
        same = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        return None
    return value if same else None


def scalar(value: Any, key: str = "") -> str:
    """One YAML scalar for a string, bool, number, date or None (the value of `key`)."""
    if key in PLAIN_KEYS and isinstance(value, str) and _plain(value) is not None:
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = json.dumps(str(value), ensure_ascii=False)
    for char, escape in _YAML_BREAKS.items():
        text = text.replace(char, escape)
    return text


def block(key: str, value: Any, indent: int = 0) -> list[str]:
    """The lines of `key: value` at `indent` spaces (mappings and lists nest below it)."""
    pad = " " * indent
    if isinstance(value, Mapping):
        lines = [f"{pad}{key}:"]
        for sub_key, sub_value in value.items():
            lines.extend(block(str(sub_key), sub_value, indent + 2))
        return lines
    if isinstance(value, (list, tuple)):
        if all(isinstance(item, str) and _PLAIN_WORD.fullmatch(item) for item in value):
            return [f"{pad}{key}: [{', '.join(value)}]"]
        lines = [f"{pad}{key}:"]
        for item in value:
            if isinstance(item, Mapping):
                nested = [line for k, v in item.items() for line in block(str(k), v, indent + 4)]
                lines.append(f"{pad}  - {nested[0].lstrip()}")
                lines.extend(nested[1:])
            else:
                lines.append(f"{pad}  - {scalar(item)}")
        return lines
    return [f"{pad}{key}: {scalar(value, key)}"]


def replace_entry(text: str, key: str, lines: list[str]) -> str:
    """`text` with the top-level entry `key` (its line and the indented lines below it)
    replaced by `lines`; appended at the end when `key` is not there yet."""
    old = text.split("\n")
    header = re.compile(rf"{re.escape(key)}\s*:(\s|$)")
    start = next((i for i, line in enumerate(old) if header.match(line)), None)
    if start is None:
        body = text.rstrip("\n")
        return (body + "\n\n" if body else "") + "\n".join(lines) + "\n"
    end = start + 1
    while end < len(old) and (old[end].startswith((" ", "\t")) or not old[end].strip()):
        end += 1
    while end > start + 1 and not old[end - 1].strip():  # blank lines stay between entries
        end -= 1
    return "\n".join(old[:start] + lines + old[end:])
