"""The core of Reader: the library of articles, its schema, import, topics and queries.

Plain Python, peewee and nh3; this package never imports Qt (a test enforces it). This
module is the core's front door: the window (`reader.ui`) and the command line
(`reader.cli`) import what they use from here and nothing from the modules behind it.
"""

from reader.library.annotations.export import FORMATS as EXPORT_FORMATS
from reader.library.annotations.export import stamp
from reader.library.annotations.records import COLORS, AnnotationInfo
from reader.library.api import Library
from reader.library.articles.methods import ArticleText, Counts
from reader.library.articles.views import ArticleRow, TopicRef, View
from reader.library.changes import Changes
from reader.library.display.note import render_note
from reader.library.errors import (
    ImportFailed,
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryNotFound,
    LibraryTooNew,
)
from reader.library.ingest.formats import FORMATS as IMPORT_FORMATS
from reader.library.ingest.importer import ImportReport, count_files
from reader.library.ingest.prose import reading_minutes
from reader.library.search.query import query_words
from reader.library.search.results import SearchCancelled, SearchResult
from reader.library.store.db import quick_check as quick_check
from reader.library.store.files import (
    LIBRARY_ENV,
    config_dir,
    default_library_path,
    read_toml,
    resource,
    write_atomically,
)

__all__ = [
    "COLORS",
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "LIBRARY_ENV",
    "AnnotationInfo",
    "ArticleRow",
    "ArticleText",
    "Changes",
    "Counts",
    "ImportFailed",
    "ImportReport",
    "Library",
    "LibraryBusy",
    "LibraryDamaged",
    "LibraryError",
    "LibraryNotFound",
    "LibraryTooNew",
    "SearchCancelled",
    "SearchResult",
    "TopicRef",
    "View",
    "config_dir",
    "count_files",
    "default_library_path",
    "query_words",
    "read_toml",
    "reading_minutes",
    "render_note",
    "resource",
    "stamp",
    "write_atomically",
]
