"""The one owner of the article on screen: `CurrentArticle`.

Whatever asks to show an article (the list, a search result, the notes panel, a view switch,
back and forward, a link, a command, an undo step) calls `show`; nothing else puts an
article in the reading pane. It keeps the back/forward history, marks the article read once
it has been painted, saves the reading position, remembers the article for the next launch,
and announces what it shows with `shown(ArticleText | None)`: the annotation controller, the
notes panel, the search marks, the list and the status bar listen to that, and nothing else
tells them. So a highlight or a note can only ever be made on the article that is on screen.
"""

from __future__ import annotations

import contextlib
import dataclasses

from PySide6.QtCore import QObject, QTimer, Signal

from reader.library import ArticleText, Changes, Library, LibraryError
from reader.ui.panes.body_map import BodyMap, scroll_to_body
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.window.state import Settings

HISTORY_LIMIT = 200


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

    def forget(self, ids: frozenset[int]) -> None:
        """Drop removed articles, keeping the position on what remains."""
        if not ids.intersection(self._ids):
            return
        before = self._ids[: self._at + 1]
        self._ids = [i for i in self._ids if i not in ids]
        self._at = len([i for i in before if i not in ids]) - 1


class CurrentArticle(QObject):
    """Shows one article at a time in `pane` (see the module docstring)."""

    shown = Signal(object)  # ArticleText | None, after it is in the pane

    def __init__(
        self, library: Library, pane: ReadingPane, state: Settings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._pane = pane
        self._state = state
        self.history = History()
        self._article: ArticleText | None = None
        self._to_mark: int | None = None
        self._mark_timer = QTimer(self)
        self._mark_timer.setSingleShot(True)
        self._mark_timer.timeout.connect(self.mark_read_now)
        pane.positionChanged.connect(self._save_position)

    # -- what is shown ----------------------------------------------------------------------

    def article(self) -> ArticleText | None:
        return self._article

    def id(self) -> int | None:
        return self._article.id if self._article is not None else None

    def show(self, article_id: int | None, *, at: int | None = None, visit: bool = True) -> bool:
        """Show `article_id` (None: nothing), at body offset `at` if given, else where the
        reader left it. Showing the article already shown only moves to `at`. Returns
        whether the article is shown (False if it is not in the library)."""
        if article_id is not None and article_id == self.id():
            if at is not None:
                self._scroll_to(at)
            return True
        article = self._library.article(article_id) if article_id is not None else None
        if article is not None and at is not None:
            article = dataclasses.replace(article, scroll=0.0)
        self._mark_timer.stop()  # the one shown before was not painted yet: not read
        self._to_mark = None
        self._article = article
        self._pane.show_article(article)
        if article is None:
            self._state.set_article(None)
        else:
            self._state.set_article(article.id, article.uri)
            if visit:
                self.history.visit(article.id)
            if at is not None:
                self._scroll_to(at)
            if not article.read:
                self._to_mark = article.id  # after the paint: a key press shows it first
                self._mark_timer.start(0)
        self.shown.emit(article)
        return article is not None or article_id is None

    def travel(self, delta: int) -> int | None:
        """Back (-1) or forward (+1) through the articles read; the article now shown, or
        None if there is none that way (or it has left the library)."""
        while (target := self.history.step(delta)) is not None:
            if self.show(target, visit=False) and self.id() == target:
                return target
        return None

    def restore(self, remembered: tuple[int, str] | None) -> bool:
        """Show the article remembered from last time, if this library still has it under
        that id (its uri must match: an id of another library opens nothing)."""
        if remembered is None:
            return False
        article_id, uri = remembered
        row = self._library.rows([article_id]).get(article_id)
        if row is None or row.uri != uri:
            return False
        return self.show(article_id)

    def refresh(self) -> None:
        """Read the shown article again (its topics or text changed), keeping the place."""
        if self._article is None:
            return
        fresh = self._library.article(self._article.id)
        if fresh is None:
            self.show(None)
            return
        self._article = dataclasses.replace(fresh, scroll=self._pane.fraction())
        self._pane.show_article(self._article)
        self.shown.emit(self._article)

    def on_changes(self, changes: Changes) -> None:
        """Follow the library: a removed article leaves the pane, a changed one is re-read
        when what the pane shows of it (its topics) changed."""
        self.history.forget(changes.removed)
        shown = self.id()
        if shown is None:
            return
        if shown in changes.removed:
            self.show(None)
        elif shown in changes.articles and (changes.topics or changes.tags):
            self.refresh()  # its meta line names them
        elif shown in changes.articles and self._article is not None:
            row = self._library.rows([shown]).get(shown)
            if row is not None:  # flags only: keep the article, with its new flags
                self._article = dataclasses.replace(
                    self._article, read=row.read, bookmarked=row.bookmarked
                )

    # -- reading state ----------------------------------------------------------------------

    def mark_read_now(self) -> None:
        """Mark the shown article read if it is still the one shown (also done on quit)."""
        self._mark_timer.stop()
        marking, self._to_mark = self._to_mark, None
        if marking is None or marking != self.id() or self._library.protected:
            return
        with contextlib.suppress(LibraryError):  # read-only: it stays unread, nothing is lost
            self._library.set_read([marking], True)

    def flush(self) -> None:
        """Before quitting: the pending read mark and reading position."""
        self.mark_read_now()
        self._pane.flush_position()

    def _save_position(self, article_id: int, fraction: float) -> None:
        if self._library.protected:
            return  # nothing can be saved; the read-only state is already shown
        with contextlib.suppress(LibraryError):
            self._library.save_scroll(article_id, fraction)

    def _scroll_to(self, offset: int) -> None:
        """Put the text cursor at body offset `offset` (a highlight's commands and caret mode
        start there) and bring it into view."""
        if self._article is not None:
            body_map = BodyMap(self._article.body, self._pane.document())
            cursor = self._pane.textCursor()
            cursor.setPosition(body_map.to_document(offset))
            self._pane.setTextCursor(cursor)
            scroll_to_body(self._pane, body_map, offset)
