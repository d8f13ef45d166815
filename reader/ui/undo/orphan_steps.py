"""The undoable steps of putting an orphan right: attaching it to a passage (undo makes it
the orphan it was, with its old quote) and dismissing it (it goes to Recently Deleted; undo
brings the very same annotation back)."""

from __future__ import annotations

from reader.library import AnnotationInfo, Library
from reader.ui.undo.steps import Step


class Reattach(Step):
    """Attach a highlight to `body[start:end]` of its article."""

    def __init__(self, library: Library, info: AnnotationInfo, start: int, end: int) -> None:
        super().__init__(library, "Attach Orphan", info.article_id)
        self.old = info
        self.span = (start, end)
        self.info: AnnotationInfo | None = None

    def apply(self) -> None:
        self.info = self.library.reattach_annotation(self.old.id, *self.span)

    def revert(self) -> None:
        self.library.put_annotation_place(self.old)


class Dismiss(Step):
    """Put an orphan away into the trash (reason "dismissed")."""

    def __init__(self, library: Library, info: AnnotationInfo) -> None:
        super().__init__(library, "Dismiss Orphan", info.article_id)
        self.info = info

    def apply(self) -> None:
        self.info = self.library.dismiss_orphan(self.info.id)

    def revert(self) -> None:
        self.info = self.library.restore_annotation(self.info)
