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


class LibraryReadOnly(LibraryError):
    """A write on a protected (read-only or damaged) library: nothing was saved. Every write
    method of `Library` raises it, and only it, once the library is protected."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"Nothing was saved: {reason}.")


class ImportFailed(LibraryError):
    """One file could not be imported; nothing of it was written."""


class AnnotationsWouldBeLost(LibraryError):
    """Removing these articles would delete highlights and notes the user did not agree to."""

    def __init__(self, count: int) -> None:
        self.count = count
        noun = "highlight or note" if count == 1 else "highlights and notes"
        super().__init__(f"These articles have {count} {noun}; nothing was removed.")
