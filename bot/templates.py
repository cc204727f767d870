"""The staff-edited reply templates in responses/*.yml, read fresh whenever a file changes.

The templates' model, parsing and checks are the core's (lygte/templates.py); this module
keeps them as a store that re-reads the directory, and writes files atomically.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Mapping

from lygte.filestamp import Stamp, directory_stamp
from lygte.templates import (
    Template,
    TemplateError,
    fill,
    parse_file,
)


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

    def snapshot(self) -> TemplateStore:
        """The templates as they are now, frozen: a whole message (every response, the lead,
        the channel fit) is rendered from one set, and the files are checked once for it."""
        return _Snapshot(self)


class _Snapshot(TemplateStore):
    """A store that keeps the templates of `base` at the moment it was made."""

    def __init__(self, base: TemplateStore) -> None:
        super().__init__(base.directory, base.default_language)
        self._templates = base.templates()

    def templates(self) -> dict[str, Template]:
        return self._templates


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
