"""Search results in the middle pane: the model, the list that shows them, and its painter.

`SearchView` is what the sidebar holds for the live search and for each saved search.
`SearchResultsModel` holds one ranked list of `SearchResult`s (articles, notes, highlights);
`SearchResultsList` paints each as its title, a kind badge and a two-line snippet with the
matched words marked, and reports the chosen result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reader.library import SearchResult
from reader.ui.panes.list_views import FlatListModel, set_up_list_view
from reader.ui.style import theme
from reader.ui.style.colours import PAINTS, swatch_colour
from reader.ui.style.plain_text import tooltip

ResultRole = Qt.ItemDataRole.UserRole + 10
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class SearchView:
    """A sidebar entry that shows search results: the live search (`saved_id` None) or a
    saved search."""

    query: str
    saved_id: int | None = None
    name: str = "Search"


def describe(result: SearchResult) -> str:
    """A result in words for assistive technology: its title and what it is ("Kurdistan,
    article"; "Kurdistan, yellow highlight"); its snippet is the description."""
    if result.kind == "article":
        return f"{result.title}, article"
    kind = result.annotation_kind or "note"
    colour = f"{result.color} " if result.color and kind == "highlight" else ""
    return f"{result.title}, {colour}{kind}"


def draw_marked(
    painter: QPainter, at: QPointF, box: tuple[float, int],
    marked: tuple[str, tuple[tuple[int, int], ...]], *, font: QFont, mark: QColor,
) -> None:  # fmt: skip
    """`text` at `at` in the painter's pen, wrapped to `width` and cut after `lines` lines,
    its marked ranges bold on a soft `mark` background. Laid out as plain text with formats
    (never parsed as markup), so a result's first paint costs little."""
    (width, lines), (text, marks) = box, marked
    layout = QTextLayout(" ".join(text.split("\n")), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    formats = []
    for start, end in marks:
        if end > start:
            fmt = QTextCharFormat()
            fmt.setBackground(mark)
            fmt.setFontWeight(QFont.Weight.DemiBold)
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = start, end - start, fmt
            formats.append(span)
    layout.setFormats(formats)
    layout.beginLayout()
    height = QFontMetricsF(font).lineSpacing()
    for number in range(lines):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, number * height))
    layout.endLayout()
    layout.draw(painter, at)


class SearchResultsModel(FlatListModel):
    """One ranked list of results for one query."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []
        self._query = ""

    def items(self) -> Sequence[object]:
        return self._results

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        result = self.item(index)
        if not isinstance(result, SearchResult):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(result.marked("", ""))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return describe(result)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return " ".join(result.snippet.split())
        values = {Qt.ItemDataRole.DisplayRole: result.title, ResultRole: result}
        return values.get(role)

    def query(self) -> str:
        return self._query

    def set_results(self, query: str, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._query = query
        self._results = list(results)
        self.endResetModel()

    def result_at(self, row: int) -> SearchResult | None:
        return self._results[row] if 0 <= row < len(self._results) else None


class ResultDelegate(QStyledItemDelegate):
    """Title (matches marked), a badge for notes and highlights, then two lines of snippet."""

    HEIGHT = 86
    PAD = 12

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        result = index.data(ResultRole)
        if not isinstance(result, SearchResult):
            return
        painter.save()
        rect = QRectF(option.rect)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        base = palette.color(QPalette.ColorRole.Base)
        fill = theme.mix(base, palette.color(QPalette.ColorRole.Highlight), 0.22)
        if selected:
            painter.fillRect(rect, fill)
        painter.setPen(theme.mix(base, palette.color(QPalette.ColorRole.Text), 0.1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if option.state & QStyle.StateFlag.State_HasFocus:
            theme.paint_focus_ring(painter, rect, palette, fill if selected else None)
        mark = theme.mix(palette.color(QPalette.ColorRole.Base), theme.accent(palette), 0.3)
        text = palette.color(QPalette.ColorRole.Text)
        inner = rect.adjusted(self.PAD, 8, -self.PAD, -6)
        badge = self._badge(result)
        if badge:
            self._paint_badge(painter, inner, badge, result.color, palette)
            inner.setLeft(inner.left() + painter.fontMetrics().horizontalAdvance(badge) + 16)
        bold = QFont(option.font)
        bold.setBold(True)
        title, title_marks = self._title_fitted(result, bold, inner.width())
        painter.setPen(text)
        draw_marked(
            painter, inner.topLeft(), (inner.width(), 1), (title, title_marks), font=bold, mark=mark
        )
        painter.setPen(theme.muted(palette))
        width = rect.width() - 2 * self.PAD
        at = QPointF(rect.left() + self.PAD, inner.top() + 24)
        draw_marked(
            painter, at, (width, 2), (result.snippet, result.marks), font=option.font, mark=mark
        )
        painter.restore()

    @staticmethod
    def _title_fitted(
        result: SearchResult, font: QFont, width: float
    ) -> tuple[str, tuple[tuple[int, int], ...]]:
        """The title on one line, cut with an ellipsis to fit, and its matches' ranges."""
        elided = QFontMetricsF(font).elidedText(result.title, Qt.TextElideMode.ElideRight, width)
        if elided == result.title:
            return result.title, result.title_marks
        keep = max(0, len(elided) - 1)
        marks = tuple((a, min(b, keep)) for a, b in result.title_marks if a < keep)
        return result.title[:keep] + "…", marks

    @staticmethod
    def _badge(result: SearchResult) -> str:
        if result.kind == "article":
            return ""
        return "Highlight" if result.annotation_kind == "highlight" else "Note"

    def _paint_badge(
        self, painter: QPainter, inner: QRectF, text: str, color: str | None, palette: QPalette
    ) -> None:
        width = painter.fontMetrics().horizontalAdvance(text) + 10
        box = QRectF(inner.left(), inner.top() + 1, width, 18)
        known = (color or "").lower() in PAINTS
        fill = (
            swatch_colour(color, palette)
            if known
            else theme.mix(palette.color(QPalette.ColorRole.Base), theme.accent(palette), 0.35)
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class SearchResultsList(QListView):
    """The results; emits `resultChosen(SearchResult | None)` when the current row changes."""

    resultChosen = Signal(object)

    def __init__(self, model: SearchResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.setModel(model)
        self.setItemDelegate(ResultDelegate(self))
        set_up_list_view(self)
        self.setMinimumWidth(240)
        self.setAccessibleName("Search results")
        self.setAccessibleDescription("Articles, notes and highlights that match, best first")
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.searching = False

    def results_model(self) -> SearchResultsModel:
        model = self.model()
        assert isinstance(model, SearchResultsModel)
        return model

    def current_result(self) -> SearchResult | None:
        value = self.currentIndex().data(ResultRole)
        return value if isinstance(value, SearchResult) else None

    def step(self, delta: int) -> bool:
        """Select the next (+1) or previous (-1) result; the first if none is current."""
        current = self.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        if not 0 <= row < self.model().rowCount():
            return False
        flag = QItemSelectionModel.SelectionFlag.ClearAndSelect  # shown as chosen, always
        self.selectionModel().setCurrentIndex(self.model().index(row, 0), flag)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.selectionModel().isSelected(current):
            # Qt makes a row current without selecting it (on focus): the chosen row is
            # always shown as chosen
            self.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        value = current.data(ResultRole)
        self.resultChosen.emit(value if isinstance(value, SearchResult) else None)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            title = "Searching…" if self.searching else "No matches"
            hint = "" if self.searching else "Try fewer words, a prefix such as elect*, or OR."
            theme.paint_empty_state(self.viewport(), title, hint)

    def set_notice(self, text: str) -> None:
        """A line under the results ("Showing the best 200…"), or none for ""."""
        notice = self._notice_label()
        notice.setText(text)
        notice.setVisible(bool(text))
        self.setViewportMargins(0, 0, 0, notice.sizeHint().height() if text else 0)
        self._place_notice()

    def notice(self) -> str:
        label = self.findChild(QLabel, "resultsNotice")
        return label.text() if label is not None and not label.isHidden() else ""

    def _notice_label(self) -> QLabel:
        label = self.findChild(QLabel, "resultsNotice")
        if label is None:
            label = QLabel(self)
            label.setObjectName("resultsNotice")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setContentsMargins(12, 6, 12, 6)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            label.hide()
        return label

    def _place_notice(self) -> None:
        label = self.findChild(QLabel, "resultsNotice")
        if label is not None and not label.isHidden():
            height = label.heightForWidth(self.width()) or label.sizeHint().height()
            self.setViewportMargins(0, 0, 0, height)
            label.setGeometry(0, self.height() - height, self.width(), height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_notice()
