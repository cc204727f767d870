"""Has a directory of YAML files changed? Shared by the gateway's templates and the catalogue.

Staff saves take effect on the next message because each reader compares this stamp on use.
"""

from __future__ import annotations

from pathlib import Path

Stamp = tuple[tuple[str, int, int, int], ...]


def directory_stamp(directory: Path) -> Stamp:
    """Name, mtime, inode and size of every *.yml file in `directory`, sorted by name.

    The inode and size as well: two saves within one clock tick share an mtime, but an atomic
    save (os.replace) always brings a new inode.
    """
    stamps = []
    for path in sorted(directory.glob("*.yml")):
        stat = path.stat()
        stamps.append((path.name, stat.st_mtime_ns, stat.st_ino, stat.st_size))
    return tuple(stamps)
