"""The views of the library in the list: the sidebar's choice, the list's rows, their counts.

`ViewsController` shows the view chosen in the sidebar in the article list, keeps the list
in step with the article on screen (its row is selected when it is in the view, without the
list asking to show it again), asks `CurrentArticle` to show the row the reader moves to,
follows the library's change reports (new and removed articles reload the list, changed ones
are repainted, counts go to the sidebar and the status bar), and tells the notes panel which
annotations the view is about.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reader.library import ArticleText, Changes, Counts, Library, View
from reader.ui.panes.article_list import ArticleList, ArticleListModel
from reader.ui.panes.middle import MiddlePane
from reader.ui.panes.sidebar import Sidebar, view_title
from reader.ui.reading.current import CurrentArticle
from reader.ui.search.results import SearchView
from reader.ui.window.state import Settings
from reader.ui.window.statusbar import StatusBar, view_summary

NOTES_SCOPES = {"notes": "library", "orphans": "orphans"}


ARRIVALS_MS = 1000  # how often the list takes in articles a refresh writes


class ViewsController(QObject):
    """Signals: `titleChanged(str)` (the view's name, for the window title) and
    `scopeChanged(str)` ("article", "library" or "orphans", for the notes panel)."""

    titleChanged = Signal(str)
    scopeChanged = Signal(str)

    def __init__(
        self, *, library: Library, sidebar: Sidebar, articles: ArticleList, middle: MiddlePane,
        current: CurrentArticle, state: Settings, status: StatusBar,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._sidebar = sidebar
        self._list = articles
        self._middle = middle
        self._current = current
        self._state = state
        self._status = status
        self._quiet = False  # the list follows the current article: not the reader choosing
        self._notes_filter: tuple[str, int] | None = None  # the notes panel's colour, rows
        # a feed refresh reports every batch it writes: the list is read again at most once
        # a `ARRIVALS_MS`, so keys stay quick while articles arrive
        self._arrivals = QTimer(self, singleShot=True, interval=ARRIVALS_MS)
        self._arrivals.timeout.connect(self._arrived)
        sidebar.viewChosen.connect(self._chosen)
        articles.articleChosen.connect(self._row_chosen)
        current.shown.connect(self._shown)

    # -- reading ----------------------------------------------------------------------------

    def model(self) -> ArticleListModel:
        return self._list.list_model()

    def view(self) -> View:
        return self.model().view()

    def title(self, view: View | None = None) -> str:
        return view_title(view or self.view(), self._sidebar.sidebar_model().labels())

    def select_view(self, view: View | SearchView) -> bool:
        """Make `view` the sidebar's entry (and so the list's view)."""
        return self._sidebar.select_view(view)

    def show_all_with(self, article_id: int) -> bool:
        """Switch to All Articles with `article_id` selected (its own view lost it)."""
        self.select_view(View("all"))
        return self.follow(article_id)

    def follow(self, article_id: int) -> bool:
        """Select the row of `article_id` without asking to show it (it is shown already)."""
        self._quiet = True
        try:
            return self._list.select_article(article_id)
        finally:
            self._quiet = False

    # -- reacting ---------------------------------------------------------------------------

    def _chosen(self, view: View | SearchView) -> None:
        if isinstance(view, SearchView):
            return  # the search controller shows its results
        if view.kind == "highlights":  # its own list (`HighlightsController`) in the middle
            self._middle.show_highlights()
        else:
            self._middle.show_articles()
        keep = self._current.id()
        self._quiet = True
        try:
            self.model().set_view(view)
            found = keep is not None and self._list.select_article(keep)
        finally:
            self._quiet = False
        if not found:
            self._current.show(None)
        self.scopeChanged.emit(NOTES_SCOPES.get(view.kind, "article"))
        self._state.set_view(view)
        self.update_status()

    def _row_chosen(self, article_id: int | None) -> None:
        if not self._quiet and article_id is not None and article_id != self._current.id():
            self._current.show(article_id)

    def _shown(self, article: ArticleText | None) -> None:
        if article is not None and self._list.current_id() != article.id:
            self.follow(article.id)

    def on_changes(self, changes: Changes) -> None:
        if changes.feeds and (changes.added or changes.removed):
            if changes.articles:
                self.model().refresh(changes.articles)
            if not self._arrivals.isActive():
                self._arrivals.start()
            return
        if changes.added or changes.removed:
            self.reload()
        elif changes.articles:
            self.model().refresh(changes.articles)
        if changes.counts or changes.topics or changes.added or changes.removed:
            self.update_status()

    def _arrived(self) -> None:
        self.reload()
        self.update_status()

    def reload(self) -> None:
        """Read the list again after articles were added or removed, keeping the article
        being read current: only the rows around it are read, wherever it is now (an import
        adding thousands of articles above it reads none of them)."""
        keep = self._current.id()
        self._quiet = True
        try:
            self.model().reload()
            if keep is not None:
                self._list.select_article(keep)
        finally:
            self._quiet = False

    def update_status(self, counts: Counts | None = None) -> None:
        """The sidebar's counts, the status bar and the window title."""
        counts = counts or self._library.counts()
        self._sidebar.update_counts(counts)
        self._status.show_counts(counts)
        if self._middle.showing_results():
            return  # the search shows its own count
        view = self.view()
        title = self.title(view)
        if view.kind in NOTES_SCOPES and self._notes_filter is not None:
            label, shown = self._notes_filter  # the panel shows one colour: say what it shows
            self._status.show_view(f"{view_summary(title, shown, 'annotation')} ({label})")
        else:
            noun = "annotation" if view.kind in NOTES_SCOPES else "article"
            noun = "highlight" if view.kind == "highlights" else noun
            self._status.show_view(view_summary(title, counts.of(view), noun))
        self.titleChanged.emit(title)

    def notes_filtered(self, label: str | None, shown: int) -> None:
        """The notes panel shows only `label`'s colour (None: every colour), `shown` rows."""
        self._notes_filter = (label, shown) if label is not None else None
        if self.view().kind in NOTES_SCOPES:
            self.update_status()
