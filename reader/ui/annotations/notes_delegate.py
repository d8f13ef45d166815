"""Paints the notes panel's rows: an article header, or an annotation as a colour bar, the
quote in italics (three lines at most), the note's first lines and the date."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from reader.library import AnnotationInfo
from reader.ui.annotations.notes_model import HeaderRole, InfoRole
from reader.ui.style import theme
from reader.ui.style.colours import swatch_colour

Index = QModelIndex | QPersistentModelIndex
PAD = 8
BAR = 4


def _elided_lines(text: str, font: QFont, width: float, lines: int) -> list[str]:
    """`text` wrapped to `width`, at most `lines` lines, the last elided."""
    layout = QTextLayout(" ".join(text.split()), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    out: list[str] = []
    flat = layout.text()
    while len(out) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        out.append(flat[line.textStart() : line.textStart() + line.textLength()])
    rest = layout.createLine()
    layout.endLayout()
    if rest.isValid() and out:
        metrics = QFontMetricsF(font)
        out[-1] = metrics.elidedText(out[-1].rstrip() + " …", Qt.TextElideMode.ElideRight, width)
    return out


class NotesDelegate(QStyledItemDelegate):
    """Rows as tall as what they show: the quote's lines (two at most), the note's (two at
    most) and the date, with no blank band below short ones."""

    HEADER = 34

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.data(HeaderRole):
            return QSize(240, self.HEADER)
        info = index.data(InfoRole)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 240
        if not isinstance(info, AnnotationInfo):
            return QSize(width, self.HEADER)
        text_width = max(40.0, width - 3 * PAD - BAR)
        quote_font = QFont(option.font)
        quote_font.setItalic(True)
        if info.is_note:
            quote_lines = 1
        else:
            quote_lines = len(_elided_lines(f"“{info.exact or ''}”", quote_font, text_width, 2))
        note_lines = (
            len(_elided_lines(info.note, option.font, text_width, 2)) if info.note.strip() else 0
        )
        plain = QFontMetricsF(option.font).height()
        height = 6 + quote_lines * QFontMetricsF(quote_font).height() + note_lines * plain
        return QSize(width, round(height + 4 + plain + 8))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        rect = QRectF(option.rect)
        palette = option.palette
        info = index.data(InfoRole)
        if not isinstance(info, AnnotationInfo):
            self._header(painter, rect, palette, str(index.data()))
        else:
            self._entry(painter, option, rect, info)
        painter.restore()

    def _header(self, painter: QPainter, rect: QRectF, palette: QPalette, text: str) -> None:
        font = QFont(painter.font())
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text))
        box = rect.adjusted(PAD, 0, -PAD, -4)
        elided = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, box.width())
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, elided)

    def _entry(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRectF, info: AnnotationInfo
    ) -> None:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = palette.color(QPalette.ColorRole.Text)
        fill = None
        if selected:
            fill = theme.mix(palette.color(QPalette.ColorRole.Base), theme.accent(palette), 0.18)
            painter.fillRect(rect, fill)
        if option.state & QStyle.StateFlag.State_HasFocus:
            theme.paint_focus_ring(painter, rect, palette, fill)
        bar = QRectF(rect.left() + PAD, rect.top() + 8, BAR, rect.height() - 16)
        painter.fillRect(bar, swatch_colour(info.color, palette) if not info.is_note else text)
        left = bar.right() + PAD
        width = rect.right() - PAD - left
        y = rect.top() + 6
        quote_font = QFont(painter.font())
        quote_font.setItalic(True)
        metrics = QFontMetricsF(quote_font)
        painter.setPen(text)
        if info.is_note:
            lines = ["Note on the article"]
            bold = QFont(painter.font())
            bold.setWeight(QFont.Weight.DemiBold)
            quote_font = bold
        else:
            quote = f"“{info.exact or ''}”"
            lines = _elided_lines(quote, quote_font, width, 2)
        painter.setFont(quote_font)
        for line in lines:
            painter.drawText(QRectF(left, y, width, metrics.height()), line)
            y += metrics.height()
        painter.setFont(option.font)
        plain = QFontMetricsF(option.font)
        if info.note.strip():
            painter.setPen(text)
            for line in _elided_lines(info.note, option.font, width, 2):
                painter.drawText(QRectF(left, y, width, plain.height()), line)
                y += plain.height()
        bottom = QRectF(left, rect.bottom() - plain.height() - 6, width, plain.height())
        self._stamp(painter, option, bottom, info)

    def _stamp(
        self, painter: QPainter, option: QStyleOptionViewItem, bottom: QRectF, info: AnnotationInfo
    ) -> None:
        """The muted bottom line: orphan, the date; "Moved" first in the accent, until seen."""
        palette = option.palette
        stamp = info.updated.strftime("%Y-%m-%d %H:%M") + " UTC"
        if info.orphan:
            stamp = "Orphan · " + stamp
        elif info.moved:
            flag = QFont(option.font)
            flag.setWeight(QFont.Weight.DemiBold)
            painter.setFont(flag)
            painter.setPen(theme.accent(palette))
            mark = "Moved (check it) · "
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, mark)
            bottom = bottom.adjusted(QFontMetricsF(flag).horizontalAdvance(mark), 0, 0, 0)
            painter.setFont(option.font)
        painter.setPen(theme.muted(palette))
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, stamp)
