"""Sorting the article list: View › Sort By.

`SortController` binds the sort actions (by date added, by published date, by title, by
length, and reverse order: one handler each), keeps their check marks in step with the
list's order, shows the chosen order in the list with the article being read still selected
(so J/K and N/P go on from it, in the new order), and keeps the choice in the settings. The
order applies to every view of the list; search results keep their own (by relevance).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from reader.library import Sort, SortKey
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.commands.specs import SORT_ACTIONS
from reader.ui.panes.article_list import ArticleList
from reader.ui.reading.current import CurrentArticle
from reader.ui.window.state import Settings

Say = Callable[[str], object]
ORDER_WORDS: dict[str, tuple[str, str]] = {  # each order in words, as is and reversed
    "added": ("newest first", "oldest first"),
    "published": ("newest published first", "oldest published first"),
    "title": ("by title, A to Z", "by title, Z to A"),
    "length": ("shortest first", "longest first"),
}


def in_words(sort: Sort) -> str:
    """The order as the status bar and a screen reader say it ("by title, A to Z")."""
    return ORDER_WORDS[sort.key][sort.reverse]


class SortController(QObject):
    """The list's order (see the module docstring). The order kept in the settings is
    applied at once, before the window shows its first view."""

    def __init__(
        self, *, registry: ActionRegistry, articles: ArticleList, current: CurrentArticle,
        state: Settings, say: Say, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._registry = registry
        self._list = articles
        self._current = current
        self._state = state
        self._say = say
        for key, action in SORT_ACTIONS.items():
            registry.bind(action, self._by(key))
        registry.bind(ActionId.SORT_REVERSE, self.reverse)
        self._apply(state.sort())

    def sort(self) -> Sort:
        return self._list.list_model().order()

    def _by(self, key: SortKey) -> Callable[[], None]:
        return lambda: self.set_sort(Sort(key, self.sort().reverse))

    def reverse(self) -> None:
        current = self.sort()
        self.set_sort(Sort(current.key, not current.reverse))

    def set_sort(self, sort: Sort) -> None:
        """Show the list in order `sort`, keeping the article being read selected."""
        if sort != self.sort():
            self._apply(sort)
            keep = self._current.id()
            if keep is not None:
                self._list.select_article(keep)
            self._state.set_sort(sort)
        self._check(sort)  # a checked entry chosen again stays checked
        self._say(f"Sorted {in_words(sort)}")

    def _apply(self, sort: Sort) -> None:
        self._list.list_model().set_order(sort)
        self._list.setAccessibleDescription(f"The articles of the chosen view, {in_words(sort)}")
        self._check(sort)

    def _check(self, sort: Sort) -> None:
        for key, action in SORT_ACTIONS.items():
            self._registry.action(action).setChecked(key == sort.key)
        self._registry.action(ActionId.SORT_REVERSE).setChecked(sort.reverse)
