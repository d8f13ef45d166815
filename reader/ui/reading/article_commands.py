"""Commands on one article: opening it, bookmark, read or unread, its topics, removing it, its menu.

Each command acts on the article on screen, or, while a row's context menu is open, on that
row (whichever row is selected). The row menu is built from the registry's actions, so it
shows the current keys and follows rebinding. Removing an article asks first and names the
highlights and notes that go with it (the library keeps them among the recently deleted).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from reader.library import ArticleRow, Changes, Library
from reader.ui.commands.actions import ActionId, ActionRegistry, reporting
from reader.ui.panes.article_list import ArticleList
from reader.ui.reading.current import CurrentArticle
from reader.ui.reading.topics_menu import TopicsMenu
from reader.ui.style.plain_text import ask

Say = Callable[[str], object]
YES_NO = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
ROW_MENU = (ActionId.OPEN_ARTICLE, None, ActionId.TOGGLE_BOOKMARK, ActionId.TOGGLE_READ)


class ArticleCommands:
    """Binds the Article menu's commands on one article (see the module docstring)."""

    def __init__(
        self, library: Library, registry: ActionRegistry, current: CurrentArticle,
        articles: ArticleList, *, reader: QWidget, say: Say,
    ) -> None:  # fmt: skip
        self._library = library
        self._registry = registry
        self._current = current
        self._list = articles
        self._reader = reader
        self._say = say
        self._menu_target: int | None = None
        for action, handler in {
            ActionId.OPEN_ARTICLE: lambda: self.open(self.target()),
            ActionId.TOGGLE_BOOKMARK: lambda: self.toggle_bookmark(self.target()),
            ActionId.TOGGLE_READ: lambda: self.toggle_read(self.target()),
            ActionId.REMOVE_ARTICLE: lambda: self.remove(self.target()),
            ActionId.EDIT_TOPICS: self.popup_topics,
        }.items():
            registry.bind(action, handler)
        articles.bookmarkClicked.connect(reporting(self.toggle_bookmark, say))
        articles.menuRequested.connect(self._popup_row_menu)
        current.shown.connect(lambda _article: self.update_actions())

    def target(self) -> int | None:
        """The row of the open context menu, else the article on screen."""
        return self._menu_target if self._menu_target is not None else self._current.id()

    def _row(self, article_id: int | None) -> ArticleRow | None:
        if article_id is None:
            return None
        position = self._list.list_model().row_of(article_id)
        if position is not None:
            return self._list.list_model().article_at(position)
        return self._library.rows([article_id]).get(article_id)

    # -- commands -----------------------------------------------------------------------------

    def open(self, article_id: int | None) -> None:
        """Open Article: show it (the row of an open menu, else the one shown) and move the
        focus into the reading pane."""
        if article_id is not None and self._current.show(article_id):
            self._reader.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_bookmark(self, article_id: int | None) -> None:
        row = self._row(article_id)
        if row is None:
            self._say("Choose an article first")
            return
        self._library.set_bookmarked([row.id], not row.bookmarked)
        self._say(f"Bookmarked “{row.title}”" if not row.bookmarked else "Bookmark removed")

    def toggle_read(self, article_id: int | None) -> None:
        if article_id is not None and article_id == self._current.id():
            self._current.mark_read_now()  # an article on screen counts as read
        row = self._row(article_id)
        if row is None:
            self._say("Choose an article first")
            return
        self._library.set_read([row.id], not row.read)

    def remove(self, article_id: int | None) -> bool:
        """Asks first, naming the highlights and notes that would go with it; the file it
        came from is never touched."""
        row = self._row(article_id)
        if row is None:
            return False
        held = self._library.annotation_count([row.id])
        text = f"Remove “{row.title}” from the library?"
        if held:
            noun = "highlight or note" if held == 1 else "highlights and notes"
            text += (
                f"\n\nIts {held} {noun} will go with it; View › Recently Deleted Notes "
                "brings them back once the article is imported again."
            )
        text += "\n\nThe file it was imported from is not changed."
        if not ask(self._list.window(), "Remove Article", text):
            return False
        self._library.remove_articles([row.id], with_annotations=held)
        self._say(f"Removed “{row.title}”")
        return True

    def popup_topics(self) -> TopicsMenu | None:
        """Article › Topics…: the menu by the article's row (reachable by keyboard)."""
        article_id = self.target()
        if article_id is None:
            self._say("Choose an article first")
            return None
        menu = TopicsMenu(self._library, article_id, self._list)
        rect = self._list.visualRect(self._list.currentIndex())
        menu.popup(self._list.viewport().mapToGlobal(rect.topLeft() + QPoint(24, 24)))
        return menu

    # -- the row menu -------------------------------------------------------------------------

    def row_menu(self, article_id: int, parent: QWidget | None = None) -> QMenu | None:
        """The context menu of one row: the registry's article actions, acting on that row."""
        row = self._row(article_id)
        if row is None:
            return None
        menu = QMenu(parent or self._list)
        self._menu_target = article_id
        self._label_for(row)
        for action in ROW_MENU:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(self._registry.action(action))
        menu.addMenu(TopicsMenu(self._library, article_id, menu))
        menu.addAction(self._registry.action(ActionId.EDIT_TAGS))
        menu.addSeparator()
        menu.addAction(self._registry.action(ActionId.REMOVE_ARTICLE))
        menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self._menu_closed))
        return menu

    def _popup_row_menu(self, article_id: int, where: QPoint) -> None:
        menu = self.row_menu(article_id)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(where)

    def _menu_closed(self) -> None:
        self._menu_target = None
        self.update_actions()

    # -- enabled states and labels ----------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        shown = self.target()
        if shown is not None and (shown in changes.articles or changes.removed):
            self.update_actions()

    def update_actions(self) -> None:
        self._label_for(self._row(self.target()))

    def _label_for(self, row: ArticleRow | None) -> None:
        has = row is not None
        bookmark = self._registry.action(ActionId.TOGGLE_BOOKMARK)
        bookmark.setEnabled(has)
        bookmark.setChecked(bool(row and row.bookmarked))
        self._registry.action(ActionId.TOGGLE_READ).setEnabled(has)
        label = "Mark as &Unread" if row is not None and row.read else "Mark as &Read"
        self._registry.set_label(ActionId.TOGGLE_READ, label)
        for action in (ActionId.OPEN_ARTICLE, ActionId.REMOVE_ARTICLE, ActionId.EDIT_TOPICS,
                       ActionId.EDIT_TAGS):  # fmt: skip
            self._registry.action(action).setEnabled(has)
