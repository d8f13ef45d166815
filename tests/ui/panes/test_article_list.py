"""The lazy article model (Qt's model tester, paging, in-place refresh) and the list view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRectF, Qt
from PySide6.QtGui import QContextMenuEvent
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reader.library import ArticleRow, Library, View
from reader.ui.panes.article_delegate import ArticleDelegate, ArticleRole, wrap
from reader.ui.panes.article_list import PAGE, ArticleList, ArticleListModel, IdRole
from reader.ui.window.mainwindow import MainWindow

Factory = Callable[..., MainWindow]
Seed = Callable[..., Path]


def test_model_passes_the_model_tester(library: Library, qtmodeltester: ModelTester) -> None:
    model = ArticleListModel(library)
    model.set_view(View("all"))
    qtmodeltester.check(model, force_py=True)
    library.set_bookmarked([2], True)
    model.refresh([2])
    model.set_view(View("bookmarked"))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 1


def test_rows_carry_the_article(library: Library) -> None:
    model = ArticleListModel(library)
    model.set_view(View("all"))
    index = model.index(0, 0)
    row = index.data(ArticleRole)
    assert isinstance(row, ArticleRow)
    assert index.data() == row.title
    assert index.data(IdRole) == row.id
    assert "unread" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.data(model.index(99, 0)) is None


def test_big_views_are_counted_and_read_where_they_are_seen(
    library: Library, make_window: Factory, tmp_path: Path, qtbot: QtBot, seed: Seed
) -> None:
    library.import_paths([seed(tmp_path / "many.txt", 1000)])
    window = make_window(library)
    model = window.list_model
    assert model.rowCount() == 1004  # counted, not read
    assert not model.canFetchMore(QModelIndex())
    assert model.loaded_rows() <= 2 * PAGE

    bar = window.article_list.verticalScrollBar()
    bar.setValue(bar.maximum())  # a jump to the end reads the last rows, not those between
    qtbot.waitUntil(lambda: model.row_of(model.article_at(1003).id) == 1003)  # type: ignore[union-attr]
    window.article_list.viewport().repaint()
    assert model.loaded_rows() <= 4 * PAGE

    ids = [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids) == 1004  # pages neither overlap nor skip
    assert ids == [r.id for r in library.page(View("all"), limit=2000)]


def test_selecting_a_far_article_reads_only_the_rows_around_it(
    library: Library, make_window: Factory, tmp_path: Path, seed: Seed
) -> None:
    library.import_paths([seed(tmp_path / "many.txt", 700)])
    window = make_window(library)
    everything = window.library.page(View("all"), limit=1000)
    last = everything[-1]
    assert window.article_list.select_article(last.id)
    assert window.pane.article_id() == last.id
    assert window.article_list.currentIndex().row() == 703
    assert window.list_model.loaded_rows() <= 3 * PAGE
    middle = everything[350]
    assert window.article_list.select_article(middle.id)
    assert window.article_list.currentIndex().row() == 350
    assert window.article_list.step(-1) and window.article_list.current_id() == everything[349].id
    assert window.article_list.step(1) and window.article_list.step(1)
    assert window.article_list.current_id() == everything[351].id


def test_rows_that_left_the_view_since_it_was_counted_are_read_once(
    library: Library, tmp_path: Path, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.import_paths([seed(tmp_path / "many.txt", 300)])
    model = ArticleListModel(library)
    model.set_view(View("unread"))
    model.article_at(0)  # the first page is read, the rest only counted
    far = library.page(View("unread"), limit=1000)[150:153]
    library.set_read([r.id for r in far], True)  # three fewer unread, the count kept until reload
    rows = [model.article_at(r) for r in range(model.rowCount())]
    assert rows[-3:] == [None, None, None]  # the view holds three fewer now
    assert len({r.id for r in rows if r is not None}) == model.rowCount() - 3
    reads: list[int] = []
    monkeypatch.setattr(library, "page", lambda *a, **k: reads.append(1) or [])
    monkeypatch.setattr(library, "page_before", lambda *a, **k: reads.append(1) or [])
    assert model.article_at(model.rowCount() - 1) is None and not reads
    model.reload()
    assert model.rowCount() == 301 and model.article_at(300) is not None


def test_changed_rows_refresh_in_place(window: MainWindow, qtbot: QtBot) -> None:
    model = window.list_model
    target = model.index(2, 0).data(IdRole)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged) as changed:
        window.library.set_bookmarked([target], True)
    assert changed.args[0].row() == 2
    assert model.index(2, 0).data(ArticleRole).bookmarked
    assert not resets


def test_new_articles_reload_and_keep_the_selection(
    window: MainWindow, tmp_path: Path, seed: Seed
) -> None:
    window.article_list.step(1)
    window.article_list.step(1)
    chosen = window.article_list.current_id()
    window.library.import_paths([seed(tmp_path / "more.txt", 3)])
    assert window.list_model.rowCount() == 7
    assert window.article_list.current_id() == chosen
    assert window.pane.article_id() == chosen
    assert window.list_model.index(0, 0).data(ArticleRole).title.startswith("Report number 0")


def test_clicking_a_rows_bookmark_mark_toggles_it(window: MainWindow, qtbot: QtBot) -> None:
    view = window.article_list
    index = view.model().index(1, 0)  # the view's rows (a proxy over the model's)
    article_id = index.data(IdRole)
    mark = ArticleDelegate.bookmark_rect(QRectF(view.visualRect(index))).center().toPoint()
    selected_before = view.current_id()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mark)
    assert window.library.rows([article_id])[article_id].bookmarked
    assert view.current_id() == selected_before  # the mark does not select the row
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mark)
    assert not window.library.rows([article_id])[article_id].bookmarked


def test_clicking_a_row_selects_it(window: MainWindow, qtbot: QtBot) -> None:
    view = window.article_list
    index = view.model().index(3, 0)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert view.current_id() == index.data(IdRole)
    assert window.pane.article_id() == index.data(IdRole)


def test_rows_are_tall_enough_for_their_text(window: MainWindow) -> None:
    view = window.article_list
    for row in range(window.list_model.rowCount()):
        rect = view.visualRect(view.model().index(row, 0))
        assert rect.height() >= 80
        assert rect.width() >= view.viewport().width() - 1


def test_wrap_elides_only_the_last_line(qtbot: QtBot, window: MainWindow) -> None:
    font = window.article_list.font()
    lines = wrap("word " * 200, font, 200, 2)
    assert len(lines) == 2
    assert not lines[0].endswith("…") and lines[1].endswith("…")
    assert wrap("short", font, 200, 2) == ["short"]


def test_context_menu_requests_name_the_row(library: Library, qtbot: QtBot) -> None:
    model = ArticleListModel(library)
    model.set_view(View("all"))
    view = ArticleList(model)
    qtbot.addWidget(view)
    view.resize(380, 600)
    view.show()
    qtbot.waitExposed(view)
    view.step(1)
    index = view.model().index(2, 0)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=centre)
    assert view.current_id() == model.index(0, 0).data(IdRole)  # a right click does not select
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, centre, view.viewport().mapToGlobal(centre)
    )
    with qtbot.waitSignal(view.menuRequested) as request:
        view.contextMenuEvent(event)
    assert request.args[0] == index.data(IdRole)
    assert isinstance(request.args[1], QPoint)


def test_a_read_mark_does_not_lay_out_every_row_again(
    library: Library, make_window: Factory, tmp_path: Path, seed: Seed
) -> None:
    """`J` onto an unread article marks it read and repaints its row in place; a
    `dataChanged` without roles made QListView lay out all rows before the next `J`
    (two calls into the model per row of the view, on every press)."""
    library.import_paths([seed(tmp_path / "many.txt", 1500)])
    window = make_window(library)
    model = window.list_model
    calls = [0]
    counted = model.rowCount

    def row_count(parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        calls[0] += 1
        return counted(parent)

    model.rowCount = row_count  # type: ignore[method-assign]
    for _ in range(3):
        calls[0] = 0
        assert window.article_list.step(1)
        window.current.mark_read_now()  # the read mark refreshes the row
        window.article_list.viewport().repaint()
        assert calls[0] < 100, f"{calls[0]} calls into the model for one step"
