"""The core of Reader: the library of articles, its schema, import, topics and queries.

Plain Python, peewee and nh3; this package never imports Qt (a test enforces it). This
module is the core's front door: the window (`reader.ui`) and the command line
(`reader.cli`) import what they use from here and nothing from the modules behind it
(`tests/unit/test_boundaries.py` enforces that too).

Behind it, one subpackage per area: `store` (the SQLite file, its tables and migrations,
Reader's other files), `articles` (views, rows, marks), `ingest` (decoding, the import
formats, the importer), `topics`, `search`, `annotations`, `display` (the HTML for the
screen), `feeds` (subscriptions and their refresh) and `web` (fetching, saved pages,
pictures). `api.Library` ties them together.
"""

from reader.library.annotations.candidates import Candidate as OrphanCandidate
from reader.library.annotations.colours import (
    COLORS,
    HIGHLIGHT_COLOURS,
    HighlightColour,
    highlight_colour,
)
from reader.library.annotations.export import FORMATS as EXPORT_FORMATS
from reader.library.annotations.export import stamp
from reader.library.annotations.records import (
    AnnotationCounts,
    AnnotationError,
    AnnotationInfo,
)
from reader.library.annotations.trash import DeletedAnnotation
from reader.library.annotations.webannotation import AnnotationImportError
from reader.library.annotations.webannotation import ImportResult as AnnotationImportResult
from reader.library.api import Library
from reader.library.articles.methods import ArticleText, Counts
from reader.library.articles.views import SORT_KEYS, ArticleRow, Sort, SortKey, TopicRef, View
from reader.library.changes import Changes
from reader.library.display.note import render_note
from reader.library.errors import (
    AnnotationsWouldBeLost,
    FeedProblem,
    ImportFailed,
    LibraryBusy,
    LibraryDamaged,
    LibraryDiskFull,
    LibraryError,
    LibraryInUse,
    LibraryNotFound,
    LibraryReadOnly,
    LibraryTooNew,
)
from reader.library.feeds.records import DEFAULT_INTERVAL, FeedInfo, RefreshResult
from reader.library.ingest.formats import FORMATS as IMPORT_FORMATS
from reader.library.ingest.importer import count_files
from reader.library.ingest.prose import reading_minutes
from reader.library.ingest.report import FileResult, ImportReport
from reader.library.ingest.tuning import ImportTuning
from reader.library.search.index import CheckReport
from reader.library.search.query import query_words
from reader.library.search.results import SearchCancelled, SearchResult
from reader.library.search.saved import Saved, SavedSearchError
from reader.library.store.backups import (
    BackupInfo,
    RestoreResult,
    backup_library,
    backups_dir,
    describe_backup,
    list_backups,
    restore_backup,
)
from reader.library.store.db import quick_check
from reader.library.store.files import (
    LIBRARY_ENV,
    config_dir,
    default_library_path,
    read_toml,
    resource,
    write_atomically,
)
from reader.library.store.salvage import SalvageReport, salvage
from reader.library.store.watch import ChangeWatcher
from reader.library.tags.names import MAX_TAG_CHARS, TagError, clean_tag
from reader.library.tags.records import TagInfo, TagSnapshot
from reader.library.topics.classifier import Explanation, TopicReason
from reader.library.topics.rules import Topic
from reader.library.web.pictures import (
    MAX_PICTURE_BYTES,
    MAX_PIXELS,
    PICTURE_SCHEME,
    PictureCheck,
    PictureFacts,
    sniff_picture,
)

__all__ = [
    "COLORS",
    "DEFAULT_INTERVAL",
    "EXPORT_FORMATS",
    "HIGHLIGHT_COLOURS",
    "IMPORT_FORMATS",
    "LIBRARY_ENV",
    "MAX_PICTURE_BYTES",
    "MAX_PIXELS",
    "MAX_TAG_CHARS",
    "PICTURE_SCHEME",
    "SORT_KEYS",
    "AnnotationCounts",
    "AnnotationError",
    "AnnotationImportError",
    "AnnotationImportResult",
    "AnnotationInfo",
    "AnnotationsWouldBeLost",
    "ArticleRow",
    "ArticleText",
    "BackupInfo",
    "ChangeWatcher",
    "Changes",
    "CheckReport",
    "Counts",
    "DeletedAnnotation",
    "Explanation",
    "FeedInfo",
    "FeedProblem",
    "FileResult",
    "HighlightColour",
    "ImportFailed",
    "ImportReport",
    "ImportTuning",
    "Library",
    "LibraryBusy",
    "LibraryDamaged",
    "LibraryDiskFull",
    "LibraryError",
    "LibraryInUse",
    "LibraryNotFound",
    "LibraryReadOnly",
    "LibraryTooNew",
    "OrphanCandidate",
    "PictureCheck",
    "PictureFacts",
    "RefreshResult",
    "RestoreResult",
    "SalvageReport",
    "Saved",
    "SavedSearchError",
    "SearchCancelled",
    "SearchResult",
    "Sort",
    "SortKey",
    "TagError",
    "TagInfo",
    "TagSnapshot",
    "Topic",
    "TopicReason",
    "TopicRef",
    "View",
    "backup_library",
    "backups_dir",
    "clean_tag",
    "config_dir",
    "count_files",
    "default_library_path",
    "describe_backup",
    "highlight_colour",
    "list_backups",
    "query_words",
    "quick_check",
    "read_toml",
    "reading_minutes",
    "render_note",
    "resource",
    "restore_backup",
    "salvage",
    "sniff_picture",
    "stamp",
    "write_atomically",
]
