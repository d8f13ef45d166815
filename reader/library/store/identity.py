"""The library's identity: a UUID stored in the library (`library_meta`, migration 0006),
made when the library is created or upgraded, so that the window can key its per-library
settings (last article, view, watched folders) by it, wherever the file is moved.

A library that has none and cannot be written (read-only or damaged) gets a fallback derived
from its resolved path: the same every time it is opened there.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from pathlib import Path

from peewee import DatabaseError

from reader.library.store.models import LibraryMeta, database

log = logging.getLogger(__name__)
KEY = "identity"


def read_identity(path: Path, *, write: bool = True) -> str:
    """The identity stored in the open library at `path`; one is made and stored if it has
    none (unless not `write`: a read-only library), and the path's fallback given if that
    cannot be read or written."""
    try:
        row = LibraryMeta.get_or_none(LibraryMeta.key == KEY)
        if row is not None:
            return str(row.value)
        if not write:
            return fallback_identity(path)
        with database.atomic():
            LibraryMeta.insert(key=KEY, value=str(uuid.uuid4())).on_conflict_ignore().execute()
        return str(LibraryMeta.get(LibraryMeta.key == KEY).value)
    except (sqlite3.DatabaseError, DatabaseError) as exc:
        log.warning("%s has no readable identity (%s); using one made from its path", path, exc)
        return fallback_identity(path)


def fallback_identity(path: Path) -> str:
    """A UUID made from the library's resolved path (deterministic)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, path.resolve().as_uri()))
