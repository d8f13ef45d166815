"""Custom-painted rows say their text and state in words: the article list, the sidebar
(library views, topics, feeds' counts, saved searches), the notes panel and the search
results, each read the way a screen reader reads them, through Qt's accessibility
interface (`QAccessible.queryAccessibleInterface`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from reader.library import View
from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow

NAME, DESCRIPTION = QAccessible.Text.Name, QAccessible.Text.Description


@pytest.fixture(autouse=True)
def _accessibility() -> Iterator[None]:
    """Qt builds accessible interfaces only while assistive technology is active."""
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


def cells(view: QAbstractItemView) -> list[QAccessibleInterface]:
    """The rows of `view` as assistive technology sees them."""
    interface = QAccessible.queryAccessibleInterface(view)
    assert interface is not None
    assert interface.role() == QAccessible.Role.List
    assert interface.text(NAME) == view.accessibleName() != ""
    rows = [interface.child(i) for i in range(interface.childCount())]
    assert all(row.role() == QAccessible.Role.ListItem for row in rows)
    return rows


def names(view: QAbstractItemView) -> list[str]:
    return [row.text(NAME) for row in cells(view)]


def row_named(view: QAbstractItemView, start: str) -> QAccessibleInterface:
    found = [row for row in cells(view) if row.text(NAME).startswith(start)]
    assert len(found) == 1, names(view)
    return found[0]


def test_an_article_row_says_unread_bookmarked_and_highlighted(window: MainWindow) -> None:
    library = window.library
    model = window.list_model
    first = next(r for r in map(model.article_at, range(model.rowCount())) if r and not r.read)
    library.set_bookmarked([first.id], True)
    library.add_highlight(first.id, 0, 12, "yellow")
    library.add_highlight(first.id, 20, 30, "green", "a note on it")
    library.add_article_note(first.id, "about the whole article")
    model.refresh([first.id])
    row = model.article_at(model.row_of(first.id) or 0)
    assert row is not None and not row.read and row.bookmarked
    cell = row_named(window.article_list, row.title)
    name = cell.text(NAME)
    assert name.startswith(f"{row.title}, unread, bookmarked, 2 highlights, 1 note, ")
    for topic in row.topics:
        assert topic.label in name
    assert name.endswith(f"{row.added.day} {row.added:%b %Y}")
    description = cell.text(DESCRIPTION)
    assert "to read" in description
    assert " ".join(row.excerpt.split())[:40] in description


def test_a_read_plain_article_says_read_and_nothing_more(window: MainWindow) -> None:
    row = window.list_model.article_at(1)
    assert row is not None
    window.library.set_read([row.id], True)
    window.list_model.refresh([row.id])
    name = row_named(window.article_list, row.title).text(NAME)
    assert name.startswith(f"{row.title}, read, ")
    assert "unread" not in name and "bookmarked" not in name and "highlight" not in name


def test_the_sidebar_says_views_topics_and_counts(window: MainWindow) -> None:
    said = names(window.sidebar)
    unread = window.library.counts().of(View("unread"))
    assert "Library section" in said
    assert "Topics section" in said
    assert f"Unread, {unread} article{'s' * (unread != 1)}" in said
    assert any(name.startswith("Politics, topic, ") for name in said), said
    topic = row_named(window.sidebar, "Conflict & War")
    assert topic.text(DESCRIPTION)  # its long name


def test_a_saved_search_says_its_results(qtbot: QtBot, window: MainWindow) -> None:
    window.search.set_query("taipei")
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=5000)
    window.library.save_search("Climbing", "taipei")  # as Save Search… does, without its dialog
    qtbot.waitUntil(
        lambda: any("saved search" in name for name in names(window.sidebar)), timeout=3000
    )
    saved = [name for name in names(window.sidebar) if "saved search" in name]
    assert saved == ["Climbing, saved search, 1 result"]
    assert "Search, the search in the toolbar" in names(window.sidebar)


def test_search_results_say_what_they_are(qtbot: QtBot, window: MainWindow) -> None:
    article = window.list_model.article_at(0)
    assert article is not None
    window.library.add_highlight(article.id, 0, 30, "pink", "zebrafish remark")
    window.search.set_query("zebrafish")
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=5000)
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1, timeout=5000)
    (cell,) = cells(window.results)
    assert cell.text(NAME) == f"{article.title}, pink highlight"
    assert "zebrafish" in cell.text(DESCRIPTION)


def test_notes_panel_rows_say_colour_quote_note_and_date(qtbot: QtBot, window: MainWindow) -> None:
    article = window.list_model.article_at(0)
    assert article is not None
    window.article_list.select_article(article.id)
    info = window.library.add_highlight(article.id, 0, 12, "blue", "my thought")
    window.registry.action(ActionId.TOGGLE_NOTES).trigger()
    qtbot.waitUntil(window.notes.isVisible, timeout=3000)
    view = window.notes.list
    qtbot.waitUntil(lambda: any("Blue highlight" in name for name in names(view)), timeout=3000)
    cell = row_named(view, "Blue highlight")
    assert f"“{info.exact}”" in cell.text(NAME)
    assert "my thought" in cell.text(NAME)
    assert cell.text(DESCRIPTION).startswith("Updated ")
