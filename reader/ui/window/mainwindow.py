"""The main window: sidebar | article list | reading pane, with menus, toolbar and status bar.

The window is layout and wiring only. It builds the panes, the menus and the toolbar from
the action registry, hands each feature's controller just what it uses (the library, the
registry, the one owner of the article on screen, the panes it draws, a way to report
status), passes the library's change reports on to them, and saves and restores its state
(per library, see `reader.ui.window.state`). No controller is given the window.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME
from reader.library import Library, View
from reader.ui.annotations.controller import AnnotationController
from reader.ui.annotations.highlights_view import HighlightsController
from reader.ui.annotations.notes_panel import NotesDock
from reader.ui.commands.actions import MENUS, ActionId, ActionRegistry, Context, Keymap
from reader.ui.commands.chords import ChordEngine
from reader.ui.commands.controller import CommandsController
from reader.ui.commands.keymap import effective_keymap, load_user_keymap, user_keymap_path
from reader.ui.feeds.controller import FeedsController, picture_source
from reader.ui.importing.controller import ImportController
from reader.ui.panes.article_list import ArticleList, ArticleListModel
from reader.ui.panes.caret import CaretController
from reader.ui.panes.middle import MiddlePane
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.panes.sidebar import Sidebar, SidebarModel
from reader.ui.preferences.controller import PreferencesController
from reader.ui.printing.controller import PrintController
from reader.ui.reading.article_commands import ArticleCommands
from reader.ui.reading.current import CurrentArticle
from reader.ui.reading.links import LinkOpener
from reader.ui.reading.navigation import Navigator
from reader.ui.reading.sorting import SortController
from reader.ui.reading.views import ViewsController
from reader.ui.search.controller import SearchController, SearchField
from reader.ui.search.find import FindBar, PaneFinder
from reader.ui.search.results import SearchResultsList, SearchResultsModel
from reader.ui.speech.controller import SpeechController
from reader.ui.style import theme
from reader.ui.tags.controller import TagsController
from reader.ui.topics.controller import TopicLearningController
from reader.ui.undo.history import UndoHistory
from reader.ui.window.about import show_about
from reader.ui.window.backups import BackupsController
from reader.ui.window.bridge import LibraryBridge
from reader.ui.window.fitting import PaneFitter
from reader.ui.window.focus import FocusKeeper
from reader.ui.window.layout import DEFAULT_SPLIT, build_toolbar, paint_icons
from reader.ui.window.state import Settings
from reader.ui.window.statusbar import StatusBar

DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(760, 460)
UrlOpener = Callable[[QUrl], object]


class MainWindow(QMainWindow):
    """Reader's window over one open `Library`; state is kept in the `QSettings` given."""

    def __init__(
        self, library: Library, settings: QSettings, *, keymap: Keymap | None = None,
        keymap_path: Path | None = None, open_url: UrlOpener = QDesktopServices.openUrl,
        schedule: bool = True, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.library = library
        self.settings = Settings(settings, library.identity)
        self.restore_request: Path | None = None  # a backup to bring back once closed
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(MINIMUM_SIZE)  # explicit: not re-derived from the panes' contents
        keymap_path = keymap_path or user_keymap_path()
        problems: list[str] = []
        if keymap is None:
            keymap, problems = effective_keymap(load_user_keymap(keymap_path), keymap_path)
        self.registry = ActionRegistry(keymap, self)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self._build_panes()
        self._build_controllers(open_url, keymap_path, schedule)
        self._build_menus()
        self._build_toolbar()
        self._connect()
        self.setStyleSheet(theme.app_stylesheet(QApplication.palette()))
        self._restyler = QTimer(self, singleShot=True, interval=0)
        self._restyler.timeout.connect(self._restyle)
        self._restore()
        QApplication.instance().installEventFilter(self.chords)  # type: ignore[union-attr]
        if problems:
            message = "Your keymap has problems (the rest of it applies): " + "; ".join(problems)
            print(f"reader: {message}", file=sys.stderr)
            self.status.say(message, 20000)

    # -- building -----------------------------------------------------------------------------

    def _build_panes(self) -> None:
        self.sidebar = Sidebar(SidebarModel(self.library.topics(), self))
        self.list_model = ArticleListModel(self.library, self)
        self.article_list = ArticleList(self.list_model)
        self.results = SearchResultsList(SearchResultsModel(self))
        self.middle = MiddlePane(self.article_list, self.results)
        self.pane = ReadingPane()
        self.caret = CaretController(self.pane)
        self.find_bar = FindBar(PaneFinder(self.pane))
        self.search_field = SearchField(self)
        right = QWidget(self)
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("panes")
        self.splitter.setAccessibleName("Panes")
        for widget in (self.sidebar, self.middle, right):
            self.splitter.addWidget(widget)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.setStretchFactor(2, 1)
        self.setCentralWidget(self.splitter)
        self.notes = NotesDock(self.library, self._open_link_proxy, self)
        self.notes.hide()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes)

    def _build_controllers(self, open_url: UrlOpener, keymap_path: Path, schedule: bool) -> None:
        lib, reg, say = self.library, self.registry, self.status.say
        self.bridge = LibraryBridge(lib, self)
        self.chords = ChordEngine(reg, self, self.active_contexts, say)
        self.current = CurrentArticle(lib, self.pane, self.settings, self)
        self.history = UndoHistory(lib, self.current, say, self)
        self.views = ViewsController(
            library=lib, sidebar=self.sidebar, articles=self.article_list, middle=self.middle,
            current=self.current, state=self.settings, status=self.status, parent=self,
        )  # fmt: skip
        self.navigator = Navigator(
            library=lib, registry=reg, current=self.current, views=self.views,
            sidebar=self.sidebar, articles=self.article_list, middle=self.middle,
            pane=self.pane, caret=self.caret, chords=self.chords, history=self.history,
            say=say, parent=self,
        )  # fmt: skip
        self.sorting = SortController(
            registry=reg, articles=self.article_list, current=self.current,
            state=self.settings, say=say, parent=self,
        )  # fmt: skip
        self.articles = ArticleCommands(
            lib, reg, self.current, self.article_list, reader=self.pane, say=say
        )
        self.annotations = AnnotationController(
            library=lib, registry=reg, current=self.current, pane=self.pane,
            history=self.history, chords=self.chords, notes=self.notes,
            folder=self.settings.import_folder,
            exports=(self.settings.export_folder, self.settings.set_export_folder), say=say,
            parent=self,
        )  # fmt: skip
        self.tags = TagsController(
            library=lib, registry=reg, sidebar=self.sidebar, history=self.history,
            article_target=self.articles.target, highlight_target=self.annotations.target,
            host=self.splitter, say=say, parent=self,
        )  # fmt: skip
        self.highlights = HighlightsController(
            library=lib, current=self.current, middle=self.middle,
            exports=(self.settings.export_folder, self.settings.set_export_folder), say=say,
            parent=self,
        )  # fmt: skip
        self.search = SearchController(
            library=lib, registry=reg, current=self.current, field=self.search_field,
            middle=self.middle, results=self.results, find_bar=self.find_bar,
            sidebar=self.sidebar, status=self.status, parent=self,
        )  # fmt: skip
        self.importer = ImportController(
            library=lib, registry=reg, state=self.settings, host=self.splitter, say=say,
            parent=self,
        )  # fmt: skip
        self.feeds = FeedsController(
            library=lib, registry=reg, sidebar=self.sidebar, current=self.current,
            state=self.settings, status=self.status, host=self.splitter, open_url=open_url,
            open_article=self.open_saved, schedule=schedule, parent=self,
        )  # fmt: skip
        self.importer.linksDropped.connect(self.feeds.adding.add_urls)
        self.topic_learning = TopicLearningController(
            library=lib, registry=reg, changed=self.bridge.changed, status=self.status,
            host=self.splitter, say=say, parent=self,
        )  # fmt: skip
        self.pane.pictures = picture_source(lib, self.settings)
        self.commands = CommandsController(reg, self.navigator, self.splitter, keymap_path, self)
        self.links = LinkOpener(open_url, self.status)
        self.backups = BackupsController(lib, reg, self.splitter, self.request_restore, self)
        self.printing = PrintController(
            lib, reg, self.current, say=say, host=self.splitter,
            exports=(self.settings.export_folder, self.settings.set_export_folder), parent=self,
        )  # fmt: skip
        self.speech = SpeechController(
            reg, self.current, self.pane, caret_active=self.caret.active,
            settings=self.settings, say=say, parent=self,
        )  # fmt: skip
        self.focus_keeper = FocusKeeper(
            [self.sidebar, self.article_list, self.results, self.pane],
            [self.search_field], [self.notes], self,
        )  # fmt: skip
        self.history.bind(reg)
        sidebar = reg.action(ActionId.TOGGLE_SIDEBAR)
        reg.bind(ActionId.TOGGLE_SIDEBAR, lambda: self._set_sidebar_visible(sidebar.isChecked()))
        saved = self.settings.splitter()
        self.fitter = PaneFitter(
            self, splitter=self.splitter, sidebar=self.sidebar, pane=self.pane,
            notes=self.notes, sidebar_action=sidebar,
            preferred=(saved[0], saved[1]) if saved else DEFAULT_SPLIT,
            sidebar_wanted=self.settings.sidebar_visible(),
        )  # fmt: skip
        self.preferences = PreferencesController(
            registry=reg, pane=self.pane, state=self.settings, host=self.splitter,
            refit=self.fitter.fit, say=say, parent=self,
        )  # fmt: skip
        reg.bind(ActionId.QUIT, self.close)
        reg.bind(ActionId.ABOUT, lambda: show_about(self, lib.path))

    def _open_link_proxy(self, url: QUrl) -> bool:
        return self.links.open(url)

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
        self.toolbar = build_toolbar(self.registry, self.search_field, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _connect(self) -> None:
        self.registry.failed.connect(lambda message: self.status.say(message, 10000))
        self.registry.action(ActionId.TOGGLE_SIDEBAR).toggled.connect(self._set_sidebar_visible)
        followers = (  # the feeds first: they give the sidebar its feed entries
            self.feeds.on_changes, self.current.on_changes, self.views.on_changes,
            self.articles.on_changes, self.annotations.on_changes, self.search.on_changes,
            self.tags.on_changes, self.highlights.on_changes,
        )  # fmt: skip
        for follower in followers:
            self.bridge.changed.connect(follower)
        self.views.titleChanged.connect(lambda title: self.setWindowTitle(f"{title} — {APP_NAME}"))
        self.views.scopeChanged.connect(self.notes.set_scope)
        self.notes.shownChanged.connect(self.views.notes_filtered)
        self.pane.anchorClicked.connect(self.links.open)
        self.pane.highlighted.connect(self.links.hover)
        self.pane.zoomChanged.connect(self.settings.set_zoom)
        self.caret.changed.connect(lambda on: self.status.show_mode("Caret mode" if on else ""))

    # -- state --------------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        self.fitter.fit()
        self.pane.set_zoom(self.settings.zoom())
        self.search.update_sidebar()
        saved_view, remembered = self.settings.view(), self.settings.article()
        if saved_view is None or not self.sidebar.select_view(saved_view):
            self.sidebar.select_view(self.views.view())
        # the first launch on this library opens nothing: an article is read (and marked
        # read) when the reader picks it; the pane says how (J opens the newest)
        if not self.current.restore(remembered):
            self.article_list.setCurrentIndex(QModelIndex())  # Qt would pick row 0 on focus
        self.views.update_status()
        self.article_list.setFocus()

    def save_state(self) -> None:
        """Write the window's state to the settings (also done on close)."""
        self.current.flush()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        side, articles = self.fitter.preferred  # the widths the reader chose, not the fitted
        self.settings.set_splitter([side, articles, self.splitter.sizes()[2]])
        self.settings.set_sidebar_visible(self.fitter.sidebar_wanted)
        self.settings.set_view(self.views.view())
        self.settings.set_zoom(self.pane.zoom())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        QApplication.instance().removeEventFilter(self.chords)  # type: ignore[union-attr]
        self.chords.cancel()
        if self.navigator.picker is not None:
            self.navigator.picker.close()
        self.notes.flush()
        self.importer.shutdown()
        self.feeds.shutdown()
        self.search.shutdown()
        self.topic_learning.shutdown()
        self.save_state()
        self.bridge.detach()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # (only ever called so)
            self._restyle()
        elif event.type() == QEvent.Type.PaletteChange:  # the system's colours changed:
            # once the new palette has reached every widget (a sheet set while it is still
            # being handed out keeps the old colours)
            timer = getattr(self, "_restyler", None)  # (none yet while being built)
            if timer is not None:
                timer.start()

    def _restyle(self) -> None:
        """The window's sheet from the application's palette (the system's colours, or the
        app theme chosen), if it changed: a sheet of its own never sets it again."""
        palette = QApplication.palette()
        sheet = theme.app_stylesheet(palette)
        if sheet == self.styleSheet():
            return
        self.setStyleSheet("")  # the widgets take the new palette, then the sheet from it
        self.setStyleSheet(sheet)
        paint_icons(self.registry, palette)

    # -- layout ---------------------------------------------------------------------------------

    def _set_sidebar_visible(self, visible: bool) -> None:
        """The reader shows or hides the sidebar (the panes are fitted again)."""
        if visible == self.fitter.sidebar_wanted and visible == (not self.sidebar.isHidden()):
            return
        if not visible and self.sidebar.hasFocus():
            self.article_list.setFocus()
        self.fitter.set_sidebar_wanted(visible)

    def open_saved(self, article_id: int) -> None:
        """Show an article just saved from the web, in All Articles."""
        self.views.select_view(View("all"))
        self.current.show(article_id)

    def request_restore(self, backup: Path) -> None:
        """Close the window so that start-up can replace the library with `backup` (it
        cannot be replaced while open) and open it again."""
        self.restore_request = backup
        self.close()

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

    def status_text(self) -> str:
        """The status bar's text (for tests and screen readers)."""
        return self.status.text()
