"""File › Print… and File › Export Article as PDF…: the article on screen, on paper.

`PrintController` is handed the library (the article and its annotations, read afresh),
the action registry (it binds the two actions), the one owner of the article on screen,
a way to report status, the widget its dialogs belong to, and the last export's folder
(read and kept in the settings, shared with the other exports). Both actions print what
`reader.ui.printing.document` lays out: the reading theme's type, highlights in their
colours, notes as numbered footnotes. The PDF is offered as `<title>.pdf` in the folder
last exported to, else Documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.library import ArticleText, Library
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.printing.document import PrintDocument, article_document
from reader.ui.printing.output import PdfError, pdf_file_name, print_document, write_pdf
from reader.ui.reading.current import CurrentArticle
from reader.ui.window.files import export_folder, fit_file_dialog

Say = Callable[[str], object]
Exports = tuple[Callable[[], str], Callable[[str], object]]
NOTHING_SHOWN = "Choose an article first: there is nothing to print"


def default_printer() -> QPrinter:
    return QPrinter(QPrinter.PrinterMode.HighResolution)


class PrintController(QObject):
    """Binds Print and Export Article as PDF (see the module docstring)."""

    def __init__(
        self, library: Library, registry: ActionRegistry, current: CurrentArticle, *,
        say: Say, host: QWidget, exports: Exports, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._current = current
        self._say = say
        self._host = host
        self._exports = exports  # the last export's folder, and how to keep a new one
        self.make_printer: Callable[[], QPrinter] = default_printer  # tests print to a file
        registry.bind(ActionId.PRINT, self.print_article)
        registry.bind(ActionId.EXPORT_PDF, self.export_pdf)

    def document(self, article_id: int) -> PrintDocument | None:
        """The article as it prints, read afresh with its annotations (None: gone)."""
        article = self._library.article(article_id)
        if article is None:
            return None
        return article_document(article, self._library.annotations(article_id), self._picture)

    def _picture(self, sha256: str) -> bytes | None:
        found = self._library.picture(sha256)
        return found[0] if found is not None else None

    def _shown(self) -> ArticleText | None:
        article = self._current.article()
        if article is None:
            self._say(NOTHING_SHOWN)
        return article

    # -- print ------------------------------------------------------------------------------

    def print_article(self) -> QPrintDialog | None:
        """Ask where to print the article on screen, then print it."""
        article = self._shown()
        if article is None:
            return None
        printer = self.make_printer()
        printer.setDocName(article.title)
        dialog = QPrintDialog(printer, self._host.window())
        dialog.setWindowTitle("Print Article")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._print(article.id, printer))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    def _print(self, article_id: int, printer: QPrinter) -> bool:
        document = self.document(article_id)
        if document is None:
            self._say("The article is no longer in the library: nothing was printed")
            return False
        print_document(document, printer)
        title = document.metaInformation(document.MetaInformation.DocumentTitle)
        if printer.printerState() == QPrinter.PrinterState.Error:
            self._say(f"Could not print “{title}”")
            return False
        where = printer.outputFileName() or printer.printerName() or "the printer"
        self._say(f"Printed “{title}” to {where}")
        return True

    # -- PDF --------------------------------------------------------------------------------

    def export_pdf(self) -> QFileDialog | None:
        """Ask for a file name (proposing `<title>.pdf`), then write the PDF there."""
        article = self._shown()
        if article is None:
            return None
        folder = export_folder(self._exports[0]())
        dialog = QFileDialog(self._host.window(), "Export Article as PDF", str(folder))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["PDF (*.pdf)", "All files (*)"])
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(folder / pdf_file_name(article.title)))
        fit_file_dialog(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.write(article.id, Path(name)))
        dialog.open()
        return dialog

    def write(self, article_id: int, path: Path) -> bool:
        """Write article `article_id` as a PDF at `path`; reports the outcome."""
        document = self.document(article_id)
        if document is None:
            self._say("The article is no longer in the library: no PDF was written")
            return False
        try:
            write_pdf(document, path)
        except PdfError as exc:
            message = str(exc)
            self._say(message[:1].upper() + message[1:])
            return False
        self._exports[1](str(path.parent))
        title = document.metaInformation(document.MetaInformation.DocumentTitle)
        self._say(f"Saved “{title}” as {path}")
        return True
