"""Each preference changes the reading pane at once (font family and size, line height,
paragraph spacing, justification, measure), and is kept: a new window on the same settings
starts with it. Values edited by hand fall back to the defaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontDatabase, QGuiApplication, QPalette

from reader.library import Library
from reader.ui.panes.reading_pane import MEASURE_CHARS, NARROWEST_CHARS
from reader.ui.preferences import model
from reader.ui.preferences.model import Preferences
from reader.ui.style import theme
from reader.ui.window.mainwindow import MainWindow
from reader.ui.window.state import Settings
from tests.ui.conftest import WindowFactory


def css(window: MainWindow) -> str:
    return window.pane.document().defaultStyleSheet()


def paragraph_rule(window: MainWindow) -> str:
    text = css(window)
    start = text.index("\np {")
    return text[start : text.index("}", start)]


def test_the_defaults_read_as_before(window: MainWindow) -> None:
    assert window.preferences.preferences() == Preferences()
    font = window.pane.document().defaultFont()
    assert font.pointSizeF() == 13.0
    assert font.families()[0] == theme.SERIF_FAMILIES[0]
    assert "text-align: left" in paragraph_rule(window)
    assert window.pane.measure_chars == MEASURE_CHARS


def test_font_size_and_families_change_the_pane(window: MainWindow) -> None:
    pane = window.pane
    window.preferences.update(size=17.0)
    assert pane.document().defaultFont().pointSizeF() == 17.0
    window.pane.set_zoom(2)
    assert pane.document().defaultFont().pointSizeF() == 19.0  # zoom adds to the preference
    window.pane.set_zoom(0)
    window.preferences.update(text_family="sans", heading_family="sans")
    font = pane.document().defaultFont()
    assert font.families()[0] == theme.SANS_FAMILIES[0]
    assert '"Inter"' in css(window).split("h1, h2")[1].split("}")[0]
    installed = QFontDatabase.families()[0]
    window.preferences.update(text_family=installed, heading_family="serif")
    assert pane.document().defaultFont().families()[0] == installed
    headings = css(window).split("h1, h2")[1].split("}")[0]
    assert f'"{theme.SERIF_FAMILIES[0]}"' in headings


def test_spacing_and_justification_change_the_stylesheet(window: MainWindow) -> None:
    before = paragraph_rule(window)
    window.preferences.update(line_spacing=2.0)
    taller = paragraph_rule(window)
    height = int(taller.split("line-height:")[1].split("%")[0])
    assert height > int(before.split("line-height:")[1].split("%")[0])
    window.preferences.update(paragraph_spacing=2.0)
    gap = int(paragraph_rule(window).split("margin-bottom:")[1].split("px")[0])
    assert gap > int(before.split("margin-bottom:")[1].split("px")[0])
    window.preferences.update(justify=True)
    assert "text-align: justify" in paragraph_rule(window)
    # the document itself was set again in the new style: its blocks say so
    block = window.pane.document().begin()
    aligned = []
    while block.isValid():
        aligned.append(block.blockFormat().alignment())
        block = block.next()
    assert any(a & a.AlignJustify for a in aligned)


def test_line_width_changes_the_measure_and_the_layout(window: MainWindow) -> None:
    pane = window.pane
    wide = pane.measure()
    window.preferences.update(line_width=50)
    assert pane.measure_chars == 50
    assert pane.measure() < wide
    assert pane.width_for(MEASURE_CHARS) == pane.width_for(50)  # the layout asks for this
    assert pane.width_for(NARROWEST_CHARS) <= pane.width_for(MEASURE_CHARS)
    root = pane.document().rootFrame().frameFormat()
    assert pane.viewport().width() - root.leftMargin() - root.rightMargin() <= pane.measure() + 1
    window.preferences.update(line_width=40)  # narrower than the narrowest: the layout keeps it
    assert pane.width_for(NARROWEST_CHARS) == pane.width_for(MEASURE_CHARS)


def test_preferences_are_kept_for_a_new_window(
    library: Library, make_window: WindowFactory, settings_path: Path
) -> None:
    chosen = Preferences(
        reading_theme="sepia", app_theme="system", text_family="sans", heading_family="serif",
        size=15.5, line_width=60, line_spacing=1.8, paragraph_spacing=1.2, justify=True,
    )  # fmt: skip
    first = make_window(library)
    first.preferences.set_preferences(chosen)
    first.close()
    second = make_window(library)
    assert second.preferences.preferences() == chosen
    pane = second.pane
    assert pane.document().defaultFont().pointSizeF() == 15.5
    assert pane.measure_chars == 60
    assert "text-align: justify" in paragraph_rule(second)
    base = pane.palette().color(QPalette.ColorRole.Base).name()
    assert base == theme.READING_THEMES["sepia"].background
    stored = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert stored.value(Settings.LINE_WIDTH) in (60, "60")


def test_values_edited_by_hand_fall_back(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    state = Settings(store)
    for key, value in (
        (Settings.READING_THEME, "purple"), (Settings.FONT_SIZE, "huge"),
        (Settings.LINE_WIDTH, 9999), (Settings.LINE_SPACING, "nan"),
        (Settings.JUSTIFY, "perhaps"), (Settings.TEXT_FAMILY, ""),
    ):  # fmt: skip
        state.set_preference(key, value)
    prefs = model.load(state)
    assert prefs.reading_theme == "system" and prefs.size == 13.0
    assert prefs.line_width == model.WIDTH_RANGE[1] and prefs.line_spacing == 1.55
    assert prefs.justify is False and prefs.text_family == "serif"


def test_the_app_theme_is_apart_from_the_reading_theme(
    window: MainWindow, own_app_theme: None
) -> None:
    window.preferences.update(reading_theme="sepia", app_theme="dark")
    app_base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    assert theme.is_dark(QGuiApplication.palette())
    assert theme.is_dark(window.sidebar.palette())
    pane_base = window.pane.palette().color(QPalette.ColorRole.Base).name()
    assert pane_base == theme.READING_THEMES["sepia"].background != app_base.name()
    window.preferences.update(app_theme="light")
    assert not theme.is_dark(QGuiApplication.palette())
    window.preferences.update(app_theme="system")
    assert window.pane.palette().color(QPalette.ColorRole.Base).name() == pane_base
