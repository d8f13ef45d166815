"""The sidebar: sections, topics with articles only, counts, and moving past the headers."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.panes.sidebar import CountRole, HeaderRole, SidebarModel, ViewRole
from reader.ui.window.mainwindow import MainWindow


def entries(model: SidebarModel) -> list[tuple[str, int | None]]:
    return [
        (model.index(r, 0).data(), model.index(r, 0).data(CountRole))
        for r in range(model.rowCount())
    ]


def test_sections_counts_and_topics(library: Library, qtmodeltester: ModelTester) -> None:
    model = SidebarModel(library.topics())
    model.update(library.counts())
    qtmodeltester.check(model, force_py=True)
    rows = entries(model)
    assert rows[:4] == [("Library", None), ("All Articles", 4), ("Unread", 4), ("Bookmarked", 0)]
    assert rows[4:7] == [("Annotated", 0), ("Highlights", 0), ("Notes", 0)]  # no Orphans yet
    assert rows[7] == ("Topics", None)
    topics = rows[8:]
    labels = [label for label, _count in topics]
    assert labels == sorted(labels, key=str.casefold)
    counts = library.counts().topics
    assert len(topics) == len(counts)  # only topics that have articles
    assert all(count and count > 0 for _label, count in topics)


def test_headers_cannot_be_selected(library: Library) -> None:
    model = SidebarModel(library.topics())
    model.update(library.counts())
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        selectable = bool(model.flags(index) & Qt.ItemFlag.ItemIsSelectable)
        assert selectable == (not index.data(HeaderRole))
        assert (index.data(ViewRole) is None) == bool(index.data(HeaderRole))


def test_counts_update_in_place(library: Library, qtbot: QtBot) -> None:
    model = SidebarModel(library.topics())
    model.update(library.counts())
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    library.set_bookmarked([1], True)
    with qtbot.waitSignal(model.dataChanged):
        model.update(library.counts())
    assert ("Bookmarked", 1) in entries(model)
    assert not resets


def test_choosing_an_entry_filters_the_list(window: MainWindow, qtbot: QtBot) -> None:
    window.library.set_bookmarked([2], True)
    assert ("Bookmarked", 1) in entries(window.sidebar.sidebar_model())
    with qtbot.waitSignal(window.sidebar.viewChosen):
        window.sidebar.select_view(View("bookmarked"))
    assert window.list_model.view() == View("bookmarked")
    assert window.list_model.rowCount() == 1
    assert "Bookmarked: 1 article" in window.status_text()
    conflict = View("topic", "16000000")
    window.sidebar.select_view(conflict)
    assert window.list_model.rowCount() == window.library.counts().of(conflict)
    assert window.windowTitle().startswith("Conflict")


def test_keys_skip_the_section_headers(window: MainWindow, qtbot: QtBot) -> None:
    sidebar = window.sidebar
    sidebar.setFocus()
    sidebar.select_view(View("notes"))  # the last library view (no orphans yet)
    qtbot.keyClick(sidebar, Qt.Key.Key_Down)
    assert sidebar.current_view() is not None
    assert sidebar.current_view().kind == "topic"
    qtbot.keyClick(sidebar, Qt.Key.Key_Up)
    assert sidebar.current_view() == View("notes")
    sidebar.select_view(View("all"))
    qtbot.keyClick(sidebar, Qt.Key.Key_Up)
    assert sidebar.current_view() == View("all")


def test_a_chosen_topic_stays_listed_when_it_empties(window: MainWindow) -> None:
    sport = View("topic", "15000000")
    window.sidebar.select_view(sport)
    (only,) = [
        window.list_model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2)
        for r in range(window.list_model.rowCount())
    ]
    window.library.remove_topic(only, "15000000")
    assert window.sidebar.current_view() == sport
    assert window.sidebar.sidebar_model().row_of(sport) is not None
    window.sidebar.select_view(View("all"))
    window.sidebar.update_counts(window.library.counts())
    assert window.sidebar.sidebar_model().row_of(sport) is None


def test_a_count_change_repaints_only_its_entry(window: MainWindow, qtbot: QtBot) -> None:
    """A read mark changes the Unread count: that row is repainted, not the whole sidebar."""
    viewport = window.sidebar.viewport()
    QApplication.processEvents()
    heights: list[int] = []
    watch = _Paints(heights)
    viewport.installEventFilter(watch)
    unread = next(r.id for r in window.library.page(View("unread"), limit=5))
    window.library.set_read([unread], True)
    qtbot.waitUntil(lambda: bool(heights))
    QApplication.processEvents()
    assert max(heights) < viewport.height() / 2


class _Paints(QObject):
    def __init__(self, heights: list[int]) -> None:
        super().__init__()
        self.heights = heights

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.heights.append(event.rect().height())  # type: ignore[attr-defined]
        return False
