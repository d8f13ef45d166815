"""The list and the article on screen: choosing a row shows it and marks it read; the list
follows the library's changes without losing the article being read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.panes.article_list import IdRole
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory, ids


def test_choosing_an_article_shows_it_and_marks_it_read(window: MainWindow, qtbot: QtBot) -> None:
    third = ids(window)[2]
    assert not window.library.article(third).read
    window.article_list.select_article(third)
    assert window.pane.article_id() == third
    assert window.library.article(third).title in window.pane.toPlainText()
    # marked read right after it is painted, so that a key press shows the article first
    qtbot.waitUntil(lambda: window.library.article(third).read, timeout=2000)
    assert window.list_model.index(2, 0).data(IdRole) == third
    assert window.list_model.article_at(2).read  # the row updated in place
    assert "2 unread" in window.status_text()
    unread = window.sidebar.sidebar_model().index(2, 0)
    assert unread.data() == "Unread" and unread.data(Qt.ItemDataRole.UserRole + 2) == 2


def test_an_import_above_the_article_being_read_does_not_load_the_list_down_to_it(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    """New articles land above the one being read: the list shows them without loading
    every row down to it each time, the pane keeps it, and J still goes on from it."""
    older, newer = tmp_path / "older.txt", tmp_path / "newer.txt"
    older.write_text("Older story\n\nThe older of the two.")
    newer.write_text("Newer story\n\nThe newer of the two.")
    [older_id] = empty_library.import_paths([older]).added_ids
    [newer_id] = empty_library.import_paths([newer]).added_ids
    window = make_window(empty_library)
    assert window.article_list.select_article(newer_id)
    assert window.pane.article_id() == newer_id
    folder = tmp_path / "new"
    folder.mkdir()
    for i in range(600):
        (folder / f"{i:03d}.txt").write_text(f"Fresh story {i}\n\nText of fresh story {i}.")
    empty_library.import_paths([folder])
    qtbot.wait(1)
    assert window.pane.article_id() == newer_id
    assert window.article_list.current_id() == newer_id
    assert window.list_model.rowCount() == 602  # counted,
    assert window.list_model.loaded_rows() < 300  # but not read down to it
    window.article_list.step(1)
    assert window.pane.article_id() == older_id
    assert window.article_list.current_id() == older_id
