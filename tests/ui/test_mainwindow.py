"""The real MainWindow on a fresh library: choosing, reading, bookmarking, keys, import,
and the state a restart brings back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.actions import ActionId
from reader.ui.panes.article_list import IdRole
from reader.ui.importing.controller import ImportWorker, report_text
from reader.ui.window.mainwindow import MainWindow

Seed = Callable[..., Path]


def ids(window: MainWindow) -> list[int]:
    model = window.list_model
    return [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]


def press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    widget = window.focusWidget() or window.article_list
    qtbot.keyClick(widget, key, modifier)


def test_first_launch_selects_all_and_the_newest_article(window: MainWindow) -> None:
    assert window.sidebar.current_view() == View("all")
    assert window.list_model.rowCount() == 4
    assert window.article_list.current_id() == ids(window)[0]
    assert window.pane.article_id() == ids(window)[0]
    assert window.status_text() == "4 articles · 3 unread · 0 bookmarked | All Articles: 4 articles"


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


def test_bookmark_toggle_via_the_action(window: MainWindow, qtbot: QtBot) -> None:
    action = window.registry.action(ActionId.TOGGLE_BOOKMARK)
    current = window.article_list.current_id()
    action.trigger()
    assert window.library.article(current).bookmarked
    assert action.isChecked()
    assert "1 bookmarked" in window.status_text()
    window.sidebar.select_view(View("bookmarked"))
    assert ids(window) == [current]
    action.trigger()
    assert not window.library.article(current).bookmarked
    assert not action.isChecked()
    assert ids(window) == [current]  # stays listed until the view is chosen again


def test_keys_move_bookmark_and_mark(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.article_list.setFocus()
    first, second = ids(window)[:2]
    press(qtbot, window, Qt.Key.Key_J)
    assert window.article_list.current_id() == second
    press(qtbot, window, Qt.Key.Key_B)
    assert window.library.article(second).bookmarked
    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not window.library.article(second).bookmarked
    press(qtbot, window, Qt.Key.Key_M)
    assert not window.library.article(second).read
    assert window.registry.action(ActionId.TOGGLE_READ).text() == "Mark as &Read"
    press(qtbot, window, Qt.Key.Key_K)
    assert window.article_list.current_id() == first
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.pane.hasFocus()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.article_list.hasFocus()  # Ctrl+1..3 focus the panes; G U goes to Unread
    press(qtbot, window, Qt.Key.Key_G)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.list_model.view() == View("unread")


def test_toggle_sidebar_and_zoom_actions(window: MainWindow) -> None:
    toggle = window.registry.action(ActionId.TOGGLE_SIDEBAR)
    assert toggle.isChecked() and window.sidebar.isVisible()
    toggle.trigger()
    assert not window.sidebar.isVisible()
    toggle.trigger()
    assert window.sidebar.isVisible()
    window.registry.action(ActionId.ZOOM_IN).trigger()
    window.registry.action(ActionId.ZOOM_IN).trigger()
    assert window.pane.zoom() == 2
    window.registry.action(ActionId.ZOOM_RESET).trigger()
    assert window.pane.zoom() == 0


def test_state_is_restored_after_a_restart(
    library_path: Path, make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    library = Library.open(library_path)
    try:
        window = make_window(library, size=(790, 560))  # the offscreen screen is 800x600
        chosen = ids(window)[2]
        window.library.set_bookmarked([chosen, ids(window)[3]], True)
        window.sidebar.select_view(View("bookmarked"))
        window.article_list.select_article(chosen)
        window.splitter.setSizes([170, 300, 320])
        sizes = window.splitter.sizes()
        window.pane.set_zoom(2)
        window.registry.action(ActionId.TOGGLE_SIDEBAR).trigger()
        size = window.size()
        window.close()
    finally:
        library.close()

    library = Library.open(library_path)
    try:
        again = make_window(library, size=None)
        assert again.size() == size
        assert again.list_model.view() == View("bookmarked")
        assert again.article_list.current_id() == chosen
        assert again.pane.article_id() == chosen
        assert not again.sidebar.isVisible()
        again.registry.action(ActionId.TOGGLE_SIDEBAR).trigger()
        restored = again.splitter.sizes()
        assert restored[:2] == sizes[:2]
        assert abs(restored[2] - sizes[2]) <= 2  # the pane takes up the handle's pixel
        assert again.pane.zoom() == 2
        again.close()
    finally:
        library.close()


def test_accessible_names_on_the_panes(window: MainWindow) -> None:
    for widget in (window.sidebar, window.article_list, window.pane):
        assert widget.accessibleName()
        assert widget.accessibleDescription()


# The report is a QMessageBox, which fixes its own size once shown: the offscreen platform
# (only) warns that it cannot pass size hints on to a window manager.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_import_runs_in_the_background_and_reports(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, seed: Seed
) -> None:
    good = seed(tmp_path / "news.txt", 3)
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 binary")
    with qtbot.waitSignal(window.importer.done, timeout=10_000) as finished:
        assert window.importer.start([good, bad])
        assert window.importer.busy()
    report = finished.args[0]
    assert len(report.added_ids) == 3 and len(report.failed) == 1
    assert window.list_model.rowCount() == 7
    assert "7 articles" in window.status_text()
    box = window.importer.last_message
    assert isinstance(box, QMessageBox)
    assert "Imported 3 articles" in box.text() and "photo.txt" in box.text()
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()
    assert not window.importer.busy()


def test_cancelling_an_import_keeps_what_was_done(
    library: Library, tmp_path: Path, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [seed(tmp_path / f"part{n}.txt", 2, start=10 * n) for n in range(6)]
    monkeypatch.setattr(ImportWorker, "PROGRESS_SECONDS", 0.0)  # every file's progress
    worker = ImportWorker(library, files)
    reports: list = []
    worker.progressed.connect(
        lambda done, _path: done == 2 and worker.cancel(), Qt.ConnectionType.DirectConnection
    )
    worker.finished.connect(reports.append, Qt.ConnectionType.DirectConnection)
    thread = threading.Thread(target=worker.run)
    thread.start()
    thread.join(10)
    (report,) = reports
    assert report.cancelled
    assert len(report.added_ids) == 6  # the three files before the cancel
    assert library.counts().all == 10
    text, details = report_text(report)
    assert "Cancelled" in text and details == ""


def test_the_row_menu_puts_an_article_under_a_topic_and_takes_it_out(window) -> None:  # type: ignore[no-untyped-def]
    menu = window.row_menu(2)
    topics = next(a.menu() for a in menu.actions() if a.menu() is not None)
    by_label = {a.text(): a for a in topics.actions()}
    assert by_label["Sport"].isChecked()
    assert not by_label["Lifestyle"].isChecked()
    by_label["Lifestyle"].trigger()
    by_label["Sport"].trigger()
    codes = {t.code for t in window.library.article(2).topics}
    assert "10000000" in codes
    assert "15000000" not in codes
    window.library.reclassify()
    assert {t.code for t in window.library.article(2).topics} == codes
