"""Shared fixtures: Qt runs offscreen, each test gets its own library in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from localweb import LocalWeb

from reader.library import Library

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "000_57c416fe57b96e89.txt"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's data or config directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("READER_LIBRARY", raising=False)


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    """A new library holding the bundled corpus."""
    lib = Library.open(library_path)
    try:
        yield lib
    finally:
        lib.close()


@pytest.fixture
def empty_library(library_path: Path) -> Iterator[Library]:
    lib = Library.open(library_path, import_corpus=False)
    try:
        yield lib
    finally:
        lib.close()


def write_paged_library(path: Path, tmp_path: Path) -> None:
    """A library of 60 long articles, checkpointed into one file (no WAL left)."""
    import sqlite3

    source = tmp_path / "many.txt"
    source.write_text("\n\n".join(f"Story {i}: " + "words " * 300 for i in range(60)))
    with Library.open(path, import_corpus=False) as lib:
        lib.import_paths([source])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def damage_last_pages(path: Path) -> None:
    """Scribble over the last two pages (article text): the schema still reads fine."""
    data = bytearray(path.read_bytes())
    data[-8192:] = b"\xde\xad\xbe\xef" * 2048
    path.write_bytes(bytes(data))


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    """A local HTTP server on 127.0.0.1 for this test (see tests/localweb.py)."""
    server = LocalWeb()
    server.start()
    try:
        yield server
    finally:
        server.stop()
