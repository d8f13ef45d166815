"""Every command of the main window, registered once: the action registry.

`SPECS` declares each action (an `ActionId`, its menu label, the menu it belongs to, its
context and a one-line description); the default keys are data in `resources/keymap.toml`.
`ActionRegistry` turns both into one `QAction` per id, which menus, the toolbar, context
menus and the keyboard-shortcut sheet all share, so a key is defined in exactly one place.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


class Context(StrEnum):
    """Where an action's keys work: anywhere in the window, or only in one pane."""

    GLOBAL = "global"
    LIST = "list"
    READER = "reader"


class ActionId(StrEnum):
    """The id of each action; the value is the name used in keymap files."""

    IMPORT = "import"
    QUIT = "quit"
    TOGGLE_SIDEBAR = "toggle-sidebar"
    ZOOM_IN = "zoom-in"
    ZOOM_OUT = "zoom-out"
    ZOOM_RESET = "zoom-reset"
    NEXT_ARTICLE = "next-article"
    PREVIOUS_ARTICLE = "previous-article"
    GO_ALL = "go-all"
    GO_UNREAD = "go-unread"
    GO_BOOKMARKED = "go-bookmarked"
    OPEN_ARTICLE = "open-article"
    TOGGLE_BOOKMARK = "toggle-bookmark"
    TOGGLE_READ = "toggle-read"
    SHORTCUTS = "shortcuts"
    ABOUT = "about"
    EXPORT_ANNOTATIONS = "export-annotations"
    IMPORT_ANNOTATIONS = "import-annotations"
    UNDO = "undo"
    REDO = "redo"
    TOGGLE_NOTES = "toggle-notes"
    HIGHLIGHT = "highlight"
    NOTE_ARTICLE = "note-article"


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

    @property
    def plain_label(self) -> str:
        return self.label.replace("&&", "\0").replace("&", "").replace("\0", "&")


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(ActionId.IMPORT, "&Import Files…", "File", "Import text files into the library"),
    ActionSpec(
        ActionId.IMPORT_ANNOTATIONS,
        "Import &Annotations…",
        "File",
        "Import W3C Web Annotation JSON",
        separated=True,
    ),
    ActionSpec(
        ActionId.EXPORT_ANNOTATIONS,
        "&Export Annotations…",
        "File",
        "Export annotations as Markdown, Web Annotation JSON or CSV",
    ),
    ActionSpec(ActionId.QUIT, "&Quit", "File", "Quit Reader", separated=True),
    ActionSpec(ActionId.UNDO, "&Undo", "Edit", "Undo the last annotation change"),
    ActionSpec(ActionId.REDO, "&Redo", "Edit", "Redo the annotation change just undone"),
    ActionSpec(
        ActionId.TOGGLE_SIDEBAR, "Show &Sidebar", "View", "Show or hide the sidebar", checkable=True
    ),
    ActionSpec(
        ActionId.TOGGLE_NOTES,
        "Show &Notes Panel",
        "View",
        "Show or hide the notes panel",
        checkable=True,
    ),
    ActionSpec(
        ActionId.ZOOM_IN, "Zoom &In", "View", "Make the reading text larger", separated=True
    ),
    ActionSpec(ActionId.ZOOM_OUT, "Zoom &Out", "View", "Make the reading text smaller"),
    ActionSpec(ActionId.ZOOM_RESET, "&Actual Size", "View", "Reset the reading text size"),
    ActionSpec(ActionId.NEXT_ARTICLE, "&Next Article", "Go", "Select the next article"),
    ActionSpec(ActionId.PREVIOUS_ARTICLE, "&Previous Article", "Go", "Select the previous article"),
    ActionSpec(ActionId.GO_ALL, "&All Articles", "Go", "Show every article", separated=True),
    ActionSpec(ActionId.GO_UNREAD, "&Unread", "Go", "Show the unread articles"),
    ActionSpec(ActionId.GO_BOOKMARKED, "&Bookmarked", "Go", "Show the bookmarked articles"),
    ActionSpec(
        ActionId.OPEN_ARTICLE,
        "&Open Article",
        "Article",
        "Move the focus to the reading pane",
        Context.LIST,
    ),
    ActionSpec(
        ActionId.TOGGLE_BOOKMARK,
        "&Bookmark",
        "Article",
        "Bookmark the article, or remove its bookmark",
        checkable=True,
        separated=True,
    ),
    ActionSpec(
        ActionId.TOGGLE_READ, "Mark as &Read", "Article", "Mark the article as read, or as unread"
    ),
    ActionSpec(
        ActionId.HIGHLIGHT,
        "&Highlight Selection",
        "Article",
        "Highlight the selected text in the current colour",
        separated=True,
    ),
    ActionSpec(
        ActionId.NOTE_ARTICLE, "&Note on Article…", "Article", "Write a note on the whole article"
    ),
    ActionSpec(ActionId.SHORTCUTS, "&Keyboard Shortcuts", "Help", "List every key"),
    ActionSpec(ActionId.ABOUT, "&About Reader", "Help", "Version and library"),
)
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
    """Read and check a keymap file: known actions, valid keys, no key bound twice."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise KeymapError(f"{path}: cannot read the keymap ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise KeymapError(f"{path}: not valid TOML ({error})") from error
    table = data.get("keys")
    if not isinstance(table, dict) or set(data) - {"keys"}:
        raise KeymapError(f"{path}: expected one [keys] table")
    keymap: Keymap = {}
    for name, keys in table.items():
        try:
            action = ActionId(name)
        except ValueError:
            raise KeymapError(f"{path}: unknown action {name!r}") from None
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise KeymapError(f"{path}: {name} needs a list of key strings")
        parsed = tuple(normalized(k) for k in keys)
        if "" in parsed:
            bad = keys[parsed.index("")]
            raise KeymapError(f"{path}: {name}: {bad!r} is not a key sequence")
        keymap[action] = parsed
    problems = conflicts(keymap)
    if problems:
        raise KeymapError(f"{path}: " + "; ".join(problems))
    return keymap


def conflicts(keymap: Mapping[ActionId, tuple[str, ...]]) -> list[str]:
    """Keys that would be ambiguous: bound twice in one context, bound globally and in a
    pane as well, or one key the first stroke of another's chord ("G" and "G, A")."""
    seen: list[tuple[tuple[str, ...], Context, ActionId]] = []
    problems = []
    for action, keys in keymap.items():
        context = SPEC_BY_ID[action].context
        for key in keys:
            strokes = tuple(key.split(", "))
            for other_strokes, other_context, other in seen:
                overlap = context == other_context or Context.GLOBAL in (context, other_context)
                shorter = min(len(strokes), len(other_strokes))
                if overlap and strokes[:shorter] == other_strokes[:shorter]:
                    what = "bound to both" if strokes == other_strokes else "ambiguous between"
                    problems.append(f"{key} is {what} {other} and {action}")
            seen.append((strokes, context, action))
    return problems


class ActionRegistry(QObject):
    """Creates each `QAction` once, with its keys, tooltip and shortcut context."""

    def __init__(self, keymap: Mapping[ActionId, tuple[str, ...]], parent: QWidget) -> None:
        super().__init__(parent)
        self._keys = {spec.id: tuple(keymap.get(spec.id, ())) for spec in SPECS}
        self._actions: dict[ActionId, QAction] = {}
        for spec in SPECS:
            action = QAction(spec.label, parent)
            action.setObjectName(f"action-{spec.id.value}")
            action.setShortcuts([QKeySequence(k) for k in self._keys[spec.id]])
            action.setShortcutContext(
                Qt.ShortcutContext.WindowShortcut
                if spec.context == Context.GLOBAL
                else Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            action.setCheckable(spec.checkable)
            action.setStatusTip(spec.description)
            action.setToolTip(self.tooltip(spec.id))
            self._actions[spec.id] = action

    def action(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def __iter__(self) -> Iterator[ActionSpec]:
        return iter(SPECS)

    def fill_menu(self, menu: QMenu, title: str) -> None:
        """Add the actions that belong to the menu called `title`, in declaration order."""
        for spec in SPECS:
            if spec.menu != title:
                continue
            if spec.separated and not menu.isEmpty():
                menu.addSeparator()
            menu.addAction(self._actions[spec.id])

    def keys(self, action_id: ActionId) -> tuple[str, ...]:
        return self._keys[action_id]

    def key_text(self, action_id: ActionId) -> str:
        """The keys as people read them on this platform: "Ctrl+D, B, S"."""
        native = QKeySequence.SequenceFormat.NativeText
        return ", ".join(QKeySequence(k).toString(native) for k in self._keys[action_id])

    def tooltip(self, action_id: ActionId) -> str:
        label = SPEC_BY_ID[action_id].plain_label.rstrip("…")
        keys = self.key_text(action_id)
        return f"{label} ({keys})" if keys else label

    def set_label(self, action_id: ActionId, label: str) -> None:
        """Change an action's text (e.g. "Mark as Unread"); the tooltip follows."""
        action = self._actions[action_id]
        action.setText(label)
        plain = label.replace("&", "")
        keys = self.key_text(action_id)
        action.setToolTip(f"{plain} ({keys})" if keys else plain)

    def bind(self, action_id: ActionId, handler: Callable[[], object]) -> None:
        """Run `handler()` when the action is triggered (by key, menu, toolbar or palette)."""
        self._actions[action_id].triggered.connect(lambda _checked=False: handler())

    def install(self, context: Context, widget: QWidget) -> None:
        """Make the keys of `context` work in `widget` (the window for global ones)."""
        widget.addActions([self._actions[s.id] for s in SPECS if s.context == context])
