"""The main window's side of highlights and notes: the one `highlight_selection` the mouse,
the menus and the keys all call, the notes panel's wiring, and File › Export / Import
Annotations… (a mixin of `MainWindow`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMessageBox

from reader.library import LibraryError
from reader.ui import exchanging
from reader.ui.actions import ActionId

YES_NO = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No

if TYPE_CHECKING:
    from reader.library import Library
    from reader.ui.actions import ActionRegistry
    from reader.ui.annotator import Annotator
    from reader.ui.articlelist import ArticleList
    from reader.ui.notes import NotesDock
    from reader.ui.readingpane import ReadingPane


class AnnotationMixin(QMainWindow):
    """Needs the window's `library`, `registry`, `annotator`, `notes`, `pane`,
    `article_list`, `say`, `_show` and `_folder`."""

    library: Library
    registry: ActionRegistry
    annotator: Annotator
    notes: NotesDock
    pane: ReadingPane
    article_list: ArticleList
    say: Callable[[str], None]
    _show: Callable[[int | None], None]
    _folder: Callable[[], str]

    def _connect_annotations(self) -> None:
        act = self.registry.action
        self.annotator.bind_undo_actions(act(ActionId.UNDO), act(ActionId.REDO))
        self.notes.bind_toggle(act(ActionId.TOGGLE_NOTES))
        self.notes.annotationChosen.connect(self._on_annotation_chosen)

    def highlight_selection(self, color: str | None = None, *, open_note: bool = False) -> bool:
        """Highlight the reading pane's selection in `color` (None: the current colour) and,
        with `open_note`, open its note; False (with a message) if nothing is selected."""
        return self.annotator.highlight_selection(color, open_note=open_note)

    def _on_annotation_chosen(self, info: object) -> None:
        article_id = getattr(info, "article_id", None)
        other = article_id is not None and article_id != self.pane.article_id()
        if other and not self.article_list.select_article(article_id):  # type: ignore[arg-type]
            self._show(article_id)
        self.annotator.scroll_to(info)  # type: ignore[arg-type]

    def export_annotations(self) -> None:
        """File › Export Annotations…: choose a format and a file, then say what was written."""
        self.say(exchanging.choose_export(self, self.library, self._folder()) or "")

    def import_annotations(self) -> None:
        """File › Import Annotations…: read a Web Annotation file, then say what came in."""
        self.say(exchanging.choose_import(self, self.library, self._folder()) or "")

    def remove_current_article(self) -> bool:
        """Article › Remove from Library…: asks first, naming the highlights and notes that
        would go with it; the file it came from is never touched."""
        article_id = self.article_list.current_id()
        article = self.library.article(article_id) if article_id is not None else None
        if article is None:
            return False
        held = self.library.annotation_count([article.id])
        text = f"Remove “{article.title}” from the library?"
        if held:
            noun = "highlight or note" if held == 1 else "highlights and notes"
            text += f"\n\nIts {held} {noun} will be deleted with it."
        text += "\n\nThe file it was imported from is not changed."
        answer = QMessageBox.question(
            self, "Remove Article", text, YES_NO, QMessageBox.StandardButton.No
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.library.remove_articles([article.id], with_annotations=held)
        except LibraryError as exc:
            self.say(str(exc))
            return False
        self.say(f"Removed “{article.title}”")
        return True
