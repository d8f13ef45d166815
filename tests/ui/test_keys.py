"""Every default key pressed on the real MainWindow, with its effect checked; chords and their
popup; caret mode; the palette; keys while a popup or dialog is open; holding J."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.actions import ActionId
from reader.ui.panes.article_list import IdRole
from reader.ui.window.mainwindow import MainWindow
from reader.ui.commands.palette import Picker

NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
K = Qt.Key


def ids(window: MainWindow) -> list[int]:
    model = window.list_model
    return [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    """A key press where the keyboard focus is, as a user's would arrive."""
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def activate(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """Make `window` the active window with the focus in its list (keys go there)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.article_list.setFocus()
    return window


@pytest.fixture
def win(window: MainWindow, qtbot: QtBot) -> MainWindow:
    return activate(qtbot, window)


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
    press(qtbot, K.Key_P)
    assert win.pane.article_id() == rows[3]
    assert "No unread article above" in win.statusBar().currentMessage()
    win.library.set_read([rows[1]], False)
    press(qtbot, K.Key_P)
    assert win.pane.article_id() == rows[1]


def test_n_says_when_nothing_is_unread(win: MainWindow, qtbot: QtBot) -> None:
    win.library.set_read(ids(win), True)
    press(qtbot, K.Key_N)
    assert "No more unread" in win.statusBar().currentMessage()


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


def test_enter_o_b_s_m_and_shift_a(win: MainWindow, qtbot: QtBot) -> None:
    current = win.article_list.current_id()
    press(qtbot, K.Key_B)
    assert win.library.article(current).bookmarked
    press(qtbot, K.Key_S)
    assert not win.library.article(current).bookmarked
    press(qtbot, K.Key_M)
    assert not win.library.article(current).read
    press(qtbot, K.Key_O)
    assert win.pane.hasFocus()
    win.article_list.setFocus()
    press(qtbot, K.Key_Enter)
    assert win.pane.hasFocus()
    press(qtbot, K.Key_A, SHIFT)
    assert win.library.counts().unread == 0
    assert "Undo" in win.statusBar().currentMessage()
    press(qtbot, K.Key_Z, CTRL)
    assert win.library.counts().unread > 0
    press(qtbot, K.Key_Z, CTRL | SHIFT)
    assert win.library.counts().unread == 0


def test_undo_of_mark_all_read_touches_only_what_it_marked(win: MainWindow) -> None:
    rows = ids(win)
    already = {r for r in rows if win.library.article(r).read}
    win.registry.run(ActionId.MARK_ALL_READ)
    win.registry.run(ActionId.UNDO)
    assert {r for r in rows if win.library.article(r).read} == already


def test_g_chords_show_a_popup_and_go(win: MainWindow, qtbot: QtBot) -> None:
    win.library.set_bookmarked([ids(win)[1]], True)
    press(qtbot, K.Key_G)
    assert win.chords.pending == "G"
    assert win.chords.popup.isVisible()
    text = win.chords.popup.rows()
    assert "All Articles" in text and "Unread" in text and "Topic" in text
    press(qtbot, K.Key_B)
    assert not win.chords.popup.isVisible()
    assert win.list_model.view() == View("bookmarked")
    assert win.library.counts().bookmarked == 1  # B went to the chord, not to the bookmark
    press(qtbot, K.Key_G)
    press(qtbot, K.Key_U)
    assert win.list_model.view() == View("unread")
    press(qtbot, K.Key_G)
    press(qtbot, K.Key_A)
    assert win.list_model.view() == View("all")
    press(qtbot, K.Key_G)
    press(qtbot, K.Key_Escape)
    assert win.chords.pending == "" and win.list_model.view() == View("all")


def test_g_t_opens_the_topic_picker(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_G)
    # as a real keyboard does: the override goes to the list, the press to the new focus
    override = QKeyEvent(QEvent.Type.ShortcutOverride, K.Key_T, NO, "t")
    QApplication.sendEvent(win.article_list, override)
    picker = win.navigator.picker
    assert isinstance(picker, Picker) and picker.isVisible()
    assert QApplication.focusWidget() is picker.field
    QApplication.sendEvent(picker.field, QKeyEvent(QEvent.Type.KeyPress, K.Key_T, NO, "t"))
    assert picker.field.text() == ""  # the T that opened the picker is not typed into it
    first_topic = picker.model.item(0)
    assert first_topic is not None
    press(qtbot, K.Key_Return)
    assert win.list_model.view().kind == "topic"
    assert win.article_list.hasFocus()


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


def test_question_mark_and_f1_open_the_sheet(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_F1)
    sheets = [w for w in QApplication.topLevelWidgets() if w.objectName() == "shortcutsDialog"]
    assert sheets and sheets[0].isVisible()
    sheets[0].close()
    win.activateWindow()
    win.article_list.setFocus()
    press(qtbot, K.Key_Question)
    sheets = [w for w in QApplication.topLevelWidgets() if w.objectName() == "shortcutsDialog"]
    assert any(s.isVisible() for s in sheets)


def test_palette_finds_and_runs_a_command(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_K, CTRL)
    picker = win.navigator.picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.field, "bkmrkd")  # fuzzy: Go › Bookmarked
    item = picker.model.item(picker.current_row())
    assert item is not None and item.label == "Go: Bookmarked"
    assert item.detail == "G B"
    press(qtbot, K.Key_Return)
    assert not picker.isVisible()
    assert win.list_model.view() == View("bookmarked")


def test_keys_typed_in_the_palette_stay_there(win: MainWindow, qtbot: QtBot) -> None:
    before = win.article_list.current_id()
    picker = win.navigator.open_palette()
    for key in (K.Key_J, K.Key_J, K.Key_G, K.Key_A, K.Key_B, K.Key_1):
        press(qtbot, key)
    assert picker.field.text() == "jjgab1"
    assert win.article_list.current_id() == before
    assert not win.library.article(before).bookmarked
    press(qtbot, K.Key_Escape)
    assert not picker.isVisible()


def test_caret_mode_selects_with_the_keys(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_F7)
    assert win.caret.active() and win.pane.hasFocus()
    assert win.registry.action(ActionId.CARET_MODE).isChecked()
    press(qtbot, K.Key_Right, SHIFT)
    press(qtbot, K.Key_Right, SHIFT)
    assert len(win.pane.textCursor().selectedText()) == 2
    press(qtbot, K.Key_Right)  # plain arrows move and drop the selection
    assert not win.pane.textCursor().hasSelection()
    press(qtbot, K.Key_V)
    assert win.caret.visual()
    press(qtbot, K.Key_Right, CTRL)  # after V, plain movement extends
    press(qtbot, K.Key_End)
    assert win.pane.textCursor().hasSelection()
    press(qtbot, K.Key_Escape)  # first Esc ends the selection, the second caret mode
    assert not win.pane.textCursor().hasSelection() and win.caret.active()
    press(qtbot, K.Key_Escape)
    assert not win.caret.active()


def test_highlight_keys_need_a_selection(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_F7)
    assert not win.pane.textCursor().hasSelection()
    assert not win.registry.action(ActionId.HIGHLIGHT).isEnabled()
    press(qtbot, K.Key_Right, SHIFT)
    assert win.registry.action(ActionId.HIGHLIGHT).isEnabled()


def test_caret_selection_is_highlighted_and_noted_from_the_keyboard(
    win: MainWindow, qtbot: QtBot
) -> None:
    """F7, V and the arrows select; H 3 highlights in blue; A highlights and opens its note."""
    press(qtbot, K.Key_F7)
    for _ in range(6):  # past the title and the meta line, into the text
        press(qtbot, K.Key_Down)
    press(qtbot, K.Key_V)
    for _ in range(3):
        press(qtbot, K.Key_Right, CTRL)
    chosen = win.pane.textCursor().selectedText()
    assert chosen.strip()
    press(qtbot, K.Key_H)
    press(qtbot, K.Key_3)
    notes = win.library.annotations(win.pane.article_id())
    assert [(n.color, n.exact) for n in notes] == [("blue", chosen.strip())]
    press(qtbot, K.Key_Escape)
    press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Right, SHIFT | CTRL)
    press(qtbot, K.Key_A)
    qtbot.waitUntil(lambda: len(win.library.annotations(win.pane.article_id())) == 2, timeout=3000)
    qtbot.waitUntil(win.notes.isVisible, timeout=3000)


def test_highlight_keys_call_the_window(win: MainWindow, qtbot: QtBot) -> None:
    calls: list[tuple[str | None, bool]] = []

    def highlight_selection(color: str | None = None, *, open_note: bool = False) -> bool:
        calls.append((color, open_note))
        return True

    win.highlight_selection = highlight_selection  # type: ignore[attr-defined]
    press(qtbot, K.Key_F7)
    press(qtbot, K.Key_Right, SHIFT)
    assert win.registry.action(ActionId.HIGHLIGHT).isEnabled()
    press(qtbot, K.Key_H)
    assert "Yellow" in win.chords.popup.rows()
    press(qtbot, K.Key_3)
    press(qtbot, K.Key_A)
    press(qtbot, K.Key_H)
    qtbot.waitUntil(lambda: len(calls) == 3, timeout=3000)  # H alone: after a moment
    assert calls == [("blue", False), (None, True), (None, False)]


def test_holding_j_never_shows_a_stale_article(
    empty_library: Library, make_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    from tests.ui.conftest import write_seed

    empty_library.import_paths([write_seed(tmp_path / "many.txt", 1500)])
    win = activate(qtbot, make_window(empty_library))
    for _ in range(700):
        qtbot.keyPress(win.article_list, K.Key_J, NO)  # auto-repeat arrives as presses
    current = win.article_list.current_id()
    assert win.pane.article_id() == current
    assert win.list_model.row_of(current) == 700
    assert win.library.article(current).title in win.pane.toPlainText()
