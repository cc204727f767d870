"""The reply templates' data model: a response's texts per language and channel, parsed
from a responses file and checked (the store that reads responses/ is bot/templates.py).

File format (one file holds several responses; a name is unique across files)::

    utter_greet:
      about: What the line answers to "hello".
      placeholders: []
      text: {da: "...", en: "..."}
      sms: {da: "..."}          # optional channel variant
      signal: {en: "..."}       # optional channel variant
      unreviewed: [en]

Placeholders are `{name}`; only names listed in `placeholders` are filled, so a template can
never reach into Python objects the way `str.format` would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import yaml

from lygte.lockscreen import LOCK_SCREEN_CHARS, SENSITIVE_NEEDS, topic_shown
from lygte.names import CHANNELS

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: The menu labels that name their need by design ("Vold", "Drugs"): where one heads a list,
#: the gateway puts the neutral line first (bot/formatting.py), so they may name a topic.
_TOPIC_LABELS = frozenset(f"label_{need}" for need in SENSITIVE_NEEDS)
#: Languages every text (and every channel variant) must have.
REQUIRED_LANGUAGES = ("da", "en")


class TemplateError(RuntimeError):
    """A template file is broken or a response is missing."""


@dataclass(frozen=True)
class Template:
    """One response with its text per language and optional per-channel variants."""

    name: str
    about: str
    placeholders: tuple[str, ...]
    text: Mapping[str, str]
    variants: Mapping[str, Mapping[str, str]]
    unreviewed: tuple[str, ...]
    source: Path

    def pick(self, language: str, channel: str, fallback_language: str) -> str:
        """Return the raw text for `language` on `channel`, falling back to the default language."""
        variant = self.variants.get(channel, {})
        for lang in (language, fallback_language):
            if lang in variant:
                return variant[lang]
            if lang in self.text:
                return self.text[lang]
        raise TemplateError(f"{self.name} has no text in {language} or {fallback_language}")


def fill(raw: str, values: Mapping[str, str]) -> str:
    """Replace each `{name}` with its value; unknown names are left as written."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), raw)


def parse_file(path: Path) -> dict[str, Template]:
    """Parse one responses file into templates; raise TemplateError naming the problem."""
    return parse_text(path.read_text(encoding="utf-8"), path)


def parse_text(text: str, path: Path) -> dict[str, Template]:
    """Parse the text of responses file `path` (which need not exist yet) into templates."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise TemplateError(f"{path.name}: not valid YAML ({error})") from error
    if not isinstance(data, dict):
        raise TemplateError(f"{path.name}: expected a mapping of response names")
    templates = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), dict):
            raise TemplateError(f"{path.name}: {name} needs a `text` mapping of languages")
        templates[name] = Template(
            name=name,
            about=str(entry.get("about", "")),
            placeholders=tuple(entry.get("placeholders") or ()),
            text={str(k): str(v) for k, v in entry["text"].items()},
            variants={
                channel: {str(k): str(v) for k, v in entry[channel].items()}
                for channel in CHANNELS
                if isinstance(entry.get(channel), dict)
            },
            unreviewed=tuple(entry.get("unreviewed") or ()),
            source=path,
        )
    return templates


def check_template(template: Template) -> list[str]:
    """Problems with a template's own texts: placeholders, empty languages, a topic word in
    the first characters (lygte/lockscreen.py).

    The SMS budget depends on the other templates a reply is built from, so it is checked
    where replies are rendered (the staff editor), not here.
    """
    problems = []
    declared = set(template.placeholders)
    for channel, texts in (("text", template.text), *template.variants.items()):
        for language in REQUIRED_LANGUAGES:
            if language not in texts:
                problems.append(f"{channel}.{language}: missing")
        for language, text in texts.items():
            where = f"{channel}.{language}"
            if not text.strip():
                problems.append(f"{where}: empty")
                continue
            used = set(PLACEHOLDER.findall(text))
            for name in sorted(declared - used):
                problems.append(f"{where}: placeholder {{{name}}} is missing")
            for name in sorted(used - declared):
                problems.append(f"{where}: {{{name}}} is not a placeholder of this text")
            if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
                problems.append(f"{where}: a brace {{ or }} that is not part of a placeholder")
            word = None if template.name in _TOPIC_LABELS else topic_shown(text)
            if word:
                problems.append(
                    f"{where}: the word {word!r} is in the first "
                    f"{LOCK_SCREEN_CHARS} characters (shown on a lock screen)"
                )
    return problems
