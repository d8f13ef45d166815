"""The keyboard's commands on the main window's panes: focus and pane cycling, Esc, unread
navigation, paging, sidebar entries, back/forward history, marking a view read, and the
two pickers (command palette, topic picker).

`Navigator` only reads the window's parts and calls the library's write API; the window
binds its methods to actions in the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from reader.library import View
from reader.ui.actions import ActionId
from reader.ui.palette import Picker, PickerItem, action_items
from reader.ui.sidebar import ViewRole, view_title
from reader.ui.undo import MarkReadCommand

if TYPE_CHECKING:
    from reader.ui.mainwindow import MainWindow

HISTORY_LIMIT = 200
PAGE_OVERLAP = 0.9  # a page keeps a tenth of the screen for context


class History:
    """The articles read, in order, with a position for back and forward (as in browsers)."""

    def __init__(self) -> None:
        self._ids: list[int] = []
        self._at = -1

    def visit(self, article_id: int) -> None:
        if 0 <= self._at < len(self._ids) and self._ids[self._at] == article_id:
            return
        del self._ids[self._at + 1 :]
        self._ids.append(article_id)
        del self._ids[:-HISTORY_LIMIT]
        self._at = len(self._ids) - 1

    def step(self, delta: int) -> int | None:
        target = self._at + delta
        if not 0 <= target < len(self._ids):
            return None
        self._at = target
        return self._ids[target]


class Navigator:
    """Commands over `window`'s panes (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.history = History()
        self._travelling = False
        self.picker: Picker | None = None
        window.article_list.articleChosen.connect(self._visited)

    # -- focus --------------------------------------------------------------------------------

    def panes(self) -> list[QWidget]:
        w = self.window
        shown = [w.sidebar] if not w.sidebar.isHidden() else []
        return [*shown, w.article_list, w.pane]

    def pane_with_focus(self) -> QWidget | None:
        focus = QApplication.focusWidget()
        for pane in self.panes():
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return pane
        return None

    def focus(self, pane: QWidget) -> None:
        if pane is self.window.sidebar and pane.isHidden():
            self.window.registry.action(ActionId.TOGGLE_SIDEBAR).setChecked(True)
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
        w = self.window
        if w.chords.pending:
            w.chords.cancel()
        elif not w.caret.back_out():
            w.article_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_entry(self) -> None:
        w = self.window
        if w.article_list.current_id() is None:
            w.article_list.step(1)
        w.article_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- moving through articles --------------------------------------------------------------

    def to_unread(self, forward: bool) -> bool:
        w = self.window
        view = w.list_model.view()
        target = w.library.neighbour(view, w.article_list.current_id(), forward, unread=True)
        if target is None or not w.article_list.select_article(target):
            w.say("No more unread articles in this view" if forward else "No unread article above")
            return False
        return True

    def to_edge(self, last: bool) -> bool:
        w = self.window
        target = w.library.neighbour(w.list_model.view(), None, forward=not last)
        return target is not None and w.article_list.select_article(target)

    def page(self, fraction: float, move_on: bool = False) -> None:
        """Scroll the reading pane by `fraction` of a screen; with `move_on` (Space), at the
        end of the article go on to the next unread one."""
        bar = self.window.pane.verticalScrollBar()
        if move_on and bar.value() >= bar.maximum():
            self.to_unread(True)
            return
        bar.setValue(bar.value() + round(bar.pageStep() * fraction))

    def sidebar_entry(self, delta: int) -> None:
        sidebar = self.window.sidebar
        action = (
            QAbstractItemView.CursorAction.MoveDown
            if delta > 0
            else QAbstractItemView.CursorAction.MoveUp
        )
        index = sidebar.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if index.isValid() and index.data(ViewRole) is not None:
            sidebar.setCurrentIndex(index)

    # -- history ------------------------------------------------------------------------------

    def _visited(self, article_id: int | None) -> None:
        if article_id is not None and not self._travelling:
            self.history.visit(article_id)

    def travel(self, delta: int) -> bool:
        """Alt+Left / Alt+Right: the article read before or after (in All if need be)."""
        target = self.history.step(delta)
        if target is None:
            self.window.say("No article further back" if delta < 0 else "No article further on")
            return False
        w = self.window
        self._travelling = True
        try:
            if not w.article_list.select_article(target):
                w.sidebar.select_view(View("all"))
                w.article_list.select_article(target)
        finally:
            self._travelling = False
        return True

    # -- writes -------------------------------------------------------------------------------

    def mark_all_read(self) -> None:
        w = self.window
        view = w.list_model.view()
        ids = w.library.unread_ids(view)
        title = view_title(view, w.sidebar.sidebar_model().labels())
        if not ids:
            w.say(f"Nothing unread in {title}")
            return
        command = MarkReadCommand(w.library, ids, title)
        w.undo_stack.push(command)
        w.say(f"{command.text()}. Undo with {w.registry.key_text(ActionId.UNDO) or 'Edit › Undo'}")

    # -- pickers ------------------------------------------------------------------------------

    def open_palette(self) -> Picker:
        w = self.window
        items = action_items(w.registry, exclude=[ActionId.PALETTE])
        return self._open(Picker(w, items, title="Command palette", placeholder="Type a command"))

    def open_topic_picker(self) -> Picker:
        w = self.window
        model = w.sidebar.sidebar_model()
        items = []
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            view = index.data(ViewRole)
            if isinstance(view, View) and view.kind == "topic":
                items.append(
                    PickerItem(
                        label=str(index.data()),
                        detail=f"{index.data(Qt.ItemDataRole.UserRole + 2):,}",
                        run=self._topic_runner(view),
                        words=str(index.data(Qt.ItemDataRole.ToolTipRole) or ""),
                    )
                )
        return self._open(Picker(w, items, title="Go to topic", placeholder="Type a topic"))

    def _topic_runner(self, view: View) -> Callable[[], None]:
        return lambda: self._show_topic(view)

    def _show_topic(self, view: View) -> None:
        self.window.sidebar.select_view(view)
        self.window.article_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _open(self, picker: Picker) -> Picker:
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
