"""Opening a library file: check it, refuse what is damaged or too new, migrate, connect
(read-write, or read-only when the file or its folder cannot be written); and what a read
does when it meets damage (`survives_damage`).

Checks run first, on a connection that cannot write and creates nothing: `immutable` when no
WAL file exists (a read-only connection to a WAL database would create `-wal` and `-shm`
beside a file that may then be refused), read-only otherwise. Only a file that passed them
is opened for writing, with WAL, foreign keys and the write-lock discipline of
`store.transactions`; pending migrations then run, after a backup. A new library is built
in a temporary file beside its place and renamed into it, so an interrupted creation never
leaves an empty database behind. Every refusal is one line with advice.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

from peewee import DatabaseError as PeeweeDatabaseError
from playhouse.migrations import Migration, Runner

from reader.library.errors import (
    LibraryBusy,
    LibraryDamaged,
    LibraryDiskFull,
    LibraryError,
    LibraryNotFound,
    LibraryTooNew,
)
from reader.library.store.models import database
from reader.library.store.transactions import (
    LOW_SPACE_BYTES,
    SQLITE_BUSY_SECONDS,
    free_bytes,
    is_busy,
    is_full,
)

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
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "query_only": 1}
DETAIL_CHARS = 160  # how much of SQLite's own words a message quotes


@dataclass(frozen=True, slots=True)
class Opened:
    """What `connect` did: whether it created the library, and why it is read-only (None:
    it is writable)."""

    created: bool
    read_only: str | None = None


_snapshot: list[Path] = []  # a private copy opened read-only (see `_read_only_uri`)


def known_migrations() -> list[Migration]:
    """The migrations this Reader ships, in order."""
    return Migration.load_directory(str(MIGRATIONS_DIR))


def latest_version() -> int:
    """The schema version this Reader writes: the number of its newest migration."""
    return max(m.idx for m in known_migrations())


def one_line(text: object, limit: int = DETAIL_CHARS) -> str:
    """SQLite's words on one line, shortened: never its multi-line report verbatim."""
    flat = " ".join(str(text).split()).strip(" .")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def damaged(path: Path, detail: object) -> LibraryDamaged:
    """The one-line message for a damaged library, with what to do about it."""
    return LibraryDamaged(
        f"{path} is damaged ({one_line(detail)}): restore a backup with `reader restore FILE` "
        f"(`reader backups` lists them), or copy what can be read into a new library with "
        f"`reader salvage {path} NEW`."
    )


def inspect(path: Path, *, full: bool = True) -> int:
    """Check an existing file without writing to it and return its schema version.

    Raises `LibraryDamaged` for an empty, non-SQLite, foreign or corrupt file,
    `LibraryTooNew` for a library from a newer Reader and `LibraryBusy` if it is locked.
    `PRAGMA quick_check` reads every page (about 0.4 s for 500 MB): it runs when `full`, and
    whatever `full` says before a migration and after an unclean shutdown (a WAL file left).
    The window opens with `full=False` and the library checks in the background instead.
    """
    _check_header(path)
    try:
        conn = _check_connection(path)
    except sqlite3.Error as exc:
        raise damaged(path, exc) from exc
    try:
        return _check_readonly(conn, path, full or unclean_shutdown(path))
    finally:
        conn.close()


def _check_header(path: Path) -> None:
    if not path.is_file():
        raise LibraryDamaged(f"{path} is not a regular file: choose a library file with --library.")
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise LibraryError(f"Cannot read the library {path}: {exc.strerror or exc}.") from exc
    if not head:
        raise LibraryDamaged(
            f"{path} is empty (0 bytes): it holds no library. If it was your library, restore "
            "a backup with `reader restore FILE` (`reader backups` lists them); otherwise move "
            "it away, or choose another file with --library."
        )
    if head[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        if _looks_like_sqlite_pages(path, head):
            raise damaged(path, "its header is not SQLite's")
        raise LibraryDamaged(
            f"{path} is not a Reader library (not an SQLite database): choose another file "
            "with --library."
        )


def _looks_like_sqlite_pages(path: Path, head: bytes) -> bool:
    """A file whose first 16 bytes are not SQLite's but whose pages are (a damaged header):
    whole pages of 512 bytes or more, and either a table b-tree where page 1's begins or
    SQLite's schema text near the start."""
    size = path.stat().st_size
    if size < 1024 or size % 512:
        return False
    if len(head) > 100 and head[100] in (0x05, 0x0D):
        return True
    try:
        with path.open("rb") as fh:
            return b"CREATE TABLE" in fh.read(1 << 20)
    except OSError:
        return False


def _check_connection(path: Path) -> sqlite3.Connection:
    """A connection for checks; where SQLite cannot use the WAL (a read-only folder where it
    was left without its `-shm`, or a disk too full for the `-shm` to grow) the main file
    alone is checked."""
    conn = sqlite3.connect(check_uri(path), uri=True, timeout=2)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError as exc:
        conn.close()
        cannot_open = "unable to open" in str(exc) and not os.access(path.parent, os.W_OK)
        if not cannot_open and not is_full(exc, str(path)):
            raise
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, timeout=2)
    return conn


def check_uri(path: Path) -> str:
    """A URI that opens `path` for checks without creating `-wal` or `-shm` beside it."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri if _wal(path).exists() else uri + "&immutable=1"


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _shm(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def unclean_shutdown(path: Path) -> bool:
    """SQLite removes the WAL file when the last connection closes cleanly."""
    try:
        return _wal(path).stat().st_size > 0
    except OSError:
        return False


def quick_check(path: Path) -> list[str]:
    """Problems `PRAGMA quick_check` finds, on a connection that writes nothing (empty: none)."""
    try:
        conn = sqlite3.connect(check_uri(path), uri=True, timeout=5)
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
        ours = "article" in tables and HISTORY_TABLE in tables
        if app_id not in (0, APPLICATION_ID) and ours:
            raise damaged(path, "its header names another program")
        if app_id not in (0, APPLICATION_ID) or (
            app_id == 0 and tables and "article" not in tables
        ):
            raise LibraryDamaged(
                f"{path} is an SQLite database of another program, not a Reader library: "
                "choose another file with --library."
            )
        if not tables:
            raise LibraryDamaged(
                f"{path} is an empty SQLite database (no tables), not a Reader library; Reader "
                "never leaves one like that, so it may be another program's: move it away and "
                "Reader will start a new library there, or choose another file with --library."
            )
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
        if is_busy(exc):
            raise LibraryBusy(f"{path} is locked by another program; try again.") from exc
        raise damaged(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from exc
    if problems != ["ok"]:
        raise damaged(path, "; ".join(problems[:2]) + "; the file was not changed")
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


# -- connecting --------------------------------------------------------------------------------


def connect(path: Path, *, create: bool, full_check: bool = True) -> Opened:
    """Check, open and migrate the library at `path` (creating it if `create`). A library
    whose file or folder cannot be written is opened read-only (`Opened.read_only` says why)."""
    if not path.exists():
        if not create:
            raise LibraryNotFound(f"There is no library at {path}.")
        _create(path)
        _connect_writable(path)
        return Opened(created=True)
    version = inspect(path, full=full_check)
    reason = read_only_reason(path)
    if reason is None:
        try:
            _connect_writable(path)
        except _CannotWrite as cannot:
            reason = cannot.reason
    if reason is not None:
        if version < latest_version():
            raise LibraryError(
                f"{path} cannot be upgraded for this Reader ({reason}): copy it to a folder "
                "you can write to and open the copy."
            )
        _connect_read_only(path)
        return Opened(created=False, read_only=reason)
    try:
        if 0 < version < latest_version():
            from reader.library.store import backups

            backups.before_migration(path, version)
        migrate()
    except LibraryError:
        close()
        raise
    except DAMAGE as exc:
        close()
        raise _open_error(path, exc) from exc
    return Opened(created=False)


class _CannotWrite(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_only_reason(path: Path) -> str | None:
    """Why the library at `path` cannot be written (its file, its folder, its filesystem), or
    None. Root passes permission checks; a read-only mount or an immutable file still fail."""
    folder = path.parent
    with contextlib.suppress(OSError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"{path} is on a read-only filesystem"
    if not os.access(path, os.W_OK):
        return f"{path} is read-only"
    if not os.access(folder, os.W_OK):
        sidecars = (_wal(path), _shm(path))
        if not all(p.exists() and os.access(p, os.W_OK) for p in sidecars):
            return f"its folder {folder} is read-only"
    return None


def _connect_writable(path: Path) -> None:
    database.init(str(path), pragmas=PRAGMAS, timeout=SQLITE_BUSY_SECONDS)  # type: ignore[arg-type]
    database.library_path = str(path)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except DAMAGE as exc:
        close()
        text = str(exc)
        if "readonly" in text or "unable to open" in text or is_full(exc, str(path)):
            reason = "the disk is full" if is_full(exc, str(path)) else "it cannot be written"
            raise _CannotWrite(f"{path}: {reason}") from exc
        raise _open_error(path, exc) from exc


def _connect_read_only(path: Path) -> None:
    """Open read-only; where SQLite cannot even read in place (its `-shm` cannot grow on a
    full disk), read a private copy of the file and its WAL instead."""
    for uri in (_read_only_uri(path), None):
        database.init(
            uri or _snapshot_uri(path), pragmas=READ_ONLY_PRAGMAS,
            timeout=SQLITE_BUSY_SECONDS, uri=True,  # type: ignore[arg-type]
        )  # fmt: skip
        database.library_path = str(path)
        try:
            database.connect(reuse_if_open=True)
            database.execute_sql("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return
        except DAMAGE as exc:
            close()
            if uri is None or not is_full(exc, str(path)):
                raise _open_error(path, exc) from exc


def _read_only_uri(path: Path) -> str:
    """`mode=ro` where SQLite can make its `-shm` file; `immutable` in a read-only folder or
    on a full disk, without a WAL to replay; and with an unfinished WAL there, a private
    copy of both."""
    can_make = os.access(path.parent, os.W_OK) and free_bytes(str(path)) >= LOW_SPACE_BYTES
    if not can_make and not unclean_shutdown(path):
        return f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    if can_make or _shm(path).exists():
        return f"{path.resolve().as_uri()}?mode=ro"
    return _snapshot_uri(path)


def _snapshot_uri(path: Path) -> str:
    """A private copy of the library and its WAL (in the temporary folder), read-only."""
    folder = Path(tempfile.mkdtemp(prefix="reader-read-only-"))
    _snapshot.append(folder)
    copy = folder / path.name
    shutil.copyfile(path, copy)
    if _wal(path).exists():
        shutil.copyfile(_wal(path), _wal(copy))
    return f"file:{quote(str(copy))}?mode=ro"


def _open_error(path: Path, exc: BaseException) -> LibraryError:
    if is_busy(exc):
        return LibraryBusy(f"{path} is locked by another program; try again.")
    if is_full(exc, str(path)):
        return LibraryDiskFull(str(path))
    if "unable to open" in str(exc):
        return LibraryNotFound(f"Cannot open the library {path}: {one_line(exc)}.")
    return damaged(path, exc)


def _create(path: Path) -> None:
    """Build a new library beside `path` and rename it into place: all of it or nothing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryNotFound(
            f"Cannot create the library folder {path.parent}: {exc.strerror or exc}."
        ) from exc
    temp = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        _discard(temp)
        database.init(str(temp), pragmas=PRAGMAS, timeout=SQLITE_BUSY_SECONDS)  # type: ignore[arg-type]
        database.library_path = str(path)
        database.connect(reuse_if_open=True)
        migrate()
        close()
        if _wal(temp).exists():
            raise LibraryError(f"Could not finish creating the library {path}; try again.")
        os.replace(temp, path)
    except LibraryError:
        close()
        _discard(temp)
        raise
    except (OSError, *DAMAGE) as exc:
        close()
        _discard(temp)
        if is_full(exc, str(path)) or getattr(exc, "errno", None) == 28:
            raise LibraryDiskFull(
                str(path),
                f"The disk holding {path} is full: no library "
                "was created; free some space and try again.",
            ) from exc
        raise LibraryNotFound(f"Cannot create the library {path}: {one_line(exc)}.") from exc


def _discard(path: Path) -> None:
    for p in (path, _wal(path), _shm(path)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def migrate() -> list[str]:
    """Apply pending migrations and stamp the file with its version. Returns what ran."""
    ran = Runner(database, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).up()
    for pragma, value in (("application_id", APPLICATION_ID), ("user_version", latest_version())):
        if database.pragma(pragma) != value:  # setting it again would write the file
            database.pragma(pragma, value)
    if ran:
        log.info("migrated library: %s", ", ".join(ran))
    return ran


def close() -> None:
    if not database.is_closed():
        database.close()
    database.write_gate = None
    database.journal_hooks = None  # a window's watcher watches the library it opened with
    while _snapshot:
        shutil.rmtree(_snapshot.pop(), ignore_errors=True)


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
                if is_busy(exc):
                    raise LibraryBusy(f"{self.path} is busy: {exc}; try again.") from exc
                if is_full(exc, str(self.path)):
                    raise LibraryDiskFull(str(self.path)) from exc
                log.error("damaged library %s: %s", self.path, exc)
                if self._protected is None:
                    self.protect(f"the library is damaged ({exc}) and is read-only")
                return empty()

        return cast(F, guarded)

    return decorate
