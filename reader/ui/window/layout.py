"""Pieces of the window's layout: how the panes share the width, and the toolbar.

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


SIDEBAR_MIN = 150  # the panes' own minimum widths (set on them too)
LIST_MIN = 240
NOTES_GAP = 40  # the notes panel goes back beside the text only with this much to spare


def share_width(
    total: int, preferred: tuple[int, int], reading_want: int, reading_min: int,
    sidebar: bool = True, *, keep_sidebar: bool = False,
) -> tuple[int, int, int]:  # fmt: skip
    """How `total` pixels are shared by sidebar, list and reading pane, by priority: the
    reading pane first gets `reading_want` (its comfortable measure); the sidebar and the
    list keep their `preferred` widths out of what is left, else give way together down to
    their minimums; if the reading pane would then be narrower than `reading_min`, the
    sidebar collapses (width 0) and the list takes back what it can. With `sidebar` False
    it is hidden anyway; with `keep_sidebar` (the reader asked for it) it never collapses.
    Extra width goes to the reading pane (its text stays centred)."""
    side_min = SIDEBAR_MIN if sidebar else 0
    side_pref = max(side_min, preferred[0]) if sidebar else 0
    list_pref = max(LIST_MIN, preferred[1])
    deficit = side_pref + list_pref + reading_want - total
    if deficit <= 0:
        return side_pref, list_pref, total - side_pref - list_pref
    give = (side_pref - side_min, list_pref - LIST_MIN)
    room = sum(give)
    taken = min(deficit, room)
    side = side_pref - (round(taken * give[0] / room) if room else 0)
    articles = side_pref + list_pref - taken - side
    if sidebar and not keep_sidebar and total - side - articles < reading_min:  # collapse it
        return share_width(total, preferred, reading_want, reading_min, sidebar=False)
    return side, articles, max(0, total - side - articles)


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
