"""The staff-edited reply templates in responses/*.yml, read fresh whenever a file changes.

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

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import yaml

from lygte.filestamp import Stamp, directory_stamp

CHANNELS = ("sms", "signal")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: Words that must not show on a lock screen: never in the first 40 characters of a text.
SENSITIVE_WORDS = re.compile(r"sex|prostitu|escort", re.IGNORECASE)
LOCK_SCREEN_CHARS = 40
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


class TemplateStore:
    """All templates of a directory; re-read when a file is added, removed or changed.

    Checking file times on each use is what lets a staff edit take effect on the very next
    message, without restarting anything and without retraining the model.
    """

    def __init__(self, directory: Path, default_language: str) -> None:
        self.directory = directory
        self.default_language = default_language
        self._stamp: Stamp = ()
        self._templates: dict[str, Template] = {}

    def templates(self) -> dict[str, Template]:
        """Return every template by name, reloading first if the files changed."""
        stamp = directory_stamp(self.directory)
        if stamp != self._stamp:
            loaded: dict[str, Template] = {}
            for path in sorted(self.directory.glob("*.yml")):
                for name, template in parse_file(path).items():
                    if name in loaded:
                        raise TemplateError(
                            f"{name} is defined in {loaded[name].source.name} and {path.name}"
                        )
                    loaded[name] = template
            self._templates, self._stamp = loaded, stamp
        return self._templates

    def render(
        self, name: str, language: str, channel: str, values: Mapping[str, str] | None = None
    ) -> str:
        """Render response `name` in `language` for `channel` with placeholder `values`."""
        return self.renderer(language, channel)(name, values or {})

    def renderer(self, language: str, channel: str) -> Callable[[str, Mapping[str, str]], str]:
        """A function `(name, values) -> text` over the templates as they are now.

        A reply built from many templates (a menu: ~30) reads the files' stamps once, and is
        made from one consistent set even if staff save in the middle of it.
        """
        templates = self.templates()

        def render(name: str, values: Mapping[str, str]) -> str:
            template = templates.get(name)
            if template is None:
                raise TemplateError(f"no template named {name}")
            return fill(template.pick(language, channel, self.default_language), values)

        return render


def check_template(template: Template) -> list[str]:
    """Problems with a template's own texts: placeholders, empty languages, sensitive words.

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
            match = SENSITIVE_WORDS.search(text[:LOCK_SCREEN_CHARS])
            if match:
                problems.append(
                    f"{where}: the word {match.group(0)!r} is in the first "
                    f"{LOCK_SCREEN_CHARS} characters (shown on a lock screen)"
                )
    return problems


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` at once: readers see the old file or the new one, never half.

    The temporary file is written in the same directory (os.replace must not cross file
    systems), flushed to disk, and keeps the old file's permissions.
    """
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
