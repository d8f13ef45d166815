"""The notes panel: a dock listing annotations (colour, quote, note, date) with an editor.

Scopes: the annotations of the article on screen in document order (handed in by the
annotation controller, which follows the one owner of the current article), every
annotation in the library grouped by article (the sidebar's Notes view), the orphans, or
the recently deleted ones (which can be brought back); each can be filtered by colour.
Choosing a row emits `annotationChosen` (its article is shown there). The panel writes
nothing itself: edits, recolouring, deleting and restoring are asked for by signals, and
the controller makes them undoable steps. While an orphan is chosen, the box of
`orphan_repair` under the list offers the passages it might belong to now (attach or dismiss
it, by signals too). The note is edited in place as Markdown with a
live, sanitised preview, and saved within a second of the last key, whenever the editor
loses focus, when another annotation is chosen, and on quit (`flush`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.library import COLORS, AnnotationInfo, Library, render_note
from reader.ui.annotations.notes_delegate import NotesDelegate
from reader.ui.annotations.notes_model import AnnotationListModel, InfoRole, grouped
from reader.ui.annotations.notes_widgets import NotePreview, NotesList
from reader.ui.annotations.orphan_repair import OrphanRepair
from reader.ui.style.colours import PAINTS, color_icon

if TYPE_CHECKING:
    from reader.library import DeletedAnnotation

Scope = Literal["article", "library", "orphans", "deleted"]
AUTOSAVE_MS = 600  # a note is saved this long after the last key (well within a second)
PREVIEW_MS = 250
RETRY_MS = 2000  # a note that could not be saved is tried again this often
DOCK_WIDTH = 320
MIN_WIDTH = 280
SCOPE_TITLES = {
    "article": "This Article",
    "library": "All Notes",
    "orphans": "Orphans",
    "deleted": "Recently Deleted",
}


class NotesDock(QDockWidget):
    """The notes panel. Signals: `annotationChosen(AnnotationInfo)` when the user picks a
    row; `noteEdited(info, old, new)`, `recolourRequested(info, colour)`,
    `deleteRequested(info)` and `restoreRequested(trash_id)` ask for writes."""

    annotationChosen = Signal(object)
    noteEdited = Signal(object, str, str)
    recolourRequested = Signal(object, str)
    deleteRequested = Signal(object)
    restoreRequested = Signal(int)
    dismissRequested = Signal(object)  # an orphan, to put away into the trash
    articleNoteRequested = Signal(int, str)  # a new note on an article, with its first text
    shownChanged = Signal(object, int)  # (the colour filtered by or None, rows) on refresh

    def __init__(
        self, library: Library, open_link: Callable[[QUrl], object],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__("Notes", parent)
        self.setObjectName("notesDock")
        self.library = library
        self.scope: Scope = "article"
        self._article_id: int | None = None
        self._article_infos: list[AnnotationInfo] = []
        self._deleted: dict[int, DeletedAnnotation] = {}  # by annotation id, in "deleted"
        self._editing: AnnotationInfo | None = None
        self._draft: int | None = None  # the article a new note is being written on
        self._flushing = False
        self._saved = ""
        self._toggle: QAction | None = None
        self._quiet = False
        self._sized = False
        self.model = AnnotationListModel(self)
        self._build()
        self.preview.anchorClicked.connect(open_link)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.flush)
        self._unsaved: dict[int, tuple[AnnotationInfo, str, str]] = {}
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._preview_timer.timeout.connect(self._render_preview)

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        top = QHBoxLayout()
        self.scope_label = QLabel(SCOPE_TITLES["article"], body)
        self.scope_label.setObjectName("notesScope")
        self.filter = QComboBox(body)
        self.filter.setObjectName("notesColourFilter")
        self.filter.setAccessibleName("Filter by colour")
        self.filter.addItem("All colours", None)
        for name in COLORS:
            self.filter.addItem(color_icon(name, self), PAINTS[name][0], name)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.scope_label, 1)
        top.addWidget(self.filter)
        layout.addLayout(top)
        self.list = NotesList(body)
        self.list.setObjectName("notesList")
        self.list.setAccessibleName("Annotations")
        self.list.setModel(self.model)
        self.list.setItemDelegate(NotesDelegate(self.list))
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows are as tall as their text
        self.list.selectionModel().currentChanged.connect(lambda cur, _prev: self._chosen(cur))
        self.list.activated.connect(self._activated)
        split = self._split = QSplitter(Qt.Orientation.Vertical, body)
        split.setAccessibleName("Annotations and note")
        self.repair = OrphanRepair(split)  # shown while an orphan is chosen
        self.repair.hide()
        self.repair.dismissRequested.connect(self._dismiss)
        split.addWidget(self.list)
        split.addWidget(self.repair)
        split.addWidget(self._build_editor(split))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 2)
        layout.addWidget(split, 1)
        self.setWidget(body)
        self.setMinimumWidth(MIN_WIDTH)
        self.dockLocationChanged.connect(self._placed)

    def _placed(self, area: Qt.DockWidgetArea) -> None:
        """Below the text (the window is narrow) the list and the editor sit side by side."""
        wide = area in (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea)
        self._split.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        self.setMinimumSize(0, 0)  # the dock's layout raised it to the other orientation's
        self.setMinimumWidth(MIN_WIDTH)

    def _build_editor(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.editor_label = QLabel("Choose a highlight to write its note", box)
        row.addWidget(self.editor_label, 1)
        self.colour_buttons: dict[str, QToolButton] = {}
        for name in COLORS:
            button = QToolButton(box)
            button.setIcon(color_icon(name, self))
            button.setToolTip(f"Recolour: {PAINTS[name][0]}")
            button.setAccessibleName(f"Recolour {PAINTS[name][0]}")
            button.setAutoRaise(True)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, n=name: self._recolour(n))
            self.colour_buttons[name] = button
            row.addWidget(button)
        self.delete_button = QToolButton(box)
        self.delete_button.setText("Delete")
        self.delete_button.setAccessibleName("Delete the highlight or note")
        self.delete_button.setAutoRaise(True)
        self.delete_button.clicked.connect(self._delete)
        row.addWidget(self.delete_button)
        self.restore_button = QToolButton(box)
        self.restore_button.setText("Restore")
        self.restore_button.setAccessibleName("Restore the highlight or note")
        self.restore_button.setToolTip("Bring this highlight or note back onto its article")
        self.restore_button.setAutoRaise(True)
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.hide()
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.editor = QPlainTextEdit(box)
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName("Note (Markdown)")
        self.editor.setPlaceholderText("Write a note… (Markdown; saved as you type)")
        self.editor.textChanged.connect(self._typed)
        self.editor.installEventFilter(self)
        self.preview = NotePreview(box)
        self.preview.setObjectName("notePreview")
        self.preview.setAccessibleName("Note, rendered")
        layout.addWidget(self.editor, 3)
        layout.addWidget(self.preview, 2)
        self.preview.hide()  # until there is a note to show
        self._enable_editor(None)
        return box

    def follow_with(self, action: QAction) -> None:
        """Keep a checkable action (View › Show Notes Panel) checked while the panel shows."""
        self._toggle = action
        self.visibilityChanged.connect(self._follow_visibility)

    def _follow_visibility(self, _shown: bool) -> None:
        # isHidden, not the signal's value: closing the window hides the panel but does
        # not mean the user hid it
        if self._toggle is not None and shiboken6.isValid(self._toggle):
            self._toggle.setChecked(not self.isHidden())

    def sizeHint(self) -> QSize:
        return QSize(DOCK_WIDTH, 600)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time it opens, give the panel a modest width, taken from the panes
        (later the window's saved state keeps whatever width the user chose)."""
        super().showEvent(event)
        window = self.parentWidget()
        if not self._sized and isinstance(window, QMainWindow) and not self.isFloating():
            self._sized = True
            window.resizeDocks([self], [DOCK_WIDTH], Qt.Orientation.Horizontal)

    # -- scope and rows -----------------------------------------------------------------------

    def set_scope(self, scope: Scope) -> None:
        if scope != self.scope:
            self.flush()
            self.scope = scope
            self.scope_label.setText(SCOPE_TITLES[scope])
            self.restore_button.setVisible(scope == "deleted")
            self.refresh()

    def open_scope(self, scope: Scope) -> None:
        """Show the panel with `scope` (View › Recently Deleted Notes), the focus in its list."""
        self.set_scope(scope)
        self.show()
        self.raise_()
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_article(self, article_id: int | None, infos: list[AnnotationInfo]) -> None:
        """The article on screen and its annotations (from the annotation controller)."""
        if article_id != self._article_id:
            self.flush()
        self._article_id = article_id
        self._article_infos = list(infos)
        if self.scope == "article":
            self.refresh()

    def colour_filter(self) -> str | None:
        value = self.filter.currentData()
        return value if isinstance(value, str) else None

    def refresh(self) -> None:
        """Reload the rows of the scope, keeping the chosen row and an unsaved edit."""
        color = self.colour_filter()
        if self.scope == "article":
            infos = [i for i in self._article_infos if color is None or i.color == color]
            rows = grouped(infos, {}, headers=False)
        elif self.scope == "deleted":
            deleted = self.library.deleted_annotations()
            self._deleted = {d.annotation.id: d for d in deleted}
            infos = [d.annotation for d in deleted if color is None or d.annotation.color == color]
            titles = {d.annotation.article_id: d.article_title for d in deleted}
            rows = grouped(infos, titles, headers=True)
        else:
            infos = self.library.all_annotations(color=color, orphans=self.scope == "orphans")
            ids = sorted({i.article_id for i in infos})
            titles = {aid: row.title for aid, row in self.library.rows(ids).items()}
            rows = grouped(infos, titles, headers=True)
        keep = self._editing.id if self._editing is not None else None
        self._quiet = True  # reselecting is not the user choosing
        try:
            self.model.set_rows(rows)
            if keep is not None and (number := self.model.row_of(keep)) is not None:
                self.list.setCurrentIndex(self.model.index(number))
        finally:
            self._quiet = False
        if self._editing is not None and self.model.row_of(self._editing.id) is None:
            self._drop_editing()  # filtered out (or gone): it leaves the editor too
        self._reload_editing()
        if self._editing is None:
            self._enable_editor(None)
            self._show_repair(None)
        shown = sum(1 for number in range(self.model.rowCount()) if self.model.info_at(number))
        label = SCOPE_TITLES[self.scope]
        if color is not None:
            label += f" · {PAINTS[color][0]}"
        self.scope_label.setText(f"{label} · {shown:,}")
        self.shownChanged.emit(PAINTS[color][0] if color else None, shown)

    def _reload_editing(self) -> None:
        if self._editing is None:
            return
        fresh = self.library.annotation(self._editing.id)
        if fresh is None:
            self._load(None)
            return
        typing = self.editor.toPlainText() != self._saved
        self._editing = fresh
        if fresh.note != self._saved and not typing:
            self._load(fresh)
        self._enable_editor(fresh)
        self._show_repair(fresh)

    def select_annotation(self, annotation_id: int) -> bool:
        """Make the row of an annotation current and load its note, without moving the
        reading pane (the user is already looking at it there)."""
        number = self.model.row_of(annotation_id)
        if number is None:
            return False
        self._quiet = True
        try:
            self.list.setCurrentIndex(self.model.index(number))
        finally:
            self._quiet = False
        self.list.scrollTo(self.model.index(number))
        info = self.model.info_at(number)
        if self._editing is None or info is None or info.id != self._editing.id:
            self._load(info)
        return True

    def edit_note(self, annotation_id: int) -> None:
        """Show the panel, choose the annotation and put the cursor in its note."""
        self.show()
        self.raise_()
        if not self.select_annotation(annotation_id) and self.colour_filter() is not None:
            self.filter.setCurrentIndex(0)  # a colour filter must not hide the one being edited
        if not self.select_annotation(annotation_id):
            self._load(self.library.annotation(annotation_id))
        self._focus_editor()

    def draft_article_note(self, article_id: int) -> None:
        """Show the panel with an empty editor for a new note on the article: the note is
        made once there is text in it (nothing typed: nothing made)."""
        self.show()
        self.raise_()
        self._load(None)
        self.list.clearSelection()
        self._draft = article_id
        self._enable_editor(None)
        self._focus_editor()

    def article_note_made(self, info: AnnotationInfo, text: str) -> None:
        """The draft's note is in the library (the controller made it): edit it from now on."""
        if self._draft == info.article_id:
            self._draft = None
            self._editing = info
            self._saved = text
            self._enable_editor(info)
            if self.editor.toPlainText() != text:
                self._autosave.start()  # typed on while it was being made

    def _focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def _chosen(self, index: QModelIndex) -> None:
        info = self.model.info_at(index.row())
        if info is None or self._quiet:
            return
        if self.scope == "deleted":  # not in the library: nothing to show or edit
            self._load(None)
            return
        if self._editing is None or info.id != self._editing.id:
            self._load(info)
        self.annotationChosen.emit(info)

    # -- the editor ---------------------------------------------------------------------------

    def editing(self) -> AnnotationInfo | None:
        return self._editing

    def _drop_editing(self) -> None:
        """Empty the editor, keeping what was typed for saving (saved at once)."""
        assert self._editing is not None
        text = self.editor.toPlainText()
        if text != self._saved:
            self._unsaved[self._editing.id] = (self._editing, self._saved, text)
        self._editing, self._saved, self._draft = None, "", None
        self.editor.blockSignals(True)
        self.editor.clear()
        self.editor.blockSignals(False)
        self._render_preview()
        self.flush()

    def _load(self, info: AnnotationInfo | None) -> None:
        self.flush()
        self._draft = None
        self._editing = info
        self._saved = info.note if info is not None else ""
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._saved)
        self.editor.blockSignals(False)
        self._render_preview()
        self._enable_editor(info)
        self._show_repair(info)

    def _show_repair(self, info: AnnotationInfo | None) -> None:
        """While an orphan is chosen, the box that puts it right (with fresh candidates)."""
        if info is None or not info.orphan or info.is_note or self.scope == "deleted":
            self.repair.clear()
            self.repair.hide()
            return
        shown = self.repair.orphan()
        if shown is None or shown.id != info.id or self.repair.isHidden():
            self.repair.show_orphan(info, self.library.orphan_candidates(info.id))
        self.repair.show()

    def _enable_editor(self, info: AnnotationInfo | None) -> None:
        deleted = self.scope == "deleted"
        self.editor.setEnabled(info is not None or self._draft is not None)
        self.delete_button.setEnabled(info is not None)
        self.delete_button.setVisible(not deleted)
        self.restore_button.setEnabled(deleted and self.current_info() is not None)
        for name, button in self.colour_buttons.items():
            button.setVisible(info is not None and not info.is_note)
            button.setChecked(info is not None and info.color == name)
        if deleted:
            count = len(self._deleted)
            self.editor_label.setText(
                "Enter or Restore brings the chosen one back"
                if count
                else "Nothing was deleted in the last 30 days"
            )
        elif info is None and self._draft is not None:
            self.editor_label.setText("New note on the article")
        elif info is None:
            self.editor_label.setText("Choose a highlight to write its note")
        elif info.is_note:
            self.editor_label.setText("Note on the article")
        else:
            self.editor_label.setText(
                "Note" + (" (orphan)" if info.orphan else " (moved)" if info.moved else "")
            )

    def _typed(self) -> None:
        if self._editing is not None or self._draft is not None:
            self._autosave.start()
            self._preview_timer.start()

    def _render_preview(self) -> None:
        text = self.editor.toPlainText()
        self.preview.setHtml(render_note(text))
        self.preview.setVisible(bool(text.strip()))  # no empty box where no note is

    def flush(self) -> None:
        """Save the note being edited now, if it changed since it was last saved, and any
        note whose save has not gone through yet. A note counts as saved only once the
        controller says it was committed (`note_saved`); until then it is kept and tried
        again (`note_not_saved`), even after another annotation is chosen."""
        self._autosave.stop()
        if self._flushing:
            return  # a save reports a change that refreshes the panel: saving already
        self._flushing = True
        try:
            self._flush()
        finally:
            self._flushing = False

    def _flush(self) -> None:
        text = self.editor.toPlainText()
        if self._draft is not None and self._editing is None:
            if text.strip():  # the controller makes it and calls `article_note_made`
                self.articleNoteRequested.emit(self._draft, text)
        elif self._editing is not None and text != self._saved:
            self._unsaved[self._editing.id] = (self._editing, self._saved, text)
        for info, old, new in list(self._unsaved.values()):
            self.noteEdited.emit(info, old, new)

    def note_saved(self, annotation_id: int, text: str) -> None:
        """The note's text is committed to the library."""
        self._unsaved.pop(annotation_id, None)
        if self._editing is not None and self._editing.id == annotation_id:
            self._saved = text
            self._enable_editor(self._editing)

    def note_not_saved(self, annotation_id: int, reason: str) -> None:
        """The note could not be written (the library is busy or read-only): say so, keep
        it, and try again in a moment."""
        if self._editing is not None and self._editing.id == annotation_id:
            self.editor_label.setText(f"Not saved yet: {reason}")
        self._retry.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False

    def _recolour(self, name: str) -> None:
        if self._editing is not None:
            self.flush()
            self.recolourRequested.emit(self._editing, name)

    def _delete(self) -> None:
        if self._editing is not None:
            self.flush()
            info = self._editing
            self._load(None)
            self.deleteRequested.emit(info)

    def _dismiss(self, info: AnnotationInfo) -> None:
        self.flush()
        self._load(None)
        self.dismissRequested.emit(info)

    def _activated(self, index: QModelIndex) -> None:
        """Enter or a double click: in Recently Deleted, bring the annotation back."""
        if self.scope == "deleted":
            self._restore()
        else:
            self._chosen(index)

    def _restore(self) -> None:
        info = self.current_info()
        entry = self._deleted.get(info.id) if info is not None else None
        if entry is not None:
            self.restoreRequested.emit(entry.trash_id)

    def current_info(self) -> AnnotationInfo | None:
        value = self.list.currentIndex().data(InfoRole)
        return value if isinstance(value, AnnotationInfo) else None
