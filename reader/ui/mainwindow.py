"""The main window: sidebar | article list | reading pane, with menus, toolbar and status bar.

It wires the panes together and to the library: every command comes from the action
registry, every write goes through `Library` and comes back as a `Changes` report (via
`LibraryBridge`) that decides what to refresh. Window state lives in `Settings`.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QPalette,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QWidget,
)

from reader import APP_NAME
from reader.library import ArticleRow, Changes, Counts, Library, View
from reader.ui import icons, theme
from reader.ui.actions import MENUS, ActionId, ActionRegistry, Context, Keymap
from reader.ui.annotating import mark_icon, swatch_colour
from reader.ui.annotationwindow import AnnotationMixin
from reader.ui.annotator import Annotator
from reader.ui.articlelist import ArticleList, ArticleListModel
from reader.ui.bindings import bind_actions
from reader.ui.bridge import LibraryBridge
from reader.ui.caret import CaretController
from reader.ui.chords import ChordEngine
from reader.ui.dialogs import ShortcutsDialog
from reader.ui.importing import ImportController
from reader.ui.importwindow import ImportMixin
from reader.ui.keymap import effective_keymap, load_user_keymap, user_keymap_path
from reader.ui.navigation import Navigator
from reader.ui.notes import NotesDock
from reader.ui.readingpane import ReadingPane
from reader.ui.searchresults import SearchView
from reader.ui.searchwindow import SearchMixin
from reader.ui.settings import Settings
from reader.ui.shortcuts_dialog import ShortcutEditor
from reader.ui.sidebar import Sidebar, SidebarModel, view_title
from reader.ui.status import count_summary, view_summary
from reader.ui.topicmenu import topics_menu
from reader.ui.watching import FolderWatcher

DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(760, 460)
DEFAULT_SPLIT = (220, 380)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
UrlOpener = Callable[[QUrl], object]


def default_split(width: int) -> list[int]:
    """First-launch pane widths: sidebar and list at their natural widths, the reading pane
    the rest; on a narrow window all three shrink alike, so the text never gets squeezed."""
    natural = [*DEFAULT_SPLIT, 680]
    scale = min(1.0, width / sum(natural))
    sidebar, articles = (int(w * scale) for w in DEFAULT_SPLIT)
    return [sidebar, articles, max(1, width - sidebar - articles)]


class MainWindow(SearchMixin, ImportMixin, AnnotationMixin, QMainWindow):
    """Reader's window over one open `Library`; state is kept in the `QSettings` given."""

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        *,
        keymap: Keymap | None = None,
        keymap_path: Path | None = None,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = Settings(settings)
        self._open_url = open_url
        self._reselecting = False
        self._to_mark: int | None = None  # shown, to be marked read once it is painted
        self._mark_timer = QTimer(self)
        self._mark_timer.setSingleShot(True)
        self._mark_timer.timeout.connect(self._mark_shown_read)
        self._sidebar_width = DEFAULT_SPLIT[0]
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(MINIMUM_SIZE)  # explicit: not re-derived from the panes' contents
        self.keymap_path = keymap_path or user_keymap_path()
        self.keymap_problems: list[str] = []
        if keymap is None:
            keymap, self.keymap_problems = effective_keymap(
                load_user_keymap(self.keymap_path), self.keymap_path
            )
        self.registry = ActionRegistry(keymap, self)
        self.undo_stack = QUndoStack(self)
        self.bridge = LibraryBridge(library, self)
        self.sidebar = Sidebar(SidebarModel(library.topics(), self))
        self.list_model = ArticleListModel(library, self)
        self.article_list = ArticleList(self.list_model)
        self.pane = ReadingPane()
        self.caret = CaretController(self.pane)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("panes")
        for widget in (self.sidebar, *self._build_search()):
            self.splitter.addWidget(widget)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.setStretchFactor(2, 1)
        self.setCentralWidget(self.splitter)
        self.importer = ImportController(library, self)
        self.watcher = FolderWatcher(self)
        self.setAcceptDrops(True)
        self.chords = ChordEngine(self.registry, self, self.active_contexts, self.say)
        self.navigator = Navigator(self)
        self.annotator = Annotator(library, self.pane, self.say, self.undo_stack, self)
        self.notes = NotesDock(library, self.annotator, self.open_link, self)
        self.notes.hide()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes)
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.setStyleSheet(theme.app_stylesheet(self.palette()))
        self._restore()
        QApplication.instance().installEventFilter(self.chords)  # type: ignore[union-attr]
        self._report_keymap_problems()

    # -- building -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        for title in MENUS:
            menu = self.menuBar().addMenu(f"&{title}")
            menu.setObjectName(f"menu-{title.lower()}")
            self.registry.fill_menu(menu, title)
        self.registry.install(Context.GLOBAL, self)
        self.registry.install(Context.SIDEBAR, self.sidebar)
        self.registry.install(Context.LIST, self.article_list)
        self.registry.install(Context.READER, self.pane)
        self.registry.install(Context.CARET, self.pane)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Toolbar", self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setIconSize(QSize(20, 20))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.toggleViewAction().setEnabled(False)
        self._paint_icons()
        groups = (
            (ActionId.TOGGLE_SIDEBAR,),
            (ActionId.PREVIOUS_ARTICLE, ActionId.NEXT_ARTICLE),
            (ActionId.TOGGLE_BOOKMARK, ActionId.TOGGLE_READ),
            (ActionId.HIGHLIGHT, ActionId.TOGGLE_NOTES),
        )
        for number, group in enumerate(groups):
            if number:
                bar.addSeparator()
            for action_id in group:
                bar.addAction(self.registry.action(action_id))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        self._add_search_field()

    def _paint_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        act = self.registry.action
        act(ActionId.TOGGLE_SIDEBAR).setIcon(icons.sidebar_icon(colour))
        act(ActionId.PREVIOUS_ARTICLE).setIcon(icons.chevron_icon(colour, up=True))
        act(ActionId.NEXT_ARTICLE).setIcon(icons.chevron_icon(colour, up=False))
        act(ActionId.TOGGLE_BOOKMARK).setIcon(
            icons.bookmark_icon(colour, theme.accent(self.palette()))
        )
        act(ActionId.TOGGLE_READ).setIcon(icons.read_icon(colour))
        act(ActionId.HIGHLIGHT).setIcon(
            mark_icon(swatch_colour("yellow", self.palette()), "annotated")
        )
        act(ActionId.TOGGLE_NOTES).setIcon(mark_icon(colour, "notes"))

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.view_label = QLabel(self)
        self.view_label.setObjectName("viewLabel")
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.view_label)
        self.statusBar().setSizeGripEnabled(True)

    def _connect(self) -> None:
        bind_actions(self)
        self.registry.action(ActionId.TOGGLE_SIDEBAR).toggled.connect(self._set_sidebar_visible)
        self.bridge.changed.connect(self._on_changes)
        self.sidebar.viewChosen.connect(self._on_view_chosen)
        self.article_list.articleChosen.connect(self._on_article_chosen)
        self.article_list.bookmarkClicked.connect(self.toggle_bookmark)
        self.article_list.menuRequested.connect(self._show_row_menu)
        self.pane.anchorClicked.connect(self.open_link)
        self.pane.highlighted.connect(self._hover_link)
        self.pane.positionChanged.connect(self._save_position)
        self.pane.zoomChanged.connect(self.settings.set_zoom)
        self.watcher.importRequested.connect(self.importer.start_watched)
        self.importer.done.connect(self._import_done)
        self._connect_search()
        self._connect_annotations()

    # -- state --------------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        sizes = self.settings.splitter()
        if sizes is None:
            sizes = default_split(self.width())
        self.splitter.setSizes(sizes)
        self._sidebar_width = sizes[0]
        visible = self.settings.sidebar_visible()
        self.registry.action(ActionId.TOGGLE_SIDEBAR).setChecked(visible)
        self._set_sidebar_visible(visible)
        self.pane.set_zoom(self.settings.zoom())
        self._update_sidebar()
        saved_view, last = self.settings.view(), self.settings.article()
        if saved_view is None or not self.sidebar.select_view(saved_view):
            self.sidebar.select_view(View("all"))
        if last is not None:
            self.article_list.select_article(last)
        elif saved_view is None:
            self.article_list.step(1)  # first launch: the newest article
        self._update_status()
        self.article_list.setFocus()
        self.watcher.set_folders(self.settings.watched_folders())

    def save_state(self) -> None:
        """Write the window's state to the settings (also done on close)."""
        self._mark_shown_read()
        self.pane.flush_position()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        sizes = self.splitter.sizes()
        if self.sidebar.isHidden():
            sizes[0] = self._sidebar_width
        self.settings.set_splitter(sizes)
        self.settings.set_sidebar_visible(self.registry.action(ActionId.TOGGLE_SIDEBAR).isChecked())
        self.settings.set_view(self.list_model.view())
        self.settings.set_article(self.pane.article_id())
        self.settings.set_zoom(self.pane.zoom())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        QApplication.instance().removeEventFilter(self.chords)  # type: ignore[union-attr]
        self.chords.cancel()
        if self.navigator.picker is not None:
            self.navigator.picker.close()
        self.notes.flush()
        self.importer.shutdown()
        self.search.shutdown()
        self.save_state()
        self.bridge.detach()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.setStyleSheet(theme.app_stylesheet(self.palette()))
            self._paint_icons()

    # -- reacting to the panes ----------------------------------------------------------------

    def _on_view_chosen(self, view: View | SearchView) -> None:
        if isinstance(view, SearchView):
            self._choose_search(view)
            return
        self.middle.setCurrentWidget(self.article_list)
        keep = self.pane.article_id()
        self._reselecting = True
        try:
            self.list_model.set_view(view)
            found = keep is not None and self.article_list.select_article(keep)
        finally:
            self._reselecting = False
        if not found:
            self._show(None)
        scopes = {"notes": "library", "orphans": "orphans"}
        self.notes.set_scope(scopes.get(view.kind, "article"))  # type: ignore[arg-type]
        self.settings.set_view(view)
        self._update_status()

    def _on_article_chosen(self, article_id: int | None) -> None:
        if not self._reselecting and article_id != self.pane.article_id():
            self._show(article_id)

    def _show(self, article_id: int | None) -> None:
        article = self.library.article(article_id) if article_id is not None else None
        self.pane.show_article(article)
        self.mark_search_words()
        self.annotator.article_shown()
        if self.notes.scope == "article":
            self.notes.refresh()
        self.settings.set_article(article.id if article else None)
        if article is not None and not article.read:
            self._to_mark = article.id  # after the paint: a key press shows the article first
            self._mark_timer.start(0)
        self._update_article_actions()

    def _on_changes(self, changes: Changes) -> None:
        if changes.removed and self.pane.article_id() in changes.removed:
            self._show(None)
        if changes.added or changes.removed:
            self._reload_list()
        elif changes.articles:
            self.list_model.refresh(changes.articles)
        if changes.counts or changes.topics or changes.added or changes.removed:
            self._update_sidebar()
            self._update_status()
        if changes.annotations:
            self.annotator.on_changes(changes)
            self.notes.refresh()
        current = self.pane.article()
        if current is not None and current.id in changes.articles:
            if changes.topics:  # the meta line names the topics
                fresh = self.library.article(current.id)
                if fresh is not None:
                    self.pane.show_article(dataclasses.replace(fresh, scroll=self.pane.fraction()))
            self._update_article_actions()

    def _reload_list(self) -> None:
        """Read the list again after articles were added or removed, keeping the article
        being read current; its row is loaded again only if it is among those that were
        loaded (an import adding thousands of articles above it does not load them all)."""
        keep = self.pane.article_id()
        loaded = self.list_model.rowCount()
        self._reselecting = True
        try:
            self.list_model.reload()
            if keep is not None:
                self.article_list.select_article(keep, most=loaded)
        finally:
            self._reselecting = False

    def _save_position(self, article_id: int, fraction: float) -> None:
        self.library.save_scroll(article_id, fraction)

    # -- commands -----------------------------------------------------------------------------

    def current_row(self) -> ArticleRow | None:
        article_id = self.article_list.current_id()
        return self._row(article_id) if article_id is not None else None

    def _row(self, article_id: int) -> ArticleRow | None:
        position = self.list_model.row_of(article_id)
        if position is not None:
            return self.list_model.article_at(position)
        return self.library.rows([article_id]).get(article_id)

    def toggle_bookmark(self, article_id: int | None) -> None:
        row = self._row(article_id) if article_id is not None else None
        if row is not None:
            self.library.set_bookmarked([row.id], not row.bookmarked)
        self._update_article_actions()

    def _mark_shown_read(self) -> None:
        """Mark the article shown read (skipped if the reader already moved on unseen)."""
        self._mark_timer.stop()
        marking, self._to_mark = self._to_mark, None
        if marking is not None and marking == self.pane.article_id():
            self.library.set_read([marking], True)

    def toggle_read(self, article_id: int | None) -> None:
        self._mark_shown_read()
        row = self._row(article_id) if article_id is not None else None
        if row is not None:
            self.library.set_read([row.id], not row.read)

    def open_current(self) -> None:
        if self.pane.article() is not None:
            self.pane.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _set_sidebar_visible(self, visible: bool) -> None:
        if visible == (not self.sidebar.isHidden()):
            return
        if not visible:
            if self.isVisible():  # before the first show, sizes() is not laid out yet
                self._sidebar_width = self.splitter.sizes()[0] or self._sidebar_width
            if self.sidebar.hasFocus():
                self.article_list.setFocus()
            self.sidebar.hide()
            return
        _hidden, middle, right = self.splitter.sizes()
        self.sidebar.show()  # with the width it had, taken from the reading pane
        width = self._sidebar_width
        self.splitter.setSizes([width, middle, max(1, right - width)])

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.registry, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.customize.connect(self.edit_shortcuts)
        dialog.show()
        return dialog

    def edit_shortcuts(self) -> ShortcutEditor:
        """The Keyboard Shortcuts editor; what it changes applies at once and is saved."""
        editor = ShortcutEditor(self.registry, self.keymap_path, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        return editor

    def active_contexts(self) -> set[Context]:
        """The contexts whose keys are live where the keyboard focus is."""
        contexts = {Context.GLOBAL}
        focus = QApplication.focusWidget()
        panes = ((self.sidebar, Context.SIDEBAR), (self.article_list, Context.LIST))
        for pane, context in (*panes, (self.pane, Context.READER)):
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                contexts.add(context)
        if Context.READER in contexts and self.caret.active():
            contexts.add(Context.CARET)
        return contexts

    def say(self, message: str, timeout: int = 5000) -> None:
        """A passing message in the status bar (nothing for an empty message)."""
        if message:
            self.statusBar().showMessage(message, timeout)

    def _report_keymap_problems(self) -> None:
        if self.keymap_problems:
            message = "Your keymap has problems (the rest of it applies): " + "; ".join(
                self.keymap_problems
            )
            print(f"reader: {message}", file=sys.stderr)
            self.say(message, 20000)

    def open_link(self, url: QUrl) -> bool:
        """Open web and mail links in the desktop's handler; ignore every other scheme."""
        if url.scheme().lower() not in SAFE_SCHEMES or not url.isValid():
            self.statusBar().showMessage(f"Not opened: {url.scheme() or 'relative'} link", 4000)
            return False
        self._open_url(url)
        return True

    def _hover_link(self, url: QUrl) -> None:
        if url.isEmpty():
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(url.toDisplayString())

    def _show_row_menu(self, article_id: int, where: QPoint) -> None:
        menu = self.row_menu(article_id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(where)

    def row_menu(self, article_id: int) -> QMenu:
        """The context menu of one row: it acts on that row, whichever row is selected."""
        row = self._row(article_id)
        menu = QMenu(self)
        if row is None:
            return menu
        menu.addAction("Open", lambda: self.article_list.select_article(article_id))
        menu.addSeparator()
        menu.addAction(
            "Remove Bookmark" if row.bookmarked else "Bookmark",
            lambda: self.toggle_bookmark(article_id),
        )
        menu.addAction(
            "Mark as Unread" if row.read else "Mark as Read", lambda: self.toggle_read(article_id)
        )
        menu.addMenu(topics_menu(self.library, article_id, menu))
        return menu

    # -- status -------------------------------------------------------------------------------

    def _update_article_actions(self) -> None:
        row = self.current_row()
        has = row is not None
        bookmark = self.registry.action(ActionId.TOGGLE_BOOKMARK)
        bookmark.setEnabled(has)
        bookmark.setChecked(bool(row and row.bookmarked))
        self.registry.action(ActionId.TOGGLE_READ).setEnabled(has)
        label = "Mark as &Unread" if row is not None and row.read else "Mark as &Read"
        self.registry.set_label(ActionId.TOGGLE_READ, label)
        self.registry.action(ActionId.OPEN_ARTICLE).setEnabled(has)

    def _update_status(self, counts: Counts | None = None) -> None:
        counts = counts or self.library.counts()
        view = self.list_model.view()
        title = view_title(view, self.sidebar.sidebar_model().labels())
        self.counts_label.setText(count_summary(counts))
        noun = "annotation" if view.kind in ("notes", "orphans") else "article"
        self.view_label.setText(view_summary(title, counts.of(view), noun))
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self._search_status()

    def status_text(self) -> str:
        """The status bar's text (for tests and screen readers)."""
        return f"{self.counts_label.text()} | {self.view_label.text()}"
