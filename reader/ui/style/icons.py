"""Small vector icons drawn with QPainter, so they are crisp at any scale and need no theme.

The shapes are shared: the toolbar's bookmark icon and the article list's bookmark mark
come from the same path.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

Draw = Callable[[QPainter, QRectF, QColor], None]
SIZES = (16, 20, 24, 32, 48)


def bookmark_path(rect: QRectF) -> QPainterPath:
    """A ribbon: a tall rectangle with a V cut into its lower edge, centred in `rect`."""
    width = rect.height() * 0.62
    left = rect.center().x() - width / 2
    path = QPainterPath()
    path.moveTo(left, rect.top())
    path.lineTo(left + width, rect.top())
    path.lineTo(left + width, rect.bottom())
    path.lineTo(left + width / 2, rect.bottom() - width * 0.45)
    path.lineTo(left, rect.bottom())
    path.closeSubpath()
    return path


def paint_bookmark(painter: QPainter, rect: QRectF, color: QColor, filled: bool) -> None:
    """A bookmark mark: filled when set, a thin outline otherwise."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, max(1.0, rect.height() / 11))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(color if filled else Qt.BrushStyle.NoBrush)
    painter.drawPath(bookmark_path(rect))
    painter.restore()


def paint_dot(painter: QPainter, center: QPointF, radius: float, color: QColor) -> None:
    """The unread dot."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(center, radius, radius)
    painter.restore()


def _bookmark_outline(painter: QPainter, rect: QRectF, color: QColor) -> None:
    paint_bookmark(painter, rect.adjusted(0, 1, 0, -1), color, filled=False)


def _bookmark_filled(painter: QPainter, rect: QRectF, color: QColor) -> None:
    paint_bookmark(painter, rect.adjusted(0, 1, 0, -1), color, filled=True)


def _read_circle(painter: QPainter, rect: QRectF, color: QColor) -> None:
    """A ring with a dot: "mark read / unread"."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    radius = rect.height() * 0.38
    painter.setPen(QPen(color, max(1.0, rect.height() / 11)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(rect.center(), radius, radius)
    paint_dot(painter, rect.center(), radius * 0.45, color)


def _chevron(up: bool) -> Draw:
    def draw(painter: QPainter, rect: QRectF, color: QColor) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, max(1.2, rect.height() / 10))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        c, h = rect.center(), rect.height() * 0.2
        sign = -1 if up else 1
        path = QPainterPath(QPointF(c.x() - 2 * h, c.y() - sign * h))
        path.lineTo(c.x(), c.y() + sign * h)
        path.lineTo(c.x() + 2 * h, c.y() - sign * h)
        painter.drawPath(path)

    return draw


def _sidebar(painter: QPainter, rect: QRectF, color: QColor) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, max(1.0, rect.height() / 12))
    painter.setPen(pen)
    box = rect.adjusted(
        rect.width() * 0.12, rect.height() * 0.2, -rect.width() * 0.12, -rect.height() * 0.2
    )
    painter.drawRoundedRect(box, 2, 2)
    split = box.left() + box.width() * 0.35
    painter.drawLine(QPointF(split, box.top()), QPointF(split, box.bottom()))


def _icon(
    draw: Draw, color: QColor, on: Draw | None = None, on_color: QColor | None = None
) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        for ratio in (1.0, 2.0):
            icon.addPixmap(_pixmap(draw, color, size, ratio), QIcon.Mode.Normal, QIcon.State.Off)
            if on is not None:
                pixmap = _pixmap(on, on_color or color, size, ratio)
                icon.addPixmap(pixmap, QIcon.Mode.Normal, QIcon.State.On)
    return icon


def _pixmap(draw: Draw, color: QColor, size: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    margin = size * 0.1
    draw(painter, QRectF(margin, margin, size - 2 * margin, size - 2 * margin), color)
    painter.end()
    return pixmap


def bookmark_icon(color: QColor, accent: QColor) -> QIcon:
    """Outline when off, filled with the accent when on (for a checkable action)."""
    return _icon(_bookmark_outline, color, _bookmark_filled, accent)


def read_icon(color: QColor) -> QIcon:
    return _icon(_read_circle, color)


def chevron_icon(color: QColor, up: bool) -> QIcon:
    return _icon(_chevron(up), color)


def sidebar_icon(color: QColor) -> QIcon:
    return _icon(_sidebar, color)


def paint_annotation_mark(painter: QPainter, box: QRectF, colour: QColor, kind: str) -> None:
    """The sidebar's marks: a highlighter stroke (Annotated), strokes of a list
    (Highlights), note lines (Notes), a broken ring (Orphans)."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if kind == "highlights":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for number, width in enumerate((14.0, 9.0, 12.0)):
            y = box.top() + 2.5 + number * 4.5
            painter.drawRoundedRect(QRectF(box.left() + 1, y, width, 3), 1.2, 1.2)
        return
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


def paint_feed(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A feed: a dot in the corner and two arcs around it (the usual syndication mark)."""
    painter.save()
    corner = QPointF(box.left() + 3.5, box.bottom() - 3.5)
    paint_dot(painter, corner, 1.8, colour)
    pen = QPen(colour, 1.7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (6.0, 10.5):
        arc = QRectF(corner.x() - radius, corner.y() - radius, 2 * radius, 2 * radius)
        painter.drawArc(arc, 0, 90 * 16)
    painter.restore()


def paint_folder(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A folder: a tab and a body, outlined."""
    painter.save()
    path = QPainterPath()
    left, top, right, bottom = (
        box.left() + 1.5,
        box.top() + 3.5,
        box.right() - 1.5,
        box.bottom() - 2.5,
    )
    path.moveTo(left, bottom)
    path.lineTo(left, top)
    path.lineTo(left + 4.5, top)
    path.lineTo(left + 6.5, top + 2)
    path.lineTo(right, top + 2)
    path.lineTo(right, bottom)
    path.closeSubpath()
    painter.setPen(QPen(colour, 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.restore()


def paint_warning(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A problem: an exclamation mark in a filled circle."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(box)
    pen = QPen(QColor("white"), 1.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    centre = box.center()
    painter.drawLine(QPointF(centre.x(), box.top() + 3), QPointF(centre.x(), centre.y() + 1))
    painter.drawPoint(QPointF(centre.x(), box.bottom() - 3))
    painter.restore()
