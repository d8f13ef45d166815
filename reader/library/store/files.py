"""Reader's files: where its own data and the user's library are, and writing files safely.

Where: `resources/` (keymap, topic rules, stylesheets, icons), the bundled `corpus/`, the
user's library and configuration directory (platformdirs).

In a wheel, `resources/` and `corpus/` are shipped inside the package (`reader/resources`,
`reader/corpus`); in a source checkout or an editable install they sit at the top of the
repository. Both layouts resolve here and nowhere else.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from reader import APP_ID
from reader.library.errors import LibraryError

_PACKAGE = Path(__file__).resolve().parents[2]  # reader/
LIBRARY_ENV = "READER_LIBRARY"
LIBRARY_FILENAME = "library.db"


def _bundled(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def resources_dir() -> Path:
    """The directory holding keymaps, topic rules, stylesheets and icons."""
    return _bundled("resources")


def resource(name: str) -> Path:
    """One file in the resources directory."""
    return resources_dir() / name


def corpus_dir() -> Path:
    """The bundled corpus imported into every new library."""
    return _bundled("corpus")


def default_library_path() -> Path:
    """`READER_LIBRARY` if set, else `library.db` in the platform's user data directory."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / LIBRARY_FILENAME


def config_dir() -> Path:
    """The user's configuration directory (user keymap, user topic rules)."""
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def read_toml(path: Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """A TOML file's tables; `error` naming the file and the problem if it cannot be read
    or is not valid TOML (`what` says what the file is, as in "the keymap")."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise error(f"{path}: cannot read {what} ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc})") from exc


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
