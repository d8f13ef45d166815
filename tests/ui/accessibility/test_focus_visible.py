"""Focus is always visible: the row that has the keyboard focus in each custom-painted list
(article list, sidebar, notes panel, search results) is painted differently from the same
row without it, in light and dark palettes, and the focus mark keeps a 3:1 contrast."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QListView, QStyle, QStyledItemDelegate
from PySide6.QtWidgets import QStyleOptionViewItem as Option
from pytestqt.qtbot import QtBot

from reader.library import AnnotationInfo, SearchResult
from reader.ui.annotations.notes_delegate import NotesDelegate
from reader.ui.annotations.notes_model import AnnotationListModel, Row
from reader.ui.panes.article_delegate import ArticleDelegate
from reader.ui.panes.article_list import ArticleListModel
from reader.ui.panes.sidebar import SidebarDelegate, SidebarModel
from reader.ui.search.results import ResultDelegate, SearchResultsModel
from reader.ui.style import theme
from reader.ui.window.mainwindow import MainWindow

WHEN = dt.datetime(2026, 12, 2, 9, 30)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#3d6fb4"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.Accent, "#3d6fb4"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    return QApplication.style().standardPalette()


PALETTES = {"light": light_palette, "dark": dark_palette}


def render(
    delegate: QStyledItemDelegate, index: QModelIndex, palette: QPalette, state: QStyle.StateFlag
) -> QImage:
    """One row painted by `delegate` with `state`, as the view would paint it."""
    image = QImage(360, 120, QImage.Format.Format_ARGB32)
    image.fill(palette.color(QPalette.ColorRole.Base))
    option = Option()
    option.rect = QRect(0, 0, 360, 120)
    option.palette = palette
    option.state = QStyle.StateFlag.State_Enabled | state
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image


def strongest_change(first: QImage, second: QImage) -> float:
    """The highest contrast ratio between a pixel of `first` and the same pixel of `second`."""
    best = 1.0
    for y in range(0, first.height(), 2):
        for x in range(0, first.width(), 2):
            a, b = first.pixelColor(x, y), second.pixelColor(x, y)
            if a != b:
                best = max(best, theme.contrast(a, b))
    return best


def rows(
    library_window: MainWindow, view: QListView
) -> dict[str, tuple[QStyledItemDelegate, QModelIndex]]:
    """A row of each custom-painted list (models kept by `view`), with its delegate."""
    articles = ArticleListModel(library_window.library, view)
    articles.reload()
    sidebar = library_window.sidebar.sidebar_model()
    assert isinstance(sidebar, SidebarModel)
    entry = next(
        sidebar.index(r, 0)
        for r in range(sidebar.rowCount())
        if sidebar.flags(sidebar.index(r, 0)) & Qt.ItemFlag.ItemIsSelectable
    )
    notes = AnnotationListModel(view)
    info = AnnotationInfo(1, "u", 1, "highlight", "yellow", "a quote", None, None, 0, 7,
                          "its note", False, WHEN, WHEN)  # fmt: skip
    notes.set_rows([Row("", info)])
    results = SearchResultsModel(view)
    results.set_results("quote", [SearchResult("article", 1, 1, "A title", 1.0, "a quote")])
    return {
        "article list": (ArticleDelegate(view), articles.index(0, 0)),
        "sidebar": (SidebarDelegate(view), entry),
        "notes panel": (NotesDelegate(view), notes.index(0, 0)),
        "search results": (ResultDelegate(view), results.index(0, 0)),
    }


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_focus_marks_stand_out_from_the_base(name: str, qapp: QApplication) -> None:
    palette = PALETTES[name]()
    base = palette.color(QPalette.ColorRole.Base)
    assert theme.contrast(theme.focus_colour(palette), base) >= theme.FOCUS_CONTRAST


def test_a_pale_accent_is_darkened_for_the_focus_mark(qapp: QApplication) -> None:
    palette = light_palette()
    palette.setColor(QPalette.ColorRole.Accent, QColor("#f6f0a0"))
    base = palette.color(QPalette.ColorRole.Base)
    assert theme.contrast(theme.focus_colour(palette), base) >= theme.FOCUS_CONTRAST


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_focused_row_of_every_list_is_visible(name: str, window: MainWindow) -> None:
    palette = PALETTES[name]()
    view = QListView()
    for what, (delegate, index) in rows(window, view).items():
        assert index.isValid(), what
        for selected in (QStyle.StateFlag.State_None, QStyle.StateFlag.State_Selected):
            without = render(delegate, index, palette, selected)
            focused = render(delegate, index, palette, selected | QStyle.StateFlag.State_HasFocus)
            if what in ("article list", "sidebar") and selected:
                continue  # a selected row in a focused view is filled (checked below)
            assert strongest_change(without, focused) >= theme.FOCUS_CONTRAST, (what, selected)


def test_the_chosen_row_changes_when_its_list_takes_the_focus(
    qtbot: QtBot, win: MainWindow
) -> None:
    for view in (win.article_list, win.sidebar):
        view.setFocus()
        qtbot.waitUntil(view.hasFocus, timeout=3000)
        if not view.currentIndex().isValid():
            view.setCurrentIndex(view.model().index(1, 0))
        rect = view.visualRect(view.currentIndex())
        focused = view.viewport().grab(rect).toImage()
        win.pane.setFocus()
        qtbot.waitUntil(lambda v=view: not v.hasFocus(), timeout=3000)
        unfocused = view.viewport().grab(rect).toImage()
        assert strongest_change(focused, unfocused) >= theme.FOCUS_CONTRAST, view.objectName()
