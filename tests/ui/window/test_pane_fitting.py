"""The panes share the window by priority: the text keeps a comfortable measure first, the
list and the sidebar give way to their minimums, then the sidebar collapses and the notes
panel moves below the text; the reader's own widths and choices are kept."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.commands.actions import ActionId
from reader.ui.panes.reading_pane import MEASURE_CHARS, NARROWEST_CHARS
from reader.ui.window.layout import LIST_MIN, SIDEBAR_MIN, share_width
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory

RIGHT, BOTTOM = 2, 8  # Qt.DockWidgetArea values


def text_column(window: MainWindow) -> float:
    """The width the reading text is laid out in, in pixels."""
    frame = window.pane.document().rootFrame().frameFormat()
    return window.pane.viewport().width() - frame.leftMargin() - frame.rightMargin()


def fitted(window: MainWindow, qtbot: QtBot, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.wait(60)  # the notes panel moves on the next turn of the event loop


def test_share_width_gives_the_text_its_measure_first() -> None:
    assert share_width(1920, (220, 380), 800, 540) == (220, 380, 1320)  # room for all
    # the list and the sidebar give way together, each by what it can spare
    assert share_width(1280, (220, 380), 800, 540) == (180, 300, 800)
    # too narrow for three: the sidebar collapses, and the list takes back what it can
    assert share_width(900, (220, 380), 800, 540) == (0, 240, 660)
    assert share_width(900, (220, 380), 800, 540, keep_sidebar=True) == (150, 240, 510)
    assert share_width(1920, (220, 380), 800, 540, sidebar=False) == (0, 380, 1540)
    for total in range(500, 2600, 37):  # never more than the total, never below a minimum
        side, articles, reading = share_width(total, (300, 500), 800, 540)
        assert side + articles + reading == total or reading == 0
        assert side == 0 or side >= SIDEBAR_MIN
        assert articles >= LIST_MIN


@pytest.mark.parametrize("notes", [False, True])
@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1920, 1080)])
def test_the_text_keeps_a_comfortable_measure_at_every_size(
    library: Library, make_window: WindowFactory, qtbot: QtBot, size: tuple[int, int], notes: bool
) -> None:
    window = make_window(library)
    window.notes.setVisible(notes)
    fitted(window, qtbot, *size)
    narrowest = window.pane.measure(NARROWEST_CHARS)
    assert text_column(window) >= narrowest - 2
    assert text_column(window) <= window.pane.measure(MEASURE_CHARS) + 2
    if size[0] >= 1280:
        assert not window.sidebar.isHidden()
    if notes:
        area = window.dockWidgetArea(window.notes).value
        assert area == (BOTTOM if size[0] < 1000 else RIGHT)


def test_a_collapsed_sidebar_comes_back_with_room_or_its_toggle(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(library)
    toggle = window.registry.action(ActionId.TOGGLE_SIDEBAR)
    fitted(window, qtbot, 800, 600)
    assert window.sidebar.isHidden() and not toggle.isChecked()
    toggle.trigger()  # the reader asks for it: shown, the list and the text make room
    assert not window.sidebar.isHidden() and toggle.isChecked()
    assert window.splitter.sizes()[0] >= SIDEBAR_MIN
    fitted(window, qtbot, 1280, 800)
    assert not window.sidebar.isHidden()
    toggle.trigger()  # hidden by the reader: stays hidden however wide
    fitted(window, qtbot, 1920, 1080)
    assert window.sidebar.isHidden()
    window.save_state()
    assert window.settings.sidebar_visible() is False


def test_the_notes_panel_moves_below_and_back(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(library)
    window.notes.show()
    fitted(window, qtbot, 1280, 800)
    assert window.dockWidgetArea(window.notes).value == RIGHT
    width = window.notes.width()
    fitted(window, qtbot, 800, 600)
    assert window.dockWidgetArea(window.notes).value == BOTTOM
    assert window.notes.height() < 600 / 2
    fitted(window, qtbot, 1280, 800)
    assert window.dockWidgetArea(window.notes).value == RIGHT
    assert abs(window.notes.width() - width) <= 2  # the width it had


def test_dragged_widths_are_the_readers_and_are_kept(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(library)
    fitted(window, qtbot, 1920, 1080)
    window.splitter.moveSplitter(300, 1)  # the reader drags the sidebar's edge
    window.splitter.moveSplitter(300 + 450, 2)  # and the list's
    dragged = tuple(window.splitter.sizes()[:2])
    assert window.fitter.preferred == dragged and abs(dragged[0] - 300) <= 2
    fitted(window, qtbot, 800, 600)  # squeezed …
    fitted(window, qtbot, 1920, 1080)  # … and back: the reader's widths again
    assert tuple(window.splitter.sizes()[:2]) == dragged
    window.save_state()
    assert tuple(window.settings.splitter()[:2]) == dragged  # type: ignore[index]
