"""Writes wait for the lock and say when they cannot; a write that fails for lack of space
rolls back whole, says so in one line, and leaves the library readable and writable later."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library, LibraryBusy, LibraryDiskFull, View
from reader.library.store.models import database


def _hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait()
    return thread


def test_a_write_waits_for_another_writer_instead_of_failing(library: Library) -> None:
    """A deferred transaction would fail at once with "database is locked"; this one waits."""
    holder = _hold_write_lock(library.path, 1.5)
    started = time.monotonic()
    library.set_bookmarked([1], True)  # reads, then writes: the case that failed before
    waited = time.monotonic() - started
    holder.join()
    assert waited >= 1.0
    assert library.counts().bookmarked == 1


def test_a_lock_held_too_long_is_library_busy_and_nothing_is_saved(library: Library) -> None:
    database.write_wait = 0.6
    try:
        holder = _hold_write_lock(library.path, 2.0)
        with pytest.raises(LibraryBusy, match="nothing of this was saved; try again") as raised:
            library.add_article_note(1, "waiting")
        holder.join()
    finally:
        database.write_wait = 15.0
    assert "\n" not in str(raised.value)
    assert library.all_annotations() == []


def test_a_long_chunked_write_lets_another_writer_in(library: Library) -> None:
    """A transaction that commits every 0.1 s and begins again at once (as imports do)
    gives a waiting writer its turn at a commit: the writer waits about one chunk."""
    other_waited: list[float] = []

    def other() -> None:
        conn = sqlite3.connect(library.path, isolation_level=None, timeout=0.02)
        started = time.monotonic()
        while True:  # the same polling as `LibraryDatabase`
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError:
                time.sleep(0.003)
        other_waited.append(time.monotonic() - started)
        conn.execute("INSERT INTO bookmark (article_id, created) VALUES (4, '2026-01-01')")
        conn.execute("COMMIT")
        conn.close()

    with database.atomic() as txn:
        database.execute_sql("UPDATE article SET words = words WHERE id = 1")
        thread = threading.Thread(target=other)
        thread.start()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not other_waited:
            time.sleep(0.1)
            txn.commit()
            database.execute_sql("UPDATE article SET words = words WHERE id = 1")
    thread.join()
    assert other_waited and other_waited[0] < 1.0
    assert library.counts().bookmarked == 1


# -- a full disk -------------------------------------------------------------------------------


def _articles(folder: Path, count: int, words: int = 400) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        text = " ".join(f"w{i}x{j}" for j in range(words))
        (folder / f"story{i:03d}.txt").write_text(f"Story number {i}\n\n{text}.\n")
    return folder


def test_a_write_that_runs_out_of_pages_rolls_back_whole(library: Library, tmp_path: Path) -> None:
    """SQLite's page limit fails a write exactly as a full disk does ("database or disk is
    full"): no traceback, no "cannot rollback", nothing half-written, and the next write works."""
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages + 2}")
    source = _articles(tmp_path / "in", 40)
    with pytest.raises(LibraryDiskFull) as raised:
        library.import_paths([source])
    assert str(raised.value) == (
        f"The disk holding {library.path} is full: nothing of this was saved; free some space "
        "and try again."
    )
    assert library.counts().all == 4
    assert not database.in_transaction()
    database.execute_sql("PRAGMA max_page_count = 1073741823")
    report = library.import_paths([source])
    assert len(report.added_ids) == 40


def test_a_note_on_a_full_library_is_refused_not_lost_silently(library: Library) -> None:
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(LibraryDiskFull):
        library.add_article_note(1, "x" * 20000)
    database.execute_sql("PRAGMA max_page_count = 1073741823")
    assert library.all_annotations() == []
    assert library.add_article_note(1, "now it fits").note == "now it fits"


@contextlib.contextmanager
def _small_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        check=False, capture_output=True,
    )  # fmt: skip
    if mounted.returncode:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 65536)
            out.flush()
    return filler


def test_importing_onto_a_full_disk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole story from the command line: one line when the disk fills, the library
    readable and exportable while it is full, and everything working once space is freed."""
    source = _articles(tmp_path / "in", 300)
    with _small_disk(tmp_path / "disk", "1m") as disk:
        path = disk / "library.db"
        args = ["--library", str(path)]
        assert main(["list", *args]) == 0
        capsys.readouterr()
        assert main(["import", str(source), *args]) == 1
        _, err = capsys.readouterr()
        assert "Traceback" not in err and "cannot rollback" not in err
        assert err.startswith(f"reader: The disk holding {path} is full: ")
        assert err.count("\n") == 1, err
        filler = _fill(disk)
        code = main(["list", *args])
        assert code == 0, capsys.readouterr().err
        assert len(capsys.readouterr().out.splitlines()) >= 4
        code = main(["export", "--format", "csv", *args])
        assert code == 0, capsys.readouterr().err
        assert main(["topic", "1", "--add", "sport", *args]) in (0, 1)
        _, err = capsys.readouterr()
        assert "Traceback" not in err
        for line in err.splitlines():  # whichever way the disk stops it, it says so in a line
            assert (
                "disk is full" in line
                or "is full: nothing of this was saved" in line
                or "is full: no backup was made" in line  # the automatic backup's warning
            ), line
        filler.unlink()
        assert main(["check", *args]) == 0
    capsys.readouterr()


def test_a_full_disk_after_some_chunks_says_what_was_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _articles(tmp_path / "in", 600, words=300)
    with _small_disk(tmp_path / "disk", "3m") as disk:
        path = disk / "library.db"
        with Library.open(path, backups=False) as lib:
            lib.tuning = dataclasses.replace(lib.tuning, commit_seconds=0.0)
            with pytest.raises(LibraryDiskFull) as raised:
                lib.import_paths([source])
            kept = lib.counts().all - 4
        message = str(raised.value)
        assert "\n" not in message
        if kept:
            assert f"the {kept} article" in message and "are kept" in message
        else:
            assert "nothing of this was saved" in message


def test_read_marks_and_positions_commit_without_waiting_for_the_disk(tmp_path: Path) -> None:
    """A read mark and a reading position are light writes (no fsync at their commit); a
    bookmark or a note still waits for the disk, and the connection is left waiting."""
    with Library.open(tmp_path / "library.db") as library:
        article = library.page(View("all"))[0].id
        statements: list[str] = []
        database.connection().set_trace_callback(statements.append)

        def synchronous() -> list[str]:
            found = [s for s in statements if "synchronous" in s]
            statements.clear()
            return found

        library.set_read([article], True)
        assert synchronous() == ["PRAGMA synchronous = NORMAL", "PRAGMA synchronous = FULL"]
        library.save_scroll(article, 0.5)
        assert synchronous() == ["PRAGMA synchronous = NORMAL", "PRAGMA synchronous = FULL"]
        library.set_bookmarked([article], True)
        assert synchronous() == []
        assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        database.connection().set_trace_callback(None)
