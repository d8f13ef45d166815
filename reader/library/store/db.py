"""Opening a library file: check it, refuse what is damaged or too new, migrate, connect;
and what a read does when it meets damage (`survives_damage`).

Checks run on a read-only connection first, so a file that fails them is never written to:
not even the WAL switch or the migration history touch it. Only then is the deferred peewee
database initialised with WAL, foreign keys and a busy timeout, and pending migrations run.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from peewee import DatabaseError as PeeweeDatabaseError
from playhouse.migrations import Migration, Runner

from reader.library.errors import LibraryBusy, LibraryDamaged, LibraryNotFound, LibraryTooNew
from reader.library.store.models import database

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
DAMAGE = (sqlite3.DatabaseError, PeeweeDatabaseError)  # what a damaged page raises

APPLICATION_ID = 0x52454452  # "REDR": marks a SQLite file as a Reader library
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"
SQLITE_MAGIC = b"SQLite format 3\x00"
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",  # a note is on disk when the call that saved it returns
}


def known_migrations() -> list[Migration]:
    """The migrations this Reader ships, in order."""
    return Migration.load_directory(str(MIGRATIONS_DIR))


def latest_version() -> int:
    """The schema version this Reader writes: the number of its newest migration."""
    return max(m.idx for m in known_migrations())


def inspect(path: Path, *, full: bool = True) -> int:
    """Check an existing file without writing to it and return its schema version.

    Raises `LibraryDamaged` for an empty, non-SQLite, foreign or corrupt file,
    `LibraryTooNew` for a library from a newer Reader and `LibraryBusy` if it is locked.
    `PRAGMA quick_check` reads every page (about 0.4 s for 500 MB): it runs when `full`, and
    whatever `full` says before a migration and after an unclean shutdown (a WAL file left).
    The window opens with `full=False` and runs `quick_check` in the background instead.
    """
    if not path.is_file():
        raise LibraryDamaged(f"{path} is not a regular file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise LibraryDamaged(f"Cannot read the library {path}: {exc.strerror or exc}.") from exc
    if not header:
        raise LibraryDamaged(
            f"{path} is empty (0 bytes), not a Reader library. Move it away, or choose "
            "another file with --library."
        )
    if header != SQLITE_MAGIC:
        raise LibraryDamaged(f"{path} is not a Reader library (not an SQLite database).")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        raise LibraryDamaged(f"Cannot open the library {path}: {exc}.") from exc
    try:
        return _check_readonly(conn, path, full or unclean_shutdown(path))
    finally:
        conn.close()


def unclean_shutdown(path: Path) -> bool:
    """SQLite removes the WAL file when the last connection closes cleanly."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def quick_check(path: Path) -> list[str]:
    """Problems `PRAGMA quick_check` finds, on a read-only connection (empty: none)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [str(exc)]
    return [] if problems == ["ok"] else problems


def _check_readonly(conn: sqlite3.Connection, path: Path, full: bool) -> int:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id not in (0, APPLICATION_ID) or (
            app_id == 0 and tables and "article" not in tables
        ):
            raise LibraryDamaged(f"{path} is an SQLite database of another program, not a library.")
        if version > latest_version():
            raise LibraryTooNew(
                f"{path} was written by a newer version of Reader (schema {version}; this "
                f"version knows up to {latest_version()}). Update Reader to open it; the file "
                "was not changed."
            )
        problems = ["ok"]
        if full or version < latest_version():
            problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        if problems == ["ok"]:
            _check_history(conn, tables, path)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LibraryBusy(f"{path} is locked by another program; try again.") from exc
        raise LibraryDamaged(f"{path} is damaged: {exc}.") from exc
    except sqlite3.DatabaseError as exc:
        raise LibraryDamaged(f"{path} is damaged: {exc}.") from exc
    if problems != ["ok"]:
        raise LibraryDamaged(
            f"{path} is damaged ({'; '.join(problems[:2])}). It was not changed; restore a backup."
        )
    return int(version)


def _check_history(conn: sqlite3.Connection, tables: set[str], path: Path) -> None:
    """A history naming migrations this Reader does not have means a newer Reader wrote it."""
    if HISTORY_TABLE not in tables:
        return
    applied = {r[0] for r in conn.execute(f"SELECT name FROM {HISTORY_TABLE}")}
    unknown = applied - {m.name for m in known_migrations()}
    if unknown:
        raise LibraryTooNew(
            f"{path} was changed by a newer version of Reader (migration {min(unknown)}). "
            "Update Reader to open it; the file was not changed."
        )


def connect(path: Path, *, create: bool, full_check: bool = True) -> bool:
    """Check, open and migrate the library at `path`. Returns True if it was created now."""
    created = not path.exists()
    if created and not create:
        raise LibraryNotFound(f"There is no library at {path}.")
    old_version = 0 if created else inspect(path, full=full_check)
    if created:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryNotFound(
                f"Cannot create the library folder {path.parent}: {exc}."
            ) from exc
    database.init(str(path), pragmas=PRAGMAS, timeout=5)
    try:
        database.connect(reuse_if_open=True)
        if 0 < old_version < latest_version():
            backup(path, path.with_name(f"{path.name}.v{old_version}.bak"))
        migrate()
    except sqlite3.OperationalError as exc:
        database.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise LibraryBusy(f"{path} is locked by another program; try again.") from exc
        raise LibraryNotFound(f"Cannot open the library {path}: {exc}.") from exc
    except sqlite3.DatabaseError as exc:
        database.close()
        raise LibraryDamaged(f"{path} is damaged: {exc}.") from exc
    return created


def migrate() -> list[str]:
    """Apply pending migrations and stamp the file with its version. Returns what ran."""
    ran = Runner(database, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).up()
    for pragma, value in (("application_id", APPLICATION_ID), ("user_version", latest_version())):
        if database.pragma(pragma) != value:  # setting it again would write the file
            database.pragma(pragma, value)
    if ran:
        log.info("migrated library: %s", ", ".join(ran))
    return ran


def backup(source: Path, target: Path) -> None:
    """Copy a live library with SQLite's backup API (copying the .db file alone loses WAL data)."""
    dst = sqlite3.connect(str(target))
    try:
        database.connection().backup(dst)
    finally:
        dst.close()
    log.info("backed up %s to %s", source, target)


def close() -> None:
    if not database.is_closed():
        database.close()


def survives_damage(empty: Callable[[], object]) -> Callable[[F], F]:
    """For `Library` reads: one that meets a damaged page returns `empty()` and protects the
    library (`Library.protect`), instead of raising into the window; a locked database is
    still reported as busy."""

    def decorate(read: F) -> F:
        @functools.wraps(read)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return read(self, *args, **kwargs)
            except DAMAGE as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise LibraryBusy(f"{self.path} is busy: {exc}; try again.") from exc
                log.error("damaged library %s: %s", self.path, exc)
                if self._protected is None:
                    self.protect(f"the library is damaged ({exc}) and is read-only")
                return empty()

        return cast(F, guarded)

    return decorate
