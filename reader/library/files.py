"""Writing the user's files safely: a file is replaced in one step or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reader.library.errors import LibraryError


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (written beside it, flushed to disk, then
    renamed over it), so a failure never leaves half a file; raises `LibraryError` with a
    clear message, and leaves no temporary file behind."""
    temp: str | None = None
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise LibraryError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
