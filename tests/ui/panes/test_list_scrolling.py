"""A key that moves past the list's last visible row scrolls it. Qt then moves the rows
already painted and paints only the row that comes in, because the viewport is opaque
(`ArticleList._opaque_viewport`; the window's style sheet clears the fill each time it is
applied, and every `J` at the bottom of the list painted every row on screen). What is on
screen after such scrolls must be exactly what painting the whole list gives: a row that
painted outside its own rectangle (the separator line once did) would leave gaps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QImage, QPaintEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import K, activate, press

Factory = Callable[..., MainWindow]
Seed = Callable[..., Path]


class Painted(QObject):
    """The height of the viewport's area each paint covered."""

    def __init__(self) -> None:
        super().__init__()
        self.heights: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.heights.append(sum(rect.height() for rect in event.region()))
        return False


def _on_screen(window: MainWindow) -> QImage:
    """The list's viewport as the window's backing store holds it (not painted afresh, as
    `grab` would)."""
    view = window.article_list.viewport()
    corner = view.mapTo(window, QPoint(0, 0))
    shot = window.screen().grabWindow(
        window.winId(), corner.x(), corner.y(), view.width(), view.height()
    )
    return shot.toImage()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_keys_scroll_the_list_painting_only_the_row_that_comes_in(
    library: Library, make_window: Factory, qtbot: QtBot, tmp_path: Path, seed: Seed
) -> None:
    library.import_paths([seed(tmp_path / "many.txt", 40)])
    window = activate(qtbot, make_window(library, (900, 600)))
    view = window.article_list.viewport()
    assert view.autoFillBackground()  # still, after the style sheet was applied
    painted = Painted()
    view.installEventFilter(painted)
    rows_on_screen = view.height() // window.article_list.sizeHintForRow(0)
    for _ in range(rows_on_screen + 3):
        press(qtbot, K.Key_J)
        _settle()
    painted.heights.clear()
    press(qtbot, K.Key_J)  # at the bottom: the list scrolls by a row
    _settle()
    assert painted.heights and max(painted.heights) < view.height() / 2, painted.heights
    scrolled = _on_screen(window)
    view.repaint()
    _settle()
    assert _on_screen(window) == scrolled
    for key in [K.Key_K] * (rows_on_screen + 3) + [K.Key_PageDown, K.Key_End, K.Key_Home]:
        press(qtbot, key)
        _settle()
        moved = _on_screen(window)
        view.repaint()
        _settle()
        assert _on_screen(window) == moved, key


def test_the_viewport_stays_opaque_when_the_style_sheet_is_applied_again(
    window: MainWindow,
) -> None:
    sheet = window.styleSheet()
    window.setStyleSheet("")
    window.setStyleSheet(sheet)  # as a change of the desktop's theme does
    assert window.article_list.viewport().autoFillBackground()
