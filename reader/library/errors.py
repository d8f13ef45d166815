"""The errors the library reports. Each carries one sentence a person can act on."""

from __future__ import annotations


class LibraryError(Exception):
    """Base class: `str(error)` is a complete, user-facing message."""


class LibraryNotFound(LibraryError):
    """There is no library at the path and creating one was not asked for."""


class LibraryDamaged(LibraryError):
    """The file is not a readable Reader library (empty, not SQLite, or corrupt)."""


class LibraryTooNew(LibraryError):
    """The library was written by a newer Reader; it is left untouched."""


class LibraryBusy(LibraryError):
    """Another program holds a lock on the library."""


class ImportFailed(LibraryError):
    """One file could not be imported; nothing of it was written."""
