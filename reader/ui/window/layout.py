"""Pieces of the window's layout: the panes' first widths and the toolbar.

The toolbar shows a few of the registry's actions (so their tooltips show the current keys)
and the search field; its icons are drawn from the palette, again when the palette changes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget

from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.style import icons, theme
from reader.ui.style.colours import swatch_colour
from reader.ui.style.icons import mark_icon

DEFAULT_SPLIT = (220, 380)
TOOLBAR = (
    (ActionId.TOGGLE_SIDEBAR,),
    (ActionId.PREVIOUS_ARTICLE, ActionId.NEXT_ARTICLE),
    (ActionId.TOGGLE_BOOKMARK, ActionId.TOGGLE_READ),
    (ActionId.HIGHLIGHT, ActionId.TOGGLE_NOTES),
)


def default_split(width: int) -> list[int]:
    """First-launch pane widths: sidebar and list at their natural widths, the reading pane
    the rest; on a narrow window all three shrink alike, so the text never gets squeezed."""
    natural = [*DEFAULT_SPLIT, 680]
    scale = min(1.0, width / sum(natural))
    sidebar, articles = (int(w * scale) for w in DEFAULT_SPLIT)
    return [sidebar, articles, max(1, width - sidebar - articles)]


def build_toolbar(registry: ActionRegistry, search_field: QWidget, parent: QWidget) -> QToolBar:
    """The toolbar: groups of the registry's actions, then the search field on the right."""
    bar = QToolBar("Toolbar", parent)
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.toggleViewAction().setEnabled(False)
    paint_icons(registry, parent.palette())
    for number, group in enumerate(TOOLBAR):
        if number:
            bar.addSeparator()
        for action_id in group:
            bar.addAction(registry.action(action_id))
    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    bar.addWidget(search_field)
    return bar


def paint_icons(registry: ActionRegistry, palette: QPalette) -> None:
    """Draw the toolbar actions' icons in the palette's colours."""
    colour = palette.color(QPalette.ColorRole.WindowText)
    act = registry.action
    act(ActionId.TOGGLE_SIDEBAR).setIcon(icons.sidebar_icon(colour))
    act(ActionId.PREVIOUS_ARTICLE).setIcon(icons.chevron_icon(colour, up=True))
    act(ActionId.NEXT_ARTICLE).setIcon(icons.chevron_icon(colour, up=False))
    act(ActionId.TOGGLE_BOOKMARK).setIcon(icons.bookmark_icon(colour, theme.accent(palette)))
    act(ActionId.TOGGLE_READ).setIcon(icons.read_icon(colour))
    act(ActionId.HIGHLIGHT).setIcon(mark_icon(swatch_colour("yellow", palette), "annotated"))
    act(ActionId.TOGGLE_NOTES).setIcon(mark_icon(colour, "notes"))
