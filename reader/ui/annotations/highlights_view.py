"""The Highlights view: every highlight in the library, in the middle pane, filterable by
colour, topic, tag (on the highlight or its article) and time, with Export of what it shows.

The sidebar's Highlights entry shows it in place of the article list (`ViewsController`).
Rows are the notes panel's (`AnnotationListModel`, `NotesDelegate`): grouped by article, the
article highlighted most recently first, each article's highlights in reading order, orphans
and moved ones marked. Choosing a row opens its article at the passage (through the one
owner of the article on screen); J and K move through the rows. Export writes exactly the
rows shown, in Markdown, W3C Web Annotation or CSV (as File › Export Annotations does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.library import COLORS, AnnotationInfo, Changes, Library
from reader.ui.annotations.exchange import choose_export
from reader.ui.annotations.notes_delegate import NotesDelegate
from reader.ui.annotations.notes_model import AnnotationListModel, grouped
from reader.ui.panes.middle import MiddlePane
from reader.ui.reading.current import CurrentArticle
from reader.ui.style import theme
from reader.ui.style.colours import PAINTS, color_icon

Say = Callable[[str], object]
MIN_WIDTH = 200
TIMES: tuple[tuple[str, int | None], ...] = (
    ("Any time", None),
    ("Today", 0),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 12 months", 365),
)


def since(days: int | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """The earliest time (UTC, naive, as stored) of a time filter: `days` before today's
    local midnight (0: today), or None for any time."""
    if days is None:
        return None
    local = (now or dt.datetime.now().astimezone()).astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=days)
    return midnight.astimezone(dt.UTC).replace(tzinfo=None)


class HighlightsList(QListView):
    """The rows; J and K step through highlights (not the article headers)."""

    def step(self, delta: int) -> bool:
        model = self.model()
        assert isinstance(model, AnnotationListModel)
        current = self.currentIndex()
        row = current.row() if current.isValid() else (-1 if delta > 0 else model.rowCount())
        row += delta
        while 0 <= row < model.rowCount() and model.info_at(row) is None:
            row += delta
        if not 0 <= row < model.rowCount():
            return False
        flag = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().setCurrentIndex(model.index(row), flag)
        return True

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            theme.paint_empty_state(
                self.viewport(),
                "No highlights here",
                "Select words in an article and press H; or choose other filters above",
            )


class HighlightsPane(QWidget):
    """The view's widget: filters, a count, Export…, and the list. Signals:
    `highlightChosen(AnnotationInfo)` and `exportRequested()`."""

    highlightChosen = Signal(object)
    exportRequested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightsView")
        self.setAccessibleName("Highlights")
        self.setBackgroundRole(QPalette.ColorRole.Base)  # one surface, like the article list
        self.setAutoFillBackground(True)
        self.setMinimumWidth(MIN_WIDTH)  # as narrow as the article list may be: filters shrink
        self.library = library
        self._quiet = False
        self.model = AnnotationListModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.title = QLabel("Highlights", self)
        self.title.setObjectName("highlightsCount")
        font = self.title.font()
        font.setWeight(font.Weight.DemiBold)
        self.title.setFont(font)
        self.export_button = QPushButton("E&xport…", self)
        self.export_button.setToolTip("Export the highlights shown (Markdown, Web Annotation, CSV)")
        self.export_button.clicked.connect(self.exportRequested)
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        layout.addLayout(self._filters())
        self.list = HighlightsList(self)
        self.list.setObjectName("highlightsList")
        self.list.setAccessibleName("Highlights")
        self.list.setModel(self.model)
        self.list.setItemDelegate(NotesDelegate(self.list))
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.selectionModel().currentChanged.connect(lambda cur, _prev: self._chosen(cur))
        layout.addWidget(self.list, 1)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.colour = QComboBox(self)
        self.colour.setAccessibleName("Filter by colour")
        self.colour.addItem("All colours", None)
        for name in COLORS:
            self.colour.addItem(color_icon(name, self), PAINTS[name][0], name)
        self.topic = QComboBox(self)
        self.topic.setAccessibleName("Filter by topic")
        self.topic.addItem("All topics", None)
        self.tag = QComboBox(self)
        self.tag.setAccessibleName("Filter by tag")
        self.tag.addItem("All tags", None)
        self.time = QComboBox(self)
        self.time.setAccessibleName("Filter by when highlighted")
        for label, days in TIMES:
            self.time.addItem(label, days)
        for combo in (self.colour, self.topic, self.tag, self.time):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            row.addWidget(combo)
        row.addStretch(1)
        return row

    def _fill_topics(self) -> None:
        """Topics that have articles, by name (the one chosen stays)."""
        chosen = self.topic.currentData()
        counts = self.library.counts().topics
        topics = sorted((t for t in self.library.topics() if counts.get(t.code)),
                        key=lambda t: t.label.casefold())  # fmt: skip
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem("All topics", None)
        for topic in topics:
            self.topic.addItem(topic.label, topic.code)
        found = self.topic.findData(chosen) if chosen is not None else 0
        self.topic.setCurrentIndex(max(0, found))
        self.topic.blockSignals(False)

    def _fill_tags(self) -> None:
        """Tags on highlights or articles, nested ones after their parents (the one chosen
        stays)."""
        chosen = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("All tags", None)
        for info in self.library.tags():
            self.tag.addItem(info.name, info.name)
        found = self.tag.findData(chosen) if chosen is not None else 0
        self.tag.setCurrentIndex(max(0, found))
        self.tag.blockSignals(False)

    def filters(self) -> tuple[str | None, str | None, str | None, int | None]:
        """(colour, topic code, tag, days) chosen; None: any."""
        return (self.colour.currentData(), self.topic.currentData(), self.tag.currentData(),
                self.time.currentData())  # fmt: skip

    def refresh(self, topics: bool = False) -> None:
        """Read the rows again (and the topic and tag choices, with `topics`), keeping the
        chosen row."""
        if topics:
            self._fill_topics()
            self._fill_tags()
        color, topic, tag, days = self.filters()
        infos = self.library.highlights(color=color, topic=topic, since=since(days), tag=tag)
        ids = sorted({i.article_id for i in infos})
        titles = {aid: row.title for aid, row in self.library.rows(ids).items()}
        current = self.current_info()
        self._quiet = True
        try:
            self.model.set_rows(grouped(infos, titles, headers=True))
            number = self.model.row_of(current.id) if current is not None else None
            if number is not None:
                self.list.setCurrentIndex(self.model.index(number))
        finally:
            self._quiet = False
        count = len(infos)
        self.title.setText(f"Highlights · {count:,}")
        self.export_button.setEnabled(count > 0)

    def shown_ids(self) -> list[int]:
        """The annotations shown, in their order (what Export writes)."""
        return self.model.ids()

    def current_info(self) -> AnnotationInfo | None:
        return self.model.info_at(self.list.currentIndex().row())

    def _chosen(self, index: QModelIndex) -> None:
        info = self.model.info_at(index.row())
        if info is not None and not self._quiet:
            self.highlightChosen.emit(info)


class HighlightsController(QObject):
    """Puts the Highlights view in the middle pane, opens a chosen highlight's article at
    its passage, exports what is shown, and reads the rows again after changes."""

    def __init__(
        self, *, library: Library, current: CurrentArticle, middle: MiddlePane,
        exports: tuple[Callable[[], str], Callable[[str], object]], say: Say,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._current = current
        self._exports = exports
        self._say = say
        self.pane = HighlightsPane(library)
        middle.add_highlights(self.pane, self.pane.list)
        self._middle = middle
        self.pane.highlightChosen.connect(self._open)
        self.pane.exportRequested.connect(self.export)
        middle.currentChanged.connect(lambda _n: self._shown())

    def _shown(self) -> None:
        """The middle pane shows the view (the sidebar chose it): fresh rows."""
        if self._middle.showing_highlights():
            self.pane.refresh(topics=True)

    def on_changes(self, changes: Changes) -> None:
        if not self._middle.showing_highlights():
            return
        tags = changes.tags
        if changes.annotations or changes.removed or changes.trash or changes.topics or tags:
            self.pane.refresh(topics=bool(changes.topics or changes.removed or tags))

    def _open(self, info: AnnotationInfo) -> None:
        at = info.start if info.start is not None and not info.orphan else None
        self._current.show(info.article_id, at=at)

    def export(self) -> None:
        """Export…: the rows shown, in a format and file the user chooses."""
        ids = self.pane.shown_ids()
        last, remember = self._exports
        message = choose_export(self.pane.window(), self._library, last(), remember, ids=ids)
        self._say(message or "")
