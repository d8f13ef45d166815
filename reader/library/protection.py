"""Refusing writes to a protected library, all in one way.

A library is protected (read-only) once `Library.protect(reason)` was called: the window does
it when its background check finds damage, and a read that meets a damaged page does it
itself. From then on every write method raises `LibraryReadOnly` ("Nothing was saved:
<reason>.") before it touches anything, and nothing is reported to subscribers. Each
`Library` write wears the `@write` decorator, which does exactly that; a test lists every
public method of `Library` and requires each to be either a read or a `@write`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from reader.library.errors import LibraryReadOnly

F = TypeVar("F", bound=Callable[..., Any])
WRITE_MARK = "__library_write__"


def write(method: F) -> F:
    """Mark a `Library` method as a write: on a protected library it raises `LibraryReadOnly`
    (naming why the library is protected) and does nothing else."""

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self.protected:
            raise LibraryReadOnly(self.protected)
        return method(self, *args, **kwargs)

    setattr(guarded, WRITE_MARK, True)
    return cast(F, guarded)


def is_write(method: object) -> bool:
    """Whether `method` wears `@write`."""
    return bool(getattr(method, WRITE_MARK, False))
