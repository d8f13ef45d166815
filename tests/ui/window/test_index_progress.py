"""Opening a library from before the search index: the index is built, with progress."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from reader.library import Library

DATA = Path(__file__).resolve().parents[2] / "data"


def test_indexing_an_old_library_shows_progress(qtbot: QtBot, tmp_path: Path) -> None:
    import shutil

    from reader.ui.window.index_progress import IndexProgressDialog

    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    progress = IndexProgressDialog()
    seen: list[int] = []
    original = progress.__call__

    def spy(done: int, total: int) -> None:
        original(done, total)
        seen.append(done)

    with Library.open(path, index_progress=spy) as lib:
        assert seen[-1] == 4 and progress.dialog is None
        assert lib.search_count("taipei") == 1
