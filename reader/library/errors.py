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


class LibraryDiskFull(LibraryError):
    """A write failed for lack of disk space: it was rolled back whole; the library is intact
    and readable. `message` may say more (what an import kept before the disk filled)."""

    def __init__(self, path: str, message: str | None = None) -> None:
        self.path = path
        super().__init__(
            message
            or f"The disk holding {path} is full: nothing of this was saved; free some space "
            "and try again."
        )


class LibraryInUse(LibraryError):
    """The library is open in a Reader window (or another command), so its file cannot be
    replaced now."""


class ImportFailed(LibraryError):
    """One file could not be imported; nothing of it was written."""


class AnnotationsWouldBeLost(LibraryError):
    """Removing these articles would delete highlights and notes the user did not agree to."""

    def __init__(self, count: int) -> None:
        self.count = count
        noun = "highlight or note" if count == 1 else "highlights and notes"
        super().__init__(f"These articles have {count} {noun}; nothing was removed.")


class FeedProblem(LibraryError):
    """A feed or web page could not be added, fetched or read: `str()` says why in one
    sentence ("Could not add https://…: the server answered 404 (Not Found).")."""
