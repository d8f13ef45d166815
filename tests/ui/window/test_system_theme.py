"""When the system's colours change while Reader runs (light to dark), the window's own
stylesheet is made anew from the new palette: no pane keeps the old colours."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.ui.window.mainwindow import MainWindow


@pytest.fixture
def restore_palette() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    yield
    app.setPalette(before)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base, "#17181a"),
        (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Button, "#2a2b2e"), (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
    ):  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette


def corner(widget: object) -> QColor:
    """The colour of a pane's empty lower-left corner, as painted."""
    image = widget.grab().toImage()  # type: ignore[attr-defined]
    return image.pixelColor(3, image.height() - 3)


def test_a_dark_system_palette_restyles_every_pane(
    window: MainWindow, qtbot: QtBot, restore_palette: None
) -> None:
    assert (
        corner(window.sidebar).lightnessF() > 0.5 and corner(window.article_list).lightnessF() > 0.5
    )
    QApplication.setPalette(dark_palette())
    qtbot.wait(50)
    assert corner(window.sidebar).lightnessF() < 0.5
    assert corner(window.article_list).lightnessF() < 0.5
