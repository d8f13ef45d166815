"""Every command of the main window, registered once: the action registry.

`SPECS` declares each action (an `ActionId`, its menu label, the menu it belongs to, its
context and a one-line description); the default keys are data in `resources/keymap.toml`.
`ActionRegistry` turns both into one `QAction` per id, which menus, the toolbar, context
menus, the shortcut sheet, the command palette and the shortcut editor all share, so a key
is defined in exactly one place. `ActionRegistry.apply` rebinds every key at once (a user
keymap, the shortcut editor) and tells every surface through `keysChanged`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from reader.library import COLORS, LibraryError, read_toml


class Context(StrEnum):
    """Where an action's keys work: anywhere in the window, or only in one pane. Caret-mode
    keys work in the reading pane while its text cursor is shown (F7)."""

    GLOBAL = "global"
    SIDEBAR = "sidebar"
    LIST = "list"
    READER = "reader"
    CARET = "caret"


CONTEXT_NAMES: dict[Context, str] = {
    Context.GLOBAL: "anywhere",
    Context.SIDEBAR: "in the sidebar",
    Context.LIST: "in the list",
    Context.READER: "in the reading pane",
    Context.CARET: "in caret mode",
}


def overlapping(first: Context, second: Context) -> bool:
    """Whether keys of the two contexts can be live at the same time (and so may clash)."""
    if Context.GLOBAL in (first, second) or first == second:
        return True
    return {first, second} == {Context.READER, Context.CARET}  # caret mode is in the pane


class ActionId(StrEnum):
    """The id of each action; the value is the name used in keymap files."""

    IMPORT = "import"
    IMPORT_FOLDER = "import-folder"
    WATCHED_FOLDERS = "watched-folders"
    IMPORT_ANNOTATIONS = "import-annotations"
    EXPORT_ANNOTATIONS = "export-annotations"
    BACKUPS = "backups"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    CARET_MODE = "caret-mode"
    START_SELECTION = "start-selection"
    HIGHLIGHT = "highlight"
    HIGHLIGHT_COLOR_1 = "highlight-color-1"
    HIGHLIGHT_COLOR_2 = "highlight-color-2"
    HIGHLIGHT_COLOR_3 = "highlight-color-3"
    HIGHLIGHT_COLOR_4 = "highlight-color-4"
    HIGHLIGHT_COLOR_5 = "highlight-color-5"
    ANNOTATE = "annotate"
    EDIT_HIGHLIGHT_NOTE = "edit-highlight-note"
    DELETE_HIGHLIGHT = "delete-highlight"
    RECOLOUR_1 = "recolour-1"
    RECOLOUR_2 = "recolour-2"
    RECOLOUR_3 = "recolour-3"
    RECOLOUR_4 = "recolour-4"
    RECOLOUR_5 = "recolour-5"
    PALETTE = "command-palette"
    TOGGLE_SIDEBAR = "toggle-sidebar"
    TOGGLE_NOTES = "toggle-notes"
    SHOW_DELETED = "show-deleted"
    ZOOM_IN = "zoom-in"
    ZOOM_OUT = "zoom-out"
    ZOOM_RESET = "zoom-reset"
    FOCUS_SIDEBAR = "focus-sidebar"
    FOCUS_LIST = "focus-list"
    FOCUS_READER = "focus-reader"
    NEXT_PANE = "next-pane"
    PREVIOUS_PANE = "previous-pane"
    BACK_OUT = "back-out"
    NEXT_ARTICLE = "next-article"
    PREVIOUS_ARTICLE = "previous-article"
    NEXT_UNREAD = "next-unread"
    PREVIOUS_UNREAD = "previous-unread"
    FIRST_ARTICLE = "first-article"
    LAST_ARTICLE = "last-article"
    PAGE_DOWN = "page-down"
    PAGE_UP = "page-up"
    HALF_PAGE_DOWN = "half-page-down"
    HALF_PAGE_UP = "half-page-up"
    GO_ALL = "go-all"
    GO_UNREAD = "go-unread"
    GO_BOOKMARKED = "go-bookmarked"
    GO_ANNOTATED = "go-annotated"
    GO_TOPIC = "go-topic"
    OPEN_ENTRY = "open-entry"
    PREVIOUS_ENTRY = "previous-entry"
    NEXT_ENTRY = "next-entry"
    BACK = "back"
    FORWARD = "forward"
    OPEN_ARTICLE = "open-article"
    TOGGLE_BOOKMARK = "toggle-bookmark"
    TOGGLE_READ = "toggle-read"
    FOCUS_SEARCH = "focus-search"
    SAVE_SEARCH = "save-search"
    RENAME_SEARCH = "rename-search"
    DELETE_SEARCH = "delete-search"
    FIND_IN_ARTICLE = "find-in-article"
    FIND_NEXT = "find-next"
    FIND_PREVIOUS = "find-previous"
    MARK_ALL_READ = "mark-all-read"
    NOTE_ARTICLE = "note-article"
    EDIT_TOPICS = "edit-topics"
    REMOVE_ARTICLE = "remove-article"
    SHORTCUTS = "shortcuts"
    EDIT_SHORTCUTS = "edit-shortcuts"
    ABOUT = "about"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action's fixed properties. `label` may carry a `&` mnemonic."""

    id: ActionId
    label: str
    menu: str
    description: str
    context: Context = Context.GLOBAL
    checkable: bool = False
    separated: bool = False  # a separator precedes it in its menu
    listed: bool = True  # in its menu of the menu bar (else only in context menus, the palette)

    @property
    def plain_label(self) -> str:
        return self.label.replace("&&", "\0").replace("&", "").replace("\0", "&")


HIGHLIGHT_COLORS: tuple[str, ...] = COLORS
RECOLOUR_ACTIONS: tuple[ActionId, ...] = (
    ActionId.RECOLOUR_1,
    ActionId.RECOLOUR_2,
    ActionId.RECOLOUR_3,
    ActionId.RECOLOUR_4,
    ActionId.RECOLOUR_5,
)
COLOR_ACTIONS: tuple[ActionId, ...] = (
    ActionId.HIGHLIGHT_COLOR_1,
    ActionId.HIGHLIGHT_COLOR_2,
    ActionId.HIGHLIGHT_COLOR_3,
    ActionId.HIGHLIGHT_COLOR_4,
    ActionId.HIGHLIGHT_COLOR_5,
)

A, R, L, S = ActionId, Context.READER, Context.LIST, Context.SIDEBAR
SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(A.IMPORT, "&Import Files…", "File", "Import article files into the library"),
    ActionSpec(A.IMPORT_FOLDER, "Import &Folder…", "File", "Import every article file in a folder"),
    ActionSpec(
        A.WATCHED_FOLDERS,
        "&Watched Folders…",
        "File",
        "Folders whose new and changed files are imported automatically",
    ),
    ActionSpec(
        A.IMPORT_ANNOTATIONS,
        "Import &Annotations…",
        "File",
        "Import W3C Web Annotation JSON",
        separated=True,
    ),
    ActionSpec(
        A.EXPORT_ANNOTATIONS,
        "&Export Annotations…",
        "File",
        "Export annotations as Markdown, Web Annotation JSON or CSV",
    ),
    ActionSpec(
        A.BACKUPS,
        "&Backups…",
        "File",
        "Back up the library now, or bring back one of its backups",
        separated=True,
    ),
    ActionSpec(A.QUIT, "&Quit", "File", "Quit Reader", separated=True),
    ActionSpec(A.UNDO, "&Undo", "Edit", "Undo the last change"),
    ActionSpec(A.REDO, "&Redo", "Edit", "Redo the change just undone"),
    ActionSpec(
        A.CARET_MODE,
        "&Caret Mode",
        "Edit",
        "Show a text cursor in the reading pane to select text with the keys",
        checkable=True,
        separated=True,
    ),
    ActionSpec(
        A.START_SELECTION,
        "&Start Selection",
        "Edit",
        "Start selecting at the text cursor; the movement keys extend it",
        Context.CARET,
    ),
    ActionSpec(
        A.HIGHLIGHT,
        "&Highlight",
        "Edit",
        "Highlight the selected text in the current colour",
        R,
        separated=True,
    ),
    *(
        ActionSpec(
            action,
            f"Highlight in {color.capitalize()}",
            "Edit",
            f"Highlight the selected text in {color}",
            R,
        )
        for action, color in zip(COLOR_ACTIONS, HIGHLIGHT_COLORS, strict=True)
    ),
    ActionSpec(
        A.ANNOTATE,
        "Highlight and &Note…",
        "Edit",
        "Highlight the selected text and write a note",
        R,
    ),
    ActionSpec(
        A.EDIT_HIGHLIGHT_NOTE,
        "&Edit Note of Highlight…",
        "Edit",
        "Write or edit the note of the highlight at the text cursor (or under the pointer)",
        R,
        separated=True,
    ),
    ActionSpec(
        A.DELETE_HIGHLIGHT,
        "&Delete Highlight",
        "Edit",
        "Delete the highlight at the text cursor, with its note (Undo brings it back)",
        R,
    ),
    *(
        ActionSpec(
            action,
            f"Recolour to {color.capitalize()}",
            "Edit",
            f"Give the highlight at the text cursor the colour {color}",
            R,
            listed=False,
        )
        for action, color in zip(RECOLOUR_ACTIONS, HIGHLIGHT_COLORS, strict=True)
    ),
    ActionSpec(
        A.PALETTE,
        "Command &Palette…",
        "Edit",
        "Find any command by name and run it",
        separated=True,
    ),
    ActionSpec(
        A.TOGGLE_SIDEBAR, "Show &Sidebar", "View", "Show or hide the sidebar", checkable=True
    ),
    ActionSpec(
        A.TOGGLE_NOTES, "Show &Notes Panel", "View", "Show or hide the notes panel", checkable=True
    ),
    ActionSpec(
        A.SHOW_DELETED,
        "Recently &Deleted Notes",
        "View",
        "List the highlights and notes removed in the last 30 days, to bring them back",
    ),
    ActionSpec(A.ZOOM_IN, "Zoom &In", "View", "Make the reading text larger", separated=True),
    ActionSpec(A.ZOOM_OUT, "Zoom &Out", "View", "Make the reading text smaller"),
    ActionSpec(A.ZOOM_RESET, "&Actual Size", "View", "Reset the reading text size"),
    ActionSpec(
        A.FOCUS_SIDEBAR,
        "Focus Side&bar",
        "View",
        "Move the keyboard focus to the sidebar",
        separated=True,
    ),
    ActionSpec(A.FOCUS_LIST, "Focus &List", "View", "Move the keyboard focus to the article list"),
    ActionSpec(
        A.FOCUS_READER, "Focus &Reading Pane", "View", "Move the keyboard focus to the article"
    ),
    ActionSpec(A.NEXT_PANE, "&Next Pane", "View", "Move the focus to the next pane"),
    ActionSpec(A.PREVIOUS_PANE, "Previous Pa&ne", "View", "Move the focus to the previous pane"),
    ActionSpec(
        A.BACK_OUT,
        "Back &Out",
        "View",
        "Leave caret mode, close a popup, or return the focus to the list",
    ),
    ActionSpec(A.NEXT_ARTICLE, "&Next Article", "Go", "Select the next article"),
    ActionSpec(A.PREVIOUS_ARTICLE, "&Previous Article", "Go", "Select the previous article"),
    ActionSpec(A.NEXT_UNREAD, "Next &Unread", "Go", "Select the next unread article"),
    ActionSpec(A.PREVIOUS_UNREAD, "Previous Unrea&d", "Go", "Select the previous unread article"),
    ActionSpec(A.FIRST_ARTICLE, "&First Article", "Go", "Select the first article of the view"),
    ActionSpec(A.LAST_ARTICLE, "&Last Article", "Go", "Select the last article of the view"),
    ActionSpec(
        A.PAGE_DOWN,
        "Page &Down",
        "Go",
        "Page down the article; at its end, go to the next unread",
        separated=True,
    ),
    ActionSpec(A.PAGE_UP, "Page U&p", "Go", "Page up the article"),
    ActionSpec(A.HALF_PAGE_DOWN, "Half Page Down", "Go", "Scroll the article half a page down"),
    ActionSpec(A.HALF_PAGE_UP, "Half Page Up", "Go", "Scroll the article half a page up"),
    ActionSpec(A.GO_ALL, "&All Articles", "Go", "Show every article", separated=True),
    ActionSpec(A.GO_UNREAD, "&Unread", "Go", "Show the unread articles"),
    ActionSpec(A.GO_BOOKMARKED, "&Bookmarked", "Go", "Show the bookmarked articles"),
    ActionSpec(A.GO_ANNOTATED, "A&nnotated", "Go", "Show the articles with highlights or notes"),
    ActionSpec(A.GO_TOPIC, "&Topic…", "Go", "Pick a topic by name and show its articles"),
    ActionSpec(
        A.OPEN_ENTRY, "&Open Sidebar Entry", "Go", "Move from the sidebar to its article list", S
    ),
    ActionSpec(A.PREVIOUS_ENTRY, "Previous Sidebar &Entry", "Go", "Show the sidebar's entry above"),
    ActionSpec(A.NEXT_ENTRY, "Next Sidebar En&try", "Go", "Show the sidebar's entry below"),
    ActionSpec(A.BACK, "&Back", "Go", "Go back to the article read before", separated=True),
    ActionSpec(A.FORWARD, "&Forward", "Go", "Go forward again through the articles read"),
    ActionSpec(A.OPEN_ARTICLE, "&Open Article", "Article", "Move the focus to the reading pane", L),
    ActionSpec(
        A.TOGGLE_BOOKMARK,
        "&Bookmark",
        "Article",
        "Bookmark the article, or remove its bookmark",
        checkable=True,
        separated=True,
    ),
    ActionSpec(A.TOGGLE_READ, "Mark as &Read", "Article", "Mark the article as read, or as unread"),
    ActionSpec(
        A.MARK_ALL_READ,
        "Mark &All as Read",
        "Article",
        "Mark every article in the current view as read (undoable)",
    ),
    ActionSpec(A.NOTE_ARTICLE, "&Note on Article…", "Article", "Write a note on the whole article"),
    ActionSpec(
        A.EDIT_TOPICS, "&Topics…", "Article", "Put the article under a topic, or take it out"
    ),
    ActionSpec(
        A.REMOVE_ARTICLE,
        "Remo&ve from Library…",
        "Article",
        "Remove the article from the library (asks first if it has highlights or notes)",
        L,
        separated=True,
    ),
    ActionSpec(
        A.FOCUS_SEARCH,
        "&Search…",
        "Go",
        "Search articles, notes and highlights",
        separated=True,
    ),
    ActionSpec(A.SAVE_SEARCH, "Sa&ve Search…", "Go", "Keep this search in the sidebar"),
    ActionSpec(A.RENAME_SEARCH, "Rena&me Saved Search…", "Go", "Rename the saved search chosen", S),
    ActionSpec(A.DELETE_SEARCH, "De&lete Saved Search", "Go", "Remove the saved search chosen", S),
    ActionSpec(
        A.FIND_IN_ARTICLE,
        "&Find in Article…",
        "Article",
        "Find words in this article",
        separated=True,
    ),
    ActionSpec(A.FIND_NEXT, "Find Ne&xt", "Article", "Go to the next marked match"),
    ActionSpec(A.FIND_PREVIOUS, "Find Pre&vious", "Article", "Go to the previous match"),
    ActionSpec(A.SHORTCUTS, "&Keyboard Shortcuts", "Help", "List every key"),
    ActionSpec(
        A.EDIT_SHORTCUTS,
        "&Customize Shortcuts…",
        "Help",
        "Change the keys, choose a preset, restore the defaults",
    ),
    ActionSpec(A.ABOUT, "&About Reader", "Help", "Version and library", separated=True),
)
del A, R, L, S
SPEC_BY_ID: dict[ActionId, ActionSpec] = {spec.id: spec for spec in SPECS}
MENUS: tuple[str, ...] = ("File", "Edit", "View", "Go", "Article", "Help")

Keymap = dict[ActionId, tuple[str, ...]]


class KeymapError(ValueError):
    """A keymap file is unreadable or invalid; the message names the file and the problem."""


def normalized(key: str) -> str:
    """A key sequence in Qt's portable text form, or "" if Qt cannot parse it."""
    sequence = QKeySequence.fromString(key, QKeySequence.SequenceFormat.PortableText)
    combos = [sequence[i] for i in range(sequence.count())]  # type: ignore[index]
    if not combos or any(combo.key() == Qt.Key.Key_unknown for combo in combos):
        return ""
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def load_keymap(path: Path) -> Keymap:
    """Read and check a complete keymap file (the bundled defaults): known actions, valid
    keys, no key bound twice. Any mistake raises `KeymapError`; user files are read with
    `reader.ui.commands.keymap.load_user_keymap`, which keeps what is valid instead."""
    data = read_toml(path, "the keymap", KeymapError)
    table = data.get("keys")
    if not isinstance(table, dict) or set(data) - {"keys"}:
        raise KeymapError(f"{path}: expected one [keys] table")
    keymap: Keymap = {}
    for name, keys in table.items():
        action, parsed, problem = parse_binding(name, keys)
        if problem or action is None:
            raise KeymapError(f"{path}: {problem}")
        keymap[action] = parsed
    problems = conflicts(keymap)
    if problems:
        raise KeymapError(f"{path}: " + "; ".join(problems))
    return keymap


def parse_binding(name: str, keys: object) -> tuple[ActionId | None, tuple[str, ...], str]:
    """One `name = [keys]` entry: (action, normalised keys, "") or (None, (), problem)."""
    try:
        action = ActionId(name)
    except ValueError:
        return None, (), f"unknown action {name!r}"
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return None, (), f"{name} needs a list of key strings"
    parsed = tuple(normalized(k) for k in keys)
    if "" in parsed:
        return None, (), f"{name}: {keys[parsed.index('')]!r} is not a key sequence"
    if len(set(parsed)) != len(parsed):
        return None, (), f"{name}: a key is listed twice"
    return action, parsed, ""


def conflicts(keymap: Mapping[ActionId, tuple[str, ...]]) -> list[str]:
    """Keys bound twice where both can be live (one context, or global and a pane).

    A key may be both an action and the first key of chords ("H" and "H, 1"): after it,
    Reader waits a moment for the second key (see `reader.ui.commands.chords`)."""
    return [
        f"{key} is bound to both {first} and {second}" for key, first, second in clashes(keymap)
    ]


def clashes(keymap: Mapping[ActionId, tuple[str, ...]]) -> list[tuple[str, ActionId, ActionId]]:
    """(key, earlier action, later action) for every clash, in keymap order."""
    seen: dict[str, list[tuple[Context, ActionId]]] = {}
    found = []
    for action, keys in keymap.items():
        context = SPEC_BY_ID[action].context
        for key in keys:
            for other_context, other in seen.get(key, []):
                if other != action and overlapping(context, other_context):
                    found.append((key, other, action))
            seen.setdefault(key, []).append((context, action))
    return found


class ActionRegistry(QObject):
    """Creates each `QAction` once, with its keys, tooltip and shortcut context.

    `keysChanged` is emitted after `apply` rebinds the keys, so that open sheets refresh.
    """

    keysChanged = Signal()
    failed = Signal(str)  # a handler's LibraryError, as one sentence for the status bar

    def __init__(self, keymap: Mapping[ActionId, tuple[str, ...]], parent: QWidget) -> None:
        super().__init__(parent)
        self._keys: Keymap = {}
        self._actions: dict[ActionId, QAction] = {}
        self._handlers: dict[ActionId, Callable[[], object]] = {}
        for spec in SPECS:
            action = QAction(spec.label, parent)
            action.setObjectName(f"action-{spec.id.value}")
            action.setShortcutContext(
                Qt.ShortcutContext.WindowShortcut
                if spec.context == Context.GLOBAL
                else Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            action.setCheckable(spec.checkable)
            action.setStatusTip(spec.description)
            action.triggered.connect(lambda _checked=False, a=spec.id: self._trigger(a))
            self._actions[spec.id] = action
        self.apply(keymap)

    def apply(self, keymap: Mapping[ActionId, tuple[str, ...]]) -> None:
        """Bind every action to its keys in `keymap` (none if absent); tooltips follow."""
        self._keys = {spec.id: tuple(keymap.get(spec.id, ())) for spec in SPECS}
        for spec in SPECS:
            action = self._actions[spec.id]
            action.setShortcuts([QKeySequence(k) for k in self._keys[spec.id]])
            self._refresh_tooltip(spec.id)
        self.keysChanged.emit()

    def keymap(self) -> Keymap:
        return dict(self._keys)

    def action(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def __iter__(self) -> Iterator[ActionSpec]:
        return iter(SPECS)

    def fill_menu(self, menu: QMenu, title: str) -> None:
        """Add the actions that belong to the menu called `title`, in declaration order."""
        for spec in SPECS:
            if spec.menu != title or not spec.listed:
                continue
            if spec.separated and not menu.isEmpty():
                menu.addSeparator()
            menu.addAction(self._actions[spec.id])

    def keys(self, action_id: ActionId) -> tuple[str, ...]:
        return self._keys[action_id]

    def key_text(self, action_id: ActionId) -> str:
        """The keys as people read them on this platform: "Ctrl+D, B, S" ("G A" for a chord)."""
        return ", ".join(key_label(k) for k in self._keys[action_id])

    def label(self, action_id: ActionId) -> str:
        """The action's current text without mnemonics ("Mark as Unread")."""
        return plain(self._actions[action_id].text()).rstrip("…")

    def tooltip(self, action_id: ActionId) -> str:
        return self._actions[action_id].toolTip()

    def set_label(self, action_id: ActionId, label: str) -> None:
        """Change an action's text (e.g. "Mark as Unread"); the tooltip follows."""
        action = self._actions[action_id]
        action.setText(label)
        self._refresh_tooltip(action_id)

    def _refresh_tooltip(self, action_id: ActionId) -> None:
        keys = self.key_text(action_id)
        text = self.label(action_id)
        self._actions[action_id].setToolTip(f"{text} ({keys})" if keys else text)

    def bind(self, action_id: ActionId, handler: Callable[[], object]) -> None:
        """Run `handler()` when the action is triggered (by key, menu, toolbar, context menu
        or palette). Each action has exactly one handler: a second one is refused."""
        if action_id in self._handlers:
            raise ValueError(f"{action_id.value} already has a handler")
        self._handlers[action_id] = handler

    def unbound(self) -> list[ActionId]:
        """Actions that have no handler yet (none, once the window is built)."""
        return [spec.id for spec in SPECS if spec.id not in self._handlers]

    def _trigger(self, action_id: ActionId) -> None:
        handler = self._handlers.get(action_id)
        if handler is not None:  # a read-only library's refusal is one message, nothing lost
            reporting(handler, self.failed.emit)()

    def run(self, action_id: ActionId) -> bool:
        """Trigger the action if it is enabled; whether it ran."""
        action = self._actions[action_id]
        if not action.isEnabled():
            return False
        action.trigger()
        return True

    def install(self, context: Context, widget: QWidget) -> None:
        """Make the keys of `context` work in `widget` (the window for global ones)."""
        widget.addActions([self._actions[s.id] for s in SPECS if s.context == context])


def reporting(write: Callable[..., object], say: Callable[[str], object]) -> Callable[..., None]:
    """`write` for a signal to call: a `LibraryError` it raises (a read-only or busy library)
    becomes one sentence through `say`, the same way for every write of the window."""

    def run(*args: object) -> None:
        try:
            write(*args)
        except LibraryError as error:
            say(str(error))

    return run


def plain(label: str) -> str:
    """A label without its `&` mnemonic."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_label(key: str) -> str:
    """One key sequence as people read it: "Ctrl+D", "G A" for the chord "G, A"."""
    native = QKeySequence.SequenceFormat.NativeText
    strokes = [QKeySequence(stroke).toString(native) for stroke in key.split(", ")]
    return " ".join(strokes)
