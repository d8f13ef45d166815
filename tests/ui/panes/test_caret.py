"""Caret mode in the reading pane: F7, selecting with the keys, V, Esc."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import CTRL, SHIFT, K, press


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
