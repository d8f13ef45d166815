"""The app's own theme (follow the system, light, dark), kept apart from the reading theme.

A chosen light or dark theme is an application palette (which every platform style that
draws from the palette follows, and the window's stylesheet is derived from); following the
system is the platform's own palette again (`QPalette()`, whose colours Qt keeps in step with
the system's colour scheme). Windows styled by a stylesheet are styled anew (see
`restyle_windows`). Whether the system is dark is read from Qt's style hints and
followed through their `colorSchemeChanged` signal.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from reader.ui.style import theme

LIGHT = {
    "window": "#efefef", "base": "#ffffff", "alternate": "#f5f5f5", "text": "#1f1f1f",
    "button": "#e8e8e8", "highlight": "#3a7bd5", "highlighted": "#ffffff", "link": "#1a5fb4",
    "mid": "#b8b8b8", "dark": "#9a9a9a", "tooltip": "#ffffdc", "placeholder": "#767676",
    "disabled": "#9a9a9a",
}  # fmt: skip
DARK = {
    "window": "#2b2b2d", "base": "#1e1e20", "alternate": "#262628", "text": "#e6e6e6",
    "button": "#353538", "highlight": "#3d6fb8", "highlighted": "#ffffff", "link": "#8ab4f8",
    "mid": "#4a4a4e", "dark": "#161617", "tooltip": "#3a3a3d", "placeholder": "#9a9a9a",
    "disabled": "#7a7a7a",
}  # fmt: skip


def app_palette(dark: bool) -> QPalette:
    """A complete light or dark palette for the app's widgets."""
    c = {name: QColor(value) for name, value in (DARK if dark else LIGHT).items()}
    r = QPalette.ColorRole
    palette = QPalette()
    roles = {
        r.Window: c["window"], r.WindowText: c["text"], r.Base: c["base"],
        r.AlternateBase: c["alternate"], r.Text: c["text"], r.Button: c["button"],
        r.ButtonText: c["text"], r.BrightText: QColor("#ff5555"), r.Highlight: c["highlight"],
        r.HighlightedText: c["highlighted"], r.Link: c["link"], r.LinkVisited: c["link"],
        r.Mid: c["mid"], r.Dark: c["dark"], r.Shadow: QColor("#000000"),
        r.Light: theme.mix(c["button"], QColor("#ffffff"), 0.4),
        r.Midlight: theme.mix(c["button"], QColor("#ffffff"), 0.2),
        r.ToolTipBase: c["tooltip"], r.ToolTipText: c["text"],
        r.PlaceholderText: c["placeholder"],
    }  # fmt: skip
    accent = getattr(r, "Accent", None)
    if accent is not None:
        roles[accent] = c["highlight"]
    for role, colour in roles.items():
        palette.setColor(role, colour)
    for role in (r.WindowText, r.Text, r.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, c["disabled"])
    return palette


def apply_app_theme(name: str) -> None:
    """Give the application the theme `name` ("system", "light" or "dark")."""
    if name == "system":
        QGuiApplication.setPalette(QPalette())  # nothing resolved: the platform's palette
    else:
        QGuiApplication.setPalette(app_palette(name == "dark"))
    restyle_windows()


def restyle_windows() -> None:
    """Style each window with a stylesheet anew. Qt gives the widgets a stylesheet styles
    the palette they had when it was set, and a window that sets its sheet again while
    the new palette is still being handed out keeps the old colours: so the sheet is taken
    off (the widgets take the new palette) and the window told again that the palette
    changed (it derives its sheet anew); a window that does not is given its sheet back."""
    for widget in QApplication.topLevelWidgets():
        sheet = widget.styleSheet()
        if not sheet:
            continue
        widget.setStyleSheet("")
        # its own handler, called directly: a sent event of this type never reaches it
        widget.changeEvent(QEvent(QEvent.Type.ApplicationPaletteChange))
        if not widget.styleSheet():
            widget.setStyleSheet(sheet)


def system_is_dark(scheme: Qt.ColorScheme | None = None) -> bool:
    """Whether the system's colour scheme (`scheme`, else the one Qt reports) is dark; an
    unknown scheme is judged by the app palette's colours."""
    if scheme is None:
        scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Unknown:
        return theme.is_dark(QGuiApplication.palette())
    return scheme == Qt.ColorScheme.Dark
