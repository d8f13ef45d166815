"""The highlight colours as Qt paints, from the one definition of the colours.

Translucent paints for the reading pane (so overlapping highlights blend), opaque swatches for
icons, list marks and search results, and the colour of found words, which is never a
highlight's colour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from reader.library import HIGHLIGHT_COLOURS
from reader.ui.style import theme

TEXT_CONTRAST = 4.5  # WCAG AA for body text: the text against a highlight over the page

# name: (label, light-palette paint, dark-palette paint), from the core's one definition;
# translucent, so overlapping highlights blend.
PAINTS: dict[str, tuple[str, QColor, QColor]] = {
    colour.name: (colour.label, QColor(*colour.light), QColor(*colour.dark))
    for colour in HIGHLIGHT_COLOURS
}


def blended(paint: QColor, ground: QColor) -> QColor:
    """A translucent `paint` as it looks laid over the opaque `ground`."""
    return theme.mix(ground, QColor(paint.red(), paint.green(), paint.blue()), paint.alphaF())


def paint_colour(name: str | None, palette: QPalette) -> QColor:
    """The translucent paint of a highlight colour for this palette (light or dark), made
    fainter where needed so the palette's text keeps a contrast of at least `TEXT_CONTRAST`
    on it over the palette's base (in every reading theme: light, sepia, dark)."""
    _label, light, dark = PAINTS.get(name or "yellow", PAINTS["yellow"])
    paint = QColor(dark if theme.is_dark(palette) else light)
    text = palette.color(QPalette.ColorRole.Text)
    ground = palette.color(QPalette.ColorRole.Base)
    alpha = paint.alpha()
    while alpha > 30 and theme.contrast(text, blended(paint, ground)) < TEXT_CONTRAST + 0.1:
        alpha -= 8  # the margin covers 8-bit rounding where Qt blends
        paint.setAlpha(alpha)
    return paint


def swatch_colour(name: str | None, palette: QPalette) -> QColor:
    """The same colour, opaque over the palette's base (for icons and list marks)."""
    paint = paint_colour(name, palette)
    base = palette.color(QPalette.ColorRole.Base)
    return theme.mix(base, QColor(paint.red(), paint.green(), paint.blue()), paint.alphaF() * 1.6)


def colour_label(name: str | None) -> str:
    return PAINTS.get(name or "yellow", PAINTS["yellow"])[0]


def color_icon(name: str, widget: QWidget) -> QIcon:
    """A small round swatch of a highlight colour."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(swatch_colour(name, widget.palette()))
    painter.drawEllipse(2, 2, 12, 12)
    painter.end()
    return QIcon(pixmap)


def found_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """Found words' paint (soft) and the current match's (strong): the palette's accent,
    which no highlight colour is, so a found word never looks like a highlight."""
    accent = theme.accent(palette)
    soft = QColor(accent)
    soft.setAlpha(70)
    strong = QColor(accent)
    strong.setAlpha(170)
    return soft, strong
