"""`Library`: the one API through which the app and the command line read and write.

This module opens and closes a library, protects a damaged one, and runs imports; the rest
of `Library` comes from each area's `methods` mixin (articles, topics, search, annotations,
feeds, saved pages, tags).
Every write runs in a transaction, returns a `Changes` report and hands the same report to
each subscriber (the Qt layer turns it into a signal). Reads return plain dataclasses.
Only one library is open per process: the models share one deferred database.

A library whose file or folder cannot be written opens read-only: `read_only` says why, a
warning says so once, every read works and every write raises `LibraryReadOnly`. A library
opened without the full check (the window) writes nothing until its check, run here in the
background, has passed. Closing a library that changed makes the day's automatic backup
(`store.backups`), as does a session of many changes; removing articles backs up first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError

from reader.library.annotations.methods import AnnotationMethods
from reader.library.annotations.records import reanchor_article
from reader.library.articles.methods import ArticleMethods, Counts
from reader.library.changes import Changes
from reader.library.errors import LibraryDiskFull, LibraryError, LibraryReadOnly
from reader.library.feeds.methods import FeedMethods
from reader.library.ingest.importer import Importer, ImportReport, Progress
from reader.library.ingest.tuning import DEFAULT_TUNING, ImportTuning
from reader.library.protection import write
from reader.library.search import index as search_index
from reader.library.search.index import CheckReport, IndexProgress
from reader.library.search.methods import SearchMethods
from reader.library.store import backups, db
from reader.library.store.files import corpus_dir
from reader.library.store.identity import fallback_identity, read_identity
from reader.library.store.models import AnnotationTrash, database, utcnow
from reader.library.tags.methods import TagMethods
from reader.library.topics.methods import TopicMethods
from reader.library.topics.rules import TopicRules, load_topic_rules
from reader.library.web.methods import PageMethods

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
Subscriber = Callable[[Changes], None]
FTS_TABLES = (("article_fts", "articles"), ("annotation_fts", "notes and highlights"))
MANY_CHANGES = 1000  # changed items after which a session makes the day's backup at once


class _BackgroundCheck:
    """`PRAGMA quick_check` on its own read-only connection, off the caller's thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.done = threading.Event()
        threading.Thread(target=self._run, name="library-check", daemon=True).start()

    def _run(self) -> None:
        try:
            self.problems = db.quick_check(self.path)
        finally:
            self.done.set()


class Library(
    ArticleMethods, TopicMethods, SearchMethods, AnnotationMethods, FeedMethods, PageMethods,
    TagMethods,
):  # fmt: skip
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
        self._finished_check: _BackgroundCheck | None = None  # its result, once awaited
        self._identity = fallback_identity(path)  # until `open` reads the stored one
        self.warnings: list[str] = []  # problems worth telling the user that did not stop us
        self._protected: str | None = None
        self._counts: Counts | None = None
        self._counts_version: tuple[int, int] = (-1, -1)
        self._subscribers: list[Subscriber] = []
        self.read_only: str | None = None  # why the file cannot be written, or None
        self.auto_backups = True  # automatic backups (on close, after many changes)
        self._changed = 0  # items changed since the last automatic backup
        self._check: _BackgroundCheck | None = None
        self._gate_lock = threading.Lock()

    @classmethod
    def open(
        cls, path: Path, *, create: bool = True, import_corpus: bool = True,
        rules: TopicRules | None = None, full_check: bool = True,
        index_progress: IndexProgress | None = None, tuning: ImportTuning = DEFAULT_TUNING,
        clock: Clock = utcnow, backups: bool = True, background_check: bool = True,
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

        A file or folder that cannot be written opens read-only (`read_only` says why; the
        warning "opened read-only: …" says it once). With `full_check` false, writes wait for
        the integrity check running in the background; if it finds damage the library is
        protected and they raise `LibraryReadOnly`. `backups` false: no automatic backups.
        `full_check` and `background_check` both false: only the cheap check (header, schema,
        version; every page only after an unclean shutdown or before a migration), as the
        command line opens it (`reader check` runs the full one).
        """
        if cls._open is not None:
            raise LibraryError(f"Another library is already open: {cls._open.path}.")
        warnings: list[str] = []
        if rules is None:
            rules, warnings = load_topic_rules()
        opened = db.connect(path, create=create, full_check=full_check)
        library = cls(path, rules, opened.created, tuning, clock)
        library.warnings += warnings
        library.auto_backups = backups
        cls._open = library
        try:
            if opened.read_only is not None:
                library._open_read_only(opened.read_only)
            else:
                if not full_check and background_check and not opened.created:
                    library._check = _BackgroundCheck(path)
                    database.write_gate = library._await_check
                library._maintain(index_progress)
                if opened.created and import_corpus:
                    library._import_corpus()
        except PeeweeDatabaseError as exc:
            library.close()
            raise db.damaged(path, exc) from exc
        except BaseException:
            library.close()
            raise
        library._changed = 0  # what opening did (the corpus) is not the user's change
        return library

    def _open_read_only(self, reason: str) -> None:
        self.read_only = reason
        self._identity = read_identity(self.path, write=False)
        self.protect(f"the library is read-only ({reason})")
        self.warnings.append(
            f"opened read-only: {reason}; reading and exporting work, changes are refused"
        )

    def _maintain(self, index_progress: IndexProgress | None) -> None:
        """What opening a writable library keeps up to date; each writes only if needed."""
        try:
            self._identity = read_identity(self.path)
            self._sync_topics()
            before = self._clock() - dt.timedelta(days=30)
            if AnnotationTrash.select().where(AnnotationTrash.removed < before).exists():
                self.purge_deleted()
            search_index.fill(index_progress)
        except LibraryReadOnly:
            pass  # the background check found damage: the library is protected, read-only

    def _await_check(self) -> None:
        """The write gate: the first write waits for the background check; damage protects
        the library and refuses the write."""
        with self._gate_lock:
            check = self._check
            if check is None:
                return
            check.done.wait()
            self._check, self._finished_check = None, check
            database.write_gate = None
            if check.problems and self._protected is None:
                detail = db.one_line("; ".join(check.problems[:2]), 120)
                log.error("damaged library %s: %s", self.path, detail)
                self.protect(f"the library is damaged ({detail}) and is read-only")
        if self._protected is not None:
            raise LibraryReadOnly(self._protected)

    def check_problems(self) -> list[str]:
        """Wait for the background integrity check of a library opened with `full_check`
        false and return what it found ([] if nothing, or if no check runs). It may be called
        from any thread: the window waits on its own worker thread, never on the GUI's."""
        check = self._check or self._finished_check
        if check is None:
            return []
        check.done.wait()
        return list(check.problems)

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
        """Close the library, first making the day's automatic backup if it changed."""
        if self._changed:
            self._auto_backup()
        db.close()
        if Library._open is self:
            Library._open = None

    def check(self) -> CheckReport:
        """SQLite's quick check and the search indexes' integrity checks. FTS5 spells its
        check as an INSERT, which a read-only file refuses: there it runs on a copy."""
        report = super().check()
        if self.read_only is None:
            return report
        kept = [p for p in report.problems if "readonly database" not in p]
        if len(kept) == len(report.problems):
            return report
        with tempfile.TemporaryDirectory(prefix="reader-check-") as folder:
            copy = backups.backup_connection(database.connection(), Path(folder) / "check.db")
            conn = sqlite3.connect(copy)
            try:
                for table, what in FTS_TABLES:
                    try:
                        conn.execute(
                            f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"
                        )
                    except sqlite3.Error as exc:
                        kept.append(f"search index of {what}: {exc} (run `reader reindex`)")
            finally:
                conn.close()
        return CheckReport(database=str(self.path), problems=tuple(kept))

    # -- backups -----------------------------------------------------------------------------

    def _auto_backup(self) -> None:
        """The day's automatic backup, if due; a failure is logged and warned, never raised
        (the user's data is in the library itself)."""
        if not self.auto_backups or self.read_only or self._protected or database.in_transaction():
            return
        try:
            if backups.daily_due(self.path):
                self._make_backup("daily")
                backups.prune(self.path)
            self._changed = 0
        except (LibraryError, OSError, *db.DAMAGE) as exc:
            log.warning("no automatic backup of %s: %s", self.path, exc)
            self.warnings.append(f"no automatic backup was made: {exc}")

    def _make_backup(self, kind: str, target: Path | None = None) -> Path:
        """Write a backup of this library (SQLite's backup API) of `kind` into its backups
        folder, or to `target`; returns its path (`reader.library.backup_library` calls it)."""
        if database.in_transaction():
            raise LibraryError("A backup cannot be made inside a write; try again.")
        dest = target or backups.new_backup_path(self.path, kind)
        return backups.backup_connection(database.connection(), dest)

    @write
    def remove_articles(self, ids: Iterable[int], *, with_annotations: int = 0) -> Changes:
        """As `ArticleMethods.remove_articles`, after a `before-removal` backup (if the
        removal will go ahead: nothing is backed up for a refusal)."""
        ids = self._existing(ids)
        if ids and self.annotation_count(ids) == with_annotations and self.auto_backups:
            try:
                self._make_backup("before-removal")
                backups.prune(self.path)
            except LibraryError as exc:
                raise LibraryError(
                    f"Nothing was removed: no backup could be made first ({exc})"
                ) from exc
        return super().remove_articles(ids, with_annotations=with_annotations)

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
            self._changed += max(1, len(changes.articles | changes.added | changes.removed))
            for callback in list(self._subscribers):
                callback(changes)
            if self._changed >= MANY_CHANGES:
                self._auto_backup()
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

        landed = [0]  # articles in committed chunks: kept even if a later chunk fails

        def committed(added: list[int], updated: list[int]) -> None:
            touched = bool(added or updated)
            landed[0] += len(added)
            self._report(Changes(articles=frozenset(updated), added=frozenset(added),
                                 counts=touched, topics=touched))  # fmt: skip

        importer = Importer(
            self.classifier(), fmt, on_body_changed=reanchor_article, on_commit=committed,
            tuning=tuning or self.tuning,
        )  # fmt: skip
        try:
            return importer.run(paths, progress, cancelled)
        except LibraryDiskFull as exc:
            if not landed[0]:
                raise
            raise LibraryDiskFull(exc.path, (
                f"The disk holding {exc.path} is full: the import stopped there; the "
                f"{landed[0]} article{'s' * (landed[0] != 1)} imported before it filled up "
                "are kept, nothing after them; free some space and import again (what is "
                "already in is skipped)."
            )) from exc  # fmt: skip
