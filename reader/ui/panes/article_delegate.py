"""How one article looks in the list: unread dot, title, meta line, excerpt, bookmark mark.

Row layout (left to right, top to bottom): a gutter with the unread dot; the title in up to
two lines (bold while unread) with the bookmark mark at its right; a small muted line with
the dateline and topics and, at the right, the reading time; a two-line excerpt. Every row
is as tall (room for two title lines and the excerpt), so the list lays out a million rows
without measuring one (`QListView.setUniformItemSizes`).

What the row shows in pictures is also said in words, for assistive technology:
`accessible_text` (title, state, annotations, topics, date) and `accessible_description`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.library import AnnotationInfo, ArticleRow, reading_minutes
from reader.ui.style import icons, theme

Index = QModelIndex | QPersistentModelIndex
ArticleRole = Qt.ItemDataRole.UserRole + 1

GUTTER = 26  # left edge to text: room for the unread dot
PAD_RIGHT = 14
PAD_Y = 11
MARK = 24  # room at the right of the title for the bookmark mark
TITLE_LINES = 2
EXCERPT_LINES = 2


@dataclass(frozen=True, slots=True)
class Fonts:
    """The fonts of one row, derived from the view's font."""

    title: QFont
    title_unread: QFont
    meta: QFont
    excerpt: QFont

    @classmethod
    def from_base(cls, base: QFont) -> Fonts:
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        title = QFont(base)
        title.setPointSizeF(size * 1.08)
        title.setWeight(QFont.Weight.Medium)
        unread = QFont(title)
        unread.setWeight(QFont.Weight.Bold)
        meta = QFont(base)
        meta.setPointSizeF(size * 0.86)
        excerpt = QFont(base)
        excerpt.setPointSizeF(size * 0.95)
        return cls(title, unread, meta, excerpt)


def wrap(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width`, the last one elided."""
    metrics = QFontMetricsF(font)
    layout = QTextLayout(text, font)
    lines: list[str] = []
    layout.beginLayout()
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        start, length = line.textStart(), line.textLength()
        if len(lines) == max_lines - 1 and start + length < len(text):
            rest = text[start:]
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[start : start + length].rstrip())
    layout.endLayout()
    return lines


def meta_text(row: ArticleRow) -> str:
    parts = [row.dateline] if row.dateline else []
    parts += [t.label for t in row.topics[:2]]
    parts += [f"#{tag}" for tag in row.tags[:2]]
    return " · ".join(parts)


def counted(count: int, noun: str) -> str:
    """ "1 highlight", "3 highlights"."""
    return f"{count} {noun}{'s' * (count != 1)}"


def tally(annotations: list[AnnotationInfo]) -> tuple[int, int]:
    """How many highlights and how many notes on the whole article."""
    notes = sum(1 for a in annotations if a.is_note)
    return len(annotations) - notes, notes


def accessible_text(row: ArticleRow, highlights: int = 0, notes: int = 0) -> str:
    """A row in words: "Title, unread, bookmarked, 3 highlights, Politics, 2 Dec 2026"."""
    parts = [row.title, "read" if row.read else "unread"]
    if row.bookmarked:
        parts.append("bookmarked")
    if highlights:
        parts.append(counted(highlights, "highlight"))
    if notes:
        parts.append(counted(notes, "note"))
    parts += [t.label for t in row.topics]
    parts += [f"tag {tag}" for tag in row.tags]
    parts.append(f"{row.added.day} {row.added:%b %Y}")
    return ", ".join(parts)


def accessible_description(row: ArticleRow) -> str:
    """The rest of the row in words: dateline, feed, reading time and excerpt."""
    parts = [f"Dateline {row.dateline}"] if row.dateline else []
    if row.feed:
        parts.append(f"from {row.feed}")
    parts.append(f"{counted(reading_minutes(row.words), 'minute')} to read")
    if row.excerpt:
        parts.append(" ".join(row.excerpt.split()))
    return "; ".join(parts)


class ArticleDelegate(QStyledItemDelegate):
    """Paints article rows; `bookmark_rect()` tells the view where the mark can be clicked."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[str, int] = {}  # the row height, by the view's font

    # -- geometry ---------------------------------------------------------------------------

    def fonts(self) -> Fonts:
        return Fonts.from_base(self._view.font())

    def _width(self) -> int:
        viewport = getattr(self._view, "viewport", None)
        return int(viewport().width()) if viewport is not None else self._view.width()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self._width(), self.row_height())

    def row_height(self) -> int:
        """The height of every row: two title lines, the meta line and the excerpt's lines."""
        fonts = self.fonts()
        key = fonts.title_unread.key()
        height = self._heights.get(key)
        if height is None:
            lines = TITLE_LINES * QFontMetricsF(fonts.title_unread).lineSpacing()
            total = PAD_Y * 2 + lines + 3 + QFontMetricsF(fonts.meta).lineSpacing()
            total += 4 + EXCERPT_LINES * QFontMetricsF(fonts.excerpt).lineSpacing()
            height = self._heights[key] = int(total + 0.999)
        return height

    @staticmethod
    def bookmark_rect(row_rect: QRectF) -> QRectF:
        """Where the bookmark mark is drawn in a row (its click target is a bit larger)."""
        return QRectF(row_rect.right() - PAD_RIGHT - 12, row_rect.top() + PAD_Y + 2, 12, 15)

    # -- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ArticleRole)
        if not isinstance(row, ArticleRow):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRectF(option.rect)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = selected and self._view.hasFocus()
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        self._paint_background(
            painter, rect, palette=palette, selected=selected, focused=focused, hover=hover
        )
        text = palette.color(
            QPalette.ColorRole.HighlightedText if focused else QPalette.ColorRole.Text
        )
        muted = theme.muted(palette, selected=focused)
        accent = text if focused else theme.accent(palette)
        fonts = self.fonts()
        left, right = rect.left() + GUTTER, rect.right() - PAD_RIGHT
        y = rect.top() + PAD_Y

        title_font = fonts.title if row.read else fonts.title_unread
        title_metrics = QFontMetricsF(title_font)
        if not row.read:
            icons.paint_dot(
                painter, QPointF(rect.left() + 13, y + title_metrics.lineSpacing() / 2), 4.0, accent
            )
        if row.bookmarked or selected or hover:
            colour = accent if row.bookmarked else muted
            icons.paint_bookmark(painter, self.bookmark_rect(rect), colour, filled=row.bookmarked)
        painter.setPen(text)
        y = self._draw_lines(
            painter,
            wrap(row.title, title_font, right - left - MARK, TITLE_LINES),
            title_font,
            left,
            y,
        )

        y += 3
        meta_metrics = QFontMetricsF(fonts.meta)
        painter.setFont(fonts.meta)
        painter.setPen(muted)
        minutes = f"{reading_minutes(row.words)} min"
        minutes_width = meta_metrics.horizontalAdvance(minutes)
        painter.drawText(QPointF(right - minutes_width, y + meta_metrics.ascent()), minutes)
        meta = meta_metrics.elidedText(
            meta_text(row), Qt.TextElideMode.ElideRight, right - left - minutes_width - 12
        )
        painter.drawText(QPointF(left, y + meta_metrics.ascent()), meta)
        y += meta_metrics.lineSpacing()

        if row.excerpt:
            y += 4
            excerpt_colour = (
                text if focused else theme.mix(text, palette.color(QPalette.ColorRole.Base), 0.22)
            )
            painter.setPen(excerpt_colour)
            self._draw_lines(
                painter,
                wrap(row.excerpt, fonts.excerpt, right - left, EXCERPT_LINES),
                fonts.excerpt,
                left,
                y,
            )
        if not selected:
            painter.setPen(
                theme.mix(
                    palette.color(QPalette.ColorRole.Base),
                    palette.color(QPalette.ColorRole.Text),
                    0.10,
                )
            )
            # On the row's own last line of pixels, never the next row's: a scroll moves
            # the painted rows and paints only the row it brings in (see ArticleList)
            edge = rect.bottom() - 0.5
            painter.drawLine(QPointF(left, edge), QPointF(rect.right(), edge))
        if option.state & QStyle.StateFlag.State_HasFocus and not focused:
            theme.paint_focus_ring(painter, rect, palette)  # current but not selected
        painter.restore()

    def _paint_background(
        self,
        painter: QPainter,
        rect: QRectF,
        *,
        palette: QPalette,
        selected: bool,
        focused: bool,
        hover: bool,
    ) -> None:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        fill: QColor | None = None
        if focused:
            fill = palette.color(QPalette.ColorRole.Highlight)
        elif selected:
            fill = theme.mix(base, text, 0.11)
        elif hover:
            fill = theme.mix(base, text, 0.04)
        if fill is not None:
            painter.fillRect(rect, fill)

    @staticmethod
    def _draw_lines(
        painter: QPainter, lines: list[str], font: QFont, left: float, top: float
    ) -> float:
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        for line in lines:
            painter.drawText(QPointF(left, top + metrics.ascent()), line)
            top += metrics.lineSpacing()
        return top
