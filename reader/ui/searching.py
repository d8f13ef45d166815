"""Search in the window: the toolbar field, the worker thread, saved searches, the find bar.

Typing in `SearchField` starts a search after `DEBOUNCE_MS`; it runs on `SearchWorker`'s
thread with that thread's own SQLite connection, so the window never waits for it. A newer
query interrupts the running one (`Connection.interrupt()`), and results of anything but the
newest query are dropped. `SearchController` owns all of this and tells the window, by
signals, when results should be shown and which result was opened; `FindBar` is Ctrl+F's
find-in-this-article strip under the reading pane.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader.library import Library, SearchCancelled, query_words
from reader.ui.panefind import PaneFinder
from reader.ui.searchresults import SearchResultsList, SearchResultsModel, SearchView

log = logging.getLogger(__name__)
DEBOUNCE_MS = 150
LIMIT = 200
KEY_PRESS = QEvent.Type.KeyPress


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
        if event.type() == QEvent.Type.ShortcutOverride and _is_escape(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.escaped.emit()
            return
        super().keyPressEvent(event)


def _is_escape(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape


class SearchWorker(QObject):
    """Runs searches on its own thread; `found(generation, query, results)` for each one
    that is still the newest when it ends."""

    found = Signal(int, str, object)

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

    @Slot()
    def stop(self) -> None:
        self._library.release_thread()


class SearchController(QObject):
    """The live search and the saved searches. Signals: `activated(SearchView)` when results
    should be shown, `cleared()` when the field was emptied, `escaped()` for Esc."""

    activated = Signal(object)
    cleared = Signal()
    escaped = Signal()
    request = Signal(int, str)

    def __init__(self, library: Library, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.field = SearchField(parent)
        self.model = SearchResultsModel(parent)
        self.results = SearchResultsList(self.model)
        self._generation = 0
        self._shown_query = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(self._typed)
        self.field.returnPressed.connect(self._commit)
        self.field.escaped.connect(self.escaped)
        self._thread = QThread(self)
        self._thread.setObjectName("searchWorker")
        self.worker = SearchWorker(library, lambda: self._generation)
        self.worker.moveToThread(self._thread)
        self.request.connect(self.worker.run)
        self.worker.found.connect(self._found)
        self._thread.start()

    # -- the live search --------------------------------------------------------------------

    def text(self) -> str:
        return self.field.text()

    def active(self) -> bool:
        return bool(self.field.text().strip())

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
        self.results.searching = True
        self.results.viewport().update()
        self.request.emit(self._generation, text)

    def _typed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._generation += 1
            self.worker.interrupt()
            self._shown_query = ""
            self.model.set_results("", [])
            self.cleared.emit()
            return
        self.activated.emit(SearchView(text))
        self._timer.start()

    def _commit(self) -> None:
        self.search_now()
        if self.model.rowCount():
            self.results.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not self.results.currentIndex().isValid():
                self.results.step(1)

    def _found(self, generation: int, query: str, results: list) -> None:
        if generation != self._generation:
            return
        self.results.searching = False
        self._shown_query = query
        self.model.set_results(query, results)

    def shutdown(self) -> None:
        """Stop the worker thread (the window is closing)."""
        self._generation += 1
        self.worker.interrupt()
        QMetaObject.invokeMethod(self.worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait(5000)

    # -- saved searches ---------------------------------------------------------------------

    def saved_views(self) -> list[tuple[SearchView, int]]:
        """Each saved search as a sidebar view, with its live count."""
        return [
            (SearchView(s.query, s.id, s.name), self.library.search_count(s.query))
            for s in self.library.saved_searches()
        ]


class FindBar(QWidget):
    """Ctrl+F: find in the current article. Enter / Shift+Enter step, Esc closes."""

    closed = Signal()

    def __init__(self, finder: PaneFinder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.finder = finder
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findField")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.edit.textChanged.connect(self.refresh)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.finder.mark([])
        self.closed.emit()

    def refresh(self) -> None:
        """Mark the field's words in the article shown now."""
        found = self.finder.mark(query_words(self.edit.text()))
        if found:
            self.finder.step()
        self.show_count()

    def show_count(self) -> None:
        total, current = self.finder.count(), self.finder.current()
        text = "" if not self.edit.text().strip() else "No matches"
        if total:
            text = f"{current + 1} of {total}" if current >= 0 else f"{total} matches"
        self.count.setText(text)

    def eventFilter(self, watched: QObject, event: object) -> bool:
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and _is_escape(event)
        ):
            event.accept()  # Esc closes this bar rather than running the window's shortcut
            return True
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == KEY_PRESS:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.finder.step(backwards)
                self.show_count()
                return True
        return False
