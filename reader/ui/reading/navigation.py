"""Moving around by keyboard: panes and focus, articles and pages, views and history.

`Navigator` binds the Go and View actions that move: the focus between the three panes
(never trapped), Esc, the next and previous article or unread article, paging (Space moves
on at the end of an article), the sidebar's views and entries, back and forward through the
articles read, caret mode, zoom, the topic picker and marking a whole view read. It is handed
the panes it moves through and the one owner of the article on screen; it never shows an
article itself but through `CurrentArticle` or the list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QWidget

from reader.library import Library, View
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.commands.chords import ChordEngine
from reader.ui.commands.palette import Picker, PickerItem
from reader.ui.panes.article_list import ArticleList
from reader.ui.panes.caret import CaretController
from reader.ui.panes.middle import MiddlePane
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.panes.sidebar import CountRole, Sidebar, ViewRole
from reader.ui.reading.current import CurrentArticle
from reader.ui.reading.views import ViewsController
from reader.ui.undo.history import UndoHistory
from reader.ui.undo.steps import MarkRead

Say = Callable[[str], object]
PAGE_OVERLAP = 0.9  # a page keeps a tenth of the screen for context


class Navigator(QObject):
    """The moving commands (see the module docstring)."""

    def __init__(
        self, *, library: Library, registry: ActionRegistry, current: CurrentArticle,
        views: ViewsController, sidebar: Sidebar, articles: ArticleList, middle: MiddlePane,
        pane: ReadingPane, caret: CaretController, chords: ChordEngine, history: UndoHistory,
        say: Say, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._registry = registry
        self._current = current
        self._views = views
        self._sidebar = sidebar
        self._list = articles
        self._middle = middle
        self._pane = pane
        self._caret = caret
        self._chords = chords
        self._history = history
        self._say = say
        self.picker: Picker | None = None
        self._bind()

    def _bind(self) -> None:
        bind, go = self._registry.bind, self._views.select_view
        for action, handler in {
            ActionId.FOCUS_SIDEBAR: lambda: self.focus(self._sidebar),
            ActionId.FOCUS_LIST: lambda: self.focus(self._middle.shown_list()),
            ActionId.FOCUS_READER: lambda: self.focus(self._pane),
            ActionId.NEXT_PANE: lambda: self.cycle(1),
            ActionId.PREVIOUS_PANE: lambda: self.cycle(-1),
            ActionId.BACK_OUT: self.back_out,
            ActionId.NEXT_ARTICLE: lambda: self.step(1),
            ActionId.PREVIOUS_ARTICLE: lambda: self.step(-1),
            ActionId.NEXT_UNREAD: lambda: self.to_unread(True),
            ActionId.PREVIOUS_UNREAD: lambda: self.to_unread(False),
            ActionId.FIRST_ARTICLE: lambda: self.to_edge(last=False),
            ActionId.LAST_ARTICLE: lambda: self.to_edge(last=True),
            ActionId.PAGE_DOWN: lambda: self.page(PAGE_OVERLAP, move_on=True),
            ActionId.PAGE_UP: lambda: self.page(-PAGE_OVERLAP),
            ActionId.HALF_PAGE_DOWN: lambda: self.page(0.5),
            ActionId.HALF_PAGE_UP: lambda: self.page(-0.5),
            ActionId.GO_ALL: lambda: go(View("all")),
            ActionId.GO_UNREAD: lambda: go(View("unread")),
            ActionId.GO_BOOKMARKED: lambda: go(View("bookmarked")),
            ActionId.GO_ANNOTATED: lambda: go(View("annotated")),
            ActionId.GO_TOPIC: self.open_topic_picker,
            ActionId.OPEN_ENTRY: self.open_entry,
            ActionId.PREVIOUS_ENTRY: lambda: self.sidebar_entry(-1),
            ActionId.NEXT_ENTRY: lambda: self.sidebar_entry(1),
            ActionId.BACK: lambda: self.travel(-1),
            ActionId.FORWARD: lambda: self.travel(1),
            ActionId.MARK_ALL_READ: self.mark_all_read,
            ActionId.CARET_MODE: lambda: self._caret.set_active(not self._caret.active()),
            ActionId.START_SELECTION: self._caret.start_selection,
            ActionId.ZOOM_IN: lambda: self._pane.set_zoom(self._pane.zoom() + 1),
            ActionId.ZOOM_OUT: lambda: self._pane.set_zoom(self._pane.zoom() - 1),
            ActionId.ZOOM_RESET: lambda: self._pane.set_zoom(0),
        }.items():
            bind(action, handler)
        self._caret.changed.connect(self._registry.action(ActionId.CARET_MODE).setChecked)

    # -- focus --------------------------------------------------------------------------------

    def panes(self) -> list[QWidget]:
        shown = [self._sidebar] if not self._sidebar.isHidden() else []
        return [*shown, self._middle.shown_list(), self._pane]

    def pane_with_focus(self) -> QWidget | None:
        focus = QApplication.focusWidget()
        for pane in self.panes():
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return pane
        return None

    def focus(self, pane: QWidget) -> None:
        if pane is self._sidebar and pane.isHidden():
            self._registry.action(ActionId.TOGGLE_SIDEBAR).setChecked(True)
        pane.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cycle(self, delta: int) -> None:
        """Tab / Shift+Tab: the next or previous pane, round and round (never trapped)."""
        panes = self.panes()
        current = self.pane_with_focus()
        at = panes.index(current) if current in panes else (0 if delta > 0 else 1)
        panes[(at + delta) % len(panes)].setFocus(
            Qt.FocusReason.TabFocusReason if delta > 0 else Qt.FocusReason.BacktabFocusReason
        )

    def back_out(self) -> None:
        """Esc: close an open chord, end a selection or caret mode, else focus the list."""
        if self._chords.pending:
            self._chords.cancel()
        elif not self._caret.back_out():
            self._middle.shown_list().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_entry(self) -> None:
        if self._list.current_id() is None:
            self._list.step(1)
        self._middle.shown_list().setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- moving through articles --------------------------------------------------------------

    def step(self, delta: int) -> bool:
        """J / K: the next or previous row of the list shown (articles or search results)."""
        shown: QListView = self._middle.shown_list()
        step = getattr(shown, "step", None)
        return bool(step(delta)) if callable(step) else False

    def to_unread(self, forward: bool) -> bool:
        """N / P: the next (previous) unread article of the view, going round from the other
        end when there is none that way."""
        view = self._views.view()
        start = self._list.current_id()
        sort = self._list.list_model().order()  # in the list's order
        target = self._library.neighbour(view, start, forward, unread=True, sort=sort)
        wrapped = target is None and start is not None
        if wrapped:
            target = self._library.neighbour(view, None, forward, unread=True, sort=sort)
        if target is None or target == self._current.id() or not self._select(target):
            self._say(f"No other unread article in {self._views.title(view)}")
            return False
        self._say(  # a move takes back what an earlier "no other unread" said
            "Went round to the " + ("top" if forward else "end") + " of the view" if wrapped else ""
        )
        return True

    def _select(self, article_id: int) -> bool:
        """Select `article_id`'s row; if the list does not hold it (it became unread after
        the list was read, as the library says it is in the view), read the list again."""
        if self._list.select_article(article_id):
            return True
        self._views.reload()
        return self._list.select_article(article_id)

    def to_edge(self, last: bool) -> bool:
        sort = self._list.list_model().order()
        target = self._library.neighbour(self._views.view(), None, forward=not last, sort=sort)
        return target is not None and self._select(target)

    def page(self, fraction: float, move_on: bool = False) -> None:
        """Scroll the reading pane by `fraction` of a screen; with `move_on` (Space), at the
        end of the article go on to the next unread one."""
        bar = self._pane.verticalScrollBar()
        if move_on and bar.value() >= bar.maximum():
            self.to_unread(True)
            return
        bar.setValue(bar.value() + round(bar.pageStep() * fraction))

    def sidebar_entry(self, delta: int) -> None:
        sidebar = self._sidebar
        action = (
            QAbstractItemView.CursorAction.MoveDown
            if delta > 0
            else QAbstractItemView.CursorAction.MoveUp
        )
        index = sidebar.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if index.isValid() and index.data(ViewRole) is not None:
            sidebar.setCurrentIndex(index)

    def travel(self, delta: int) -> bool:
        """Alt+Left / Alt+Right: the article read before or after (into All if it has left
        the view)."""
        target = self._current.travel(delta)
        if target is None:
            self._say("No article further back" if delta < 0 else "No article further on")
            return False
        if self._list.current_id() != target and not self._views.follow(target):
            self._views.show_all_with(target)
        return True

    # -- writes -------------------------------------------------------------------------------

    def mark_all_read(self) -> None:
        view = self._views.view()
        ids = self._library.unread_ids(view)
        title = self._views.title(view)
        if not ids:
            self._say(f"Nothing unread in {title}")
            return
        step = MarkRead(self._library, ids, title)
        self._history.push(step)
        key = self._registry.key_text(ActionId.UNDO) or "Edit › Undo"
        self._say(f"{step.text()}. Undo with {key}")

    # -- the topic picker ---------------------------------------------------------------------

    def open_topic_picker(self) -> Picker:
        model = self._sidebar.sidebar_model()
        items = []
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            view = index.data(ViewRole)
            if isinstance(view, View) and view.kind == "topic":
                items.append(
                    PickerItem(
                        label=str(index.data()),
                        detail=f"{index.data(CountRole) or 0:,}",
                        run=self._topic_runner(view),
                        words=str(index.data(Qt.ItemDataRole.ToolTipRole) or ""),
                    )
                )
        picker = Picker(self._pane.window(), items, title="Go to topic", placeholder="Type a topic")
        return self.open_picker(picker)

    def _topic_runner(self, view: View) -> Callable[[], None]:
        def run() -> None:
            self._views.select_view(view)
            self._list.setFocus(Qt.FocusReason.ShortcutFocusReason)

        return run

    def open_picker(self, picker: Picker) -> Picker:
        """Open `picker`, closing any other one."""
        if self.picker is not None:
            self.picker.close()
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.destroyed.connect(lambda _obj=None, p=picker: self._closed(p))
        self.picker = picker
        picker.open()
        return picker

    def _closed(self, picker: Picker) -> None:
        if self.picker is picker:
            self.picker = None
