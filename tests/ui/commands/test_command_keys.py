"""Chords and their popup, the command palette and the shortcut sheet, by real key presses."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import View
from reader.ui.commands.palette import Picker
from reader.ui.commands.specs import ActionId
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import CTRL, NO, K, ids, press


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
    picker = win.commands.open_palette()
    for key in (K.Key_J, K.Key_J, K.Key_G, K.Key_A, K.Key_B, K.Key_1):
        press(qtbot, key)
    assert picker.field.text() == "jjgab1"
    assert win.article_list.current_id() == before
    assert not win.library.article(before).bookmarked
    press(qtbot, K.Key_Escape)
    assert not picker.isVisible()


def test_chords_follow_the_keys_when_they_change(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_G)  # the chords as they were, listed
    assert "Bookmarked" in win.chords.popup.rows()
    press(qtbot, K.Key_Escape)
    keymap = win.registry.keymap()
    keymap[ActionId.GO_BOOKMARKED] = ("Z, B",)  # G, B no more
    win.registry.apply(keymap)
    press(qtbot, K.Key_G)
    assert "Bookmarked" not in win.chords.popup.rows()
    press(qtbot, K.Key_Escape)
    press(qtbot, K.Key_Z)
    assert win.chords.pending == "Z" and "Bookmarked" in win.chords.popup.rows()
    press(qtbot, K.Key_B)
    assert win.list_model.view() == View("bookmarked")
