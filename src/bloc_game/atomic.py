"""Writing a file so that a crash leaves either the old contents or the new, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Optional


def write_text_atomic(path: Path, text: str, before_replace: Optional[Callable[[Path], None]] = None) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    ``before_replace(path)`` runs just before the rename while ``path`` still holds the
    old contents (saves keep their backup there). ``OSError`` is raised as it comes; the
    temporary file is removed on any failure.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # The process id in the name lets a later start tell a killed write's leftover from a live one
    # (userfiles.clean_stale_temps); mkstemp makes the rest unique and creates it exclusively.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None and path.exists():
            before_replace(path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
