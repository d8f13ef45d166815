"""Search in the window: `SearchController`, the toolbar field and its worker thread.

Typing in `SearchField` starts a search after `DEBOUNCE_MS`. A search with words runs on
`SearchWorker`'s thread with that thread's own SQLite connection (ranking every match can
take a while on a big library), so the window never waits for it; filters alone (`is:unread
added:7d`) read the first rows of an index, a few milliseconds, and are answered at once,
without the hand-over to the thread and back. A newer
query interrupts the running one (`Connection.interrupt()`), and results of anything but the
newest query are dropped. The controller puts the results in the middle pane in place of the
list (with a Search entry in the sidebar), opens a result through `CurrentArticle` (a note
or highlight at its place), marks the search's words, or the find bar's, in whatever article
is shown (in the pane's "found" layer, beside the user's highlights), and keeps the saved
searches (save, rename and delete from the sidebar's context menu).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMetaObject, QObject, QPoint, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from reader.library import (
    Changes,
    Library,
    LibraryError,
    SearchCancelled,
    SearchResult,
    query_words,
)
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.panes.middle import MiddlePane
from reader.ui.panes.sidebar import LIVE_SEARCH, Sidebar, ViewRole
from reader.ui.reading.current import CurrentArticle
from reader.ui.search.find import FindBar, is_escape
from reader.ui.search.results import SearchResultsList, SearchView
from reader.ui.style.plain_text import tell
from reader.ui.window.statusbar import StatusBar

log = logging.getLogger(__name__)
DEBOUNCE_MS = 150
RECOUNT_MS = 400  # after the last read mark or bookmark, the saved searches are counted again
LIMIT = 200


class SearchField(QLineEdit):
    """The toolbar's search box; `escaped` when Esc is pressed in it (after clearing it)."""

    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setPlaceholderText("Search articles and notes  (/)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search")
        self.setToolTip('Words, "phrases", OR, -exclude, prefix*, title:, topic:, '
                        "is:bookmarked, is:unread, has:note, color:")  # fmt: skip
        self.setMinimumWidth(260)
        self.setMaximumWidth(420)

    def event(self, event: QEvent) -> bool:
        # Esc belongs to the field while it has the focus, not to the window's "back out".
        if event.type() == QEvent.Type.ShortcutOverride and is_escape(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class SearchWorker(QObject):
    """Runs searches on its own thread; `found(generation, query, results)` for each one
    that is still the newest when it ends."""

    found = Signal(int, str, object)
    counted = Signal(int, object)  # a request's number, [(SearchView, count)]

    def __init__(self, library: Library, latest: Callable[[], int]) -> None:
        super().__init__()
        self._library = library
        self._latest = latest
        self._interrupt: Callable[[], None] | None = None
        self.busy = threading.Event()

    def interrupt(self) -> None:
        """Stop the running search (from any thread); harmless when none is running."""
        if self.busy.is_set() and self._interrupt is not None:
            self._interrupt()

    @Slot(int, str)
    def run(self, generation: int, query: str) -> None:
        if generation != self._latest():
            return  # a newer query is already queued
        if self._interrupt is None:
            self._interrupt = self._library.interrupter()
        for _attempt in range(2):  # an interrupt meant for the previous query may hit this one
            self.busy.set()
            try:
                results = self._library.search(query, LIMIT)
            except SearchCancelled:
                if generation != self._latest():
                    return
                continue
            finally:
                self.busy.clear()
            if generation == self._latest():
                self.found.emit(generation, query, results)
            return

    @Slot(int)
    def count_saved(self, request: int) -> None:
        """Count every saved search (`counted(request, views)`); nothing if the library
        cannot be read now (the next change asks again)."""
        try:
            views = saved_views(self._library)
        except LibraryError as exc:
            log.info("counting the saved searches failed: %s", exc)
            return
        self.counted.emit(request, views)

    @Slot()
    def stop(self) -> None:
        self._library.release_thread()


def saved_views(library: Library) -> list[tuple[SearchView, int]]:
    """Each saved search as a sidebar view, with its live count."""
    return [
        (SearchView(s.query, s.id, s.name), library.search_count(s.query))
        for s in library.saved_searches()
    ]


class SearchController(QObject):
    """The live search, its results, the marks in the pane and the saved searches."""

    request = Signal(int, str)
    count_request = Signal(int)

    def __init__(
        self, *, library: Library, registry: ActionRegistry, current: CurrentArticle,
        field: SearchField, middle: MiddlePane, results: SearchResultsList, find_bar: FindBar,
        sidebar: Sidebar, status: StatusBar, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.library = library
        self._registry = registry
        self._current = current
        self.field = field
        self._middle = middle
        self.results = results
        self.model = results.results_model()
        self.find_bar = find_bar
        self.finder = find_bar.finder
        self._sidebar = sidebar
        self._status = status
        self._generation = 0
        self._shown_query = ""
        self._enter_results = False  # Enter was pressed: go to the results once they are in
        self._saved: list[tuple[SearchView, int]] | None = None  # as counted last
        self._count_requests = 0
        # A read mark or a bookmark counts the saved searches again, on the worker, once a
        # run of keys pauses: each `J` counted them on the GUI thread (99 ms at 100,000
        # articles for `topic:sport is:unread`, ten times that at a million)
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_MS)
        self._recount.timeout.connect(self._count_saved)
        self._menu_target: SearchView | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        # a saved search of relative dates (`added:today`) counts anew when the UTC day turns
        self._midnight = QTimer(self, singleShot=True)
        self._midnight.timeout.connect(self._new_day)
        self._wait_for_midnight()
        self._thread = QThread(self)
        self._thread.setObjectName("searchWorker")
        self.worker = SearchWorker(library, lambda: self._generation)
        self.worker.moveToThread(self._thread)
        self.request.connect(self.worker.run)
        self.worker.found.connect(self._found)
        self.count_request.connect(self.worker.count_saved)
        self.worker.counted.connect(self._counted)
        self._thread.start()
        self._connect()

    def _connect(self) -> None:
        bind = self._registry.bind
        bind(ActionId.FOCUS_SEARCH, self.focus_search)
        bind(ActionId.SAVE_SEARCH, self.save_search)
        bind(ActionId.RENAME_SEARCH, lambda: self._on_saved(self.rename_saved))
        bind(ActionId.DELETE_SEARCH, lambda: self._on_saved(self.delete_saved))
        bind(ActionId.FIND_IN_ARTICLE, self.find_bar.open_bar)
        bind(ActionId.FIND_NEXT, lambda: self.find_next(False))
        bind(ActionId.FIND_PREVIOUS, lambda: self.find_next(True))
        self._registry.action(ActionId.SAVE_SEARCH).setEnabled(False)
        self.field.textChanged.connect(self._typed)
        self.field.returnPressed.connect(self._commit)
        self.field.escaped.connect(self._escaped)
        self.results.resultChosen.connect(self.open_result)
        self.model.modelReset.connect(self._show_status)
        self.find_bar.closed.connect(self._find_bar_closed)
        self._current.shown.connect(lambda _article: self.mark_words())
        self._sidebar.viewChosen.connect(self._view_chosen)
        self._sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._sidebar.customContextMenuRequested.connect(self.sidebar_menu)

    # -- the live search --------------------------------------------------------------------

    def text(self) -> str:
        return self.field.text()

    def active(self) -> bool:
        """Whether search results are what the middle pane shows."""
        return bool(self.field.text().strip()) and self._middle.showing_results()

    def words(self) -> list[str]:
        return query_words(self._shown_query)

    def set_query(self, text: str) -> None:
        """Put `text` in the field and search for it at once."""
        self.field.setText(text)
        self.search_now()

    def search_now(self) -> None:
        """Start the search for the field's text now (skipping the debounce)."""
        self._timer.stop()
        text = self.field.text()
        if not text.strip():
            return
        self._generation += 1
        self.worker.interrupt()
        if not self.library.search_is_ranked(text):  # filters alone: answered at once
            self._found(self._generation, text, self.library.search(text, LIMIT))
            return
        self.results.searching = True
        self.results.viewport().update()
        self.request.emit(self._generation, text)

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _typed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._generation += 1
            self.worker.interrupt()
            self._shown_query = ""
            self.model.set_results("", [])
            self._cleared()
            return
        self._show_results()
        self._timer.start()

    def _show_results(self) -> None:
        self._registry.action(ActionId.SAVE_SEARCH).setEnabled(True)
        self._middle.show_results()
        current = self._sidebar.current_view()
        if not (isinstance(current, SearchView) and current.query == self.text()):
            self.update_sidebar(fresh=False)
            self._sidebar.select_quietly(LIVE_SEARCH)
        self._show_status()

    def _cleared(self) -> None:
        self._registry.action(ActionId.SAVE_SEARCH).setEnabled(False)
        self._middle.show_articles()
        self.mark_words()
        if isinstance(self._sidebar.current_view(), SearchView):
            self._sidebar.select_view(self._middle.articles.list_model().view())
        self.update_sidebar(fresh=False)
        self._status.show_view("")

    def _commit(self) -> None:
        """Enter: search now; once the results are in, the focus goes to them, the first
        one chosen (if they are in already, at once)."""
        searched = self.field.text() == self._shown_query and not self.results.searching
        if not searched:
            self.search_now()
            self._enter_results = True
        elif self.model.rowCount():
            self._to_results()

    def _to_results(self) -> None:
        self._enter_results = False
        if self.model.rowCount() and self.active():
            self.results.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not self.results.currentIndex().isValid():
                self.results.step(1)

    def _escaped(self) -> None:
        """Esc in the field (which clears it): back to the list, the focus with it."""
        self._middle.shown_list().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _found(self, generation: int, query: str, results: list) -> None:
        if generation != self._generation:
            return
        self.results.searching = False
        self._shown_query = query
        self.model.set_results(query, results)
        capped = len(results) >= LIMIT
        self.results.set_notice(
            f"Showing the best {LIMIT} matches only: add words, a phrase in quotes or a "
            "filter such as topic: to find others"
            if capped
            else ""
        )
        self.mark_words()
        if self._enter_results and query == self.field.text():
            self._to_results()

    def _show_status(self) -> None:
        if not self.active():
            return
        shown = self.model.rowCount()
        text = "Searching…" if self.results.searching else f"{shown} result{'s' * (shown != 1)}"
        if shown >= LIMIT and not self.results.searching:
            text = f"the best {LIMIT} results (more match)"
        self._status.show_view(f"Search: {text}")

    def _view_chosen(self, view: object) -> None:
        """A search entry was chosen in the sidebar: show its results."""
        if not isinstance(view, SearchView):
            return
        if view.saved_id is not None and view.query != self.text():
            self.set_query(view.query)
        self._middle.show_results()
        self._show_status()

    def open_result(self, result: SearchResult | None) -> None:
        """Show a result's article, its matches marked; a note or highlight at its place."""
        if result is None:
            return
        at = result.start if result.kind == "annotation" else None
        self._current.show(result.article_id, at=at)

    # -- marks in the pane --------------------------------------------------------------------

    def mark_words(self) -> None:
        """Mark the find bar's words, else the search's, in the article shown."""
        if self.find_bar.isVisible():
            self.find_bar.refresh()
        elif self.active():
            self.finder.mark(self.words())
        else:
            self.finder.mark([])

    def find_next(self, backwards: bool = False) -> bool:
        """Move to the next (or previous) marked match in the reading pane."""
        moved = self.finder.step(backwards)
        if self.find_bar.isVisible():
            self.find_bar.show_count()
        return moved

    def _find_bar_closed(self) -> None:
        self.mark_words()
        self._current_pane_focus()

    def _current_pane_focus(self) -> None:
        pane = self.finder.pane()
        pane.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saved searches ---------------------------------------------------------------------

    def saved_views(self) -> list[tuple[SearchView, int]]:
        """Each saved search as a sidebar view, with its live count."""
        return saved_views(self.library)

    def _wait_for_midnight(self) -> None:
        now = dt.datetime.now(dt.UTC)
        midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=1, microsecond=0)
        self._midnight.start(max(1000, int((midnight - now).total_seconds() * 1000)))

    def _new_day(self) -> None:
        self.update_sidebar()
        if self.active():
            self.search_now()  # the live search's `today` is another day too
        self._wait_for_midnight()

    def update_sidebar(self, fresh: bool = True) -> None:
        """The sidebar's Searches section and counts; with `fresh` False (the live search
        came or went: nothing in the library changed) from the saved searches counted last
        time, so the first key of a search does not count them again."""
        self._recount.stop()
        self._count_requests += 1  # a count on its way is older than this one
        if fresh or self._saved is None:
            self._saved = self.saved_views()
        self._show_saved(self._saved)

    def _show_saved(self, saved: list[tuple[SearchView, int]]) -> None:
        self._sidebar.sidebar_model().set_searches(bool(self.field.text().strip()), saved)
        self._sidebar.update_counts(self.library.counts())

    def on_changes(self, changes: Changes) -> None:
        if changes.added or changes.removed or changes.annotations:
            self.update_sidebar()
        elif changes.counts:  # read marks, bookmarks: the library's numbers are shown already
            self._recount.start()
        else:
            self._saved = None  # anything else changed: count again when needed

    def _count_saved(self) -> None:
        self._count_requests += 1
        self.count_request.emit(self._count_requests)

    def _counted(self, request: int, saved: list[tuple[SearchView, int]]) -> None:
        if request == self._count_requests:  # else the sidebar was filled since it was asked
            self._saved = saved
            self._show_saved(saved)

    def save_search(self) -> None:
        text = self.text().strip()
        if not text:
            return
        name, ok = QInputDialog.getText(
            self._sidebar.window(), "Save Search", "Name:", text=text[:80]
        )
        if ok:
            self._try(lambda: self.library.save_search(name, text))

    def saved_target(self) -> SearchView | None:
        """The saved search a command acts on: the sidebar menu's, else the chosen entry."""
        view = self._menu_target or self._sidebar.current_view()
        return view if isinstance(view, SearchView) and view.saved_id is not None else None

    def _on_saved(self, command: Callable[[SearchView], object]) -> None:
        view = self.saved_target()
        if view is None:
            self._status.say("Choose a saved search in the sidebar first")
            return
        command(view)

    def sidebar_menu(self, pos: QPoint) -> QMenu | None:
        """The context menu of a saved search: the registry's Rename and Delete."""
        view = self._sidebar.indexAt(pos).data(ViewRole)
        if not isinstance(view, SearchView) or view.saved_id is None:
            return None
        self._menu_target = view
        menu = QMenu(self._sidebar)
        menu.addAction(self._registry.action(ActionId.RENAME_SEARCH))
        menu.addAction(self._registry.action(ActionId.DELETE_SEARCH))
        return self._sidebar.popup_menu(menu, pos, self._menu_closed)

    def _menu_closed(self) -> None:
        self._menu_target = None

    def rename_saved(self, view: SearchView) -> None:
        name, ok = QInputDialog.getText(
            self._sidebar.window(), "Rename Search", "Name:", text=view.name
        )
        if ok and view.saved_id is not None:
            saved_id = view.saved_id
            self._try(lambda: self.library.rename_search(saved_id, name))

    def delete_saved(self, view: SearchView) -> None:
        if view.saved_id is not None:
            saved_id = view.saved_id
            self._try(lambda: self.library.delete_search(saved_id))
            self._status.say(f"Deleted the saved search “{view.name}”")

    def _try(self, operation: Callable[[], object]) -> None:
        try:
            operation()
        except LibraryError as exc:
            tell(self._sidebar.window(), QMessageBox.Icon.Warning, "Saved Searches", str(exc))
        self.update_sidebar()

    def shutdown(self) -> None:
        """Stop the worker thread (the window is closing)."""
        self._recount.stop()
        self._count_requests += 1
        self._generation += 1
        self.worker.interrupt()
        QMetaObject.invokeMethod(self.worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait(5000)
