"""The core of Reader: the library of articles, its schema, import, topics and queries.

Plain Python, peewee and nh3; this package never imports Qt (a test enforces it).
"""

from reader.library.changes import Changes
from reader.library.errors import (
    ImportFailed,
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryNotFound,
    LibraryTooNew,
)
from reader.library.library import ArticleText, Counts, Library
from reader.library.views import ArticleRow, TopicRef, View

__all__ = [
    "ArticleRow",
    "ArticleText",
    "Changes",
    "Counts",
    "ImportFailed",
    "Library",
    "LibraryBusy",
    "LibraryDamaged",
    "LibraryError",
    "LibraryNotFound",
    "LibraryTooNew",
    "TopicRef",
    "View",
]
