"""What the results list shows: Enter goes to the results with the first chosen (and drawn
as chosen), a row made current by focus alone is selected too, and a search that hit the
limit says so under the list and in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.library.store.models import database
from reader.ui.search.controller import LIMIT
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory, write_seed


def test_enter_goes_to_the_first_result_drawn_as_chosen(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    window = make_window(library, pick=False)
    window.search.focus_search()
    qtbot.keyClicks(window.search.field, "the")
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)  # before the results are in
    qtbot.waitUntil(window.search.results.hasFocus, timeout=5000)
    results = window.search.results
    assert results.currentIndex().row() == 0
    assert results.selectionModel().isSelected(results.currentIndex())
    first = results.current_result()
    assert first is not None and window.current.id() == first.article_id
    qtbot.keyClick(results, Qt.Key.Key_J)
    assert results.currentIndex().row() == 1
    assert [i.row() for i in results.selectionModel().selectedIndexes()] == [1]


def test_focus_alone_selects_the_row_it_makes_current(qtbot: QtBot, window: MainWindow) -> None:
    window.search.set_query("the")
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=5000)
    results = window.search.results
    # what Qt does on focus when no row is current: current, but not selected
    results.selectionModel().setCurrentIndex(
        window.search.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    assert results.selectionModel().isSelected(results.currentIndex())


def test_a_search_at_the_limit_says_only_the_best_are_shown(
    qtbot: QtBot, make_window: WindowFactory, empty_library: Library, tmp_path: Path
) -> None:
    empty_library.import_paths([write_seed(tmp_path / "many.txt", LIMIT + 40)])
    window = make_window(empty_library)
    window.search.set_query("council")
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=10000)
    assert window.search.model.rowCount() == LIMIT
    assert f"best {LIMIT}" in window.search.results.notice()
    assert f"the best {LIMIT} results (more match)" in window.status_text()
    window.search.set_query("council 7")  # fewer: no notice
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=10000)
    assert window.search.model.rowCount() < LIMIT
    assert window.search.results.notice() == ""


def test_filters_alone_are_answered_at_once_and_words_on_the_worker(window: MainWindow) -> None:
    assert not window.library.search_is_ranked("is:unread added:<1d")
    assert window.library.search_is_ranked("climber is:unread")
    window.search.set_query("is:unread")  # no thread hand-over: the rows are in already
    assert window.search.model.rowCount() == window.library.counts().unread
    assert not window.search.results.searching
    window.search.set_query("climber")
    assert window.search.results.searching  # ranked on the worker thread


def test_saved_searches_of_relative_dates_count_again_when_the_day_turns(
    window: MainWindow,
) -> None:
    window.library.save_search("Today", "added:today")
    window.search.update_sidebar()
    assert [n for v, n in window.search.saved_views() if v.name == "Today"] == [4]
    assert 0 < window.search._midnight.remainingTime() <= 24 * 3600 * 1000
    with database.atomic():  # a day later, the articles were added yesterday
        database.execute_sql("UPDATE article SET added = datetime(added, '-1 day')")
    window.search._new_day()
    counts = {v.name: n for v, n in window.search._saved or []}
    assert counts["Today"] == 0
    assert window.search._midnight.isActive()  # and waits for the next midnight
