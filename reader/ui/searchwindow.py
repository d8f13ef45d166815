"""The main window's search behaviour, kept apart from `mainwindow` as a mixin.

`SearchMixin` builds the search field into the toolbar, puts the results list in the middle
pane's stack beside the article list and a find bar under the reading pane, and handles:
results replacing the list (and the "Search" sidebar entry), opening a result (an annotation
opens its article at the highlight), marks in the pane with F3 / Shift+F3, Ctrl+F, and saved
searches (save, rename, delete from the sidebar's context menu).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME
from reader.library import Library, LibraryError, SearchResult
from reader.ui.actions import ActionId, ActionRegistry
from reader.ui.articlelist import ArticleList, ArticleListModel
from reader.ui.panefind import PaneFinder, scroll_to_offset
from reader.ui.readingpane import ReadingPane
from reader.ui.searching import FindBar, SearchController
from reader.ui.searchresults import SearchView
from reader.ui.settings import Settings
from reader.ui.sidebar import LIVE_SEARCH, Sidebar, ViewRole


class SearchMixin(QMainWindow):
    """Search for `MainWindow`; call `_build_search()` once the panes exist."""

    library: Library
    registry: ActionRegistry
    sidebar: Sidebar
    article_list: ArticleList
    list_model: ArticleListModel
    pane: ReadingPane
    settings: Settings
    toolbar: QToolBar
    view_label: QLabel
    _update_article_actions: Callable[[], None]
    search: SearchController
    finder: PaneFinder
    find_bar: FindBar
    middle: QStackedWidget

    def _build_search(self) -> tuple[QWidget, QWidget]:
        """The middle (list | results) and right (pane + find bar) widgets for the splitter."""
        self.search = SearchController(self.library, self)
        self.finder = PaneFinder(self.pane)
        self.find_bar = FindBar(self.finder)
        self.middle = QStackedWidget(self)
        self.middle.setObjectName("middlePane")
        self.middle.addWidget(self.article_list)
        self.middle.addWidget(self.search.results)
        right = QWidget(self)
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.find_bar)
        return self.middle, right

    def _connect_search(self) -> None:
        bind = self.registry.bind
        bind(ActionId.FOCUS_SEARCH, self.focus_search)
        bind(ActionId.SAVE_SEARCH, self.save_search)
        bind(ActionId.FIND_IN_ARTICLE, self.find_bar.open_bar)
        bind(ActionId.FIND_NEXT, lambda: self.find_next(False))
        bind(ActionId.FIND_PREVIOUS, lambda: self.find_next(True))
        self.search.activated.connect(self._on_search_typed)
        self.search.cleared.connect(self._on_search_cleared)
        self.search.escaped.connect(self._search_escaped)
        self.search.results.resultChosen.connect(self.open_result)
        self.search.model.modelReset.connect(self._search_status)
        self.find_bar.closed.connect(self.pane.setFocus)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        self.registry.action(ActionId.SAVE_SEARCH).setEnabled(False)

    def _add_search_field(self) -> None:
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.search.field)

    # -- public -----------------------------------------------------------------------------

    def search_active(self) -> bool:
        """Whether search results are what the middle pane shows (`n` / `N` then step marks)."""
        return self.search.active() and self.middle.currentWidget() is self.search.results

    def find_next(self, backwards: bool = False) -> bool:
        """Move to the next (or previous) marked match in the reading pane."""
        moved = self.finder.step(backwards)
        if self.find_bar.isVisible():
            self.find_bar.show_count()
        return moved

    def focus_search(self) -> None:
        self.search.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.field.selectAll()

    def save_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        name, ok = QInputDialog.getText(self, "Save Search", "Name:", text=text[:80])
        if ok:
            self._try(lambda: self.library.save_search(name, text))

    # -- reacting ---------------------------------------------------------------------------

    def _on_search_typed(self, _view: SearchView) -> None:
        self.registry.action(ActionId.SAVE_SEARCH).setEnabled(True)
        if self.middle.currentWidget() is not self.search.results:
            self.middle.setCurrentWidget(self.search.results)
        current = self.sidebar.current_view()
        if not (isinstance(current, SearchView) and current.query == self.search.text()):
            self._update_sidebar()
            self.sidebar._quiet = True
            try:
                self.sidebar.select_view(LIVE_SEARCH)
            finally:
                self.sidebar._quiet = False
        self._search_status()

    def _search_status(self) -> None:
        if not self.search_active():
            return
        model = self.search.model
        shown = model.rowCount()
        text = (
            "Searching…" if self.search.results.searching else f"{shown} result{'s' * (shown != 1)}"
        )
        self.view_label.setText(f"Search: {text}")
        self.setWindowTitle(f"Search — {APP_NAME}")

    def _on_search_cleared(self) -> None:
        self.registry.action(ActionId.SAVE_SEARCH).setEnabled(False)
        self.finder.mark([])
        if isinstance(self.sidebar.current_view(), SearchView):
            self.sidebar.select_view(self.list_model.view())
        self.middle.setCurrentWidget(self.article_list)
        self._update_sidebar()

    def _search_escaped(self) -> None:
        current = self.middle.currentWidget()
        if current is not None:
            current.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _choose_search(self, view: SearchView) -> None:
        """A search entry was chosen in the sidebar."""
        if view.saved_id is not None and view.query != self.search.text():
            self.search.set_query(view.query)
        self.middle.setCurrentWidget(self.search.results)

    def open_result(self, result: SearchResult | None) -> None:
        """Show a result's article, its matches marked; a note or highlight at its place."""
        if result is None:
            return
        article = self.library.article(result.article_id)
        if article is None:
            return
        if result.kind == "annotation":
            article = dataclasses.replace(article, scroll=0.0)
        self.pane.show_article(article)
        self.settings.set_article(article.id)
        if not article.read:
            self.library.set_read([article.id], True)
        self.mark_search_words()
        if result.kind == "annotation" and result.start is not None:
            scroll_to_offset(self.pane, article, result.start, None)
        self._update_article_actions()

    def mark_search_words(self) -> None:
        """Mark the words of the search (or of the find bar) in the article shown."""
        if self.find_bar.isVisible():
            self.find_bar.refresh()
        elif self.search_active():
            self.finder.mark(self.search.words())
        else:
            self.finder.mark([])

    def _update_sidebar(self) -> None:
        self.sidebar.sidebar_model().set_searches(self.search.active(), self.search.saved_views())
        self.sidebar.update_counts(self.library.counts())

    # -- saved searches ---------------------------------------------------------------------

    def _sidebar_menu(self, pos: QPoint) -> QMenu | None:
        view = self.sidebar.indexAt(pos).data(ViewRole)
        if not isinstance(view, SearchView) or view.saved_id is None:
            return None
        saved_id = view.saved_id
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_saved(saved_id, view.name))
        menu.addAction("Delete", lambda: self._try(lambda: self.library.delete_search(saved_id)))
        if pos is not None and self.isVisible():
            menu.popup(self.sidebar.viewport().mapToGlobal(pos))
        return menu

    def rename_saved(self, saved_id: int, old: str) -> None:
        name, ok = QInputDialog.getText(self, "Rename Search", "Name:", text=old)
        if ok:
            self._try(lambda: self.library.rename_search(saved_id, name))

    def _try(self, operation: Callable[[], object]) -> None:
        try:
            operation()
        except LibraryError as exc:
            QMessageBox.warning(self, "Saved Searches", str(exc))
        self._update_sidebar()
