"""Putting orphans right in the window: `OrphanController`.

The notes panel shows an orphan's quote and its candidate passages (`orphan_repair`); this
controller makes what the user asks for there, each one undoable step of the one
`UndoHistory`: attach it to a candidate, attach it to the passage selected in the reading
pane (also Edit › Attach Orphan to Selection and the pane's context menu while an orphan is
chosen), or dismiss it into Recently Deleted. Moving through the candidates shows each in the
reading pane, selected, so that the user sees it in its place. Choosing a highlight that was
re-anchored by an approximate match clears its "moved" mark: the user has seen it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor

from reader.library import AnnotationInfo, Library
from reader.ui.annotations.notes_panel import NotesDock
from reader.ui.commands.actions import ActionId, ActionRegistry, reporting
from reader.ui.panes.body_map import BodyMap
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.reading.current import CurrentArticle
from reader.ui.undo.history import UndoHistory
from reader.ui.undo.orphan_steps import Dismiss, Reattach

Say = Callable[[str], object]
QUOTE_CHARS = 40


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 1].rstrip() + "…"


class OrphanController(QObject):
    """See the module docstring. `selected_span` and `body_map` come from the annotation
    controller (the selection as body offsets; the map of the document on screen)."""

    def __init__(
        self, *, library: Library, registry: ActionRegistry, current: CurrentArticle,
        pane: ReadingPane, history: UndoHistory, notes: NotesDock,
        selected_span: Callable[[], tuple[int, int] | None],
        body_map: Callable[[], BodyMap | None], say: Say, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._registry = registry
        self._current = current
        self._pane = pane
        self._history = history
        self._notes = notes
        self._selected_span = selected_span
        self._body_map = body_map
        self._say = say
        repair = notes.repair
        repair.attachRequested.connect(reporting(self.attach, say))
        repair.attachSelectionRequested.connect(lambda _info: self.attach_selection())
        repair.candidateShown.connect(self.show_candidate)
        notes.dismissRequested.connect(reporting(self.dismiss, say))
        notes.annotationChosen.connect(reporting(self._seen, say))
        pane.selectionChanged.connect(self._selection_changed)
        registry.bind(ActionId.ATTACH_ORPHAN, reporting(self.attach_selection, say))
        self._selection_changed()

    def chosen(self) -> AnnotationInfo | None:
        """The orphan chosen in the notes panel, if one is."""
        info = self._notes.repair.orphan()
        return info if info is not None and info.orphan else None

    def can_attach(self) -> bool:
        """Whether the pane's selection can take the chosen orphan (for the context menu)."""
        info = self.chosen()
        return (
            info is not None
            and info.article_id == self._current.id()
            and bool(self._selected_span())
        )

    def attach(self, info: AnnotationInfo, start: int, end: int) -> None:
        """Attach `info` to `body[start:end]` of its article (undoable)."""
        self._notes.flush()
        step = Reattach(self._library, info, start, end)
        self._history.push(step)
        key = self._registry.key_text(ActionId.UNDO) or "Edit › Undo"
        placed = step.info.exact if step.info is not None else ""
        self._say(f"Attached the highlight to “{_quoted(placed or '')}”; {key} undoes it")
        if step.info is not None and self._current.id() == info.article_id:
            self._current.show(info.article_id, at=start)

    def attach_selection(self) -> None:
        """Edit › Attach Orphan to Selection: the chosen orphan onto the selected text."""
        info = self.chosen()
        if info is None:
            self._say("Choose an orphan in the notes panel first (the sidebar's Orphans)")
            return
        if info.article_id != self._current.id():
            self._current.show(info.article_id)
            self._say("This is the orphan's article: select the passage to attach it to")
            return
        span = self._selected_span()
        if span is None:
            self._say("Select the passage to attach the orphan to first")
            return
        self.attach(info, *span)

    def dismiss(self, info: AnnotationInfo) -> None:
        """Put an orphan away into Recently Deleted (undoable)."""
        self._history.push(Dismiss(self._library, info))
        key = self._registry.key_text(ActionId.UNDO) or "Edit › Undo"
        self._say(f"Dismissed the orphan; {key} or View › Recently Deleted Notes brings it back")

    def show_candidate(self, info: AnnotationInfo, start: int, end: int) -> None:
        """Show a candidate passage in the reading pane, selected."""
        if not self._current.show(info.article_id, at=start):
            return
        body_map = self._body_map()
        if body_map is None:
            return
        cursor = QTextCursor(self._pane.document())
        cursor.setPosition(body_map.to_document(start))
        cursor.setPosition(body_map.to_document(end), QTextCursor.MoveMode.KeepAnchor)
        self._pane.setTextCursor(cursor)
        self._pane.ensureCursorVisible()

    def _seen(self, info: AnnotationInfo) -> None:
        if info.moved:
            self._library.mark_annotation_seen(info.id)

    def _selection_changed(self) -> None:
        self._notes.repair.set_selection_available(self._pane.textCursor().hasSelection())
