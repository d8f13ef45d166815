"""The undoable steps (Edit › Undo / Redo), each one write through the library.

Every step is done once by `UndoHistory.push` (so a failure reaches the caller before the
step enters the history) and then undone and redone by the stack; each undo and redo is
committed at once. A step names the article it changes (`article_id`, None for a step over a
whole view), so the history can show that article before changing it. Undoing a creation
deletes the annotation (the library keeps it among the recently deleted); redoing it
restores the very same annotation (id and uuid), so an export made in between still
matches. Consecutive edits of one note merge into one step, so Ctrl+Z undoes a typing
session, not a keystroke.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from PySide6.QtGui import QUndoCommand

from reader.library import AnnotationInfo, Library, LibraryError, TagSnapshot
from reader.ui.window.statusbar import plural

log = logging.getLogger(__name__)
NOTE_EDIT_ID = 0x4E4F5445  # "NOTE": lets consecutive note edits merge


class Step(QUndoCommand):
    """One undoable change; `do()` makes it the first time, `undo`/`redo` thereafter."""

    def __init__(self, library: Library, text: str, article_id: int | None) -> None:
        super().__init__(text)
        self.library = library
        self.article_id = article_id
        self._done = False

    def do(self) -> None:
        """Make the change the first time (may raise `LibraryError`)."""
        self.apply()
        self._done = True

    # each step defines both: `apply` makes the change, `revert` takes it back
    apply: Callable[[], None]
    revert: Callable[[], None]

    def redo(self) -> None:
        if self._done:  # pushed: `do` already made the change
            self._done = False
            return
        self._safely("redo", self.apply)

    def undo(self) -> None:
        self._safely("undo", self.revert)

    def _safely(self, work: str, call: object) -> None:
        try:
            assert callable(call)
            call()
        except LibraryError as exc:  # e.g. the annotation is gone: nothing left to do
            log.warning("%s of %s failed: %s", work, self.text(), exc)
            self.setObsolete(True)


class CreateAnnotation(Step):
    """Make a highlight (with `span`, `color`) or an article note (`span` None)."""

    def __init__(
        self, library: Library, article_id: int, span: tuple[int, int] | None,
        color: str | None = None, note: str = "",
    ) -> None:  # fmt: skip
        super().__init__(library, "Add Note" if span is None else "Highlight", article_id)
        self.args = (span, color, note)
        self.info: AnnotationInfo | None = None

    def apply(self) -> None:
        if self.info is not None:
            self.info = self.library.restore_annotation(self.info)
            return
        span, color, note = self.args
        assert self.article_id is not None
        if span is None:
            self.info = self.library.add_article_note(self.article_id, note)
        else:
            self.info = self.library.add_highlight(self.article_id, *span, color or "yellow", note)

    def revert(self) -> None:
        if self.info is not None:
            # keep the latest state (a note typed after creating) so that redo restores it
            self.info = self.library.delete_annotation(self.info.id)


class DeleteAnnotation(Step):
    def __init__(self, library: Library, info: AnnotationInfo) -> None:
        text = "Delete Note" if info.is_note else "Delete Highlight"
        super().__init__(library, text, info.article_id)
        self.info = info
        self.tags: tuple[str, ...] = ()  # its tags, put back with it

    def apply(self) -> None:
        self.tags = self.library.annotation_tags(self.info.id)
        self.info = self.library.delete_annotation(self.info.id)

    def revert(self) -> None:
        self.info = self.library.restore_annotation(self.info)
        if self.tags:
            self.library.tag_annotations([self.info.id], add=self.tags)


class Recolour(Step):
    def __init__(self, library: Library, info: AnnotationInfo, color: str) -> None:
        super().__init__(library, f"Recolour to {color}", info.article_id)
        self.annotation_id, self.old, self.new = info.id, info.color or "yellow", color

    def apply(self) -> None:
        self.library.set_annotation_color(self.annotation_id, self.new)

    def revert(self) -> None:
        self.library.set_annotation_color(self.annotation_id, self.old)


class EditNote(Step):
    """Set a note's text (pushing it saves it)."""

    def __init__(
        self, library: Library, info: AnnotationInfo, old: str, new: str
    ) -> None:  # fmt: skip
        super().__init__(library, "Edit Note", info.article_id)
        self.annotation_id, self.old, self.new = info.id, old, new

    def id(self) -> int:
        return NOTE_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or other.annotation_id != self.annotation_id:
            return False
        self.new = other.new
        return True

    def apply(self) -> None:
        self.library.set_annotation_note(self.annotation_id, self.new)

    def revert(self) -> None:
        self.library.set_annotation_note(self.annotation_id, self.old)


class MarkRead(Step):
    """Mark `ids` read; undo marks exactly those unread again (no other article is touched)."""

    def __init__(self, library: Library, ids: list[int], where: str) -> None:
        super().__init__(library, f"Mark {plural(len(ids), 'article')} in {where} as Read", None)
        self._ids = list(ids)

    def apply(self) -> None:
        self.library.set_read(self._ids, True)

    def revert(self) -> None:
        self.library.set_read(self._ids, False)


class RenameTag(Step):
    """Rename tag `old` to `new` (the tags inside it move too; onto a tag that exists, the
    two merge), or, with `sources`, merge those tags into `new`: one write, however many
    articles. Undo puts every tag it touched back as it was; redo makes the change again."""

    def __init__(
        self, library: Library, old: str, new: str, sources: list[str] | None = None
    ) -> None:
        text = f"Merge Tag “{old}” into “{new}”" if sources else f"Rename Tag “{old}” to “{new}”"
        super().__init__(library, text, None)
        self.old, self.new, self.sources = old, new, sources
        self.saved: TagSnapshot | None = None

    def apply(self) -> None:
        if self.sources:
            self.saved = self.library.merge_tags(self.sources, self.new)
        else:
            self.saved = self.library.rename_tag(self.old, self.new)

    def revert(self) -> None:
        if self.saved is not None:
            self.library.restore_tags(self.saved)


class Retag(Step):
    """Put tags on one article or highlight and take others off (`add` holds only tags it
    lacks, `remove` only tags it has): undo takes off what was put on and puts back what
    was taken off."""

    def __init__(
        self, library: Library, kind: Literal["article", "annotation"], item: int,
        change: tuple[list[str], list[str]], article_id: int,
    ) -> None:  # fmt: skip
        what = "Article" if kind == "article" else "Highlight"
        super().__init__(library, f"Tags of {what}", article_id)
        self.kind, self.item = kind, item
        self.add, self.remove = change

    def apply(self) -> None:
        self._tag(self.add, self.remove)

    def revert(self) -> None:
        self._tag(self.remove, self.add)

    def _tag(self, add: list[str], remove: list[str]) -> None:
        tag = self.library.tag_articles if self.kind == "article" else self.library.tag_annotations
        tag([self.item], add, remove)
