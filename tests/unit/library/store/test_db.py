"""Opening library files: creation, versions, migrations, and every kind of bad file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.library import Library, LibraryBusy, LibraryDamaged, LibraryNotFound, LibraryTooNew
from reader.library.store import db
from tests.conftest import damage_last_pages, write_paged_library

DATA = Path(__file__).resolve().parents[3] / "data"


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_new_library_records_its_version_and_is_marked_as_ours(library: Library) -> None:
    conn = sqlite3.connect(library.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version()
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    applied = [r[0] for r in conn.execute("SELECT name FROM schema_migration ORDER BY id")]
    assert applied == [m.name for m in db.known_migrations()]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_foreign_keys_are_enforced(library: Library) -> None:
    from reader.library.store.models import database

    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_runs_no_migration_and_keeps_data(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        lib.set_bookmarked([1], True)
    with Library.open(library_path) as lib:
        assert db.migrate() == []
        assert lib.counts().bookmarked == 1
        assert lib.counts().all == 4


def test_library_from_the_first_schema_opens_and_keeps_user_data(tmp_path: Path) -> None:
    """`tests/data/library-v1.db` was written by the first release: 4 articles, #2 bookmarked,
    #1 read. Every later schema must open it without losing any of that."""
    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    with Library.open(path) as lib:
        counts = lib.counts()
        assert (counts.all, counts.bookmarked, counts.unread) == (4, 1, 3)
        assert lib.article(2).bookmarked
        assert lib.article(1).read
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version()
    conn.close()
    assert (tmp_path / "old.db.v1.bak").is_file()


def test_a_new_migration_upgrades_an_old_library_and_keeps_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upgrade path as a future release will take it: one more numbered migration."""
    migrations = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    nxt = db.latest_version() + 1
    (migrations / f"{nxt:04d}_add_rating.py").write_text(
        "from peewee import IntegerField\n"
        "def up(migrator, db):\n"
        "    migrator.migrate(migrator.add_column('article', 'rating', IntegerField(default=0)))\n"
    )
    monkeypatch.setattr(db, "MIGRATIONS_DIR", migrations)
    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    with Library.open(path) as lib:
        assert lib.counts().bookmarked == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == nxt
    assert conn.execute("SELECT rating FROM article WHERE id = 1").fetchone() == (0,)
    conn.close()
    backup = tmp_path / "old.db.v1.bak"
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM bookmark").fetchone() == (1,)
    conn.close()


def test_newer_library_is_refused_and_left_untouched(library_path: Path) -> None:
    Library.open(library_path).close()
    conn = sqlite3.connect(library_path)
    conn.execute(f"PRAGMA user_version = {db.latest_version() + 1}")
    conn.close()
    before = _bytes(library_path)
    with pytest.raises(LibraryTooNew, match="newer version of Reader"):
        Library.open(library_path)
    assert _bytes(library_path) == before


def test_unknown_migration_in_history_means_newer(library_path: Path) -> None:
    Library.open(library_path).close()
    conn = sqlite3.connect(library_path)
    conn.execute(
        "INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = _bytes(library_path)
    with pytest.raises(LibraryTooNew, match="9999_future"):
        Library.open(library_path)
    assert _bytes(library_path) == before


def test_zero_byte_file_is_damaged_not_a_new_library(library_path: Path) -> None:
    library_path.write_bytes(b"")
    with pytest.raises(LibraryDamaged, match="empty"):
        Library.open(library_path)
    assert library_path.read_bytes() == b""


def test_text_file_is_not_a_library(library_path: Path) -> None:
    library_path.write_text("just some notes\n")
    with pytest.raises(LibraryDamaged, match="not an SQLite database"):
        Library.open(library_path)
    assert library_path.read_text() == "just some notes\n"


def test_another_programs_database_is_refused(library_path: Path) -> None:
    conn = sqlite3.connect(library_path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    before = _bytes(library_path)
    with pytest.raises(LibraryDamaged, match="another program"):
        Library.open(library_path)
    assert _bytes(library_path) == before


def test_corrupt_database_is_refused_and_not_written(library_path: Path) -> None:
    Library.open(library_path).close()
    data = bytearray(_bytes(library_path))
    for offset in range(4096, len(data), 4096):  # scribble over every page after the header
        data[offset + 8 : offset + 64] = b"\xde\xad\xbe\xef" * 14
    library_path.write_bytes(bytes(data))
    with pytest.raises(LibraryDamaged, match="damaged"):
        Library.open(library_path)
    assert _bytes(library_path) == bytes(data)


def test_truncated_database_is_refused(library_path: Path) -> None:
    Library.open(library_path).close()
    data = _bytes(library_path)
    library_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LibraryDamaged):
        Library.open(library_path)


def test_locked_library_reports_busy(library_path: Path) -> None:
    Library.open(library_path).close()
    holder = sqlite3.connect(library_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises((LibraryBusy, LibraryDamaged), match=r"locked|busy"):
            Library.open(library_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_missing_library_without_create(tmp_path: Path) -> None:
    with pytest.raises(LibraryNotFound):
        Library.open(tmp_path / "nope.db", create=False)


def test_library_in_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryNotFound, match="Cannot create"):
        Library.open(blocker / "sub" / "library.db")


def test_only_one_library_per_process(library: Library, tmp_path: Path) -> None:
    from reader.library import LibraryError

    with pytest.raises(LibraryError, match="already open"):
        Library.open(tmp_path / "second.db")


def test_fast_open_leaves_page_damage_to_quick_check(library_path: Path, tmp_path: Path) -> None:
    write_paged_library(library_path, tmp_path)
    assert db.quick_check(library_path) == []
    damage_last_pages(library_path)
    before = _bytes(library_path)
    with pytest.raises(LibraryDamaged, match="damaged"):
        Library.open(library_path)  # the full check, as the command line does
    assert _bytes(library_path) == before
    assert db.quick_check(library_path) != []
    with Library.open(library_path, full_check=False) as lib:  # as the window does
        assert lib.counts().all == 60


def test_unclean_shutdown_forces_the_full_check(library_path: Path, tmp_path: Path) -> None:
    write_paged_library(library_path, tmp_path)
    damage_last_pages(library_path)
    wal = library_path.with_name(library_path.name + "-wal")
    wal.write_bytes(b"\x00" * 32)  # what a crash leaves behind
    assert db.unclean_shutdown(library_path)
    with pytest.raises(LibraryDamaged):
        Library.open(library_path, full_check=False)
