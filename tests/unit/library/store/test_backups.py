"""Backups: made with SQLite's backup API (WAL content included), automatic at most daily
and before removals, kept 7 daily and 4 weekly, restored only after checks, never while the
library is open elsewhere."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.library import (
    Library,
    LibraryError,
    LibraryInUse,
    backup_library,
    backups_dir,
    list_backups,
    restore_backup,
)
from reader.library.store import backups


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_a_backup_holds_what_is_still_in_the_wal(library: Library, tmp_path: Path) -> None:
    library.add_article_note(1, "only in the WAL so far")
    assert library.path.with_name(library.path.name + "-wal").stat().st_size > 0
    info = backup_library(library, tmp_path / "copy.db")
    assert (info.articles, info.annotations) == (4, 1)
    assert _count(tmp_path / "copy.db", "annotation") == 1
    assert not (tmp_path / "copy.db-wal").exists()  # one self-contained file


def test_closing_after_changes_makes_the_days_backup_once(library_path: Path) -> None:
    with Library.open(library_path) as lib:  # a new library: its corpus is no change
        pass
    assert list_backups(library_path) == []
    with Library.open(library_path) as lib:
        lib.set_bookmarked([1], True)
    made = list_backups(library_path)
    assert [b.kind for b in made] == ["daily"]
    assert made[0].path.parent == backups_dir(library_path)
    with Library.open(library_path) as lib:
        lib.set_bookmarked([2], True)
    assert [b.kind for b in list_backups(library_path)] == ["daily"]  # at most daily


def test_many_changes_make_the_backup_without_waiting_for_close(
    library_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "many.txt"
    source.write_text("\n\n".join(f"Story {i}: words here." for i in range(1100)))
    with Library.open(library_path) as lib:
        lib.import_paths([source])
        lib.set_read([1], True)  # the next report after the import's transaction
        assert [b.kind for b in list_backups(library_path)] == ["daily"]


def test_removing_articles_backs_up_first(library: Library) -> None:
    library.remove_articles([4])
    made = [b for b in list_backups(library.path) if b.kind == "before-removal"]
    assert len(made) == 1 and made[0].articles == 4
    library.add_highlight(3, 0, 5, "yellow")
    with pytest.raises(LibraryError):
        library.remove_articles([3])  # refused: nothing backed up for it
    assert len([b for b in list_backups(library.path) if b.kind == "before-removal"]) == 1


def test_pruning_keeps_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    library = tmp_path / "library.db"
    folder = backups_dir(library)
    folder.mkdir(parents=True)
    start = dt.datetime(2026, 1, 1, 12, 0)
    for day in range(60):
        when = start + dt.timedelta(days=day)
        (folder / f"library-{when:%Y-%m-%d_%H%M%S}-daily.db").write_bytes(b"")
    (folder / "library-2025-01-01_000000-manual.db").write_bytes(b"")
    backups.prune(library)
    kept = sorted(p.name for p in folder.iterdir())
    daily = [n for n in kept if n.endswith("-daily.db")]
    last = start + dt.timedelta(days=59)
    newest_days = {f"{last - dt.timedelta(days=d):%Y-%m-%d}" for d in range(7)}
    assert {n[8:18] for n in daily} >= newest_days
    assert len(daily) == 7 + 3  # the 7 days span 2 weeks: 2 more weeks' newest are kept
    assert "library-2025-01-01_000000-manual.db" in kept


def test_a_migration_backup_is_listed(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[3] / "data" / "library-v1.db"
    path = tmp_path / "old.db"
    path.write_bytes(data.read_bytes())
    Library.open(path).close()
    kinds = {b.kind: b for b in list_backups(path)}
    assert kinds["before-migration"].schema == 1
    assert kinds["before-migration"].articles == 4


def test_restore_brings_a_library_back_and_keeps_the_one_it_replaced(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        lib.add_article_note(1, "before")
        good = backup_library(lib)
        lib.remove_articles([2, 3])
    result = restore_backup(library_path, good.path)
    assert result.kept is not None and result.kept.exists()
    assert _count(result.kept, "article") == 2
    with Library.open(library_path) as lib:
        assert lib.counts().all == 4
        assert [a.note for a in lib.all_annotations()] == ["before"]


def test_restore_replaces_a_damaged_library_and_keeps_its_bytes(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        good = backup_library(lib)
    data = bytearray(library_path.read_bytes())
    data[4096:8192] = bytes(4096)
    library_path.write_bytes(bytes(data))
    result = restore_backup(library_path, good.path)
    assert result.kept is not None and result.kept.read_bytes() == bytes(data)
    with Library.open(library_path) as lib:
        assert lib.counts().all == 4


def test_restore_checks_the_backup_first(library_path: Path, tmp_path: Path) -> None:
    Library.open(library_path).close()
    before = library_path.read_bytes()
    bad = tmp_path / "bad.db"
    bad.write_text("not a backup")
    with pytest.raises(LibraryError, match="cannot be restored") as raised:
        restore_backup(library_path, bad)
    assert "\n" not in str(raised.value)
    assert library_path.read_bytes() == before


def test_restore_is_refused_while_a_window_holds_the_library(
    library_path: Path, tmp_path: Path
) -> None:
    """The window's instance lock (`<library>.lock`, a QLockFile) held by a live process."""
    with Library.open(library_path) as lib:
        good = backup_library(lib)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"], stdout=subprocess.DEVNULL
    )
    try:
        lock = library_path.with_name(library_path.name + ".lock")
        lock.write_text(f"{holder.pid}\nreader\n{os.uname().nodename}\n")
        before = library_path.read_bytes()
        with pytest.raises(LibraryInUse, match="quit Reader"):
            restore_backup(library_path, good.path)
        assert library_path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    restore_backup(library_path, good.path)  # the lock is stale now: its process is gone


def test_restore_is_refused_while_another_program_has_it_open(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        good = backup_library(lib)
    other = sqlite3.connect(library_path)
    other.execute("SELECT COUNT(*) FROM article").fetchone()
    try:
        with pytest.raises(LibraryInUse, match="open in another program"):
            restore_backup(library_path, good.path)
    finally:
        other.close()
