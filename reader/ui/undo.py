"""Undoable commands on the window's one `QUndoStack` (Edit › Undo / Redo).

The stack is created by the main window and handed to whoever pushes commands, so every
undoable change shares one history: marking a view read, and annotation edits. Every command
writes through the library at once (redo and undo are each committed immediately). Undoing a
creation deletes the annotation; redoing it restores the very same annotation (id and uuid), so
an export made in between still matches. Consecutive edits of one note merge into one step, so
Ctrl+Z undoes a typing session, not a keystroke.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QUndoCommand

from reader.library import AnnotationInfo, Library, LibraryError
from reader.ui.status import plural

log = logging.getLogger(__name__)
NOTE_EDIT_ID = 0x4E4F5445  # "NOTE": lets consecutive note edits merge


class _Command(QUndoCommand):
    def __init__(self, library: Library, text: str) -> None:
        super().__init__(text)
        self.library = library

    def _safely(self, work: str, call: object) -> None:
        try:
            assert callable(call)
            call()
        except LibraryError as exc:  # e.g. the annotation is gone: nothing left to do
            log.warning("%s failed: %s", work, exc)
            self.setObsolete(True)


class CreateAnnotation(_Command):
    """Make a highlight (with `start`, `end`, `color`) or an article note (`start` None)."""

    def __init__(
        self, library: Library, article_id: int, span: tuple[int, int] | None,
        color: str | None = None, note: str = "",
    ) -> None:  # fmt: skip
        super().__init__(library, "Add Note" if span is None else f"Highlight in {color}")
        self.args = (article_id, span, color, note)
        self.info: AnnotationInfo | None = None

    def redo(self) -> None:
        if self.info is not None:
            info = self.info
            self._safely("restore", lambda: self.library.restore_annotation(info))
            return
        article_id, span, color, note = self.args
        if span is None:
            self.info = self.library.add_article_note(article_id, note)
        else:
            self.info = self.library.add_highlight(article_id, *span, color or "yellow", note)

    def undo(self) -> None:
        if self.info is not None:
            info = self.info
            self._safely("undo create", lambda: self._delete(info.id))

    def _delete(self, annotation_id: int) -> None:
        # keep the latest state (a note typed after creating) so that redo restores it
        self.info = self.library.delete_annotation(annotation_id)


class DeleteAnnotation(_Command):
    def __init__(self, library: Library, info: AnnotationInfo) -> None:
        super().__init__(library, "Delete Note" if info.is_note else "Delete Highlight")
        self.info = info

    def redo(self) -> None:
        self._safely("delete", self._delete)

    def _delete(self) -> None:
        self.info = self.library.delete_annotation(self.info.id)

    def undo(self) -> None:
        self._safely("restore", lambda: self.library.restore_annotation(self.info))


class Recolour(_Command):
    def __init__(self, library: Library, info: AnnotationInfo, color: str) -> None:
        super().__init__(library, f"Recolour to {color}")
        self.annotation_id, self.old, self.new = info.id, info.color or "yellow", color

    def redo(self) -> None:
        self._safely(
            "recolour", lambda: self.library.set_annotation_color(self.annotation_id, self.new)
        )

    def undo(self) -> None:
        self._safely(
            "recolour", lambda: self.library.set_annotation_color(self.annotation_id, self.old)
        )


class EditNote(_Command):
    """Set a note's text (pushing it saves it)."""

    def __init__(self, library: Library, annotation_id: int, old: str, new: str) -> None:
        super().__init__(library, "Edit Note")
        self.annotation_id, self.old, self.new = annotation_id, old, new

    def id(self) -> int:
        return NOTE_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or other.annotation_id != self.annotation_id:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self._safely("edit", lambda: self.library.set_annotation_note(self.annotation_id, self.new))

    def undo(self) -> None:
        self._safely("edit", lambda: self.library.set_annotation_note(self.annotation_id, self.old))


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
