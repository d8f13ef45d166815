"""How the library's connection writes: one writer at a time, waiting its turn, and a failed
write that leaves nothing behind.

`LibraryDatabase` is peewee's `SqliteDatabase` with three changes, so that every write of
every module (`database.atomic()`, or a single statement) gets them without knowing:

- **Write transactions take the write lock when they begin** (`BEGIN IMMEDIATE`) and wait
  for it. A deferred transaction that reads and then writes cannot wait: SQLite refuses it
  at once ("database is locked") when another process holds the lock. The wait is a loop
  of short attempts (a few milliseconds apart, up to `WRITE_WAIT_SECONDS`), not SQLite's busy
  handler alone, whose sleeps grow to 100 ms and so lose every race against a long import
  that commits and begins again at once. A long transaction that commits in chunks
  (`txn.commit()` inside `atomic()`, as imports do) pauses `HANDOFF_SECONDS` before it takes
  the lock again, so a waiting writer gets its turn. Past the wait: `LibraryBusy`.
- **A failed transaction rolls back cleanly.** When the disk is full SQLite may already have
  rolled the whole transaction back; peewee's `ROLLBACK` (or `ROLLBACK TO SAVEPOINT`) would
  then fail with "cannot rollback - no transaction is active" and hide the real error.
  Rollbacks here skip what SQLite already undid, and once a statement of a transaction
  failed for lack of space every later statement of it fails the same way (so nothing runs
  in autocommit by mistake), until the transaction ends with `LibraryDiskFull`.
- **A write gate** (`write_gate`): a callable run before the first write, so that a library
  opened before its integrity check finished writes nothing until the check passed.
- **Light writes** (`light()`): a read mark, a reading position and what a feed refresh
  wrote (all of it can be made again) commit without waiting for the disk; everything else
  waits for it (`synchronous = FULL`).
- **Journal hooks** (`journal_hooks`, set by `store.watch` while a window watches for other
  processes' writes): told when each write transaction began, is about to commit, committed
  or rolled back, so that the change journal's rows this process wrote are known as its own;
  while they are set a write outside a transaction runs in one of its own.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any

import peewee
from peewee import SqliteDatabase

from reader.library.errors import LibraryBusy, LibraryDiskFull, LibraryError, LibraryReadOnly

WRITE_WAIT_SECONDS = 15.0  # how long a write waits for another writer before LibraryBusy
SQLITE_BUSY_SECONDS = 0.02  # SQLite's own busy handler, within each attempt
HANDOFF_SECONDS = 0.03  # a chunked transaction's pause between commit and its next begin
LOW_SPACE_BYTES = 1 << 20  # an I/O error with less free space than this is a full disk
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC", "CREATE", "DROP", "ALTER")


def is_busy(exc: BaseException) -> bool:
    text = str(exc)
    return "database is locked" in text or "database is busy" in text or "SQLITE_BUSY" in text


def is_full(exc: BaseException, path: str | None = None) -> bool:
    """SQLite's "database or disk is full", or an I/O error on a disk with no space left."""
    text = str(exc)
    if "disk is full" in text:
        return True
    if "disk I/O error" in text and path:
        return free_bytes(path) < LOW_SPACE_BYTES
    return False


def free_bytes(path: str) -> int:
    """Bytes free to this user on the filesystem holding `path` (a large number if unknown)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    try:
        st = os.statvfs(folder)
    except OSError:
        return 1 << 62
    return st.f_bavail * st.f_frsize


def storage_error(exc: BaseException, path: str) -> LibraryError | None:
    """The user-facing error for a database error that is about the disk or the lock, or
    None for one that is not (damage, a bug)."""
    found: LibraryError | None = None
    if isinstance(exc, LibraryError):
        found = exc
    elif not isinstance(exc, (sqlite3.Error, peewee.DatabaseError)):
        found = None
    elif is_full(exc, path):
        found = LibraryDiskFull(path)
    elif is_busy(exc):
        found = busy(path)
    elif "readonly database" in str(exc):
        found = LibraryReadOnly(f"the library file {path} cannot be written")
    elif "disk I/O error" in str(exc):
        found = LibraryError(
            f"Could not write to the library {path} (disk I/O error): nothing of this was "
            "saved; check the disk, then try again."
        )
    return found


def busy(path: str) -> LibraryBusy:
    return LibraryBusy(
        f"{path} stayed locked by another Reader or `reader` command for "
        f"{WRITE_WAIT_SECONDS:g} seconds: nothing of this was saved; try again."
    )


# peewee's helpers call this (`__exception_wrapper__` turns sqlite3 errors into peewee's).
_WRAP: Any = vars(peewee)["__exception_wrapper__"]


class LibraryTransaction(peewee._transaction):
    """A top-level transaction: clean rollback, disk-full reporting, handoff between chunks."""

    db: Any  # a LibraryDatabase

    def __init__(self, db: Any, lock_type: str | None = None) -> None:
        super().__init__(db, lock_type)
        self.lock_type = lock_type

    def _begin(self) -> None:
        self.db.begin(self.lock_type)

    def commit(self, begin: bool = True) -> None:
        self.db.commit()
        self.db._run_commit_callbacks()
        if begin:
            time.sleep(HANDOFF_SECONDS)  # a writer waiting for the lock takes its turn now
            self._begin()

    def rollback(self, begin: bool = True) -> None:
        self.db.rollback()
        self.db._clear_commit_callbacks()
        if begin:
            self._begin()

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        depth = self.db.transaction_depth()
        self.db.pop_transaction()
        if depth != 1:
            return
        try:
            if exc is not None:
                self.rollback(False)
            else:
                try:
                    self.commit(False)
                except BaseException as failed:
                    self.rollback(False)
                    raise self.db.translate(failed) from failed
        finally:
            failure, self.db._failure = self.db._failure, None
        if exc is not None:
            path = self.db.library_path or str(self.db.database)
            translated = storage_error(failure, path) if failure is not None else None
            translated = translated or storage_error(exc, path)
            if translated is not None and translated is not exc:
                raise translated from exc


class LibrarySavepoint(peewee._savepoint):
    """A nested `atomic()`: its rollback skips what SQLite already undid."""

    db: Any  # a LibraryDatabase

    def _begin(self) -> None:
        self.db.execute_sql(f"SAVEPOINT {self.quoted_sid};")

    def rollback(self, begin: bool = True) -> None:
        if not self.db.in_sqlite_transaction():  # SQLite rolled the whole transaction back
            self.db.mark_failed(sqlite3.OperationalError("the transaction was rolled back"))
            return
        self.db.execute_raw(f"ROLLBACK TO SAVEPOINT {self.quoted_sid}")
        if begin:
            self._begin()

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is not None and is_full(exc, self.db.database):
            self.db.mark_failed(exc)
        super().__exit__(exc_type, exc, tb)


class LibraryDatabase(SqliteDatabase):
    """peewee's SQLite database, writing as the module docstring says."""

    def __init__(self, database: str | None, **kwargs: Any) -> None:
        super().__init__(database, lock_type="IMMEDIATE", **kwargs)
        self.write_wait = WRITE_WAIT_SECONDS
        self.write_gate: Callable[[], None] | None = None
        self.library_path = ""  # the file, for messages (`database` may be a URI)
        self._failure: BaseException | None = None
        self.journal_hooks: Any = None  # a `store.watch.OwnWrites`, while a window watches

    # -- transactions ------------------------------------------------------------------------

    def transaction(self, lock_type: str | None = None) -> LibraryTransaction:
        return LibraryTransaction(self, lock_type)

    def savepoint(self) -> LibrarySavepoint:
        return LibrarySavepoint(self)

    def begin(self, lock_type: str | None = None) -> None:
        self._pass_gate()
        statement = f"BEGIN {lock_type or 'IMMEDIATE'}"
        self._with_retry(lambda: self.execute_raw(statement))
        self._failure = None
        if self.journal_hooks is not None:
            self.journal_hooks.began(self.connection())

    def commit(self) -> None:
        if self._failure is not None:
            raise self._failure
        hooks = self.journal_hooks
        if hooks is not None:
            hooks.committing(self.connection())
        self.execute_raw("COMMIT")
        if hooks is not None:
            hooks.committed()

    def rollback(self) -> None:
        if self.journal_hooks is not None:
            self.journal_hooks.rolled_back()
        if self.in_sqlite_transaction():
            self.execute_raw("ROLLBACK")

    def in_sqlite_transaction(self) -> bool:
        """Whether SQLite itself has a transaction open on this thread's connection."""
        return not self.is_closed() and bool(self.connection().in_transaction)

    def mark_failed(self, exc: BaseException) -> None:
        """A statement of the open transaction failed in a way that dooms all of it."""
        if self.in_transaction() and self._failure is None:
            self._failure = exc

    def translate(self, exc: BaseException) -> BaseException:
        return storage_error(exc, self.library_path or str(self.database)) or exc

    def execute_raw(self, sql: str) -> None:
        """One statement straight to SQLite (transaction control: no gate, no retry)."""
        with _WRAP:
            self.connection().execute(sql)

    @contextlib.contextmanager
    def light(self) -> Iterator[None]:
        """Writes that need not wait for the disk (a read mark, a reading position): committed
        with `synchronous = NORMAL`, so the commit does not fsync (measured 3.7 ms of each
        `J`). In WAL mode they survive a crash of Reader; a power cut may lose the last of
        them, never the file, and the next write that waits for the disk (every other: a
        note, a highlight, a bookmark) takes them with it. Inside a transaction it changes
        nothing: the transaction's own commit decides."""
        if self.in_transaction() or self.is_closed():
            yield
            return
        self.execute_raw("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            self.execute_raw("PRAGMA synchronous = FULL")

    # -- statements --------------------------------------------------------------------------

    def cursor(self, named_cursor: Any = None) -> Any:
        if self._failure is not None and self.in_transaction():
            raise self._failure  # the transaction is lost: no statement may run outside it
        return super().cursor(named_cursor)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if self.in_transaction():
            try:
                return super().execute_sql(sql, params)
            except (sqlite3.Error, peewee.DatabaseError) as exc:
                if is_full(exc, self.library_path) or not self.in_sqlite_transaction():
                    self.mark_failed(exc)
                raise
        if sql.lstrip()[:6].upper() in _WRITES:
            self._pass_gate()
            if self.journal_hooks is not None:
                with self.atomic():  # its journal rows are then known as this process's
                    return self.execute_sql(sql, params)
        return self._with_retry(lambda: super(LibraryDatabase, self).execute_sql(sql, params))

    # -- waiting -----------------------------------------------------------------------------

    def _pass_gate(self) -> None:
        gate = self.write_gate
        if gate is not None:
            gate()

    def _with_retry(self, attempt: Callable[[], Any]) -> Any:
        """Run `attempt` (which did nothing if it met the lock) until it gets past the lock,
        for at most `write_wait` seconds; then `LibraryBusy`."""
        deadline = time.monotonic() + self.write_wait
        while True:
            try:
                return attempt()
            except (sqlite3.OperationalError, peewee.OperationalError) as exc:
                if not is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise busy(self.library_path or str(self.database)) from exc
            time.sleep(random.uniform(0.001, 0.006))
