"""The core of Reader: the library of articles, its schema, import, topics and queries.

Plain Python, peewee and nh3; this package never imports Qt (a test enforces it). This
module is the core's front door: the window (`reader.ui`) and the command line
(`reader.cli`) import what they use from here and nothing from the modules behind it.
"""

from reader.library.annotations import COLORS, AnnotationInfo
from reader.library.changes import Changes
from reader.library.db import quick_check as quick_check
from reader.library.errors import (
    ImportFailed,
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryNotFound,
    LibraryTooNew,
)
from reader.library.files import write_atomically
from reader.library.importer import ImportReport, count_files
from reader.library.interchange import FORMATS as EXPORT_FORMATS
from reader.library.interchange import stamp
from reader.library.library import ArticleText, Counts, Library
from reader.library.markdown import render_note
from reader.library.parsing import FORMATS as IMPORT_FORMATS
from reader.library.paths import LIBRARY_ENV, config_dir, default_library_path, read_toml, resource
from reader.library.query import query_words
from reader.library.search import SearchCancelled, SearchResult
from reader.library.text import reading_minutes
from reader.library.views import ArticleRow, TopicRef, View

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
