"""Backups of a library, made with SQLite's backup API (never a file copy: copying the `.db`
alone of a WAL database loses what is still in its WAL), and bringing one back.

Where: `backups/<library name>/` in the library's folder (the data directory, by default),
one self-contained SQLite file each, named `<name>-<YYYY-MM-DD_HHMMSS>-<kind>.db` (local
time). A backup written to migrate an old library stays where it always was, beside the
library as `<file>.vN.bak`, and is listed with the others.

Kinds, and how many are kept:
- `daily`: automatic, at most one a day, when the library is closed (quit, or the end of a
  `reader` command) after it changed, or once many changes were made; the newest of each of
  the last 7 days that have one and of each of the last 4 weeks are kept.
- `before-removal`, `before-restore`: made before articles are removed and before a restore
  replaces the library; the newest 5 of each are kept.
- `before-migration` (`.vN.bak`) and `manual` (`reader backup`): kept until you delete them.
- `damaged`: a byte-for-byte copy of a library that was too damaged to back up with SQLite,
  kept when a restore replaced it (for `reader salvage`).

`restore_backup` checks the backup, keeps a backup of the library it replaces, refuses while a
Reader window or a `reader` command has the library open, and replaces the file in one rename.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.errors import (
    LibraryDiskFull,
    LibraryError,
    LibraryInUse,
    LibraryNotFound,
)
from reader.library.store.transactions import is_full

if TYPE_CHECKING:
    from reader.library.api import Library

BACKUP_DIR = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_EVENTS = 5
EVENT_KINDS = ("before-removal", "before-restore")
KINDS = ("daily", "manual", "before-migration", *EVENT_KINDS, "damaged")
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d\d-\d\d_\d{6})(?:-\d+)?-(?P<kind>[a-z-]+)\.db$"
)
_MIGRATION = re.compile(r"^(?P<name>.+)\.v(?P<version>\d+)\.bak$")
STAMP = "%Y-%m-%d_%H%M%S"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup: its file, when it was made (local time), its kind (see the module), its
    size in bytes, and what it holds (None where it cannot be read: see `problem`)."""

    path: Path
    created: dt.datetime
    kind: str
    size: int
    articles: int | None
    annotations: int | None
    schema: int | None
    problem: str | None = None  # why it cannot be restored; None: it can


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What `restore_backup` did: the backup it brought back, and where the library it
    replaced was kept (None if there was none)."""

    restored: BackupInfo
    kept: Path | None


def backups_dir(library: Path) -> Path:
    """Where the automatic and manual backups of `library` live."""
    return library.parent / BACKUP_DIR / library.stem


# -- making ------------------------------------------------------------------------------------


def backup_connection(source: sqlite3.Connection, target: Path) -> Path:
    """Copy the database of `source` into a new file `target` with SQLite's backup API: a
    consistent snapshot, written beside `target` and renamed into place, in rollback-journal
    mode (one self-contained file). Raises `LibraryDiskFull` or `LibraryError`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        dst = sqlite3.connect(str(temp))
        try:
            source.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if is_full(exc, str(target)) or getattr(exc, "errno", None) == 28:
            raise LibraryDiskFull(
                str(target), f"The disk holding {target.parent} is full: no backup was made; "
                "free some space and try again."
            ) from exc  # fmt: skip
        raise LibraryError(f"Could not write the backup {target}: {exc}.") from exc
    return target


def backup_library(library: Library, target: Path | None = None) -> BackupInfo:
    """Back up the open `library` now: into its backups folder (kind `manual`, kept until
    deleted) or to `target`. Raises `LibraryDiskFull` or `LibraryError`, one line each."""
    path = library._make_backup("manual", Path(target) if target is not None else None)
    return (
        describe_backup(path)
        if target is not None
        else _describe(path, *_parse_or_now(path, library.path))
    )


def _parse_or_now(path: Path, library: Path) -> tuple[dt.datetime, str]:
    return _parse(path, library) or (_mtime(path), "manual")


def backup_file(library: Path, target: Path) -> Path:
    """Back up a library that is not open in this process (read without writing to it)."""
    from reader.library.store import db

    source = sqlite3.connect(db.check_uri(library), uri=True, timeout=5)
    try:
        return backup_connection(source, target)
    finally:
        source.close()


def new_backup_path(library: Path, kind: str, now: dt.datetime | None = None) -> Path:
    """A fresh name for a backup of `kind` made `now` (local time)."""
    when = (now or dt.datetime.now()).strftime(STAMP)
    folder = backups_dir(library)
    path = folder / f"{library.stem}-{when}-{kind}.db"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"{library.stem}-{when}-{number}-{kind}.db"
    return path


def before_migration(library: Path, version: int) -> Path:
    """The backup made before an old library is upgraded: `<file>.vN.bak` beside it."""
    from reader.library.store.models import database

    target = library.with_name(f"{library.name}.v{version}.bak")
    return backup_connection(database.connection(), target)


# -- listing -----------------------------------------------------------------------------------


def list_backups(library: Path) -> list[BackupInfo]:
    """Every backup of `library`, newest first, with what each holds."""
    found: list[tuple[Path, dt.datetime, str]] = []
    folder = backups_dir(library)
    if folder.is_dir():
        for path in folder.iterdir():
            parsed = _parse(path, library)
            if parsed is not None:
                found.append((path, *parsed))
    if library.parent.is_dir():
        for path in library.parent.glob(f"{glob_escape(library.name)}.v*.bak"):
            if _MIGRATION.match(path.name):
                found.append((path, _mtime(path), "before-migration"))
    found.sort(key=lambda item: (item[1], item[0].name), reverse=True)
    return [_describe(path, created, kind) for path, created, kind in found]


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _parse(path: Path, library: Path) -> tuple[dt.datetime, str] | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != library.stem or match["kind"] not in KINDS:
        return None
    try:
        return dt.datetime.strptime(match["stamp"], STAMP), match["kind"]
    except ValueError:
        return None


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def describe_backup(path: Path) -> BackupInfo:
    """What one backup file holds (any file: `reader restore FILE` accepts any path)."""
    return _describe(path, _mtime(path), "manual")


def _describe(path: Path, created: dt.datetime, kind: str) -> BackupInfo:
    from reader.library.store import db

    size = path.stat().st_size
    try:
        conn = sqlite3.connect(db.check_uri(path), uri=True, timeout=2)
        try:
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
            articles = int(conn.execute("SELECT COUNT(*) FROM article").fetchone()[0])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            annotations = 0  # a library from before annotations (schema 1) has none
            if "annotation" in tables:
                annotations = int(conn.execute("SELECT COUNT(*) FROM annotation").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        problem = "not a Reader library" if "no such table" in str(exc) else db.one_line(exc)
        return BackupInfo(path, created, kind, size, None, None, None, problem)
    return BackupInfo(path, created, kind, size, articles, annotations, schema)


# -- keeping -----------------------------------------------------------------------------------


def prune(library: Path) -> list[Path]:
    """Delete the automatic and event backups the rules above do not keep (counting days and
    weeks that have a backup, not calendar days); returns what was deleted."""
    entries = []
    folder = backups_dir(library)
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        parsed = _parse(path, library)
        if parsed is not None:
            entries.append((parsed[0], parsed[1], path))
    entries.sort(reverse=True)  # newest first
    keep: set[Path] = set()
    daily = [(when, path) for when, kind, path in entries if kind == "daily"]
    keep |= _newest_per(daily, lambda when: when.date(), KEEP_DAILY)
    keep |= _newest_per(daily, lambda when: when.isocalendar()[:2], KEEP_WEEKLY)
    for kind in EVENT_KINDS:
        keep |= set([path for _, k, path in entries if k == kind][:KEEP_EVENTS])
    removed = []
    for _, kind, path in entries:
        if (kind == "daily" or kind in EVENT_KINDS) and path not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _newest_per(items: list[tuple[dt.datetime, Path]], key: object, count: int) -> set[Path]:
    """The newest item of each of the `count` most recent periods (`key` names the period)."""
    kept: dict[object, Path] = {}
    for when, path in items:  # newest first
        period = key(when)  # type: ignore[operator]
        if period not in kept:
            if len(kept) == count:
                break
            kept[period] = path
    return set(kept.values())


def daily_due(library: Path, now: dt.datetime | None = None) -> bool:
    """Whether today's automatic backup is still to be made."""
    today = (now or dt.datetime.now()).date()
    folder = backups_dir(library)
    if not folder.is_dir():
        return True
    for path in folder.iterdir():
        parsed = _parse(path, library)
        if parsed is not None and parsed[1] == "daily" and parsed[0].date() >= today:
            return False
    return True


def changed_since_last_backup(library: Path) -> bool:
    """Whether the library's files changed after its newest backup was made."""
    newest = [b for b in list_names(library) if b[1] in ("daily", "manual", "before-removal")]
    if not newest:
        return True
    made = max(when for when, _ in newest).timestamp()
    stamps = []
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            stamps.append(library.with_name(library.name + suffix).stat().st_mtime)
    return bool(stamps) and max(stamps) > made


def list_names(library: Path) -> list[tuple[dt.datetime, str]]:
    folder = backups_dir(library)
    if not folder.is_dir():
        return []
    return [p for p in (_parse(path, library) for path in folder.iterdir()) if p is not None]


# -- restoring ---------------------------------------------------------------------------------


def restore_backup(library: Path, backup: Path) -> RestoreResult:
    """Replace `library` with `backup`: check the backup (a sound Reader library, not from a
    newer Reader), refuse while the library is open (`LibraryInUse`), keep a backup of the
    library being replaced (a `before-restore` backup, or a `damaged` byte copy if SQLite cannot
    read it), then put a copy of the backup in its place in one rename. The library must not be
    open in this process: close it first. Raises `LibraryError` subclasses, one line each."""
    from reader.library.store import db

    backup = Path(backup)
    if not backup.is_file():
        raise LibraryNotFound(f"There is no backup at {backup}; `reader backups` lists them.")
    try:
        db.inspect(backup, full=True)
    except LibraryError as exc:
        raise LibraryError(
            f"{backup} cannot be restored: {_first_sentence(exc)}; choose another backup "
            "(`reader backups` lists them)."
        ) from exc
    if library.exists() and backup.resolve() == library.resolve():
        raise LibraryError(f"{backup} is the library itself; choose one of its backups.")
    _refuse_if_locked(library)
    info = _describe(backup, _mtime(backup), "manual")
    kept: Path | None = None
    if library.exists():
        kept = _keep_current(library)
        _refuse_if_connected(library)
    temp = library.with_name(f".{library.name}.restore-{os.getpid()}")
    try:
        backup_file(backup, temp)
        for sidecar in (db._wal(library), db._shm(library)):  # the old WAL is not this file's
            with contextlib.suppress(FileNotFoundError):
                sidecar.unlink()
        os.replace(temp, library)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    prune(library)
    return RestoreResult(restored=info, kept=kept)


def _first_sentence(exc: Exception) -> str:
    text = str(exc)
    for stop in (": restore a backup", ". "):
        if stop in text:
            text = text.split(stop, maxsplit=1)[0]
    return text.rstrip(".")


def _keep_current(library: Path) -> Path:
    """Back up the library about to be replaced; a copy of its bytes if it is too damaged."""
    from reader.library.store import db

    try:
        db.inspect(library, full=True)
        return backup_file(library, new_backup_path(library, "before-restore"))
    except (LibraryError, sqlite3.Error):
        if not library.stat().st_size:
            return library  # an empty file holds nothing to keep
    target = new_backup_path(library, "damaged")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(library, target)
        wal = db._wal(library)
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError as exc:
        raise LibraryError(
            f"Could not keep a copy of {library} before replacing it ({exc.strerror or exc}): "
            "nothing was changed."
        ) from exc
    return target


def _refuse_if_locked(library: Path) -> None:
    """`LibraryInUse` if a Reader window holds the library's instance lock."""
    holder = lock_holder(library)
    if holder is not None:
        raise LibraryInUse(
            f"{library} is open in Reader (process {holder}): quit Reader, or restore from "
            "its File › Backups… window, then try again."
        )


def _refuse_if_connected(library: Path) -> None:
    """`LibraryInUse` if any program has the library open: its WAL file stays while a
    connection is open (SQLite deletes it when the last one closes)."""
    from reader.library.store import db

    _refuse_if_locked(library)
    wal = db._wal(library)
    if not wal.exists():
        return
    try:  # fold a WAL left by a crash into the file; the last connection removes it
        conn = sqlite3.connect(str(library), timeout=1)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return  # too damaged to read: its bytes, WAL included, were kept by `_keep_current`
    if busy or wal.exists():
        raise LibraryInUse(
            f"{library} is open in another program (a Reader window or a `reader` command): "
            "close it, then try again."
        )


def lock_holder(library: Path) -> int | None:
    """The live process (other than this one) holding `<library>.lock`, the Reader window's
    instance lock (`QLockFile`: pid, application, host on its first lines), or None."""
    lock = library.with_name(library.name + ".lock")
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return None
    host = lines[2] if len(lines) > 2 else ""
    if pid == os.getpid():
        return None  # this process: the window restoring after closing its library
    if not host or host == socket.gethostname():  # another machine's: assume it is open there
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None  # stale: its process is gone
        except PermissionError:
            pass  # alive, another user's
    return pid
