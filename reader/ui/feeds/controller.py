"""Feeds in the window: Refresh, the sidebar's feed menu, OPML, the schedule, pictures, and
Article › Open Original; adding feeds and pages is `reader.ui.feeds.adding`.

Everything that uses the network runs on a worker thread (`reader.ui.feeds.worker`): one
refresh at a time, with its progress and a Stop button in the status bar, and one other
task (adding a feed, saving a page) beside it. The library reports what each refresh wrote
as it lands, so new articles appear while the rest are still being fetched. Feeds refresh on
launch and then whenever one is due (the global interval, or the feed's own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)

from reader.library import (
    DEFAULT_INTERVAL,
    Changes,
    FeedInfo,
    Library,
    LibraryError,
    PictureCheck,
    RefreshResult,
    View,
    write_atomically,
)
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.feeds.adding import AddingController
from reader.ui.feeds.dialogs import FeedSettingsDialog, open_over
from reader.ui.feeds.worker import Running
from reader.ui.panes.sidebar import Sidebar, ViewRole
from reader.ui.reading.current import CurrentArticle
from reader.ui.style.plain_text import message_box
from reader.ui.window.job_progress import JobProgress
from reader.ui.window.state import Settings
from reader.ui.window.statusbar import StatusBar

CHECK_MS = 60_000  # how often the schedule looks for feeds that are due
LAUNCH_MS = 3_000  # the refresh on launch waits for the window to settle
SIDEBAR_MS = 250  # read marks are gathered this long before the sidebar's counts are read
OPML_LIMIT = 20 * (1 << 20)
FEED_ACTIONS = (
    ActionId.REFRESH_FEED,
    ActionId.RENAME_FEED,
    ActionId.MOVE_FEED,
    ActionId.PAUSE_FEED,
    ActionId.FEED_SETTINGS,
    ActionId.UNSUBSCRIBE,
)


def summary(results: Sequence[RefreshResult], stopped: bool) -> str:
    """A status line for a finished refresh."""
    added = sum(len(r.added) for r in results)
    failed = [r for r in results if r.error]
    line = "Refresh stopped" if stopped else "Feeds refreshed"
    line += f": {added:,} new article{'s' * (added != 1)}"
    if failed:
        line += f"; {len(failed)} feed{'s' * (len(failed) != 1)} failed ({failed[0].describe()})"
    return line


def picture_source(library: Library, state: Settings) -> Callable[[str], bytes | None]:
    """What the reading pane shows for `reader-picture:<sha256>`: the library's copy, while
    pictures are on (turned off, articles show only their pictures' alt text)."""

    def stored(sha256: str) -> bytes | None:
        if not state.pictures():
            return None
        found = library.picture(sha256)
        return found[0] if found is not None else None

    return stored


class FeedsController(QObject):
    """Feeds' actions, the refresh worker and its schedule, saved pages."""

    def __init__(
        self,
        *,
        library: Library,
        registry: ActionRegistry,
        sidebar: Sidebar,
        current: CurrentArticle,
        state: Settings,
        status: StatusBar,
        host: QWidget,
        open_url: Callable[[QUrl], object],
        open_article: Callable[[int], object],
        schedule: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._registry = registry
        self._sidebar = sidebar
        self._current = current
        self._state = state
        self._status = status
        self._host = host
        self._open_url = open_url
        self._open_article = open_article
        self.refreshing: Running | None = None
        self._results: list[RefreshResult] = []
        self._menu_target: View | None = None
        self.last_message: QMessageBox | None = None
        self.progress = JobProgress(
            self.stop_refresh, name="refreshProgress", doing="Refreshing feeds",
            stop_tip="Stop refreshing (what was fetched is kept)", parent=status,
        )  # fmt: skip
        status.addPermanentWidget(self.progress)
        self._sidebar_timer = QTimer(self, singleShot=True, interval=SIDEBAR_MS)
        self._sidebar_timer.timeout.connect(self.update_sidebar)
        self._schedule = QTimer(self, interval=CHECK_MS)
        self._schedule.timeout.connect(self.refresh_due)
        self.adding = AddingController(
            library=library,
            sidebar=sidebar,
            current=current,
            status=status,
            host=host,
            open_article=open_article,
            check=self._check,
            tell=self._tell,
            update_sidebar=self.update_sidebar,
            parent=self,
        )
        self._bind()
        self.update_sidebar(counts=False)
        if schedule:
            self._schedule.start()
            QTimer.singleShot(LAUNCH_MS, self.refresh_due)
        sidebar.customContextMenuRequested.connect(self.sidebar_menu)
        sidebar.viewChosen.connect(lambda _view: self._update_actions())
        current.shown.connect(lambda _article: self._update_actions())
        self._update_actions()

    def _bind(self) -> None:
        bind = self._registry.bind
        bind(ActionId.ADD_FEED, self.adding.choose_feed)
        bind(ActionId.ADD_PAGE, self.adding.choose_page)
        bind(ActionId.PASTE_URL, self.adding.paste_url)
        bind(ActionId.REFRESH_FEED, self.refresh_chosen)
        bind(ActionId.REFRESH_ALL, lambda: self.refresh(None))
        bind(ActionId.STOP_REFRESH, self.stop_refresh)
        bind(ActionId.RENAME_FEED, lambda: self._on_feed(self.rename))
        bind(ActionId.MOVE_FEED, lambda: self._on_feed(self.move))
        bind(ActionId.PAUSE_FEED, lambda: self._on_feed(self.toggle_pause))
        bind(ActionId.FEED_SETTINGS, lambda: self._on_feed(self.edit_settings))
        bind(ActionId.UNSUBSCRIBE, lambda: self._on_feed(self.unsubscribe))
        bind(ActionId.IMPORT_OPML, self.choose_opml)
        bind(ActionId.EXPORT_OPML, self.export_opml)
        bind(ActionId.REFRESH_INTERVAL, self.choose_interval)
        bind(ActionId.SHOW_PICTURES, self._pictures_toggled)
        bind(ActionId.OPEN_ORIGINAL, self.open_original)
        pictures = self._registry.action(ActionId.SHOW_PICTURES)
        pictures.setChecked(self._state.pictures())
        self._registry.action(ActionId.STOP_REFRESH).setEnabled(False)

    # -- the sidebar ----------------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        """Feeds' unread counts follow read marks and refreshes (gathered, then read once)."""
        if changes.feeds or changes.counts or changes.added or changes.removed:
            if changes.feeds:
                self.update_sidebar(counts=False)
            else:
                self._sidebar_timer.start()

    def update_sidebar(self, counts: bool = True) -> None:
        """Read the feeds again and show them (and, with `counts`, the sidebar's counts)."""
        try:
            feeds = self.library.feeds()
        except LibraryError:
            return
        self._sidebar.sidebar_model().set_feeds(feeds)
        if counts:
            self._sidebar.update_counts(self.library.counts())
        self._update_actions()

    def target(self) -> View | None:
        """The feed or folder the feed actions act on: the one whose menu is open, else the
        sidebar's current entry."""
        if self._menu_target is not None:
            return self._menu_target
        view = self._sidebar.current_view()
        if isinstance(view, View) and view.kind in ("feed", "folder"):
            return view
        return None

    def target_feed(self) -> FeedInfo | None:
        view = self.target()
        if view is None or view.kind != "feed" or view.feed is None:
            return None
        return self.library.feed(view.feed)

    def _on_feed(self, command: Callable[[FeedInfo], object]) -> None:
        feed = self.target_feed()
        if feed is None:
            self._status.say("Choose a feed in the sidebar first")
            return
        command(feed)

    def _update_actions(self) -> None:
        feed = self.target_feed()
        pause = self._registry.action(ActionId.PAUSE_FEED)
        pause.setChecked(bool(feed and feed.paused))
        article = self._current.article()
        self._registry.action(ActionId.OPEN_ORIGINAL).setEnabled(
            article is not None and article.link is not None
        )

    def sidebar_menu(self, pos: QPoint) -> QMenu | None:
        """The context menu of a feed or folder: the registry's feed actions."""
        view = self._sidebar.indexAt(pos).data(ViewRole)
        if not isinstance(view, View) or view.kind not in ("feed", "folder"):
            return None
        self._menu_target = view
        self._update_actions()
        menu = QMenu(self._sidebar)
        menu.setObjectName("feedMenu")
        actions = FEED_ACTIONS if view.kind == "feed" else (ActionId.REFRESH_FEED,)
        for action_id in actions:
            if action_id in (ActionId.RENAME_FEED, ActionId.UNSUBSCRIBE):
                menu.addSeparator()
            menu.addAction(self._registry.action(action_id))
        return self._sidebar.popup_menu(menu, pos, self._menu_closed)

    def _menu_closed(self) -> None:
        self._menu_target = None
        self._update_actions()

    # -- changing feeds -------------------------------------------------------------------------

    def _try(self, title: str, operation: Callable[[], object]) -> bool:
        try:
            operation()
        except LibraryError as exc:
            self._tell(title, str(exc), QMessageBox.Icon.Warning)
            return False
        return True

    def rename(self, feed: FeedInfo) -> None:
        name, ok = QInputDialog.getText(self._host, "Rename Feed", "Name:", text=feed.title)
        if ok:
            self._try("Rename Feed", lambda: self.library.rename_feed(feed.id, name))

    def move(self, feed: FeedInfo) -> None:
        folders = ["", *self.library.feed_folders()]
        current = folders.index(feed.folder) if feed.folder in folders else 0
        folder, ok = QInputDialog.getItem(
            self._host,
            "Move to Folder",
            "Folder (empty for none; “A/B” nests):",
            folders,
            current,
            True,
        )
        if ok:
            self._try("Move to Folder", lambda: self.library.move_feed(feed.id, folder or None))

    def toggle_pause(self, feed: FeedInfo) -> None:
        paused = not feed.paused
        if self._try("Pause Feed", lambda: self.library.pause_feed(feed.id, paused)):
            self._status.say(f"{'Paused' if paused else 'Resumed'} “{feed.title}”")

    def edit_settings(self, feed: FeedInfo) -> FeedSettingsDialog:
        dialog = FeedSettingsDialog(feed, self._interval(), self._host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def save() -> None:
            chosen = dialog.values()
            self._try(
                "Feed Settings",
                lambda: self.library.set_feed_options(
                    feed.id,
                    full_text=chosen.full_text,
                    interval_minutes=chosen.interval_minutes,
                    keep_days=chosen.keep_days,
                    keep_count=chosen.keep_count,
                ),
            )

        dialog.accepted.connect(save)
        open_over(dialog, self._host)
        return dialog

    def unsubscribe(self, feed: FeedInfo) -> QMessageBox:
        """Ask whether to keep the feed's articles; those with bookmarks, highlights or
        notes always stay."""
        box = message_box(
            self._host,
            QMessageBox.Icon.Question,
            "Unsubscribe",
            f"Stop following “{feed.title}”?\n\nIts {feed.total:,} articles can stay in the "
            "library or go. Articles with a bookmark, highlight or note always stay.",
            buttons=QMessageBox.StandardButton.Cancel,
        )
        box.setObjectName("unsubscribeBox")
        remove = box.addButton("Remove Articles", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep Articles", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button not in (remove, keep):
                return
            keeping = button is keep
            if self._try(
                "Unsubscribe", lambda: self.library.remove_feed(feed.id, keep_articles=keeping)
            ):
                self._status.say(f"Unsubscribed from “{feed.title}”")

        box.buttonClicked.connect(answered)
        open_over(box, self._host)
        return box

    # -- refreshing ---------------------------------------------------------------------------

    def _interval(self) -> int:
        return self._state.feed_interval(DEFAULT_INTERVAL)

    def _check(self) -> PictureCheck | None:
        """The picture check (decoding with Qt), unless pictures are turned off."""
        if not self._state.pictures():
            return None
        from reader.pictures import check_picture

        return check_picture

    def refresh_due(self) -> bool:
        """The schedule: refresh the feeds that are due, quietly."""
        if self.refreshing is not None:
            return False
        try:
            due = self.library.feeds_due(self._interval())
        except LibraryError:
            return False
        return bool(due) and self.refresh(due)

    def refresh_chosen(self) -> bool:
        """Refresh the feed (or the folder's feeds) chosen, else the current article's feed."""
        view = self.target()
        if view is not None and view.kind == "feed" and view.feed is not None:
            return self.refresh([view.feed])
        if view is not None and view.kind == "folder":
            inside = [
                f.id
                for f in self.library.feeds()
                if f.folder is not None
                and (f.folder == view.folder or f.folder.startswith(f"{view.folder}/"))
            ]
            return self.refresh(inside)
        article = self._current.article()
        if article is not None and article.feed_id is not None:
            return self.refresh([article.feed_id])
        self._status.say("Choose a feed in the sidebar first (Shift+R refreshes every feed)")
        return False

    def refresh(self, ids: Sequence[int] | None) -> bool:
        """Refresh these feeds (None: all but paused ones) in the background."""
        if self.refreshing is not None:
            self._status.say("Feeds are being refreshed already")
            return False
        if ids is not None and not ids:
            return False
        if ids is None and not self.library.feeds():
            self._status.say("You follow no feeds yet: Feeds › Add Feed… (Ctrl+N) adds one")
            return False
        check = self._check()
        wanted = list(ids) if ids is not None else None

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> object:
            def told(done: int, total: int, result: RefreshResult) -> None:
                progress(done, total, result.describe())

            results = self.library.refresh_feeds(
                wanted, progress=told, cancelled=cancelled, pictures=check
            )
            return results, cancelled()

        running = Running(self, self.library, job, "feeds-refresh")
        self.refreshing = running
        running.worker.progressed.connect(self.progress.show_progress)  # a slot: queued
        running.worker.finished.connect(self._refreshed)
        running.worker.failed.connect(self._refresh_failed)
        self.progress.show_progress(
            0, len(wanted) if wanted is not None else len(self.library.feeds())
        )
        self._registry.action(ActionId.STOP_REFRESH).setEnabled(True)
        running.start()
        return True

    def stop_refresh(self) -> None:
        if self.refreshing is not None:
            self.refreshing.worker.cancel()
            self.progress.label.setText("Stopping…")

    def _refresh_over(self) -> None:
        if self.refreshing is not None:
            self.refreshing.dispose()
            self.refreshing = None
        self.progress.hide()
        self._registry.action(ActionId.STOP_REFRESH).setEnabled(False)
        self.update_sidebar()

    @Slot(object)
    def _refreshed(self, outcome: object) -> None:
        results, stopped = cast(tuple[list[RefreshResult], bool], outcome)
        self._refresh_over()
        self._results = list(results)
        self._status.say(summary(results, bool(stopped)), 10000)

    @Slot(str)
    def _refresh_failed(self, message: str) -> None:
        self._refresh_over()
        self._status.say(f"Refreshing stopped: {message}", 15000)

    def results(self) -> list[RefreshResult]:
        """What the last refresh did (for tests)."""
        return list(self._results)

    def choose_interval(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self._host,
            "Refresh Feeds",
            "Refresh every feed every (minutes):",
            self._interval(),
            5,
            7 * 24 * 60,
            5,
        )
        if ok:
            self._state.set_feed_interval(minutes)
            self._status.say(f"Feeds are refreshed every {minutes} minutes")

    def _pictures_toggled(self) -> None:
        on = self._registry.action(ActionId.SHOW_PICTURES).isChecked()
        self._state.set_pictures(on)
        self._current.refresh()
        self._status.say("Pictures are fetched and shown" if on else "Pictures are left out")

    def shutdown(self) -> None:
        """Stop the workers (the window is closing); what was fetched is kept."""
        self._schedule.stop()
        for running in (self.refreshing, self.adding.task):
            if running is not None:
                running.stop()
        self.refreshing = self.adding.task = None

    # -- OPML and the original ---------------------------------------------------------------

    def choose_opml(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self._host,
            "Import Subscriptions",
            self._state.opml_folder() or str(Path.home()),
            "OPML (*.opml *.xml);;All files (*)",
        )
        if name:
            self._state.set_opml_folder(str(Path(name).parent))
            self.import_opml(Path(name))

    def import_opml(self, path: Path) -> bool:
        try:
            with open(path, "rb") as handle:
                data = handle.read(OPML_LIMIT + 1)
        except OSError as exc:
            self._tell(
                "Import Subscriptions",
                f"Cannot read {path}: {exc.strerror or exc}.",
                QMessageBox.Icon.Warning,
            )
            return False
        if len(data) > OPML_LIMIT:
            self._tell(
                "Import Subscriptions",
                f"{path.name} is larger than 20 MB: not a list of subscriptions.",
                QMessageBox.Icon.Warning,
            )
            return False
        try:
            added, problems = self.library.import_opml(data)
        except LibraryError as exc:
            self._tell("Import Subscriptions", str(exc), QMessageBox.Icon.Warning)
            return False
        text = f"Following {len(added):,} new feed{'s' * (len(added) != 1)}."
        if problems:
            text += "\n\nNot added:\n" + "\n".join(f"• {p}" for p in problems[:10])
            if len(problems) > 10:
                text += f"\n…and {len(problems) - 10} more."
        self._tell("Import Subscriptions", text, QMessageBox.Icon.Information)
        if added:
            self.refresh([f.id for f in added])
        return True

    def export_opml(self) -> None:
        start = str(Path(self._state.opml_folder() or Path.home()) / "Reader subscriptions.opml")
        name, _filter = QFileDialog.getSaveFileName(
            self._host, "Export Subscriptions", start, "OPML (*.opml);;All files (*)"
        )
        if name:
            self._state.set_opml_folder(str(Path(name).parent))
            self.write_opml(Path(name))

    def write_opml(self, path: Path) -> bool:
        try:
            write_atomically(path, self.library.export_opml())
        except LibraryError as exc:
            self._tell("Export Subscriptions", str(exc), QMessageBox.Icon.Warning)
            return False
        self._status.say(f"Wrote {len(self.library.feeds()):,} feeds to {path.name}")
        return True

    def open_original(self) -> bool:
        """Open the article's web page in the browser."""
        article = self._current.article()
        link = article.link if article is not None else None
        if link is None:
            self._status.say("This article has no web page of its own")
            return False
        self._open_url(QUrl(link))
        return True

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        box = message_box(self._host, icon, title, text)
        box.setObjectName("feedsMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.destroyed.connect(self._forget_message)
        open_over(box, self._host)

    def _forget_message(self) -> None:
        self.last_message = None
