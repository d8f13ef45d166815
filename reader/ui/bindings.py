"""What each action of the main window does: the handler table, in one place.

`bind_actions` connects every `ActionId` to a small function over the window's parts (the
highlight actions are bound by `reader.ui.highlighting`); enabled states are kept by the
window as its state changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.library import View
from reader.ui.actions import ActionId
from reader.ui.dialogs import show_about
from reader.ui.highlighting import wire_highlight_actions
from reader.ui.topicmenu import popup_topics

if TYPE_CHECKING:
    from reader.ui.mainwindow import MainWindow


def handlers(w: MainWindow) -> dict[ActionId, Callable[[], object]]:
    nav = w.navigator
    go = w.sidebar.select_view
    return {
        ActionId.IMPORT: w.choose_import,
        ActionId.IMPORT_FOLDER: w.choose_import_folder,
        ActionId.WATCHED_FOLDERS: w.show_watched_folders,
        ActionId.QUIT: w.close,
        ActionId.UNDO: w.undo_stack.undo,
        ActionId.REDO: w.undo_stack.redo,
        ActionId.CARET_MODE: lambda: w.caret.set_active(not w.caret.active()),
        ActionId.START_SELECTION: w.caret.start_selection,
        ActionId.PALETTE: nav.open_palette,
        ActionId.ZOOM_IN: lambda: w.pane.set_zoom(w.pane.zoom() + 1),
        ActionId.ZOOM_OUT: lambda: w.pane.set_zoom(w.pane.zoom() - 1),
        ActionId.ZOOM_RESET: lambda: w.pane.set_zoom(0),
        ActionId.FOCUS_SIDEBAR: lambda: nav.focus(w.sidebar),
        ActionId.FOCUS_LIST: lambda: nav.focus(w.article_list),
        ActionId.FOCUS_READER: lambda: nav.focus(w.pane),
        ActionId.NEXT_PANE: lambda: nav.cycle(1),
        ActionId.PREVIOUS_PANE: lambda: nav.cycle(-1),
        ActionId.BACK_OUT: nav.back_out,
        ActionId.NEXT_ARTICLE: lambda: w.article_list.step(1),
        ActionId.PREVIOUS_ARTICLE: lambda: w.article_list.step(-1),
        # While search results are shown, `n` steps through the marked matches instead.
        ActionId.NEXT_UNREAD: lambda: w.find_next() if w.search_active() else nav.to_unread(True),
        ActionId.PREVIOUS_UNREAD: lambda: nav.to_unread(False),
        ActionId.FIRST_ARTICLE: lambda: nav.to_edge(last=False),
        ActionId.LAST_ARTICLE: lambda: nav.to_edge(last=True),
        ActionId.PAGE_DOWN: lambda: nav.page(0.9, move_on=True),
        ActionId.PAGE_UP: lambda: nav.page(-0.9),
        ActionId.HALF_PAGE_DOWN: lambda: nav.page(0.5),
        ActionId.HALF_PAGE_UP: lambda: nav.page(-0.5),
        ActionId.GO_ALL: lambda: go(View("all")),
        ActionId.GO_UNREAD: lambda: go(View("unread")),
        ActionId.GO_BOOKMARKED: lambda: go(View("bookmarked")),
        ActionId.GO_ANNOTATED: lambda: go(View("annotated")),
        ActionId.GO_TOPIC: nav.open_topic_picker,
        ActionId.OPEN_ENTRY: nav.open_entry,
        ActionId.PREVIOUS_ENTRY: lambda: nav.sidebar_entry(-1),
        ActionId.NEXT_ENTRY: lambda: nav.sidebar_entry(1),
        ActionId.BACK: lambda: nav.travel(-1),
        ActionId.FORWARD: lambda: nav.travel(1),
        ActionId.OPEN_ARTICLE: w.open_current,
        ActionId.TOGGLE_BOOKMARK: lambda: w.toggle_bookmark(w.article_list.current_id()),
        ActionId.TOGGLE_READ: lambda: w.toggle_read(w.article_list.current_id()),
        ActionId.MARK_ALL_READ: nav.mark_all_read,
        ActionId.NOTE_ARTICLE: w.annotator.note_article,
        ActionId.REMOVE_ARTICLE: w.remove_current_article,
        ActionId.EDIT_TOPICS: lambda: popup_topics(w),
        ActionId.EXPORT_ANNOTATIONS: w.export_annotations,
        ActionId.IMPORT_ANNOTATIONS: w.import_annotations,
        ActionId.SHORTCUTS: w.show_shortcuts,
        ActionId.EDIT_SHORTCUTS: w.edit_shortcuts,
        ActionId.ABOUT: lambda: show_about(w, w.library.path),
    }


def bind_actions(w: MainWindow) -> None:
    """Connect every action to its handler (each action exactly once)."""
    for action_id, handler in handlers(w).items():
        w.registry.bind(action_id, handler)
    wire_highlight_actions(w.registry, w, w.pane)
    caret = w.registry.action(ActionId.CARET_MODE)
    w.caret.changed.connect(caret.setChecked)
