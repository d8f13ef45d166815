"""The real MainWindow on a fresh library: the first launch, the sidebar and zoom actions,
accessible names, and the state a restart brings back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.actions import ActionId
from reader.ui.window.layout import LIST_MIN, SIDEBAR_MIN
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import ids


def test_first_launch_selects_all_and_the_newest_article(window: MainWindow) -> None:
    assert window.sidebar.current_view() == View("all")
    assert window.list_model.rowCount() == 4
    assert window.article_list.current_id() == ids(window)[0]
    assert window.pane.article_id() == ids(window)[0]
    assert window.status_text() == "4 articles · 3 unread · 0 bookmarked | All Articles: 4 articles"


def test_toggle_sidebar_and_zoom_actions(window: MainWindow) -> None:
    toggle = window.registry.action(ActionId.TOGGLE_SIDEBAR)
    assert toggle.isChecked() and window.sidebar.isVisible()
    toggle.trigger()
    assert not window.sidebar.isVisible()
    toggle.trigger()
    assert window.sidebar.isVisible()
    window.registry.action(ActionId.ZOOM_IN).trigger()
    window.registry.action(ActionId.ZOOM_IN).trigger()
    assert window.pane.zoom() == 2
    window.registry.action(ActionId.ZOOM_RESET).trigger()
    assert window.pane.zoom() == 0


def test_state_is_restored_after_a_restart(
    library_path: Path, make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    library = Library.open(library_path)
    try:
        window = make_window(library, size=(790, 560))  # the offscreen screen is 800x600
        chosen = ids(window)[2]
        window.library.set_bookmarked([chosen, ids(window)[3]], True)
        window.sidebar.select_view(View("bookmarked"))
        window.article_list.select_article(chosen)
        window.registry.action(ActionId.TOGGLE_SIDEBAR).trigger()  # shown: it had collapsed
        window.splitter.moveSplitter(170, 1)  # the reader's widths (the text gives way)
        window.splitter.moveSplitter(170 + 260, 2)
        preferred = window.fitter.preferred
        window.pane.set_zoom(2)
        window.registry.action(ActionId.TOGGLE_SIDEBAR).trigger()
        size = window.size()
        window.close()
    finally:
        library.close()

    library = Library.open(library_path)
    try:
        again = make_window(library, size=None)
        assert again.size() == size
        assert again.list_model.view() == View("bookmarked")
        assert again.article_list.current_id() == chosen
        assert again.pane.article_id() == chosen
        assert not again.sidebar.isVisible()
        assert again.fitter.preferred == preferred
        again.registry.action(ActionId.TOGGLE_SIDEBAR).trigger()
        assert again.sidebar.isVisible()
        # in so narrow a window the sidebar and the list give way to the text
        assert again.splitter.sizes()[:2] == [SIDEBAR_MIN, LIST_MIN]
        assert again.pane.zoom() == 2
        again.close()
    finally:
        library.close()


def test_accessible_names_on_the_panes(window: MainWindow) -> None:
    for widget in (window.sidebar, window.article_list, window.pane):
        assert widget.accessibleName()
        assert widget.accessibleDescription()
