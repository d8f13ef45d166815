"""Refusing writes to a protected library, all in one way.

A library is protected (read-only) once `Library.protect(reason)` was called: the window does
it when its background check finds damage, and a read that meets a damaged page does it
itself. From then on every write method raises `LibraryReadOnly` ("Nothing was saved:
<reason>.") before it touches anything, and nothing is reported to subscribers. Each
`Library` write wears the `@write` decorator, which does exactly that; a test lists every
public method of `Library` and requires each to be either a read or a `@write`.

The same decorator turns what the disk and the lock say into the library's own errors, one
sentence each: a full disk `LibraryDiskFull`, a lock held past the wait `LibraryBusy`, a file
that cannot be written `LibraryReadOnly` (`reader.library.store.transactions.storage_error`).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

from peewee import DatabaseError

from reader.library.errors import LibraryReadOnly
from reader.library.store.transactions import storage_error

F = TypeVar("F", bound=Callable[..., Any])
WRITE_MARK = "__library_write__"


def write(method: F) -> F:
    """Mark a `Library` method as a write: on a protected library it raises `LibraryReadOnly`
    (naming why the library is protected) and does nothing else."""

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self.protected:
            raise LibraryReadOnly(self.protected)
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, DatabaseError) as exc:
            translated = storage_error(exc, str(self.path))
            if translated is None:
                raise
            raise translated from exc

    setattr(guarded, WRITE_MARK, True)
    return cast(F, guarded)


def is_write(method: object) -> bool:
    """Whether `method` wears `@write`."""
    return bool(getattr(method, WRITE_MARK, False))
