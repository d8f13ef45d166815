"""`Library`: the one API through which the app and the command line read and write.

This module opens and closes a library, protects a damaged one, and runs imports; the rest
of `Library` comes from each area's `methods` mixin (articles, topics, search, annotations).
Every write runs in a transaction, returns a `Changes` report and hands the same report to
each subscriber (the Qt layer turns it into a signal). Reads return plain dataclasses.
Only one library is open per process: the models share one deferred database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError

from reader.library.annotations.methods import AnnotationMethods
from reader.library.annotations.records import reanchor_article
from reader.library.articles.methods import ArticleMethods, Counts
from reader.library.changes import Changes
from reader.library.errors import LibraryDamaged, LibraryError
from reader.library.ingest.importer import Importer, ImportReport, Progress
from reader.library.ingest.tuning import DEFAULT_TUNING, ImportTuning
from reader.library.protection import write
from reader.library.search import index as search_index
from reader.library.search.index import IndexProgress
from reader.library.search.methods import SearchMethods
from reader.library.store import db
from reader.library.store.files import corpus_dir
from reader.library.store.identity import fallback_identity, read_identity
from reader.library.store.models import database, utcnow
from reader.library.topics.methods import TopicMethods
from reader.library.topics.rules import TopicRules, load_topic_rules

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
Subscriber = Callable[[Changes], None]


class Library(ArticleMethods, TopicMethods, SearchMethods, AnnotationMethods):
    """An open library file. Use `Library.open(path)`; close it with `close()`."""

    _open: Library | None = None

    def __init__(
        self, path: Path, rules: TopicRules, created: bool, tuning: ImportTuning = DEFAULT_TUNING,
        clock: Clock = utcnow,
    ) -> None:  # fmt: skip
        self.path = path
        self.rules = rules
        self.created = created
        self.tuning = tuning  # how its imports pace themselves, unless a call says otherwise
        self._clock = clock  # the time now (UTC, naive): when annotations are removed
        self._identity = fallback_identity(path)  # until `open` reads the stored one
        self.warnings: list[str] = []  # problems worth telling the user that did not stop us
        self._protected: str | None = None
        self._counts: Counts | None = None
        self._counts_version: tuple[int, int] = (-1, -1)
        self._subscribers: list[Subscriber] = []

    @classmethod
    def open(
        cls, path: Path, *, create: bool = True, import_corpus: bool = True,
        rules: TopicRules | None = None, full_check: bool = True,
        index_progress: IndexProgress | None = None, tuning: ImportTuning = DEFAULT_TUNING,
        clock: Clock = utcnow,
    ) -> Library:  # fmt: skip
        """Open (checking, migrating) or create the library at `path`.

        A new library gets the bundled corpus unless `import_corpus` is false. With
        `full_check` false the page-by-page integrity check is left to the caller (the window
        runs it in the background and calls `protect` if it finds damage). Articles missing
        from the search index (a library from before search) are indexed first, reporting
        `index_progress(done, total)`. `tuning` paces every import of this library
        (`reader.library.ingest.tuning.ImportTuning`; the defaults suit the app). `clock`
        gives the time now in UTC (tests pass their own): removed annotations older than
        30 days by it are purged here, writing nothing if there are none.
        """
        if cls._open is not None:
            raise LibraryError(f"Another library is already open: {cls._open.path}.")
        warnings: list[str] = []
        if rules is None:
            rules, warnings = load_topic_rules()
        created = db.connect(path, create=create, full_check=full_check)
        library = cls(path, rules, created, tuning, clock)
        library.warnings += warnings
        cls._open = library
        try:
            library._identity = read_identity(path)
            library._sync_topics()
            library.purge_deleted()
            search_index.fill(index_progress)
            if created and import_corpus:
                library._import_corpus()
        except PeeweeDatabaseError as exc:
            library.close()
            raise LibraryDamaged(f"{path} is damaged: {exc}.") from exc
        except BaseException:
            library.close()
            raise
        return library

    @property
    def identity(self) -> str:
        """A UUID naming this library wherever its file is (made at creation, or by the
        upgrade to schema 6): key per-library settings by it. A library that has none and
        cannot be written gets one derived from its resolved path, the same each time."""
        return self._identity

    @property
    def protected(self) -> str | None:
        """Why the library takes no more writes (it is read-only: damage was found), or None.
        Every write raises `LibraryReadOnly` while it is set."""
        return self._protected

    def protect(self, reason: str) -> None:
        """Refuse every later write: each write method then raises `LibraryReadOnly`
        ("Nothing was saved: <reason>.") and changes nothing (`reader.library.protection`).
        For a damaged file; the connection is made `query_only` too."""
        self._protected = reason
        with contextlib.suppress(*db.DAMAGE):
            database.execute_sql("PRAGMA query_only = 1")

    def _import_corpus(self) -> None:
        """Fill a new library with the bundled texts; a broken installation is reported."""
        report = self.import_paths([corpus_dir()])
        for failure in report.failed:
            self.warnings.append(
                f"the bundled corpus could not be imported ({failure.path}: {failure.reason}); "
                "the library starts empty"
            )

    def close(self) -> None:
        db.close()
        if Library._open is self:
            Library._open = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- subscribers -------------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> None:
        """Call `callback(changes)` after every write that changed something."""
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Subscriber) -> None:
        """Stop calling `callback`; unknown callbacks are ignored."""
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def release_thread(self) -> None:
        """Close the calling thread's connection: a worker thread calls this when it is done
        (connections are per thread; the main thread's stays open until `close`)."""
        if not database.is_closed():
            database.close()

    def _report(self, changes: Changes) -> Changes:
        if changes:
            for callback in list(self._subscribers):
                callback(changes)
        return changes

    # -- importing ---------------------------------------------------------------------------

    @write
    def import_paths(
        self, paths: Iterable[Path], progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None, fmt: str = "auto",
        tuning: ImportTuning | None = None,
    ) -> ImportReport:  # fmt: skip
        """Import files and folders; each file atomically. See `reader.library.ingest.importer`.

        Subscribers hear of new and updated articles after each committed chunk, so a
        window shows them as they land. `tuning` paces this import (default: the library's,
        from `open`). Raises `LibraryReadOnly` on a protected library."""

        def committed(added: list[int], updated: list[int]) -> None:
            touched = bool(added or updated)
            self._report(Changes(articles=frozenset(updated), added=frozenset(added),
                                 counts=touched, topics=touched))  # fmt: skip

        importer = Importer(
            self.rules, fmt, on_body_changed=reanchor_article, on_commit=committed,
            tuning=tuning or self.tuning,
        )  # fmt: skip
        return importer.run(paths, progress, cancelled)
