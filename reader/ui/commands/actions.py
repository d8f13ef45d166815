"""Every command of the main window, registered once: the action registry.

The actions are data (`reader.ui.commands.specs`: an `ActionId`, its menu label, menu,
context and a one-line description, re-exported here), and so are the default keys
(`resources/keymap.toml`). `ActionRegistry` turns both into one `QAction` per id, with exactly
one handler each, which menus, the toolbar, context
menus, the shortcut sheet, the command palette and the shortcut editor all share, so a key
is defined in exactly one place. `ActionRegistry.apply` rebinds every key at once (a user
keymap, the shortcut editor) and tells every surface through `keysChanged`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from reader.library import LibraryError, read_toml
from reader.ui.commands.specs import (
    COLOR_ACTIONS,
    CONTEXT_NAMES,
    HIGHLIGHT_COLORS,
    MENUS,
    RECOLOUR_ACTIONS,
    SPEC_BY_ID,
    SPECS,
    ActionId,
    ActionSpec,
    Context,
    overlapping,
)

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
        """Add the actions that belong to the menu called `title`, in declaration order;
        those of a submenu go into it, made where its first action comes."""
        submenus: dict[str, QMenu] = {}
        for spec in SPECS:
            if spec.menu != title or not spec.listed:
                continue
            target = menu
            if spec.submenu:
                if spec.submenu not in submenus:
                    if not menu.isEmpty():
                        menu.addSeparator()
                    submenus[spec.submenu] = menu.addMenu(spec.submenu)
                    name = plain(spec.submenu).lower().replace(" ", "-")
                    submenus[spec.submenu].setObjectName(f"menu-{title.lower()}-{name}")
                target = submenus[spec.submenu]
            if spec.separated and not target.isEmpty():
                target.addSeparator()
            target.addAction(self._actions[spec.id])

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
        if action.text() == label:
            return  # the same (most calls, on every article shown): no relayout of a toolbar
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


__all__ = [
    "COLOR_ACTIONS",
    "CONTEXT_NAMES",
    "HIGHLIGHT_COLORS",
    "MENUS",
    "RECOLOUR_ACTIONS",
    "SPECS",
    "SPEC_BY_ID",
    "ActionId",
    "ActionRegistry",
    "ActionSpec",
    "Context",
    "Keymap",
    "KeymapError",
    "clashes",
    "conflicts",
    "key_label",
    "load_keymap",
    "normalized",
    "overlapping",
    "parse_binding",
    "plain",
    "reporting",
]
