"""Highlights and notes in the window: `AnnotationController`.

It listens to `CurrentArticle` and nothing else to know which article is on screen: it loads
that article's annotations, paints them in the pane's "highlights" layer (found words have a
layer of their own, so a search never hides them), hands them to the notes panel, and makes
every highlight and note on that article only. `H` highlights the selection at once in the
last colour used; a digit 1-5 pressed right after recolours the new highlight (a passing
offer of the chord engine, so no key waits). Commands on one highlight (edit its note,
recolour, delete) act on the highlight under the pointer while the pane's context menu is
open, else on the one at the text cursor, else on the one being edited in the notes panel.
Every write is an undoable step of the one `UndoHistory`; the pane's context menu is built
from the registry's actions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QMenu

from reader.library import COLORS, AnnotationInfo, ArticleText, Changes, Library, LibraryError
from reader.ui.annotations.exchange import choose_export, choose_import
from reader.ui.annotations.notes_panel import NotesDock
from reader.ui.annotations.orphans import OrphanController
from reader.ui.annotations.painting import annotations_at, extra_selections
from reader.ui.commands.actions import (
    COLOR_ACTIONS,
    RECOLOUR_ACTIONS,
    ActionId,
    ActionRegistry,
    reporting,
)
from reader.ui.commands.chords import ChordEngine, FollowUp
from reader.ui.panes.body_map import BodyMap
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.reading.current import CurrentArticle
from reader.ui.style.colours import colour_label
from reader.ui.undo.history import UndoHistory
from reader.ui.undo.steps import CreateAnnotation, DeleteAnnotation, EditNote, Recolour

Say = Callable[[str], object]
SELECTION_ACTIONS = (ActionId.HIGHLIGHT, ActionId.ANNOTATE, *COLOR_ACTIONS)
QUOTE_CHARS = 40


def highlight_label(info: AnnotationInfo) -> str:
    """ "Pink highlight: “the first words…”" for a menu (an `&` in the quote stays one)."""
    quote = " ".join((info.exact or "").split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"{colour_label(info.color)} highlight: “{quote}”".replace("&", "&&")


class AnnotationController(QObject):
    """See the module docstring."""

    def __init__(
        self, *, library: Library, registry: ActionRegistry, current: CurrentArticle,
        pane: ReadingPane, history: UndoHistory, chords: ChordEngine, notes: NotesDock,
        folder: Callable[[], str], exports: tuple[Callable[[], str], Callable[[str], object]],
        say: Say, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._registry = registry
        self._current = current
        self._pane = pane
        self._history = history
        self._chords = chords
        self.notes = notes
        self._folder = folder  # where files are imported from
        self._exports = exports  # the last export's folder, and how to keep a new one
        self._say = say
        self.color = COLORS[0]
        self._infos: list[AnnotationInfo] = []
        self._infos_of: int | None = None  # the article `_infos` belong to
        self._map: BodyMap | None = None
        self._menu_target: AnnotationInfo | None = None
        current.shown.connect(self._shown)
        pane.documentReplaced.connect(self._document_replaced)
        pane.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        pane.customContextMenuRequested.connect(self._show_menu)
        pane.viewport().installEventFilter(self)
        pane.selectionChanged.connect(self._selection_changed)
        notes.annotationChosen.connect(self._chosen_in_panel)
        notes.noteEdited.connect(self._save_note)
        notes.articleNoteRequested.connect(self._make_article_note)
        notes.recolourRequested.connect(reporting(self.recolour, say))
        notes.deleteRequested.connect(reporting(self.delete, say))
        notes.restoreRequested.connect(reporting(self.restore_deleted, say))
        self._bind()
        self._selection_changed()
        self.orphans = OrphanController(
            library=library, registry=registry, current=current, pane=pane, history=history,
            notes=notes, selected_span=self.selected_span, body_map=lambda: self._map, say=say,
            parent=self,
        )  # fmt: skip

    def _bind(self) -> None:
        bind = self._registry.bind
        bind(ActionId.HIGHLIGHT, lambda: self.highlight_selection(None))
        for action, color in zip(COLOR_ACTIONS, COLORS, strict=True):
            bind(action, self._highlighter(color))
        for action, color in zip(RECOLOUR_ACTIONS, COLORS, strict=True):
            bind(action, self._recolourer(color))
        bind(ActionId.ANNOTATE, lambda: self.highlight_selection(None, open_note=True))
        bind(ActionId.NOTE_ARTICLE, self.note_article)
        bind(ActionId.EDIT_HIGHLIGHT_NOTE, self.edit_target_note)
        bind(ActionId.DELETE_HIGHLIGHT, self.delete_target)
        bind(ActionId.SHOW_DELETED, lambda: self.notes.open_scope("deleted"))
        bind(ActionId.EXPORT_ANNOTATIONS, self.export_annotations)
        bind(ActionId.IMPORT_ANNOTATIONS, self.import_annotations)
        toggle = self._registry.action(ActionId.TOGGLE_NOTES)
        self.notes.follow_with(toggle)
        bind(ActionId.TOGGLE_NOTES, lambda: self.notes.setVisible(toggle.isChecked()))

    def _highlighter(self, color: str) -> Callable[[], bool]:
        return lambda: self.highlight_selection(color)

    def _recolourer(self, color: str) -> Callable[[], None]:
        return lambda: self._recolour_target(color)

    # -- the article on screen ----------------------------------------------------------------

    def infos(self) -> list[AnnotationInfo]:
        """The shown article's annotations, in document order."""
        return list(self._infos)

    def _shown(self, article: ArticleText | None) -> None:
        self._infos = self._library.annotations(article.id) if article is not None else []
        self._infos_of = article.id if article is not None else None
        self.paint()
        self.notes.set_article(article.id if article else None, self._infos)

    def on_changes(self, changes: Changes) -> None:
        article_id = self._current.id()
        if changes.annotations and article_id is not None:
            self._infos = self._library.annotations(article_id)
            self.paint()
            self.notes.set_article(article_id, self._infos)
        if changes.annotations or changes.removed or changes.trash:
            self.notes.refresh()

    def _document_replaced(self) -> None:
        """The same article's document was set again (a new theme): paint it again. For
        another article, `shown` follows at once and paints it with its own highlights."""
        if self._infos_of is not None and self._infos_of == self._current.id():
            self.paint()

    def paint(self) -> None:
        """(Re)draw the highlights for the document as it is now."""
        article = self._current.article()
        if article is None:
            self._map = None
            self._pane.set_marks("highlights", [])
            return
        document = self._pane.document()
        self._map = BodyMap(article.body, document)
        self._pane.set_marks(
            "highlights", extra_selections(self._infos, self._map, document, self._pane.palette())
        )

    # -- making highlights and notes ----------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as body offsets without the spaces at its ends (selecting word by
        word takes the following space too), or None if it holds no body text but spaces."""
        article = self._current.article()
        if article is None or self._map is None:
            return None
        start, end = self._map.selection(self._pane.textCursor())
        text = article.body[start:end]
        if start >= end or not text.strip():
            return None
        return start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())

    def highlight_selection(self, color: str | None = None, *, open_note: bool = False) -> bool:
        """Highlight the pane's selection in `color` (None: the last colour used); with
        `open_note`, open its note. False, with a message saying why, if it cannot be."""
        color = color or self.color
        article = self._current.article()
        span = self.selected_span()
        if article is None or span is None:
            self._say(self._why_not())
            return False
        step = CreateAnnotation(self._library, article.id, span, color)
        self._history.push(step)
        self.color = color
        self._collapse_selection()
        if step.info is None:
            return False
        if open_note:
            self.notes.edit_note(step.info.id)
        else:
            self._offer_recolour(step.info)
        return True

    def _why_not(self) -> str:
        if self._current.article() is None:
            return "Choose an article first"
        cursor = self._pane.textCursor()
        if cursor.hasSelection():
            return (
                "The title and the line under it cannot be highlighted: select text in the "
                "article itself"
            )
        return "Select some text to highlight first"

    def _offer_recolour(self, info: AnnotationInfo) -> None:
        """After H: 1-5 pressed at once recolour the new highlight (nothing waits for it)."""
        choices = [
            FollowUp(str(number), colour_label(name), self._recolour_new(info.id, name))
            for number, name in enumerate(COLORS, start=1)
        ]
        self._chords.offer(f"Highlighted in {colour_label(info.color)}", choices)

    def _recolour_new(self, annotation_id: int, color: str) -> Callable[[], None]:
        def run() -> None:
            info = self._library.annotation(annotation_id)
            if info is not None:
                self.recolour(info, color)

        return run

    def _collapse_selection(self) -> None:
        cursor = self._pane.textCursor()
        cursor.clearSelection()
        self._pane.setTextCursor(cursor)

    def note_article(self) -> None:
        """Open the shown article's note, or an empty editor for a new one (made only once
        something is typed in it)."""
        article = self._current.article()
        if article is None:
            self._say("Choose an article first")
            return
        existing = next((i for i in self._infos if i.is_note), None)
        if existing is None:
            self.notes.draft_article_note(article.id)
        else:
            self.notes.edit_note(existing.id)

    def _make_article_note(self, article_id: int, text: str) -> None:
        """The notes panel's new note has its first text: make it (undoable)."""
        step = CreateAnnotation(self._library, article_id, None, note=text)
        try:
            self._history.push(step)
        except LibraryError as error:
            self._say(f"Note not saved yet, trying again: {error}")
            self.notes.note_not_saved(-1, str(error))
            return
        if step.info is not None:
            self.notes.article_note_made(step.info, text)

    # -- one highlight ------------------------------------------------------------------------

    def target(self) -> AnnotationInfo | None:
        """The highlight a command acts on: under the pointer while the context menu is
        open, else at the text cursor (or ending there: the one just made), else the one
        being edited in the notes panel."""
        if self._menu_target is not None:
            return self._menu_target
        if self._map is not None:  # at the cursor, or just before it (right after H)
            position = self._pane.textCursor().position()
            for at in (position, position - 1):
                hits = annotations_at(self._infos, self._map, max(0, at))
                if hits:
                    return hits[0]
        editing = self.notes.editing()
        if editing is not None and editing.article_id == self._current.id():
            return editing
        return None

    def edit_target_note(self) -> None:
        info = self.target()
        if info is None:
            self._say("No highlight at the text cursor")
            return
        self.notes.edit_note(info.id)

    def delete_target(self) -> None:
        info = self.target()
        if info is None:
            self._say("No highlight at the text cursor")
            return
        self.delete(info)

    def _recolour_target(self, color: str) -> None:
        info = self.target()
        if info is None or info.is_note:
            self._say("No highlight at the text cursor")
            return
        self.recolour(info, color)

    def recolour(self, info: AnnotationInfo, color: str) -> None:
        if info.color != color and not info.is_note:
            self._history.push(Recolour(self._library, info, color))
            self.color = color
            self._say(f"Recoloured to {colour_label(color)}")

    def delete(self, info: AnnotationInfo) -> None:
        self._history.push(DeleteAnnotation(self._library, info))
        key = self._registry.key_text(ActionId.UNDO) or "Edit › Undo"
        what = "note" if info.is_note else "highlight"
        self._say(f"Deleted the {what}; {key} or View › Recently Deleted Notes brings it back")

    def edit_note(self, info: AnnotationInfo, old: str, new: str) -> None:
        """Write a note's text as an undoable step (raises `LibraryError` if it cannot)."""
        if old != new:
            self._history.push(EditNote(self._library, info, old, new))

    def _save_note(self, info: AnnotationInfo, old: str, new: str) -> None:
        """The notes panel's save: it counts as saved only once committed."""
        try:
            self.edit_note(info, old, new)
        except LibraryError as error:
            self.notes.note_not_saved(info.id, str(error))
            self._say(f"Note not saved yet, trying again: {error}")
        else:
            self.notes.note_saved(info.id, new)

    def restore_deleted(self, trash_id: int) -> None:
        """Bring back a recently deleted annotation (onto its article, wherever it is now)."""
        info = self._library.restore_deleted(trash_id)
        row = self._library.rows([info.article_id]).get(info.article_id)
        what = "note" if info.is_note else "highlight"
        self._say(f"Brought back the {what} on “{row.title if row else 'its article'}”")

    def _chosen_in_panel(self, info: AnnotationInfo) -> None:
        """A row of the notes panel was chosen: show its article there, at its place."""
        at = info.start if info.start is not None and not info.orphan else None
        self._current.show(info.article_id, at=at)

    # -- the pane's context menu --------------------------------------------------------------

    def context_menu(self, where: QPoint) -> QMenu:
        """The pane's menu at `where` (viewport coordinates), from the registry's actions."""
        scrolled = QPoint(self._pane.horizontalScrollBar().value(),
                          self._pane.verticalScrollBar().value())  # fmt: skip
        menu = self._pane.createStandardContextMenu(where + scrolled)  # document coordinates
        act = self._registry.action
        menu.addSeparator()
        if self.selected_span() is not None:
            sub = menu.addMenu("&Highlight")
            for action in COLOR_ACTIONS:
                sub.addAction(act(action))
            menu.addAction(act(ActionId.ANNOTATE))
            if self.orphans.can_attach():  # an orphan is chosen in the notes panel
                menu.addAction(act(ActionId.ATTACH_ORPHAN))
        position = self._pane.cursorForPosition(where).position()
        hits = annotations_at(self._infos, self._map, position) if self._map else []
        self._menu_target = hits[0] if hits else None
        if hits:
            top = hits[0]
            menu.addSeparator()
            header = menu.addAction(highlight_label(top) + (" (on top)" if len(hits) > 1 else ""))
            header.setEnabled(False)  # says which of overlapping highlights the menu acts on
            self._highlight_items(menu, top)
            # each highlight underneath has its own submenu: the menu then acts on that one
            for other in hits[1:]:
                sub = menu.addMenu(highlight_label(other))
                sub.aboutToShow.connect(lambda info=other: self._aim_menu(info))
                self._highlight_items(sub, other)
            menu.hovered.connect(
                lambda action: self._aim_menu(top) if action.menu() is None else None
            )
        if self._current.article() is not None:
            menu.addSeparator()
            menu.addAction(act(ActionId.NOTE_ARTICLE))
            menu.addAction(act(ActionId.EDIT_TAGS))
        menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self._menu_closed))
        return menu

    def _highlight_items(self, menu: QMenu, info: AnnotationInfo) -> None:
        """Recolour, edit the note of and delete `info` (the registry's actions)."""
        act = self._registry.action
        sub = menu.addMenu("&Recolour Highlight")
        for action, name in zip(RECOLOUR_ACTIONS, COLORS, strict=True):
            if name != info.color:
                sub.addAction(act(action))
        menu.addAction(act(ActionId.EDIT_HIGHLIGHT_NOTE))
        menu.addAction(act(ActionId.TAG_HIGHLIGHT))
        menu.addAction(act(ActionId.DELETE_HIGHLIGHT))

    def _aim_menu(self, info: AnnotationInfo) -> None:
        self._menu_target = info

    def _menu_closed(self) -> None:
        self._menu_target = None

    def _show_menu(self, where: QPoint) -> None:
        menu = self.context_menu(where)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self._pane.viewport().mapToGlobal(where))

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
        """A click in the pane: choose the highlight under it in the notes panel."""
        if self._map is None or self._pane.textCursor().hasSelection():
            return
        position = self._pane.cursorForPosition(where).position()
        hits = annotations_at(self._infos, self._map, position)
        if hits:
            self.notes.select_annotation(hits[0].id)

    def _selection_changed(self) -> None:
        enabled = self._pane.textCursor().hasSelection()
        for action in SELECTION_ACTIONS:
            self._registry.action(action).setEnabled(enabled)

    # -- files --------------------------------------------------------------------------------

    def export_annotations(self) -> None:
        """File › Export Annotations…: choose a format and a file, then say what was written."""
        last, remember = self._exports
        self._say(choose_export(self._pane.window(), self._library, last(), remember) or "")

    def import_annotations(self) -> None:
        """File › Import Annotations…: read a Web Annotation file, then say what came in."""
        self._say(choose_import(self._pane.window(), self._library, self._folder()) or "")
