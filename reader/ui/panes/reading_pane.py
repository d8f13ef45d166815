"""The reading pane: a `QTextBrowser` that shows one article and can never read a file.

Safety: links are never followed by the browser (`setOpenLinks(False)`; the window handles
`anchorClicked`), there are no search paths and no `setSource`, and `loadResource` answers
every request, of every type, through `reader.ui.panes.resources`: the one thing it serves
is a picture the library stored, read through the `pictures` callable the window hands in
(only while pictures are on), and never None. A picture wider than the text column is
scaled down to it.

Comfort: the text column keeps a readable measure (about 70 characters, or the reader's own),
centred, however wide the pane; the text can be zoomed; the reader's type and reading theme
(`set_reading_style`: families, size, measure, spacing, justification, colours apart from the
window's) are applied in one restyle; the scroll position of each article is reported
(debounced) so it can be restored next time; with no article, a muted "Choose an article".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from reader.library import ArticleText
from reader.ui.panes.resources import PictureSource, answer_resource, placeholder_image
from reader.ui.style import theme

ZOOM_MIN = -5
ZOOM_MAX = 10

READING_FAMILIES = [
    "Charter",
    "Bitstream Charter",
    "Iowan Old Style",
    "Source Serif 4",
    "Source Serif Pro",
    "Georgia",
    "Palatino Linotype",
    "Palatino",
    "P052",
    "Noto Serif",
    "DejaVu Serif",
    "serif",
]
BASE_POINT_SIZE = 13.0
ZOOM_STEP = 1.0  # points per zoom step
MEASURE_CHARS = 70
NARROWEST_CHARS = 45  # the narrowest comfortable measure (the window's layout keeps it)
MIN_SIDE = 28  # side margin in pixels once the pane is narrower than the measure (less if tiny)
SAVE_DELAY_MS = 700
MARK_LAYERS = ("highlights", "speech", "found")  # drawn in this order: found words on top
EMPTY_TITLE = "Choose an article"
EMPTY_HINT = "Pick one in the list, or press J and K to move through it."


class ReadingPane(QTextBrowser):
    """Shows an `ArticleText`. Signals: `positionChanged(id, fraction)` (debounced while
    scrolling), `zoomChanged(steps)`."""

    positionChanged = Signal(int, float)
    zoomChanged = Signal(int)
    documentReplaced = Signal()  # the document was set again: marks must be drawn anew

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingPane")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setAcceptDrops(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Reading pane")
        self.setAccessibleDescription("The text of the chosen article")
        self.blocked: list[str] = []  # every resource the document asked for, refused
        self.pictures: PictureSource | None = None  # set by the window; None: no pictures
        self._placeholder = placeholder_image()
        self._article: ArticleText | None = None
        self._bar_kept = False  # the scroll bar is held on while a new text is laid out
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._zoom = 0
        self._style = theme.ReadingStyle(size=BASE_POINT_SIZE, measure=MEASURE_CHARS)
        self._styling = False  # a new style is being applied: one restyle at its end
        self.measure_chars = MEASURE_CHARS  # the measure the reader chose (Preferences)
        self._reported = 0.0
        self._pending: float | None = None
        self._restoring = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush_position)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._range_changed)
        self._apply_font()
        self._apply_stylesheet()

    # -- safety -------------------------------------------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """The library's own copy of a picture, else a refusal: never None, which would
        make Qt read the file itself."""
        return answer_resource(
            type,
            name,
            self.pictures,
            blocked=self.blocked,
            fit=self._fit_picture,
            placeholder=self._placeholder,
        )

    def _fit_picture(self, image: QImage) -> QImage:
        widest = int(self.measure())
        if image.width() > widest > 0:
            image = image.scaledToWidth(widest, Qt.TransformationMode.SmoothTransformation)
        return image

    def setSource(
        self,
        name: QUrl | str,
        type: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource,
    ) -> None:
        """Navigation is not allowed: the pane only shows what `show_article` gives it."""
        self.blocked.append(name.toString() if isinstance(name, QUrl) else str(name))

    # -- the article --------------------------------------------------------------------------

    def article(self) -> ArticleText | None:
        return self._article

    def article_id(self) -> int | None:
        return self._article.id if self._article is not None else None

    def show_article(self, article: ArticleText | None) -> None:
        """Show `article` at its saved scroll position (or the empty state for None)."""
        self.flush_position()
        self._save_timer.stop()
        self._article = article
        self._restoring = True
        try:
            if article is None:
                self.clear()
                self._pending = None
            else:
                with self._scroll_bar_kept():
                    self.setHtml(article.html())
                    self._update_margins()
                self._pending = article.scroll if article.scroll > 0 else None
                self._reported = article.scroll
            self._update_margins()
            self.verticalScrollBar().setValue(0)
        finally:
            self._restoring = False
        self._range_changed(0, self.verticalScrollBar().maximum())
        self._document_set()
        self.viewport().update()

    @contextlib.contextmanager
    def _scroll_bar_kept(self) -> Iterator[None]:
        """Keep a shown scroll bar while the document is replaced: `setHtml` empties it first,
        the bar would go and come back, and the text be laid out at two widths (and the whole
        pane repainted twice). It stays on while the text needs it: after the first paint of
        a text that fits, or a resize that makes it fit, the bar goes (`_fit_bar`)."""
        if self.verticalScrollBar().isVisible():
            if self.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOn:
                self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            self._bar_kept = True
        yield

    def _fit_bar(self) -> None:
        """Let a held scroll bar go if the text fits without it (its range is empty: judged
        on the text laid out so far, never by laying out all of a long one)."""
        held = self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        if held and self.verticalScrollBar().maximum() <= 0:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    # -- marks: highlights and found words, drawn together -------------------------------------

    def set_marks(self, layer: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Draw `selections` as the layer `layer` ("highlights" or "found"); each layer is
        kept when the other changes, and found words are drawn over highlights."""
        self._layers[layer] = list(selections)
        self.setExtraSelections(
            [mark for name in MARK_LAYERS for mark in self._layers.get(name, [])]
        )

    def _document_set(self) -> None:
        """The document was set anew: its marks belong to the old one; say so."""
        self._align()
        self._layers = {}
        self.setExtraSelections([])
        self.documentReplaced.emit()

    def marks(self, layer: str) -> list[QTextEdit.ExtraSelection]:
        return list(self._layers.get(layer, []))

    def fraction(self) -> float:
        """How far down the article the view is: 0.0 at the top, 1.0 at the end."""
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def flush_position(self) -> None:
        """Report the scroll position now if it moved since it was last reported."""
        self._save_timer.stop()
        if self._article is None or self._pending is not None:
            return
        fraction = round(self.fraction(), 4)
        if abs(fraction - self._reported) > 1e-4:
            self._reported = fraction
            self.positionChanged.emit(self._article.id, fraction)

    def _scrolled(self, _value: int) -> None:
        if self._restoring or self._article is None:
            return
        self._pending = None  # the reader moved: stop restoring
        self._save_timer.start()

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        if maximum <= 0 and not self._restoring and not self._bar_kept:
            self._fit_bar()  # the text shrank to fit (a smaller zoom): a held bar goes
        if self._pending is None or maximum <= 0:
            return
        self._restoring = True
        try:
            self.verticalScrollBar().setValue(round(self._pending * maximum))
        finally:
            self._restoring = False

    # -- zoom ---------------------------------------------------------------------------------

    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        """Zoom by `steps` from the default size (clamped); keeps the reading position."""
        steps = min(ZOOM_MAX, max(ZOOM_MIN, steps))
        if steps == self._zoom:
            return
        fraction = self.fraction()
        self._zoom = steps
        self._apply_font()
        self._update_margins()
        if self._pending is None and self._article is not None:
            self._pending = fraction
            self._range_changed(0, self.verticalScrollBar().maximum())
            self._pending = None
        self.zoomChanged.emit(steps)

    # -- the reader's type and theme (Preferences) -----------------------------------------

    def reading_style(self) -> theme.ReadingStyle:
        return self._style

    def set_reading_style(self, style: theme.ReadingStyle) -> None:
        """Set the text in `style`: its colours (the pane's own palette, apart from the
        window's), families, size, measure, spacing and alignment; the document is styled
        once, keeping the reader's place."""
        if style == self._style:
            return
        self._styling = True
        try:
            if style.colours != self._style.colours:
                if style.colours is None:
                    self.setStyleSheet("")
                    self.setPalette(QPalette())
                else:
                    # the page colour as a rule too: the window's stylesheet would otherwise
                    # paint the viewport in the window's palette
                    self.setStyleSheet(theme.reading_pane_qss(style.colours))
                    self.setPalette(theme.reading_palette(QPalette(), style.colours))
            self._style = style
            self.measure_chars = style.measure
            self._apply_font()
        finally:
            self._styling = False
        self._apply_stylesheet()
        self._update_margins()
        self.viewport().update()

    def _align(self) -> None:
        """Justify the paragraphs if the style says so (Qt's CSS has no `justify`): every
        block but headings and preformatted text, in one edit."""
        if not getattr(self, "_style", None) or not self._style.justify:
            return
        document = self.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        block = document.begin()
        while block.isValid():
            form = block.blockFormat()
            if form.headingLevel() == 0 and not form.nonBreakableLines():
                form.setAlignment(Qt.AlignmentFlag.AlignJustify)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(form)
            block = block.next()
        cursor.endEditBlock()

    def _apply_font(self) -> None:
        font = QFont()
        font.setFamilies(theme.families(self._style.text_family))
        if self._style.text_family == "sans":
            font.setStyleHint(QFont.StyleHint.SansSerif)
        else:
            font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(max(6.0, self._style.size + self._zoom * ZOOM_STEP))
        self.document().setDefaultFont(font)

    def _apply_stylesheet(self) -> None:
        """(Re)style the document from the palette, keeping the reader's place."""
        self.document().setDefaultStyleSheet(
            theme.reading_stylesheet(
                self.palette(), self.document().defaultFont(), getattr(self, "_style", None)
            )
        )
        article = getattr(self, "_article", None)
        if article is not None:
            fraction = self._pending if self._pending is not None else self.fraction()
            self._restoring = True
            try:
                self.setHtml(article.html())
                self._update_margins()
            finally:
                self._restoring = False
            self._pending = fraction or None
            self._range_changed(0, self.verticalScrollBar().maximum())
            self._document_set()

    # -- layout and painting ------------------------------------------------------------------

    def measure(self, chars: int | None = None) -> float:
        """The widest text column, in pixels: about `chars` average characters (by default
        the measure the reader chose, `measure_chars`)."""
        chars = self.measure_chars if chars is None else chars
        metrics = QFontMetricsF(self.document().defaultFont())
        average = metrics.horizontalAdvance("abcdefghijklmnopqrstuvwxyz") / 26
        return chars * average * 1.08

    def width_for(self, chars: int) -> int:
        """The pane's width that gives a text column of `chars` characters (margins and
        scroll bar included): what the window's layout gives the pane first. The default
        measure stands for the one the reader chose, which no narrowest measure exceeds."""
        chars = self.measure_chars if chars == MEASURE_CHARS else min(chars, self.measure_chars)
        chrome = self.width() - self.viewport().width() if self.isVisible() else 16
        return round(self.measure(chars) + 2 * MIN_SIDE + max(chrome, 0))

    def _update_margins(self) -> None:
        width = self.viewport().width()
        side = max(min(MIN_SIDE, width / 18), (width - self.measure()) / 2)
        root = self.document().rootFrame()
        frame = root.frameFormat()
        if (frame.leftMargin(), frame.rightMargin(), frame.topMargin()) == (side, side, 36):
            return
        frame.setLeftMargin(side)
        frame.setRightMargin(side)
        frame.setTopMargin(36)
        frame.setBottomMargin(56)
        root.setFrameFormat(frame)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()
        if event.size().height() > event.oldSize().height():
            self._fit_bar()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._styling:
            self._apply_stylesheet()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._bar_kept:  # the new text is laid out: the bar goes if it is not needed
            self._bar_kept = False
            self._fit_bar()
        if self._article is None:
            theme.paint_empty_state(self.viewport(), EMPTY_TITLE, EMPTY_HINT)
