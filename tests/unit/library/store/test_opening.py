"""Opening files that cannot or must not be written: read-only files and folders (tested in
ways root respects: an immutable file, a read-only bind mount, and a subprocess running as
`nobody`), refused files that must stay untouched, and one-line damage messages."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library, LibraryDamaged, LibraryReadOnly
from reader.library.store import db
from tests.conftest import damage_last_pages, write_paged_library

REPO = Path(__file__).resolve().parents[4]


def _sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def _library_with_marks(path: Path) -> None:
    with Library.open(path, backups=False) as lib:
        lib.set_bookmarked([2], True)
        lib.add_highlight(1, 0, 10, "yellow", "a note")


def _assert_reads_and_refuses_writes(path: Path) -> None:
    before = path.read_bytes()
    with Library.open(path) as lib:
        assert lib.read_only is not None
        assert [w for w in lib.warnings if w.startswith("opened read-only: ")], lib.warnings
        assert lib.counts().all == 4
        assert lib.counts().bookmarked == 1
        assert lib.article(1) is not None
        assert lib.search_count("the") >= 4
        assert "a note" in lib.export_annotations("markdown")
        assert lib.check().ok
        with pytest.raises(LibraryReadOnly, match="read-only"):
            lib.set_read([1], True)
        with pytest.raises(LibraryReadOnly):
            lib.add_article_note(1, "lost?")
    assert path.read_bytes() == before


@contextlib.contextmanager
def _immutable(path: Path) -> Iterator[None]:
    if subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True).returncode:
        pytest.skip("chattr +i is not possible here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextlib.contextmanager
def _read_only_mount(folder: Path) -> Iterator[None]:
    bind = ["mount", "--bind", str(folder), str(folder)]
    if subprocess.run(bind, check=False, capture_output=True).returncode:
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_an_immutable_file_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    _library_with_marks(path)
    with _immutable(path):
        _assert_reads_and_refuses_writes(path)


def test_a_read_only_folder_opens_read_only_and_is_not_called_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "library.db"
    _library_with_marks(path)
    with _read_only_mount(folder):
        assert db.read_only_reason(path) is not None
        _assert_reads_and_refuses_writes(path)
        assert _sidecars(path) == []


def test_a_read_only_folder_with_an_unfinished_wal_reads_it(tmp_path: Path) -> None:
    """A crash left a WAL; the folder is read-only now: its changes are still shown."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "library.db"
    _library_with_marks(path)
    keep = tmp_path / "kept"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO bookmark (article_id, created) VALUES (3, '2026-01-01')")
    conn.commit()
    keep.mkdir()
    shutil.copy(path, keep / path.name)
    shutil.copy(path.with_name(path.name + "-wal"), keep / (path.name + "-wal"))
    conn.close()
    for name in (path.name, path.name + "-wal"):
        shutil.copy(keep / name, folder / name)
    with contextlib.suppress(FileNotFoundError):
        path.with_name(path.name + "-shm").unlink()
    with _read_only_mount(folder), Library.open(path) as lib:
        assert lib.read_only is not None
        assert lib.counts().bookmarked == 2


RESTRICTED_SCRIPT = """
import sys
from pathlib import Path
from reader.library import Library, LibraryReadOnly
with Library.open(Path(sys.argv[1])) as lib:
    print(lib.read_only is not None, lib.counts().all, len(lib.all_annotations()))
    try:
        lib.set_bookmarked([1], True)
    except LibraryReadOnly as exc:
        print("refused:", exc)
"""


def test_mode_444_in_a_555_folder_opens_read_only(tmp_path: Path) -> None:
    """Root may write a 444 file; an ordinary user may not. The check runs in a process
    without the capability that lets root ignore permissions (`setpriv --bounding-set
    -dac_override`), so the mode bits hold for it as for anyone."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to drop CAP_DAC_OVERRIDE")
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "library.db"
    _library_with_marks(path)
    path.chmod(0o444)
    folder.chmod(0o555)  # no -wal or -shm may be made here either
    try:
        result = subprocess.run(
            ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
             sys.executable, "-c", RESTRICTED_SCRIPT, str(path)],
            check=False, capture_output=True, text=True, timeout=60,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "True 4 1"
    assert lines[1].startswith("refused: Nothing was saved: the library is read-only (")
    assert _sidecars(path) == []


# -- refused files stay as they were ---------------------------------------------------------


def _foreign_wal(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()


def _corrupt(path: Path) -> None:
    write_paged_library(path, path.parent)
    data = bytearray(path.read_bytes())
    data[4096:8192] = bytes(4096)  # page 2 zeroed
    path.write_bytes(bytes(data))


def _bad_header(path: Path) -> None:
    write_paged_library(path, path.parent)
    data = bytearray(path.read_bytes())
    data[:100] = b"\xff" * 100
    path.write_bytes(bytes(data))


def _empty_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()


REFUSED = {
    "zero-byte": (lambda p: p.write_bytes(b""), "is empty (0 bytes)"),
    "text": (lambda p: p.write_text("notes\n"), "not a Reader library"),
    "foreign-wal": (_foreign_wal, "another program"),
    "empty-sqlite": (_empty_sqlite, "empty SQLite database"),
    "corrupt": (_corrupt, "is damaged"),
    "bad-header": (_bad_header, "is damaged"),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_a_refused_file_is_left_exactly_as_it_was(tmp_path: Path, kind: str) -> None:
    make, says = REFUSED[kind]
    path = tmp_path / "library.db"
    make(path)
    for sidecar in _sidecars(path):
        (tmp_path / sidecar).unlink()
    before = path.read_bytes()
    for full in (True, False):
        with pytest.raises(LibraryDamaged) as raised:
            Library.open(path, full_check=full)
        message = str(raised.value)
        assert says in message
        assert "\n" not in message
        assert _sidecars(path) == [], f"{kind}: files appeared beside a refused file"
        assert path.read_bytes() == before


def test_damage_messages_are_one_line_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    _corrupt(path)
    with pytest.raises(LibraryDamaged) as raised:
        Library.open(path)
    message = str(raised.value)
    assert "\n" not in message
    assert "`reader restore FILE`" in message
    assert f"`reader salvage {path} NEW`" in message


def test_a_damaged_header_is_damaged_not_foreign(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    _bad_header(path)
    with pytest.raises(LibraryDamaged, match="is damaged") as raised:
        Library.open(path)
    assert "not a Reader library" not in str(raised.value)


def test_an_empty_sqlite_file_is_refused_not_given_a_schema(tmp_path: Path) -> None:
    """Reader builds a new library in a temporary file and renames it into place, so it
    never leaves an empty database behind: one found is someone else's, and is refused."""
    path = tmp_path / "library.db"
    _empty_sqlite(path)
    before = path.read_bytes()
    with pytest.raises(LibraryDamaged, match="move it away"):
        Library.open(path)
    assert path.read_bytes() == before


def test_a_new_library_appears_whole_with_nothing_left_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library.open(path) as lib:
        assert lib.counts().all == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


def test_nothing_is_written_before_the_background_check_passes(tmp_path: Path) -> None:
    """The window opens without the full check; a write waits for the check, which finds
    the damage: the write is refused and the file is not touched."""
    path = tmp_path / "library.db"
    write_paged_library(path, tmp_path)
    damage_last_pages(path)
    before = path.read_bytes()
    with Library.open(path, full_check=False) as lib:
        assert lib.counts().all == 60
        with pytest.raises(LibraryReadOnly, match="damaged"):
            lib.set_bookmarked([1], True)
        assert lib.protected is not None
    assert path.read_bytes() == before


def test_a_sound_library_opened_fast_takes_writes_once_checked(library_path: Path) -> None:
    Library.open(library_path).close()
    with Library.open(library_path, full_check=False) as lib:
        lib.set_bookmarked([1], True)
        assert lib.counts().bookmarked == 1
        assert lib.protected is None
