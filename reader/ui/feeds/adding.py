"""Adding from the web: Feeds › Add Feed…, File › Add Page…, and addresses pasted or dropped
on the window (a feed is followed, any other page saved to read later).

Each runs as one task on a worker thread (`reader.ui.feeds.worker`), one at a time beside
the refresh; when it is done, the new feed is chosen in the sidebar or the saved page is
opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.library import FeedInfo, Library, LibraryError, PictureCheck, RefreshResult, View
from reader.ui.feeds.dialogs import AddFeedDialog, AddPageDialog, clipboard_url, open_over
from reader.ui.feeds.worker import Running
from reader.ui.panes.sidebar import Sidebar
from reader.ui.reading.current import CurrentArticle
from reader.ui.window.statusbar import StatusBar

Tell = Callable[[str, str, QMessageBox.Icon], None]


class AddingController(QObject):
    """Subscribing and saving pages in the background; `task` is the one running."""

    def __init__(
        self,
        *,
        library: Library,
        sidebar: Sidebar,
        current: CurrentArticle,
        status: StatusBar,
        host: QWidget,
        open_article: Callable[[int], object],
        check: Callable[[], PictureCheck | None],
        tell: Tell,
        update_sidebar: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._sidebar = sidebar
        self._current = current
        self._status = status
        self._host = host
        self._open_article = open_article
        self._check = check
        self._tell = tell
        self._update_sidebar = update_sidebar
        self.task: Running | None = None
        self._then: tuple[Callable[[object], object], str] = (lambda _result: None, "")

    def choose_feed(self) -> AddFeedDialog:
        dialog = AddFeedDialog(self.library.feed_folders(), self._host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_feed(*dialog.values()))
        open_over(dialog, self._host)
        return dialog

    def add_feed(self, url: str, folder: str | None = None, full_text: bool = False) -> bool:
        """Subscribe in the background; the feed is chosen in the sidebar once it is in."""
        if not url:
            return False
        check = self._check()

        def job(_progress: object, cancelled: Callable[[], bool]) -> object:
            info = self.library.add_feed(url, folder=folder, full_text=full_text, refresh=False)
            results = self.library.refresh_feeds([info.id], pictures=check, cancelled=cancelled)
            return info, results

        return self._run_task(f"Subscribing to {url}…", job, self._subscribed, "Add Feed")

    def _subscribed(self, outcome: object) -> None:
        info, results = cast(tuple[FeedInfo, list[RefreshResult]], outcome)
        self._update_sidebar()
        self._sidebar.select_view(View("feed", feed=info.id))
        added = sum(len(r.added) for r in results)
        self._status.say(f"Following “{info.title}”: {added:,} article{'s' * (added != 1)}")

    def choose_page(self) -> AddPageDialog:
        dialog = AddPageDialog(self._host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_page(dialog.value()))
        open_over(dialog, self._host)
        return dialog

    def save_page(self, url: str) -> bool:
        if not url:
            return False
        check = self._check()
        return self._run_task(
            f"Saving {url}…",
            lambda _p, _c: self.library.save_page(url, pictures=check),
            self._saved,
            "Add Page",
        )

    def _saved(self, article_id: object) -> None:
        self._open_article(int(article_id))  # type: ignore[call-overload]
        article = self._current.article()
        self._status.say(f"Saved “{article.title}”" if article else "Saved the page")

    def paste_url(self) -> bool:
        """An address on the clipboard: follow it if it is a feed, else save the page."""
        url = clipboard_url()
        if not url:
            self._status.say("The clipboard holds no web address (http or https)")
            return False
        return self.add_urls([url])

    def add_urls(self, urls: Sequence[str]) -> bool:
        """Addresses pasted or dropped on the window, one after the other."""
        check = self._check()
        wanted = [u for u in urls if u.lower().startswith(("http://", "https://"))][:20]
        if not wanted:
            return False

        def job(_progress: object, _cancelled: Callable[[], bool]) -> object:
            done: list[tuple[str, int]] = []
            problems: list[str] = []
            for url in wanted:
                try:
                    done.append(self.library.add_url(url, pictures=check))
                except LibraryError as exc:
                    problems.append(str(exc))
            return done, problems

        return self._run_task(f"Opening {wanted[0]}…", job, self._added_urls, "Add Page")

    def _added_urls(self, outcome: object) -> None:
        done, problems = cast(tuple[list[tuple[str, int]], list[str]], outcome)
        if problems:
            self._tell("Add Page", "\n".join(problems), QMessageBox.Icon.Warning)
        if not done:
            return
        kind, number = done[-1]
        if kind == "feed":
            self._subscribed((self.library.feed(number), []))
        else:
            self._saved(number)

    def _run_task(
        self, message: str, job: Callable[..., object], done: Callable[[object], object], title: str
    ) -> bool:
        if self.task is not None:
            self._status.say("Wait a moment: Reader is still fetching the last address")
            return False
        task = Running(self, self.library, job, "feeds-task")
        self.task = task
        self._then = done, title
        # bound slots of this object: delivered on the GUI thread (a plain function would be
        # called on the worker's thread)
        task.worker.finished.connect(self._finished)
        task.worker.failed.connect(self._failed)
        self._status.say(message, 30000)
        task.start()
        return True

    @Slot(object)
    def _finished(self, result: object) -> None:
        done, _title = self._then
        self._task_over()
        done(result)

    @Slot(str)
    def _failed(self, text: str) -> None:
        _done, title = self._then
        self._task_over()
        self._tell(title, text, QMessageBox.Icon.Warning)

    def _task_over(self) -> None:
        if self.task is not None:
            self.task.dispose()
            self.task = None
        self._status.clearMessage()
