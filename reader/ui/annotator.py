"""The window's annotation controller: highlighting the pane's selection, painting the
current article's highlights, the pane's context menu, and the undo stack.

It writes only through `Library` (via the undo commands) and repaints when a `Changes`
report names annotations. It knows the reading pane and reports to the window through
signals and a status callback; the window owns it.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QMouseEvent, QPainter, QPixmap, QTextCursor, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from reader.library import COLORS, AnnotationInfo, Changes, Library, LibraryError
from reader.ui.annotating import PAINTS, BodyMap, annotations_at, extra_selections, swatch_colour
from reader.ui.readingpane import ReadingPane
from reader.ui.undo import CreateAnnotation, DeleteAnnotation, EditNote, Recolour

StatusReporter = Callable[[str], None]


class Annotator(QObject):
    """Signals: `noteRequested(annotation_id)` asks the notes panel to open a note for editing;
    `annotationClicked(annotation_id)` names the highlight the user clicked in the pane."""

    noteRequested = Signal(int)
    annotationClicked = Signal(int)

    def __init__(
        self,
        library: Library,
        pane: ReadingPane,
        report: StatusReporter,
        undo_stack: QUndoStack,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.pane = pane
        self.report = report
        self.undo_stack = undo_stack  # the window's one history
        self.color = COLORS[0]
        self._infos: list[AnnotationInfo] = []
        self._map: BodyMap | None = None
        self._article_id: int | None = None
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(0)
        self._repaint.timeout.connect(self.paint)
        pane.textChanged.connect(self._repaint.start)  # setHtml again (theme, topics)
        pane.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        pane.customContextMenuRequested.connect(self._show_menu)
        pane.viewport().installEventFilter(self)

    # -- the current article ------------------------------------------------------------------

    def infos(self) -> list[AnnotationInfo]:
        """The shown article's annotations, in document order."""
        return list(self._infos)

    def article_shown(self) -> None:
        """The pane shows another article (or none): load and paint its highlights."""
        self._repaint.stop()
        article = self.pane.article()
        self._article_id = article.id if article is not None else None
        self._infos = self.library.annotations(article.id) if article is not None else []
        self.paint()

    def on_changes(self, changes: Changes) -> None:
        if changes.annotations and self._article_id is not None:
            self._infos = self.library.annotations(self._article_id)
            self.paint()

    def paint(self) -> None:
        """(Re)build the map and the highlight selections for the document as it is now."""
        article = self.pane.article()
        if article is None or article.id != self._article_id:
            self._map = None
            self.pane.setExtraSelections([])
            return
        document = self.pane.document()
        self._map = BodyMap(article.body, document)
        self.pane.setExtraSelections(
            extra_selections(self._infos, self._map, document, self.pane.palette())
        )

    # -- commands -----------------------------------------------------------------------------

    def highlight_selection(self, color: str | None = None, *, open_note: bool = False) -> bool:
        """Highlight the pane's selection in `color` (None: the current colour)."""
        color = color or self.color
        if color not in COLORS:
            self.report(f"Unknown highlight colour: {color}")
            return False
        span = self.selected_span()
        if span is None:
            self.report("Select some text to highlight first")
            return False
        assert self._article_id is not None
        command = CreateAnnotation(self.library, self._article_id, span, color)
        try:
            self.undo_stack.push(command)
        except LibraryError as exc:
            self.report(f"Not highlighted: {exc}")
            return False
        self.color = color
        self._collapse_selection()
        if open_note and command.info is not None:
            self.noteRequested.emit(command.info.id)
        return True

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as body offsets without the spaces at its ends (selecting word by
        word takes the following space too), or None if it holds no body text but spaces."""
        article = self.pane.article()
        if article is None or self._map is None:
            return None
        start, end = self._map.selection(self.pane.textCursor())
        text = article.body[start:end]
        if start >= end or not text.strip():
            return None
        return start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())

    def _collapse_selection(self) -> None:
        cursor = self.pane.textCursor()
        cursor.clearSelection()
        self.pane.setTextCursor(cursor)

    def note_article(self) -> None:
        """Open the article's note (making one if it has none)."""
        if self._article_id is None:
            self.report("Choose an article first")
            return
        existing = next((i for i in self._infos if i.is_note), None)
        if existing is None:
            command = CreateAnnotation(self.library, self._article_id, None)
            self.undo_stack.push(command)
            existing = command.info
        if existing is not None:
            self.noteRequested.emit(existing.id)

    def recolour(self, info: AnnotationInfo, color: str) -> None:
        if info.color != color and not info.is_note:
            self.undo_stack.push(Recolour(self.library, info, color))
            self.color = color

    def delete(self, info: AnnotationInfo) -> None:
        self.undo_stack.push(DeleteAnnotation(self.library, info))
        self.report("Deleted; Undo (Ctrl+Z) brings it back")

    def edit_note(self, annotation_id: int, old: str, new: str) -> None:
        if old != new:
            self.undo_stack.push(EditNote(self.library, annotation_id, old, new))

    def bind_undo_actions(self, undo: QAction, redo: QAction) -> None:
        """Keep the Undo and Redo actions' state and labels in step with the stack."""
        stack = self.undo_stack
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        self._undo_redo = (undo, redo)
        stack.undoTextChanged.connect(self._label_undo)
        stack.redoTextChanged.connect(self._label_undo)
        undo.setEnabled(False)
        redo.setEnabled(False)

    def _label_undo(self, _text: str = "") -> None:
        undo, redo = self._undo_redo
        if shiboken6.isValid(undo) and shiboken6.isValid(redo):
            undo.setText(f"&Undo {self.undo_stack.undoText()}".strip())
            redo.setText(f"&Redo {self.undo_stack.redoText()}".strip())

    def scroll_to(self, info: AnnotationInfo) -> None:
        """Bring a highlight into view (a third of the way down the pane)."""
        if self._map is None or info.start is None or info.orphan:
            return
        cursor = QTextCursor(self.pane.document())
        cursor.setPosition(self._map.to_document(info.start))
        top = self.pane.cursorRect(cursor).top() + self.pane.verticalScrollBar().value()
        bar = self.pane.verticalScrollBar()
        bar.setValue(max(0, top - self.pane.viewport().height() // 3))

    # -- context menu -------------------------------------------------------------------------

    def context_menu(self, where: QPoint) -> QMenu:
        """The pane's menu at `where` (viewport coordinates)."""
        scrolled = QPoint(self.pane.horizontalScrollBar().value(),
                          self.pane.verticalScrollBar().value())  # fmt: skip
        menu = self.pane.createStandardContextMenu(where + scrolled)  # document coordinates
        menu.addSeparator()
        if self.selected_span() is not None:
            sub = menu.addMenu("&Highlight")
            for name in COLORS:
                sub.addAction(color_icon(name, self.pane), PAINTS[name][0],
                              lambda n=name: self.highlight_selection(n))  # fmt: skip
            menu.addAction("Highlight and Add &Note…",
                           lambda: self.highlight_selection(open_note=True))  # fmt: skip
        position = self.pane.cursorForPosition(where).position()
        hits = annotations_at(self._infos, self._map, position) if self._map else []
        if hits:
            self._add_highlight_entries(menu, hits[0])
        if self._article_id is not None:
            menu.addAction("Note on the &Article…", self.note_article)
        return menu

    def _add_highlight_entries(self, menu: QMenu, info: AnnotationInfo) -> None:
        menu.addSeparator()
        sub = menu.addMenu("&Recolour Highlight")
        for name in COLORS:
            action = sub.addAction(color_icon(name, self.pane), PAINTS[name][0])
            action.triggered.connect(lambda _c=False, n=name: self.recolour(info, n))
            action.setCheckable(True)
            action.setChecked(name == info.color)
        menu.addAction("&Edit Note…", lambda: self.noteRequested.emit(info.id))
        menu.addAction("&Delete Highlight", lambda: self.delete(info))

    def _show_menu(self, where: QPoint) -> None:
        menu = self.context_menu(where)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.pane.viewport().mapToGlobal(where))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        released = event.type() == QEvent.Type.MouseButtonRelease
        if (
            released
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            self.click(event.position().toPoint())
        return False

    def click(self, where: QPoint) -> None:
        """A click in the pane: name the highlight under it, if any."""
        if self._map is None or self.pane.textCursor().hasSelection():
            return
        hits = annotations_at(self._infos, self._map, self.pane.cursorForPosition(where).position())
        if hits:
            self.annotationClicked.emit(hits[0].id)


def color_icon(name: str, widget: QWidget) -> QIcon:
    """A small round swatch of a highlight colour."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(swatch_colour(name, widget.palette()))
    painter.drawEllipse(2, 2, 12, 12)
    painter.end()
    return QIcon(pixmap)
