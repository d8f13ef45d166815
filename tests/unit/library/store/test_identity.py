"""Each library has its own identity, kept in the file: the window keys its settings by it."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

from reader.library import Library
from reader.library.store.identity import fallback_identity, read_identity
from reader.library.store.models import database

DATA = Path(__file__).resolve().parents[3] / "data"


def test_two_libraries_differ_and_each_keeps_its_own(tmp_path: Path) -> None:
    with Library.open(tmp_path / "a.db", import_corpus=False) as a:
        first = a.identity
    with Library.open(tmp_path / "b.db", import_corpus=False) as b:
        second = b.identity
    assert first != second
    assert uuid.UUID(first) and uuid.UUID(second)
    with Library.open(tmp_path / "a.db", import_corpus=False) as a:
        assert a.identity == first
    moved = tmp_path / "elsewhere" / "renamed.db"
    moved.parent.mkdir()
    shutil.move(tmp_path / "a.db", moved)
    with Library.open(moved, import_corpus=False) as a:
        assert a.identity == first  # it is in the file, not in its path


def test_an_upgraded_library_gets_one_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    with Library.open(path) as lib:
        made = lib.identity
    assert uuid.UUID(made)
    with Library.open(path) as lib:
        assert lib.identity == made
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM library_meta WHERE key = 'identity'").fetchone() == (
        made,
    )
    conn.close()


def test_a_library_without_one_that_cannot_be_written_gets_the_path_fallback(
    library: Library,
) -> None:
    database.execute_sql("DELETE FROM library_meta")
    library.protect("the library is damaged (test) and is read-only")  # query_only from here
    fallback = read_identity(library.path)
    assert fallback == fallback_identity(library.path) == read_identity(library.path)
    assert uuid.UUID(fallback).version == 5
    assert fallback != library.identity  # the one read when it was opened


def test_a_library_without_one_that_can_be_written_gets_a_new_one(library_path: Path) -> None:
    Library.open(library_path).close()
    conn = sqlite3.connect(library_path)
    conn.execute("DELETE FROM library_meta")
    conn.commit()
    conn.close()
    with Library.open(library_path) as lib:
        made = lib.identity
        assert made != fallback_identity(library_path)
    with Library.open(library_path) as lib:
        assert lib.identity == made
