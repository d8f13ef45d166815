"""Search in the window: field, results, sidebar entries, saved searches, marks, find bar,
odd input."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.library.store.models import Annotation, database
from reader.ui.commands.actions import ActionId
from reader.ui.panes.article_list import IdRole
from reader.ui.panes.sidebar import LIVE_SEARCH
from reader.ui.search.results import SearchResultsModel, SearchView
from reader.ui.window.mainwindow import MainWindow

DATA = Path(__file__).resolve().parents[2] / "data"


def search(qtbot: QtBot, window: MainWindow, text: str) -> int:
    window.search.set_query(text)
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=5000)
    return window.search.model.rowCount()


def test_slash_focuses_the_field_and_typing_shows_results(qtbot: QtBot, window: MainWindow) -> None:
    window.article_list.setFocus()
    qtbot.keyClick(window.article_list, Qt.Key.Key_Slash)
    assert window.search.field.hasFocus()
    qtbot.keyClicks(window.search.field, "taipei")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1, timeout=5000)
    assert window.search.active()
    assert window.middle.currentWidget() is window.search.results
    assert window.sidebar.current_view() == LIVE_SEARCH
    assert "Search: 1 result" in window.status_text()


def test_escape_clears_and_returns_to_the_list(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "taipei")
    window.search.field.setFocus()
    qtbot.keyClick(window.search.field, Qt.Key.Key_Escape)
    assert window.search.field.text() == ""
    assert not window.search.active()
    assert window.middle.currentWidget() is window.article_list
    assert window.article_list.hasFocus()
    assert window.sidebar.sidebar_model().row_of(LIVE_SEARCH) is None


def test_opening_a_result_marks_matches_and_f3_moves(qtbot: QtBot, window: MainWindow) -> None:
    assert search(qtbot, window, "the") == 4
    window.search.results.step(1)
    first = window.search.model.result_at(0)
    assert window.pane.article_id() == first.article_id
    assert window.search.finder.count() > 1
    assert window.search.find_next() and window.search.finder.current() >= 0
    before = window.search.finder.current()
    window.registry.action(ActionId.FIND_NEXT).trigger()  # F3
    assert window.search.finder.current() == (before + 1) % window.search.finder.count()
    assert window.search.find_next(backwards=True) and window.search.finder.current() == before


def test_f3_and_shift_n_step_through_matches_while_searching(
    qtbot: QtBot, window: MainWindow
) -> None:
    """F3 and Shift+N move within the article; n is "next unread" while searching too."""
    assert search(qtbot, window, "the") == 4
    window.search.results.step(1)
    assert window.search.active()
    window.search.results.setFocus()
    finder = window.search.finder
    start, shown = finder.current(), window.pane.article_id()
    qtbot.keyClick(window.search.results, Qt.Key.Key_F3)
    assert finder.current() == (start + 1) % finder.count()
    qtbot.keyClick(window.search.results, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert finder.current() == start % finder.count()
    assert window.pane.article_id() == shown  # moved within the article, not to another
    qtbot.keyClick(window.search.results, Qt.Key.Key_N)
    assert window.pane.article_id() != shown  # the next unread article
    assert window.search.active() and finder.count() > 0  # its words marked there too


def test_annotation_results_open_the_article_at_the_highlight(
    qtbot: QtBot, library: Library, make_window
) -> None:  # type: ignore[no-untyped-def]
    body = library.article(3).body
    start = body.rfind(" ", 0, len(body) - 20) + 1
    exact = body[start : start + 12]
    with database.atomic():
        Annotation.create(uuid=str(uuid.uuid4()), article=3, exact=exact, note="zebrafish idea",
                          kind="highlight", color="green", start=start, end=start + 12)  # fmt: skip
    window = make_window(library, size=(900, 420))
    assert search(qtbot, window, "zebrafish") == 1
    window.search.results.step(1)
    assert window.pane.article_id() == 3
    cursor = window.pane.textCursor()
    assert window.pane.document().toPlainText()[cursor.position() :].startswith(exact[:5])
    assert window.pane.verticalScrollBar().value() > 0  # scrolled down to it


def menu_command(window: MainWindow, view: SearchView, name: str) -> None:
    """Run the command called `name` from the sidebar's context menu of a saved search."""
    model = window.sidebar.sidebar_model()
    row = model.row_of(view)
    assert row is not None
    menu = window.search.sidebar_menu(window.sidebar.visualRect(model.index(row)).center())
    assert menu is not None
    action = next(a for a in menu.actions() if name in a.text().replace("&", ""))
    action.trigger()
    menu.close()


# The offscreen platform (only) cannot raise the popped-up menu or let it grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_save_rename_delete_a_search_in_the_sidebar(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    search(qtbot, window, "taipei OR troops")
    monkeypatch.setattr(
        "reader.ui.search.controller.QInputDialog.getText", lambda *a, **k: ("Mine", True)
    )
    window.search.save_search()
    [saved] = window.library.saved_searches()
    model = window.sidebar.sidebar_model()
    view = SearchView("taipei OR troops", saved.id, "Mine")
    row = model.row_of(view)
    assert row is not None
    assert model.index(row).data(Qt.ItemDataRole.UserRole + 2) == 2  # the live count
    window.search.field.clear()
    window.sidebar.select_view(view)
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 2, timeout=5000)
    assert window.search.text() == "taipei OR troops"
    monkeypatch.setattr(
        "reader.ui.search.controller.QInputDialog.getText", lambda *a, **k: ("Renamed", True)
    )
    menu_command(window, view, "Rename")
    assert [s.name for s in window.library.saved_searches()] == ["Renamed"]
    menu_command(window, SearchView("taipei OR troops", saved.id, "Renamed"), "Delete")
    assert window.library.saved_searches() == []
    assert window.library.counts().all == 4


def test_ctrl_f_finds_in_the_article(qtbot: QtBot, window: MainWindow) -> None:
    window.article_list.select_article(2)
    window.find_bar.open_bar()
    qtbot.keyClicks(window.find_bar.edit, "taipei")
    assert window.search.finder.count() >= 2
    assert window.find_bar.count.text().startswith("1 of")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.find_bar.count.text().startswith("2 of")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and window.search.finder.count() == 0


def test_a_newer_query_replaces_an_older_one(qtbot: QtBot, window: MainWindow) -> None:
    for text in ("t", "ta", "tai", "taip", "taipei"):
        window.search.field.setText(text)
        window.search.search_now()
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=5000)
    assert window.search.model.query() == "taipei"
    assert [window.search.model.result_at(0).article_id] == [2]


def test_the_results_model_passes_the_model_tester(qtmodeltester, library: Library) -> None:  # type: ignore[no-untyped-def]
    model = SearchResultsModel()
    model.set_results("the", library.search("the"))
    qtmodeltester.check(model)
    model.set_results("", [])
    qtmodeltester.check(model)


def test_odd_input_in_the_window_is_harmless(qtbot: QtBot, window: MainWindow) -> None:
    lines = (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
    odd = [line for line in lines if line and not line.startswith("#")]
    odd += ['"', "AND", "OR", "NOT", "*", "^", "NEAR(", "nope:x", "x" * 10_000, "a\x00b", "😀"]
    for text in odd:
        window.search.field.setText(text)
        window.search.search_now()
        window.find_bar.edit.setText(text)
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=10_000)
    window.find_bar.close_bar()
    assert window.isVisible()


def test_read_marks_count_the_saved_searches_off_the_gui_thread_once_keys_pause(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.library.save_search("Unread", "is:unread")
    window.search.update_sidebar()
    model = window.sidebar.sidebar_model()
    row = model.row_of(SearchView("is:unread", window.library.saved_searches()[0].id, "Unread"))
    assert row is not None

    def count() -> int:
        return int(model.index(row).data(Qt.ItemDataRole.UserRole + 2))

    counted_on: list[bool] = []
    real = window.library.search_count
    monkeypatch.setattr(
        window.library,
        "search_count",
        lambda text: (
            counted_on.append(threading.current_thread() is threading.main_thread()) or real(text)
        ),
    )
    ids = [window.list_model.index(r, 0).data(IdRole) for r in range(3)]
    for article_id in ids:  # three read marks in a row, as J J J makes them
        window.library.set_read([article_id], True)
    assert not counted_on  # nothing counted while the keys come
    unread = real("is:unread")
    assert count() != unread
    qtbot.waitUntil(lambda: count() == unread, timeout=5000)
    assert counted_on == [False]  # once, on the worker
