"""Where Reader finds its own data (resources, the bundled corpus) and the user's library.

In a wheel, `resources/` and `corpus/` are shipped inside the package (`reader/resources`,
`reader/corpus`); in a source checkout or an editable install they sit at the top of the
repository. Both layouts resolve here and nowhere else.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from reader import APP_ID

_PACKAGE = Path(__file__).resolve().parent.parent
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
