"""Photo files on disk (or a network share): written so that a file a row points to is always whole.

Why temp name, fsync, rename, then the directory's fsync: the database row is written only after the
file, so after a power cut either the row is missing (an orphan file, harmless) or the row points to
a complete file; never to half a picture. The rename is atomic on one file system, and the file is
flushed before it gets its real name, so no reader ever sees a partly written photo.

Paths stored in the database are relative to the photo folder and use "/" separators, so stations on
Windows and Linux sharing one database and one share resolve them alike; ``resolve`` refuses any
stored path that would lead outside the folder.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path, PurePosixPath

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_png(data: bytes) -> bool:
    """A PNG starts with its 8-byte signature and an IHDR chunk (what every encoder writes first)."""
    return len(data) > 24 and data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR"


def resolve(root: Path, relative: str) -> Path:
    """The file a stored relative path names under ``root``; ValueError when it would leave ``root``."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", "") for p in parts):
        raise ValueError(f"not a photo path: {relative!r}")
    return root.joinpath(*parts)


def write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` under a temporary name, fsync it, rename it into place, fsync the folder.

    The temporary name is a hidden sibling, so it is on the same file system and the rename is atomic.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX). Windows cannot open a folder for this; NTFS journals
    the rename, so there is nothing to do there."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some network file systems refuse fsync on a directory; the file itself is synced
        pass
    finally:
        os.close(fd)
