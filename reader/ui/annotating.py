"""Highlights in the reading pane: where body offsets are in the document, and painting.

`BodyMap` maps character offsets of `Article.body` to positions in the pane's
`QTextDocument` and back, block by block (the document is: a title block, a meta block, then
one block per body paragraph, the first perhaps led by the dateline), counting UTF-16 code
units as Qt does, so an emoji before a highlight does not shift it. Highlights are painted as
`QTextEdit.ExtraSelection`s: they never touch the document, follow zoom and reflow, overlap
(translucent colours blend) and span paragraphs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit

from reader.library import COLORS, AnnotationInfo
from reader.ui import theme

HEADER_BLOCKS = 2  # the title and the meta line come before the body's paragraphs
# name: (label, light-palette paint, dark-palette paint); translucent so overlaps show.
PAINTS: dict[str, tuple[str, QColor, QColor]] = {
    "yellow": ("Yellow", QColor(255, 212, 0, 120), QColor(214, 176, 0, 120)),
    "green": ("Green", QColor(70, 200, 110, 105), QColor(40, 170, 90, 125)),
    "blue": ("Blue", QColor(80, 160, 255, 100), QColor(60, 130, 240, 135)),
    "pink": ("Pink", QColor(255, 100, 170, 95), QColor(230, 80, 150, 130)),
    "purple": ("Purple", QColor(160, 110, 255, 100), QColor(150, 100, 240, 140)),
}
assert tuple(PAINTS) == COLORS


def paint_colour(name: str | None, palette: QPalette) -> QColor:
    """The translucent paint of a highlight colour for this palette (light or dark)."""
    _label, light, dark = PAINTS.get(name or "yellow", PAINTS["yellow"])
    return QColor(dark if theme.is_dark(palette) else light)


def swatch_colour(name: str | None, palette: QPalette) -> QColor:
    """The same colour, opaque over the palette's base (for icons and list marks)."""
    paint = paint_colour(name, palette)
    base = palette.color(QPalette.ColorRole.Base)
    return theme.mix(base, QColor(paint.red(), paint.green(), paint.blue()), paint.alphaF() * 1.6)


def _units(text: str) -> int:
    """Length in UTF-16 code units (Qt's positions)."""
    return len(text.encode("utf-16-le")) // 2


def _wide(text: str) -> bool:
    return any(ord(c) > 0xFFFF for c in text)


class BodyMap:
    """Body offsets <-> document positions for one article shown in one document."""

    def __init__(self, body: str, document: QTextDocument) -> None:
        self._paragraphs = body.split("\n")
        self._starts: list[int] = []
        self._bases: list[int] = []
        offset = 0
        for number, paragraph in enumerate(self._paragraphs):
            block = document.findBlockByNumber(HEADER_BLOCKS + number)
            text = block.text() if block.isValid() else ""
            lead = _units(text) - _units(paragraph) if text.endswith(paragraph) else 0
            base = block.position() + lead if block.isValid() else document.characterCount() - 1
            self._starts.append(offset)
            self._bases.append(base)
            offset += len(paragraph) + 1
        self._length = len(body)

    def to_document(self, offset: int) -> int:
        """The document position of body offset `offset` (clamped to the body)."""
        offset = max(0, min(offset, self._length))
        number = bisect_right(self._starts, offset) - 1
        paragraph = self._paragraphs[number]
        column = min(offset - self._starts[number], len(paragraph))
        if _wide(paragraph):
            column = _units(paragraph[:column])
        return self._bases[number] + column

    def to_body(self, position: int) -> int:
        """The body offset at document position `position` (clamped into the body)."""
        number = bisect_right(self._bases, position) - 1
        if number < 0:
            return 0
        paragraph = self._paragraphs[number]
        units = max(0, min(position - self._bases[number], _units(paragraph)))
        if _wide(paragraph):
            units = _column_of_units(paragraph, units)
        return self._starts[number] + units

    def selection(self, cursor: QTextCursor) -> tuple[int, int]:
        """A cursor's selection as body offsets (start, end); equal when nothing of the body
        is selected."""
        return self.to_body(cursor.selectionStart()), self.to_body(cursor.selectionEnd())


def _column_of_units(paragraph: str, units: int) -> int:
    count = 0
    for column, char in enumerate(paragraph):
        if count >= units:
            return column
        count += 2 if ord(char) > 0xFFFF else 1
    return len(paragraph)


def extra_selections(
    infos: Sequence[AnnotationInfo], body_map: BodyMap, document: QTextDocument,
    palette: QPalette,
) -> list[QTextEdit.ExtraSelection]:  # fmt: skip
    """One translucent selection per placed highlight; a note adds a dotted underline."""
    out = []
    for info in infos:
        if info.is_note or info.orphan or info.start is None or info.end is None:
            continue
        cursor = QTextCursor(document)
        cursor.setPosition(body_map.to_document(info.start))
        cursor.setPosition(body_map.to_document(info.end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        paint = paint_colour(info.color, palette)
        fmt.setBackground(paint)
        if info.note.strip():
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(paint.red(), paint.green(), paint.blue()).darker(160))
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        out.append(selection)
    return out


def annotations_at(
    infos: Sequence[AnnotationInfo], body_map: BodyMap, position: int
) -> list[AnnotationInfo]:
    """The placed highlights under a document position, innermost (shortest) first."""
    offset = body_map.to_body(position)
    hits = [
        i for i in infos
        if not i.is_note and not i.orphan and i.start is not None and i.end is not None
        and i.start <= offset < i.end
    ]  # fmt: skip
    return sorted(hits, key=lambda i: (i.end or 0) - (i.start or 0))


def paint_annotation_mark(painter: QPainter, box: QRectF, colour: QColor, kind: str) -> None:
    """The sidebar's marks: a highlighter stroke (Annotated), note lines (Notes), a broken
    ring (Orphans)."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if kind == "annotated":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(box.left() + 1, box.center().y() - 3, 14, 6), 2, 2)
        return
    pen = QPen(colour, 1.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    if kind == "notes":
        for number, width in enumerate((12.0, 12.0, 8.0)):
            y = box.top() + 4 + number * 4
            painter.drawLine(QPointF(box.left() + 2, y), QPointF(box.left() + 2 + width, y))
        return
    painter.drawArc(box.adjusted(3, 3, -3, -3), 30 * 16, 300 * 16)


def mark_icon(colour: QColor, kind: str) -> QIcon:
    """A toolbar icon drawn like the sidebar's marks ("annotated" or "notes")."""
    pixmap = QPixmap(40, 40)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_annotation_mark(painter, QRectF(2, 2, 16, 16), colour, kind)
    painter.end()
    return QIcon(pixmap)
