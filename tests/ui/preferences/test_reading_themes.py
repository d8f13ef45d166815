"""Reading themes: View › Reading Theme's checkable actions (menu, keys, palette), the
theme colouring only the reading pane, the system's colour scheme followed while the theme
follows the system, and highlight colours keeping a 4.5:1 contrast in every theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from pytestqt.qtbot import QtBot

from reader.library import COLORS
from reader.ui.commands.actions import ActionId
from reader.ui.commands.specs import READING_THEME_ACTIONS
from reader.ui.style import colours, theme
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import SHIFT, K, press


def page(window: MainWindow) -> str:
    return window.pane.palette().color(QPalette.ColorRole.Base).name()


def test_theme_actions_are_checkable_in_a_submenu(window: MainWindow) -> None:
    menu = window.findChild(type(window.menuBar().actions()[0].menu()), "menu-view-reading-theme")
    assert menu is not None
    listed = [a for a in menu.actions() if not a.isSeparator()]
    assert listed == [window.registry.action(a) for a in READING_THEME_ACTIONS.values()]
    assert all(a.isCheckable() for a in listed)
    assert window.registry.action(ActionId.READING_THEME_SYSTEM).isChecked()
    for name, action in READING_THEME_ACTIONS.items():
        window.registry.run(action)
        assert window.preferences.preferences().reading_theme == name
        actions = READING_THEME_ACTIONS.items()
        checked = [n for n, a in actions if window.registry.action(a).isChecked()]
        assert checked == [name]
        if name != "system":
            assert page(window) == theme.READING_THEMES[name].background
    # choosing the checked one again keeps it checked
    window.registry.run(ActionId.READING_THEME_DARK)
    assert window.registry.action(ActionId.READING_THEME_DARK).isChecked()


def test_theme_chords_and_the_palette_reach_them(win: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, K.Key_V, SHIFT)
    press(qtbot, K.Key_E)
    assert win.preferences.preferences().reading_theme == "sepia"
    assert page(win) == theme.READING_THEMES["sepia"].background
    assert "Reading theme: sepia" in win.statusBar().currentMessage()
    picker = win.commands.open_palette()
    qtbot.keyClicks(picker.field, "dark reading")
    item = picker.model.item(picker.current_row())
    assert item is not None and item.label == "View: Dark Reading Theme"
    press(qtbot, K.Key_Return)
    assert win.preferences.preferences().reading_theme == "dark"


def test_the_reading_theme_colours_only_the_pane(window: MainWindow) -> None:
    app_base = window.article_list.palette().color(QPalette.ColorRole.Base).name()
    window.preferences.update(reading_theme="dark")
    assert page(window) == theme.READING_THEMES["dark"].background
    assert window.article_list.palette().color(QPalette.ColorRole.Base).name() == app_base
    assert "#1c1c1e" in window.pane.styleSheet()  # the page is painted, not just the text
    image = window.pane.viewport().grab().toImage()
    assert image.pixelColor(4, image.height() - 4).name() == "#1c1c1e"


def test_the_system_scheme_is_followed_while_running(window: MainWindow) -> None:
    hints = QGuiApplication.styleHints()
    assert window.preferences.preferences().reading_theme == "system"
    try:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert page(window) == theme.READING_THEMES["dark"].background
        assert window.preferences.reading_theme() == "dark"
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert page(window) == theme.READING_THEMES["light"].background
        window.preferences.update(reading_theme="sepia")  # a chosen theme stays
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert page(window) == theme.READING_THEMES["sepia"].background
    finally:
        hints.colorSchemeChanged.emit(hints.colorScheme())


@pytest.mark.parametrize("name", sorted(theme.READING_THEMES))
def test_highlights_keep_text_contrast_in_every_theme(name: str) -> None:
    scheme = theme.READING_THEMES[name]
    palette = theme.reading_palette(QPalette(), scheme)
    text, ground = QColor(scheme.text), QColor(scheme.background)
    assert theme.contrast(text, ground) >= 7.0  # the plain text itself: AAA
    for colour in COLORS:
        paint = colours.paint_colour(colour, palette)
        assert paint.alpha() >= 60, (name, colour)  # still visibly a highlight
        ratio = theme.contrast(text, colours.blended(paint, ground))
        assert ratio >= 4.5, (name, colour, round(ratio, 2))
