"""Undoable commands on the window's one `QUndoStack` (Edit › Undo / Redo).

The stack is created by the main window and handed to whoever pushes commands, so every
undoable change (marking a view read here; annotations elsewhere) shares one history.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from reader.library import Library
from reader.ui.status import plural


class MarkReadCommand(QUndoCommand):
    """Mark `ids` read; undo marks exactly those unread again (no other article is touched)."""

    def __init__(self, library: Library, ids: list[int], where: str) -> None:
        super().__init__(f"Mark {plural(len(ids), 'article')} in {where} as Read")
        self._library = library
        self._ids = list(ids)

    def redo(self) -> None:
        self._library.set_read(self._ids, True)

    def undo(self) -> None:
        self._library.set_read(self._ids, False)
