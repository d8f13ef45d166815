"""Removed highlights and notes can be brought back, after a restart too (issue #10): from
View › Recently Deleted Notes, by keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.commands.actions import ActionId
from reader.ui.panes.body_map import HEADER_BLOCKS
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory


def highlight(window: MainWindow, note: str = "") -> int:
    block = window.pane.document().findBlockByNumber(HEADER_BLOCKS)
    cursor = window.pane.textCursor()
    cursor.setPosition(block.position())
    cursor.setPosition(block.position() + 25, cursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    assert window.annotations.highlight_selection("blue")
    article = window.current.id()
    assert article is not None
    made = window.library.annotations(article)[-1]
    if note:
        window.library.set_annotation_note(made.id, note)
    return made.id


def test_undoing_a_creation_is_recoverable_after_a_restart(
    library_path: Path, make_window: WindowFactory, qtbot: QtBot
) -> None:
    library = Library.open(library_path)
    window = make_window(library)
    made = highlight(window, "kept for later")
    window.registry.action(ActionId.UNDO).trigger()  # undo the (noted) highlight's creation
    assert library.annotation(made) is None
    window.close()
    library.close()

    library = Library.open(library_path)  # a restart: redo is gone, the note is not
    window = make_window(library)
    window.registry.action(ActionId.SHOW_DELETED).trigger()
    assert window.notes.isVisible() and window.notes.scope == "deleted"
    rows = [window.notes.model.info_at(r) for r in range(window.notes.model.rowCount())]
    deleted = [info for info in rows if info is not None]
    assert [(info.id, info.note) for info in deleted] == [(made, "kept for later")]
    number = window.notes.model.row_of(made)
    assert number is not None
    window.notes.list.setFocus()
    window.notes.list.setCurrentIndex(window.notes.model.index(number))
    qtbot.keyClick(window.notes.list, Qt.Key.Key_Return)  # Enter on the row brings it back
    back = library.annotation(made)
    assert back is not None and back.note == "kept for later" and back.color == "blue"
    assert window.notes.model.rowCount() == 0  # the trash view follows
    assert "Brought back" in window.status.currentMessage()
    window.close()
    library.close()


def test_a_deleted_highlight_comes_back_from_the_panel(window: MainWindow, qtbot: QtBot) -> None:
    made = highlight(window)
    info = window.library.annotation(made)
    assert info is not None
    window.annotations.delete(info)
    assert window.library.annotation(made) is None
    assert "Recently Deleted" in window.status.currentMessage()
    window.notes.open_scope("deleted")
    number = window.notes.model.row_of(made)
    assert number is not None
    window.notes.list.setCurrentIndex(window.notes.model.index(number))
    assert window.notes.restore_button.isVisible()
    qtbot.mouseClick(window.notes.restore_button, Qt.MouseButton.LeftButton)
    assert window.library.annotation(made) is not None
    assert len(window.pane.marks("highlights")) == 1  # painted again on the article shown
