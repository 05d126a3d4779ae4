"""Write a report under a temporary name, then rename it into place.

A report folder may be watched (auto-print, a shared drive sync): it must never see half a file,
and a failed run must not leave the previous good report truncated.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary sibling of ``path`` to write; on success it replaces ``path``.

    The temporary file is created by the writer itself, so it gets the usual permissions
    (umask), unlike ``tempfile.mkstemp``'s owner-only files.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
