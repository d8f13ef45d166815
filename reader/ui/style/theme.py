"""Colours and stylesheets derived from the palette, so light and dark themes both work."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from reader.library import resource

BODY_LEADING = 1.55  # line distance in ems for the reading text
TITLE_LEADING = 1.2
FOCUS_CONTRAST = 3.0  # WCAG 2.2 "focus appearance": the focus mark against what is around it

# Focus marks for the panes and fields `resources/app.qss` does not style (appended to it):
# each shows the same accent line along its top edge while it has the keyboard focus.
FOCUS_QSS = """
#searchResults, #notesList {
    border: none;
    border-top: 2px solid palette(base);
}

#searchResults:focus, #notesList:focus {
    border-top: 2px solid @focus@;
}
"""


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """`first` moved `amount` (0..1) of the way towards `second`."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def accent(palette: QPalette, group: QPalette.ColorGroup = QPalette.ColorGroup.Active) -> QColor:
    """The accent colour: the palette's accent role (Qt 6.6+), else its highlight."""
    role = getattr(QPalette.ColorRole, "Accent", QPalette.ColorRole.Highlight)
    return palette.color(group, role)


def muted(palette: QPalette, selected: bool = False) -> QColor:
    """Secondary text: the text colour pulled towards the background."""
    if selected:
        text = palette.color(QPalette.ColorRole.HighlightedText)
        return mix(text, palette.color(QPalette.ColorRole.Highlight), 0.25)
    return mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.45)


def warning(palette: QPalette) -> QColor:
    """A colour for problems (a feed that failed), readable on the palette's base."""
    return QColor("#e8863a") if is_dark(palette) else QColor("#c4501b")


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of `colour` (0 black .. 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours (1 .. 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_colour(palette: QPalette, behind: QColor | None = None) -> QColor:
    """The colour of focus marks: the accent where it stands out enough (`FOCUS_CONTRAST`,
    with a margin for 8-bit rounding) from the base and from the fill `behind` it, else the
    accent moved towards the text colour until it does."""
    grounds = [palette.color(QPalette.ColorRole.Base)] + ([behind] if behind else [])
    colour = accent(palette)
    text = palette.color(QPalette.ColorRole.Text)
    for step in range(1, 11):
        if min(contrast(colour, ground) for ground in grounds) >= FOCUS_CONTRAST + 0.1:
            break
        colour = mix(accent(palette), text, step / 10)
    return colour


def paint_focus_ring(
    painter: QPainter, rect: QRectF, palette: QPalette, behind: QColor | None = None
) -> None:
    """A 2 px rounded outline inside `rect` (painted on `behind`, if not the base): the row
    that has the keyboard focus."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(focus_colour(palette, behind), 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 4, 4)
    painter.restore()


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def sidebar_background(palette: QPalette) -> QColor:
    """A tint between window and base colours, a little apart from the list."""
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    return mix(base, window, 0.7)


def app_stylesheet(palette: QPalette) -> str:
    """`resources/app.qss` with its `@name@` colours filled in from `palette`."""
    text = resource("app.qss").read_text(encoding="utf-8")
    colours = {
        "accent": accent(palette),
        "separator": mix(
            palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.14
        ),
        "sidebar": sidebar_background(palette),
        "focus": focus_colour(palette),
    }
    text += FOCUS_QSS
    for name, colour in colours.items():
        text = text.replace(f"@{name}@", colour.name())
    return text


def reading_stylesheet(palette: QPalette, font: QFont, style: ReadingStyle | None = None) -> str:
    """`resources/reader.css` with its `var(--name)` values filled in for `palette`, the
    reading `font` and the reading `style` (see the file's header)."""
    style = style or ReadingStyle()
    metrics = QFontMetricsF(font)
    em = QFontInfo(font).pixelSize() or font.pointSizeF() * 96 / 72
    height = metrics.height() or 1.0
    values = {
        "muted": muted(palette).name(),
        "accent": accent(palette).name(),
        "leading": f"{round(100 * style.leading * em / height)}%",
        "title-leading": f"{round(100 * TITLE_LEADING * em / height)}%",
        "paragraph": f"{round(style.paragraph * em)}px",
        "align": "justify" if style.justify else "left",
        "body-family": css_families(style.text_family),
        "heading-family": css_families(style.heading_family),
    }
    text = resource("reader.css").read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"var(--{name})", value)
    return text


def paint_empty_state(widget: QWidget, title: str, hint: str) -> None:
    """A muted title and a fainter hint, centred in `widget` (a viewport with no content)."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    palette = widget.palette()
    rect = QRectF(widget.rect()).adjusted(16, 0, -16, 0)
    middle = rect.center().y()
    heading = QFont(widget.font())
    heading.setPointSizeF(max(11.0, heading.pointSizeF() * 1.35))
    heading.setWeight(QFont.Weight.DemiBold)
    painter.setFont(heading)
    painter.setPen(muted(palette))
    above = QRectF(rect.left(), rect.top(), rect.width(), middle - rect.top() - 4)
    painter.drawText(above, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, title)
    painter.setFont(widget.font())
    painter.setPen(mix(muted(palette), palette.color(QPalette.ColorRole.Base), 0.3))
    below = QRectF(rect.left(), middle + 6, rect.width(), rect.bottom() - middle - 6)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(below, int(flags), hint)
    painter.end()


# -- reading themes and the reading style ------------------------------------------------------

SERIF_FAMILIES = (
    "Charter", "Bitstream Charter", "Iowan Old Style", "Source Serif 4", "Source Serif Pro",
    "Georgia", "Palatino Linotype", "Palatino", "P052", "Noto Serif", "DejaVu Serif", "serif",
)  # fmt: skip
SANS_FAMILIES = (
    "Inter", "Source Sans 3", "Cantarell", "Noto Sans", "Helvetica Neue", "Nimbus Sans",
    "DejaVu Sans", "sans-serif",
)  # fmt: skip
GENERIC_FAMILIES: dict[str, tuple[str, ...]] = {"serif": SERIF_FAMILIES, "sans": SANS_FAMILIES}


@dataclass(frozen=True, slots=True)
class ReadingColours:
    """A reading theme's colours: the page, its text, links, and text that steps back."""

    name: str
    background: str
    text: str
    accent: str
    selection: str


READING_THEMES: dict[str, ReadingColours] = {
    "light": ReadingColours("light", "#ffffff", "#1f1f1f", "#1a5fb4", "#b5d3f5"),
    "sepia": ReadingColours("sepia", "#f4ecd8", "#3b2f22", "#8a4b12", "#dcc59a"),
    "dark": ReadingColours("dark", "#1c1c1e", "#dedcd6", "#8ab4f8", "#3e5a80"),
}


@dataclass(frozen=True, slots=True)
class ReadingStyle:
    """How the reading pane sets its text: colours (None: the window's palette), the text's
    and the headings' families ("serif", "sans" or an installed family), the base size in
    points, the measure in characters, line distance in ems, paragraph spacing in ems and
    whether paragraphs are justified."""

    colours: ReadingColours | None = None
    text_family: str = "serif"
    heading_family: str = "serif"
    size: float = 13.0
    measure: int = 70
    leading: float = BODY_LEADING
    paragraph: float = 0.9
    justify: bool = False


def families(name: str) -> list[str]:
    """The font families to try for a family setting: a generic list, or one installed
    family with the serif list behind it."""
    return list(GENERIC_FAMILIES.get(name, (name, *SERIF_FAMILIES)))


def css_families(name: str) -> str:
    """The same as a CSS `font-family` value."""
    generic = ("serif", "sans-serif")
    return ", ".join(f if f in generic else '"' + f.replace('"', "") + '"' for f in families(name))


def reading_palette(base: QPalette, colours: ReadingColours) -> QPalette:
    """`base` with the reading theme's page, text, link and selection colours."""
    palette = QPalette(base)
    page, text = QColor(colours.background), QColor(colours.text)
    roles = {
        QPalette.ColorRole.Base: page,
        QPalette.ColorRole.Window: page,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Link: QColor(colours.accent),
        QPalette.ColorRole.Highlight: QColor(colours.selection),
        QPalette.ColorRole.HighlightedText: text,
        QPalette.ColorRole.Button: mix(page, text, 0.06),
        QPalette.ColorRole.ButtonText: text,
    }
    accent_role = getattr(QPalette.ColorRole, "Accent", None)
    if accent_role is not None:
        roles[accent_role] = QColor(colours.accent)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in roles.items():
            palette.setColor(group, role, colour)
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        palette.setColor(QPalette.ColorGroup.Disabled, role, page)
    return palette


def reading_pane_qss(colours: ReadingColours) -> str:
    """The reading pane's own stylesheet for a reading theme: its page, text and selection
    colours, and its focus mark (as `app.qss` draws it, in this theme's colours)."""
    focus = focus_colour(reading_palette(QPalette(), colours)).name()
    page = colours.background
    return (
        f"#readingPane {{ background: {page}; color: {colours.text}; "
        f"selection-background-color: {colours.selection}; selection-color: {colours.text}; "
        f"border: none; border-top: 2px solid {page}; }}\n"
        f"#readingPane:focus {{ border-top: 2px solid {focus}; }}\n"
    )
