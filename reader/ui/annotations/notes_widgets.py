"""The notes panel's own widgets: the list (which says how annotations are made when it is
empty) and the rendered note, which loads nothing and follows no link."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, Qt, QUrl
from PySide6.QtGui import QImage, QPaintEvent, QPalette, QTextDocument
from PySide6.QtWidgets import QListView, QTextBrowser, QWidget

from reader.ui.style import theme

PREVIEW_CSS = """
p { margin-bottom: 8px; }
code, pre { background-color: var(--code); }
"""


class NotePreview(QTextBrowser):
    """Shows a rendered note; like the reading pane it loads nothing and follows no link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self._placeholder = QImage(1, 1, QImage.Format.Format_ARGB32)
        self._placeholder.fill(Qt.GlobalColor.transparent)
        self._style()

    def _style(self) -> None:
        """Quotes, code and links styled as in the reading pane, in this theme's colours."""
        self.document().setDefaultStyleSheet(
            theme.reading_stylesheet(self.palette(), self.document().defaultFont())
            + PREVIEW_CSS.replace("var(--code)", theme.mix(
                self.palette().color(QPalette.ColorRole.Base),
                self.palette().color(QPalette.ColorRole.Text), 0.08).name())
        )  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style()

    def loadResource(self, type: int, name: QUrl | str) -> object:
        if type == QTextDocument.ResourceType.ImageResource.value:
            return self._placeholder
        return QByteArray()

    def setSource(self, name: QUrl | str, type: object = None) -> None:
        """Never navigates."""


class NotesList(QListView):
    """The panel's list; empty, it says how annotations are made."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            theme.paint_empty_state(
                self.viewport(),
                "No highlights or notes",
                "Select words in the article to highlight them (Edit › Highlight)",
            )
