"""The article list: a position-independent model over one `View` of the library, and the
list view.

`ArticleListModel` counts the view's rows (`rowCount`, one COUNT in the order's index) and
reads only the rows asked for, a page (`PAGE` rows, keyset) at a time: from a loaded row next
to them, either way, or from the place the scroll bar jumped to. Showing an article anywhere
(`locate`, `ArticleList.select_article`) reads a page around it, never the rows above it,
and every row is as tall as the next, so Qt never measures them. Changed articles are
refreshed in place (`refresh`); new articles reload the view (`reload`), and so does another
order (`set_order`: the view's rows by date added, published, title or length).
`ArticleList` paints rows with `ArticleDelegate` and reports the chosen article, clicks on
a row's bookmark mark and context-menu requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSortFilterProxyModel,
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
from reader.ui.panes.list_views import FlatListModel, SteadyRowsView, set_up_list_view
from reader.ui.style.plain_text import tooltip
from reader.ui.style.theme import paint_empty_state

PAGE = 80  # rows read at once: a window of them around the row asked for
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
    """The rows of one view: all of them counted, only those asked for read (a page at a
    time, around the row asked for)."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._view = View()
        self._sort = Sort()
        self._count = 0
        self._rows: dict[int, ArticleRow] = {}  # by position: the rows read so far
        self._rows_by_id: dict[int, int] = {}
        self._empty: set[int] = set()  # rows a read did not fill (the view shrank since)
        self._shown = False  # whether a view was set (until then the list is empty)

    # -- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def item(self, index: Index) -> object | None:
        return self.article_at(index.row()) if index.isValid() else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.item(index)
        if role == Qt.ItemDataRole.AccessibleTextRole and isinstance(row, ArticleRow):
            return accessible_text(row, *tally(self._library.annotations(row.id)))
        value = ROLES.get(role)
        return value(row) if value is not None and isinstance(row, ArticleRow) else None

    # -- the view and its rows --------------------------------------------------------------

    def view(self) -> View:
        return self._view

    def set_view(self, view: View) -> None:
        """Show `view`: its rows are counted; they are read when they are asked for."""
        self.beginResetModel()
        self._view = view
        self._shown = True
        self._rows, self._rows_by_id, self._empty = {}, {}, set()
        self._count = self._library.view_size(view)
        self.endResetModel()

    def order(self) -> Sort:
        return self._sort

    def set_order(self, sort: Sort) -> None:
        """Show the view in order `sort` (before the first view is shown, only remember it:
        the window sets its order before its view, and a reset costs the view's rows)."""
        self._sort = sort
        if self._shown:
            self.set_view(self._view)

    def reload(self) -> None:
        """Count and read the view again (after an import added articles)."""
        self.set_view(self._view)

    def refresh(self, ids: Iterable[int]) -> None:
        """Re-read the given articles that are loaded and repaint them in place."""
        loaded = [i for i in ids if i in self._rows_by_id]
        if not loaded:
            return
        for article_id, row in self._library.rows(loaded, sort=self._sort).items():
            position = self._rows_by_id[article_id]
            # the cursor stays the one read with the page (a topic's is its own `added`)
            self._rows[position] = replace(row, cursor=self._rows[position].cursor)
            index = self.index(position, 0)
            self.dataChanged.emit(index, index)

    def row_of(self, article_id: int) -> int | None:
        """The row of `article_id` if it is loaded (`locate` finds any)."""
        return self._rows_by_id.get(article_id)

    def loaded_rows(self) -> int:
        """How many rows have been read (the rest are only counted)."""
        return len(self._rows)

    def article_at(self, row: int) -> ArticleRow | None:
        """The article of `row`, reading its page if it is not loaded yet."""
        if not 0 <= row < self._count:
            return None
        found = self._rows.get(row)
        if found is None and row not in self._empty:
            self._fill(row)
            found = self._rows.get(row)
            if found is None:  # articles left the view (read, in Unread) since it was counted:
                self._empty.add(row)  # the last rows stay blank until it is read again
        return found

    def locate(self, article_id: int) -> int | None:
        """The row of `article_id` (None if it is not in the view), with the rows around it
        loaded: its position is counted in the order's index and a page is read on either
        side of it, whatever the number of rows above."""
        found = self._rows_by_id.get(article_id)
        if found is not None:
            return found
        around = self._library.page_around(self._view, article_id, PAGE, sort=self._sort)
        if around is None:
            return None
        self._place(*around)
        return self._rows_by_id.get(article_id)

    def _fill(self, row: int) -> None:
        """Read the page (`PAGE` rows) holding `row`, from a loaded row next to it or in it
        (keyset, both ways), or from its start if none is near (a jump)."""
        start = row - row % PAGE
        end = min(start + PAGE, self._count)
        anchor = next((p for p in (start - 1, end, *range(start, end)) if p in self._rows), None)
        if anchor is None:
            self._place(
                start, self._library.page_at(self._view, start, end - start, sort=self._sort)
            )
            return
        cursor = self._rows[anchor].cursor
        if anchor > start:
            before = self._library.page_before(self._view, cursor, anchor - start, sort=self._sort)
            self._place(anchor - len(before), before)
        if anchor < end - 1:
            after = self._library.page(
                self._view, after=cursor, limit=end - 1 - anchor, sort=self._sort
            )
            self._place(anchor + 1, after)

    def _place(self, first: int, rows: list[ArticleRow]) -> None:
        for offset, row in enumerate(rows):
            position = first + offset
            if not 0 <= position < self._count:
                continue
            old = self._rows.get(position)
            if old is not None and self._rows_by_id.get(old.id) == position:
                del self._rows_by_id[old.id]
            moved = self._rows_by_id.get(row.id)
            if moved is not None and moved != position:  # the view changed under us
                self._rows.pop(moved, None)
            self._rows[position] = row
            self._rows_by_id[row.id] = position


class ArticleList(SteadyRowsView):
    """The list of articles. Signals: `articleChosen(int | None)` when the current row
    changes, `bookmarkClicked(int)`, and `menuRequested(int, QPoint)` for a context menu."""

    articleChosen = Signal(object)
    bookmarkClicked = Signal(int)
    menuRequested = Signal(int, QPoint)

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self._model = model
        # QListView lays out every row after a reset, asking the model for an index twice a
        # row: through a Python model that is 100 ms for 100,000 rows at each view switch.
        # The C++ proxy answers those itself (its mapping is built in C++ from one rowCount);
        # only the rows on screen reach Python. No sorting or filtering: rows are the model's.
        self._rows = QSortFilterProxyModel(self)
        self._rows.setDynamicSortFilter(False)
        self._rows.setSourceModel(model)
        self.setModel(self._rows)
        self._delegate = ArticleDelegate(self)
        self.setItemDelegate(self._delegate)
        set_up_list_view(self)
        self._opaque_viewport()
        self.setUniformItemSizes(True)  # every row is as tall (the delegate's): none measured
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMouseTracking(True)
        self.setMinimumWidth(240)
        self.setAccessibleName("Article list")
        self.setAccessibleDescription("The articles of the chosen view, newest first")
        self.selectionModel().currentChanged.connect(self._current_changed)
        model.modelReset.connect(self._reset)

    def list_model(self) -> ArticleListModel:
        """The view's rows (the list shows them through a proxy with the same row numbers)."""
        return self._model

    def current_id(self) -> int | None:
        value = self.currentIndex().data(IdRole)
        return int(value) if value is not None else None

    def select_article(self, article_id: int) -> bool:
        """Make `article_id` current and scroll it into view; only the rows around it are
        read, wherever it is in the view. False if it is not in the view."""
        row = self.list_model().locate(article_id)
        if row is None:
            return False
        index = self.model().index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def step(self, delta: int) -> bool:
        """Select the next (+1) or previous (-1) row; the first row if none is current."""
        current = self.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        if not 0 <= row < self._model.rowCount():
            return False
        index = self.model().index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.selectionModel().isSelected(current):
            # Qt makes a row current without selecting it (on focus): the chosen row is
            # always shown as chosen
            self.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        value = current.data(IdRole)
        self.articleChosen.emit(int(value) if value is not None else None)

    def _reset(self) -> None:
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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            self._opaque_viewport()

    def _opaque_viewport(self) -> None:
        """An opaque viewport lets Qt scroll by moving the painted pixels and paint only the
        row that comes in; the window's style sheet (a border on the list) makes it clear
        the viewport's fill each time it is applied, and then each `J` at the bottom of the
        list painted every row on screen (8 rows: most of the list's share of a key)."""
        self.viewport().setAutoFillBackground(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
