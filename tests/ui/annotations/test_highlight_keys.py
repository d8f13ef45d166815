"""Highlighting from the keyboard: H acts at once, a digit right after recolours, A notes."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import CTRL, SHIFT, K, press


def test_highlight_keys_need_a_selection(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_F7)
    assert not win.pane.textCursor().hasSelection()
    assert not win.registry.action(ActionId.HIGHLIGHT).isEnabled()
    press(qtbot, K.Key_Right, SHIFT)
    assert win.registry.action(ActionId.HIGHLIGHT).isEnabled()


def test_caret_selection_is_highlighted_and_noted_from_the_keyboard(
    win: MainWindow, qtbot: QtBot
) -> None:
    """F7, V and the arrows select; H highlights at once, 3 pressed next recolours it blue;
    A highlights and opens its note."""
    press(qtbot, K.Key_F7)
    for _ in range(6):  # past the title and the meta line, into the text
        press(qtbot, K.Key_Down)
    press(qtbot, K.Key_V)
    for _ in range(3):
        press(qtbot, K.Key_Right, CTRL)
    chosen = win.pane.textCursor().selectedText()
    assert chosen.strip()
    press(qtbot, K.Key_H)
    notes = win.library.annotations(win.pane.article_id())
    assert [(n.color, n.exact) for n in notes] == [("yellow", chosen.strip())]  # at once
    assert win.chords.offered() and "Blue" in win.chords.popup.rows()
    press(qtbot, K.Key_3)
    notes = win.library.annotations(win.pane.article_id())
    assert [(n.color, n.exact) for n in notes] == [("blue", chosen.strip())]
    assert not win.chords.offered()
    press(qtbot, K.Key_Escape)
    press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Right, SHIFT | CTRL)
    press(qtbot, K.Key_A)
    qtbot.waitUntil(lambda: len(win.library.annotations(win.pane.article_id())) == 2, timeout=3000)
    qtbot.waitUntil(win.notes.isVisible, timeout=3000)


def test_highlight_keys_call_the_one_highlight_selection(win: MainWindow, qtbot: QtBot) -> None:
    calls: list[tuple[str | None, bool]] = []

    def highlight_selection(color: str | None = None, *, open_note: bool = False) -> bool:
        calls.append((color, open_note))
        return True

    win.annotations.highlight_selection = highlight_selection  # type: ignore[method-assign]
    press(qtbot, K.Key_F7)
    press(qtbot, K.Key_Right, SHIFT)
    assert win.registry.action(ActionId.HIGHLIGHT).isEnabled()
    press(qtbot, K.Key_H)
    assert calls == [(None, False)]  # at once: no chord waits for a second key
    press(qtbot, K.Key_A)
    press(qtbot, K.Key_H)
    assert calls == [(None, False), (None, True), (None, False)]
