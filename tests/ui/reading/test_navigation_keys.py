"""Moving by keyboard on the real MainWindow, each key's effect checked: J/K, N/P (round the
view), Space, the sidebar's brackets, the focus keys and Tab, zoom, back and forward, holding J."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import ALT, CTRL, NO, SHIFT, K, activate, ids, press, write_seed


def test_j_k_n_p_move_through_articles(win: MainWindow, qtbot: QtBot) -> None:
    rows = ids(win)
    assert win.article_list.current_id() == rows[0]
    press(qtbot, K.Key_J)
    assert win.pane.article_id() == rows[1]
    qtbot.waitUntil(lambda: win.library.article(rows[1]).read, timeout=2000)
    press(qtbot, K.Key_K)
    assert win.pane.article_id() == rows[0]
    # rows 0 and 1 are read; with row 2 read too, n skips to row 3 and p finds none above
    win.library.set_read([rows[2]], True)
    press(qtbot, K.Key_N)
    assert win.pane.article_id() == rows[3]
    win.library.set_read([rows[3]], True)
    press(qtbot, K.Key_P)  # none above, and none round from the end either
    assert win.pane.article_id() == rows[3]
    assert "No other unread article in All Articles" in win.statusBar().currentMessage()
    win.library.set_read([rows[1]], False)
    press(qtbot, K.Key_P)
    assert win.pane.article_id() == rows[1]
    win.library.set_read([rows[0]], False)
    press(qtbot, K.Key_N)  # none below: n goes round to the top of the view, saying so
    assert win.pane.article_id() == rows[0]
    assert "Went round to the top of the view" in win.statusBar().currentMessage()


def test_n_says_when_nothing_is_unread(win: MainWindow, qtbot: QtBot) -> None:
    win.library.set_read(ids(win), True)
    press(qtbot, K.Key_N)
    assert "No other unread article in All Articles" in win.statusBar().currentMessage()


def test_space_pages_then_moves_on_to_the_next_unread(
    empty_library: Library, make_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    long = "\n".join(f"Paragraph {n} " + "word " * 120 for n in range(30))
    (tmp_path / "long.txt").write_text(f"{long}\n\nShort second article here.\n", "utf-8")
    empty_library.import_paths([tmp_path / "long.txt"])
    win = activate(qtbot, make_window(empty_library, size=(900, 500)))
    first, second = ids(win)
    win.article_list.select_article(first)
    bar = win.pane.verticalScrollBar()
    assert bar.maximum() > 0
    press(qtbot, K.Key_Space)
    assert bar.value() > 0
    press(qtbot, K.Key_Space, SHIFT)
    assert bar.value() == 0
    for _ in range(200):
        if win.pane.article_id() != first:
            break
        press(qtbot, K.Key_Space)
    assert win.pane.article_id() == second


def test_brackets_walk_the_sidebar(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_BracketRight)
    assert win.list_model.view() == View("unread")
    press(qtbot, K.Key_BracketRight)
    assert win.list_model.view() == View("bookmarked")
    press(qtbot, K.Key_BracketLeft)
    press(qtbot, K.Key_BracketLeft)
    press(qtbot, K.Key_BracketLeft)  # the header above All is skipped: stays on All
    assert win.list_model.view() == View("all")


def test_digits_and_tab_move_the_focus_without_a_trap(win: MainWindow, qtbot: QtBot) -> None:
    for key, ctrl_target in ((K.Key_1, win.sidebar), (K.Key_2, win.article_list),
                             (K.Key_3, win.pane)):  # fmt: skip
        press(qtbot, key)
        assert ctrl_target.hasFocus()
        win.article_list.setFocus()
        press(qtbot, key, CTRL)
        assert ctrl_target.hasFocus()
    win.sidebar.setFocus()
    seen: list[QWidget | None] = []
    for _ in range(6):
        press(qtbot, K.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[:3] == [win.article_list, win.pane, win.sidebar]
    press(qtbot, K.Key_Backtab, SHIFT)
    assert win.pane.hasFocus()
    press(qtbot, K.Key_Escape)
    assert win.article_list.hasFocus()


def test_zoom_keys(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_Plus)
    assert win.pane.zoom() == 1
    press(qtbot, K.Key_Equal)
    assert win.pane.zoom() == 2
    press(qtbot, K.Key_Minus)
    assert win.pane.zoom() == 1
    press(qtbot, K.Key_0)
    assert win.pane.zoom() == 0
    press(qtbot, K.Key_Equal, CTRL)
    assert win.pane.zoom() == 1


def test_alt_left_and_right_walk_the_history(win: MainWindow, qtbot: QtBot) -> None:
    rows = ids(win)
    press(qtbot, K.Key_J)
    press(qtbot, K.Key_J)
    press(qtbot, K.Key_Left, ALT)
    assert win.pane.article_id() == rows[1]
    press(qtbot, K.Key_Left, ALT)
    assert win.pane.article_id() == rows[0]
    press(qtbot, K.Key_Right, ALT)
    assert win.pane.article_id() == rows[1]
    # back into an article that is not in the current view: the window goes to All
    win.sidebar.select_view(View("bookmarked"))
    press(qtbot, K.Key_Left, ALT)
    assert win.list_model.view() == View("all") and win.pane.article_id() == rows[0]


def test_holding_j_never_shows_a_stale_article(
    empty_library: Library, make_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    empty_library.import_paths([write_seed(tmp_path / "many.txt", 1500)])
    win = activate(qtbot, make_window(empty_library))
    for _ in range(700):
        qtbot.keyPress(win.article_list, K.Key_J, NO)  # auto-repeat arrives as presses
    current = win.article_list.current_id()
    assert win.pane.article_id() == current
    assert win.list_model.row_of(current) == 700
    assert win.library.article(current).title in win.pane.toPlainText()


def test_keys_move_bookmark_and_mark(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.article_list.setFocus()
    first, second = ids(window)[:2]
    press(qtbot, K.Key_J)
    assert window.article_list.current_id() == second
    press(qtbot, K.Key_B)
    assert window.library.article(second).bookmarked
    press(qtbot, K.Key_D, CTRL)
    assert not window.library.article(second).bookmarked
    press(qtbot, K.Key_M)
    assert not window.library.article(second).read
    assert window.registry.action(ActionId.TOGGLE_READ).text() == "Mark as &Read"
    press(qtbot, K.Key_K)
    assert window.article_list.current_id() == first
    press(qtbot, K.Key_Return)
    assert window.pane.hasFocus()
    press(qtbot, K.Key_2, CTRL)
    assert window.article_list.hasFocus()  # Ctrl+1..3 focus the panes; G U goes to Unread
    press(qtbot, K.Key_G)
    press(qtbot, K.Key_U)
    assert window.list_model.view() == View("unread")
