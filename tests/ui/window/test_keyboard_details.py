"""Keyboard details of issue #10: the shortcut editor survives keyboard changes, closing a
dock gives the focus back to the pane that had it, caret mode starts in the text and says
so, and H acts at once (a digit right after recolours the new highlight)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.ui.commands.actions import ActionId
from reader.ui.commands.shortcut_editor import KeyCaptureDialog
from reader.ui.panes.body_map import HEADER_BLOCKS
from reader.ui.window.mainwindow import MainWindow


def _answer_capture(qtbot: QtBot, keys: list[Qt.Key], seen: list[str]) -> None:
    """When the key capture dialog is up, press `keys` in it."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, KeyCaptureDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append("capture")
        for key in keys:
            qtbot.keyClick(dialog.edit, key)

    QTimer.singleShot(50, answer)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_shortcut_editor_stays_open_after_changes_made_by_keyboard(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.commands.edit_shortcuts()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitActive(editor)
    editor.filter.setText("Watched")
    editor.tree.setFocus()
    qtbot.waitUntil(editor.tree.hasFocus)
    assert editor.selected() == ActionId.WATCHED_FOLDERS
    seen: list[str] = []
    _answer_capture(qtbot, [Qt.Key.Key_F9, Qt.Key.Key_Return], seen)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    assert seen == ["capture"]
    assert window.registry.keys(ActionId.WATCHED_FOLDERS) == ("F9",)
    assert editor.isVisible()
    # a second change, again by keyboard alone, and Enter in the list once more
    _answer_capture(qtbot, [Qt.Key.Key_F10, Qt.Key.Key_Enter], seen)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    assert window.registry.keys(ActionId.WATCHED_FOLDERS) == ("F10",)
    assert editor.isVisible()
    # Esc cancels the key being taken, and the editor stays
    _answer_capture(qtbot, [Qt.Key.Key_F11, Qt.Key.Key_Escape], seen)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    assert window.registry.keys(ActionId.WATCHED_FOLDERS) == ("F10",)
    assert editor.isVisible()
    # Enter is never recorded as the key: pressed alone it takes nothing
    _answer_capture(qtbot, [Qt.Key.Key_Return, Qt.Key.Key_Escape], seen)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    assert window.registry.keys(ActionId.WATCHED_FOLDERS) == ("F10",)
    assert editor.isVisible()
    editor.close()


def test_closing_the_notes_panel_gives_the_focus_back_to_the_pane(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.article_list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.article_list)
    window.registry.action(ActionId.TOGGLE_NOTES).trigger()
    assert window.notes.isVisible()
    window.notes.editor.setEnabled(True)
    window.notes.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.notes.editor)
    qtbot.keyClicks(window.notes.editor, "typing")
    window.registry.action(ActionId.TOGGLE_NOTES).trigger()  # Ctrl+Shift+N
    assert not window.notes.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.article_list)
    before = window.article_list.current_id()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_J)
    assert window.search_field.text() == ""
    assert window.article_list.current_id() != before  # j moved on, it was not typed


def test_the_search_field_takes_the_focus_only_when_asked(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.pane.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pane)
    window.search_field.setFocus(Qt.FocusReason.OtherFocusReason)  # as a closing dock does
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pane)
    window.registry.action(ActionId.FOCUS_SEARCH).trigger()  # "/" asks for it
    qtbot.wait(20)
    assert QApplication.focusWidget() is window.search_field


def test_caret_mode_starts_in_the_text_says_so_and_draws_the_cursor(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.registry.action(ActionId.CARET_MODE).trigger()
    cursor = window.pane.textCursor()
    assert cursor.block().blockNumber() == HEADER_BLOCKS  # the first line of the text
    assert cursor.positionInBlock() == 0
    assert "Caret mode" in window.status_text()
    assert window.pane.cursorWidth() >= 2
    assert window.pane.hasFocus()
    window.registry.action(ActionId.CARET_MODE).trigger()
    assert "Caret mode" not in window.status_text()


def test_a_selection_in_the_title_is_refused_with_a_reason(
    window: MainWindow, qtbot: QtBot
) -> None:
    cursor = window.pane.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(cursor.MoveOperation.EndOfBlock, cursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    assert not window.annotations.highlight_selection()
    assert "title" in window.status.currentMessage()
    assert window.library.annotations(window.current.id()) == []


def test_h_highlights_at_once_and_a_digit_right_after_recolours(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.pane.setFocus()
    article = window.current.article()
    assert article is not None
    body = window.pane.document().findBlockByNumber(HEADER_BLOCKS)
    cursor = window.pane.textCursor()
    cursor.setPosition(body.position())
    cursor.setPosition(body.position() + 12, cursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    qtbot.keyClick(window.pane, Qt.Key.Key_H)
    made = window.library.annotations(article.id)
    assert [a.color for a in made] == ["yellow"]  # at once: no wait for a second key
    qtbot.keyClick(window.pane, Qt.Key.Key_4)
    assert [a.color for a in window.library.annotations(article.id)] == ["pink"]
    assert window.pane.hasFocus()  # 4 recoloured; it did not go to "focus list" or anywhere
    qtbot.keyClick(window.pane, Qt.Key.Key_2)  # the offer is over: 2 is "focus the list"
    assert [a.color for a in window.library.annotations(article.id)] == ["pink"]
    assert window.article_list.hasFocus()


def test_shift_delete_right_after_h_deletes_the_new_highlight(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.pane.setFocus()
    article = window.current.id()
    body = window.pane.document().findBlockByNumber(HEADER_BLOCKS)
    cursor = window.pane.textCursor()
    cursor.setPosition(body.position())
    cursor.setPosition(body.position() + 12, cursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    qtbot.keyClick(window.pane, Qt.Key.Key_H)
    assert len(window.library.annotations(article)) == 1
    qtbot.keyClick(window.pane, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert window.library.annotations(article) == []
