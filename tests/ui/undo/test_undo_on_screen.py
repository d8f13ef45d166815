"""Undo and redo act on what is on screen (issue #10, case 3): a step that would change
another article first shows it, and says so; every undo and redo says what it did."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reader.library import View
from reader.ui.commands.actions import ActionId
from reader.ui.panes.body_map import HEADER_BLOCKS
from reader.ui.window.mainwindow import MainWindow


def undo(window: MainWindow) -> str:
    window.registry.action(ActionId.UNDO).trigger()
    return window.status.currentMessage()


def highlight_first_words(window: MainWindow) -> None:
    block = window.pane.document().findBlockByNumber(HEADER_BLOCKS)
    cursor = window.pane.textCursor()
    cursor.setPosition(block.position())
    cursor.setPosition(block.position() + 15, cursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    assert window.annotations.highlight_selection()


def test_undo_never_changes_a_note_out_of_sight(window: MainWindow, qtbot: QtBot) -> None:
    library = window.library
    first, second = (row.id for row in library.page(View("all"), limit=2))
    window.current.show(first)
    window.annotations.note_article()
    window.notes.editor.setPlainText("A's note, typed")
    window.notes.flush()
    note = next(a for a in library.annotations(first) if a.is_note)
    window.current.show(second)
    highlight_first_words(window)

    said = undo(window)  # the highlight on B, which is on screen
    assert said.startswith("Undid: Highlight on “")
    assert library.annotations(second) == []
    said = undo(window)  # A's note: A is not on screen, so it is shown first
    assert window.current.id() == first
    assert "Showing" in said and "again" in said
    assert library.annotation(note.id).note == "A's note, typed"  # unchanged
    said = undo(window)  # now it is on screen: undone (made with its text, one step)
    assert said.startswith("Undid: Add Note on “")
    assert library.annotation(note.id) is None
    assert not window.registry.action(ActionId.UNDO).isEnabled()  # nothing more to undo

    window.current.show(second)  # redo goes the same way: A is shown first
    window.registry.action(ActionId.REDO).trigger()
    assert window.current.id() == first
    assert library.annotation(note.id) is None
    window.registry.action(ActionId.REDO).trigger()
    assert window.status.currentMessage().startswith("Redid: Add Note on “")
    assert library.annotation(note.id) is not None


def test_undo_of_mark_all_read_is_a_step_over_the_view(window: MainWindow) -> None:
    library = window.library
    library.set_read([r.id for r in library.page(View("all"), limit=10)], False)
    window.registry.action(ActionId.MARK_ALL_READ).trigger()
    assert library.counts().unread == 0
    said = undo(window)
    assert said.startswith("Undid: Mark ")
    assert library.counts().unread > 0
    assert not window.registry.action(ActionId.UNDO).isEnabled()  # an extra press: nothing
    undo(window)
    assert library.counts().unread > 0
