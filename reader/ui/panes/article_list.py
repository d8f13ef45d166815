"""The article list: a lazy model over one `View` of the library, and the list view.

`ArticleListModel` follows Qt's fetchMore pattern: it holds only the rows loaded so far and
reads the next page (keyset, `PAGE` rows) when the view scrolls near the end. Changed
articles are refreshed in place (`refresh`); new articles reload the view (`reload`), and so
does another order (`set_order`: the view's rows by date added, published, title or length).
`ArticleList` paints rows with `ArticleDelegate` and reports the chosen article, clicks on
a row's bookmark mark and context-menu requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from reader.library import ArticleRow, Library, Sort, View
from reader.ui.panes.article_delegate import (
    ArticleDelegate,
    ArticleRole,
    accessible_description,
    accessible_text,
    tally,
)
from reader.ui.panes.list_views import FlatListModel, set_up_list_view
from reader.ui.style.plain_text import tooltip
from reader.ui.style.theme import paint_empty_state

PAGE = 80  # a first page fills any window; more load as the list scrolls
LARGE_PAGE = 2000  # pages read to reach a row far down (an article kept across a new order)
IdRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
EMPTY: dict[str, tuple[str, str]] = {
    "all": ("No articles yet", "Import text files with File › Import Files…"),
    "unread": ("All caught up", "There are no unread articles."),
    "bookmarked": ("No bookmarks", "Bookmark an article to keep it here."),
    "topic": ("Nothing here", "No article is under this topic any more."),
    "annotated": ("No highlights yet", "Select text in an article and choose Highlight."),
    "notes": ("No notes yet", "Highlights and notes you make are listed in the notes panel."),
    "orphans": ("No orphans", "Every highlight was found in its article's text."),
    "highlights": ("No highlights yet", "Select text in an article and choose Highlight."),
}


ROLES: dict[int, Callable[[ArticleRow], object]] = {
    Qt.ItemDataRole.DisplayRole: lambda row: row.title,
    Qt.ItemDataRole.ToolTipRole: lambda row: tooltip(row.title),  # never taken for markup
    Qt.ItemDataRole.AccessibleDescriptionRole: accessible_description,
    ArticleRole: lambda row: row,
    IdRole: lambda row: row.id,
}


class ArticleListModel(FlatListModel):
    """The rows of one view, loaded a page at a time."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._view = View()
        self._sort = Sort()
        self._rows: list[ArticleRow] = []
        self._rows_by_id: dict[int, int] = {}
        self._more = True

    # -- Qt model interface -----------------------------------------------------------------

    def items(self) -> Sequence[object]:
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.item(index)
        if role == Qt.ItemDataRole.AccessibleTextRole and isinstance(row, ArticleRow):
            return accessible_text(row, *tally(self._library.annotations(row.id)))
        value = ROLES.get(role)
        return value(row) if value is not None and isinstance(row, ArticleRow) else None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetch(PAGE)

    def _fetch(self, limit: int) -> None:
        after = self._rows[-1].cursor if self._rows else None
        page = self._library.page(self._view, after=after, limit=limit, sort=self._sort)
        self._more = len(page) == limit
        page = [r for r in page if r.id not in self._rows_by_id]
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    # -- the view and its rows --------------------------------------------------------------

    def view(self) -> View:
        return self._view

    def set_view(self, view: View) -> None:
        """Show `view` from its start (one page is loaded at once, the rest on demand)."""
        self.beginResetModel()
        self._view = view
        self._rows, self._rows_by_id, self._more = [], {}, True
        page = self._library.page(view, limit=PAGE, sort=self._sort)
        self._more = len(page) == PAGE
        self._append(page)
        self.endResetModel()

    def order(self) -> Sort:
        return self._sort

    def set_order(self, sort: Sort) -> None:
        """Show the view in order `sort`, from its start."""
        self._sort = sort
        self.set_view(self._view)

    def reload(self) -> None:
        """Read the view again from its start (after an import added articles)."""
        self.set_view(self._view)

    def refresh(self, ids: Iterable[int]) -> None:
        """Re-read the given articles that are loaded and repaint them in place."""
        loaded = [i for i in ids if i in self._rows_by_id]
        if not loaded:
            return
        for article_id, row in self._library.rows(loaded, sort=self._sort).items():
            position = self._rows_by_id[article_id]
            self._rows[position] = row
            index = self.index(position, 0)
            self.dataChanged.emit(index, index)

    def row_of(self, article_id: int) -> int | None:
        return self._rows_by_id.get(article_id)

    def article_at(self, row: int) -> ArticleRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def load_until(self, article_id: int, most: int | None = None) -> int | None:
        """Load pages until `article_id` is in; its row, or None if it is not in the view
        (or, given `most`, if it is not within the first `most` rows)."""
        found = self._rows_by_id.get(article_id)
        if found is not None:
            return found
        position = self._library.position(self._view, article_id, sort=self._sort)
        if position is None or (most is not None and position >= most):
            return None
        while len(self._rows) <= position and self._more:  # a few large pages, not many small
            self._fetch(min(LARGE_PAGE, max(PAGE, position + 1 - len(self._rows))))
        return self._rows_by_id.get(article_id)

    def _append(self, rows: list[ArticleRow]) -> None:
        for row in rows:
            self._rows_by_id[row.id] = len(self._rows)
            self._rows.append(row)


class ArticleList(QListView):
    """The list of articles. Signals: `articleChosen(int | None)` when the current row
    changes, `bookmarkClicked(int)`, and `menuRequested(int, QPoint)` for a context menu."""

    articleChosen = Signal(object)
    bookmarkClicked = Signal(int)
    menuRequested = Signal(int, QPoint)

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self.setModel(model)
        self._delegate = ArticleDelegate(self)
        self.setItemDelegate(self._delegate)
        set_up_list_view(self)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMouseTracking(True)
        self.setMinimumWidth(240)
        self.setAccessibleName("Article list")
        self.setAccessibleDescription("The articles of the chosen view, newest first")
        self._pending: int | None = None  # current, but not loaded yet (see `select_article`)
        self.selectionModel().currentChanged.connect(self._current_changed)
        model.modelReset.connect(self._reset)

    def list_model(self) -> ArticleListModel:
        model = self.model()
        assert isinstance(model, ArticleListModel)
        return model

    def current_id(self) -> int | None:
        value = self.currentIndex().data(IdRole)
        return int(value) if value is not None else self._pending

    def select_article(self, article_id: int, most: int | None = None) -> bool:
        """Make `article_id` current (loading pages as needed) and scroll it into view.

        Given `most`, pages are loaded only while it may be among the first `most` rows;
        beyond them it becomes current in name only (`current_id`), and its row is loaded
        when a key needs it (`step`). So a list that grows above the article being read
        (an import) is not loaded all the way down to it each time."""
        row = self.list_model().load_until(article_id, most)
        if row is None:
            self._pending = article_id if most is not None else None
            if self._pending is not None:  # and no row is current: Qt then picks none itself
                self.setCurrentIndex(QModelIndex())  # (as it would on focus after a reset)
            return False
        self._pending = None
        index = self.model().index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def step(self, delta: int) -> bool:
        """Select the next (+1) or previous (-1) row; the first row if none is current."""
        model = self.list_model()
        if self._pending is not None and not self.currentIndex().isValid():
            self.select_article(self._pending)  # its row is needed now
        current = self.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        while row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        if not 0 <= row < model.rowCount():
            return False
        index = model.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.selectionModel().isSelected(current):
            # Qt makes a row current without selecting it (on focus): the chosen row is
            # always shown as chosen
            self.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        value = current.data(IdRole)
        if value is not None:
            self._pending = None
        self.articleChosen.emit(int(value) if value is not None else None)

    def _reset(self) -> None:
        self._pending = None
        self.articleChosen.emit(None)

    # -- mouse: the bookmark mark and the context menu ----------------------------------------

    def _bookmark_hit(self, pos: QPoint) -> int | None:
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        target = ArticleDelegate.bookmark_rect(QRectF(self.visualRect(index))).adjusted(
            -8, -6, 8, 6
        )
        return int(index.data(IdRole)) if target.contains(pos.toPointF()) else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton and self._bookmark_hit(pos) is not None:
            event.accept()
            return
        if event.button() == Qt.MouseButton.RightButton:
            event.accept()  # a context menu must not change the selection (nor mark read)
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        hit = self._bookmark_hit(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            event.accept()
            self.bookmarkClicked.emit(hit)
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = (
            self.indexAt(event.pos())
            if event.reason() == event.Reason.Mouse
            else self.currentIndex()
        )
        if index.isValid():
            self.menuRequested.emit(int(index.data(IdRole)), event.globalPos())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            title, hint = EMPTY[self.list_model().view().kind]
            paint_empty_state(self.viewport(), title, hint)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
