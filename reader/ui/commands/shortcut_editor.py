"""The Keyboard Shortcuts editor: every action with its keys, searchable; rebind a key (with
conflict detection), restore one action's defaults or all of them, choose a preset.

Every change applies at once (menus, tooltips and the shortcut sheet follow the registry's
`keysChanged`) and is written to the user keymap, which holds only the differences from the
chosen preset. The dialog works by keyboard alone: the filter field, the list (Enter changes
the selected action's key), and buttons with mnemonics. Enter and Esc never close the editor
itself: only its own buttons (and the window's close button) do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.commands.actions import (
    CONTEXT_NAMES,
    SPEC_BY_ID,
    SPECS,
    ActionId,
    ActionRegistry,
    Keymap,
    clashes,
    key_label,
    normalized,
)
from reader.ui.commands.keymap import (
    PRESETS,
    changes_from,
    load_user_keymap,
    preset_keymap,
    write_user_keymap,
)
from reader.ui.style.plain_text import ask

IdRole = Qt.ItemDataRole.UserRole + 1
CONFIRM_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape})


class KeyCaptureDialog(QDialog):
    """Asks for one key, or two for a chord. Enter confirms the key taken (Enter itself is
    never taken as the key), Esc cancels; Tab moves on to the buttons."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Key")
        self.setAccessibleName(f"New key for {label}")
        self.edit = QKeySequenceEdit(self)
        self.edit.setMaximumSequenceLength(2)
        self.edit.setAccessibleName("Press the new key")
        self.edit.setFinishingKeyCombinations(
            [QKeyCombination(Qt.Key.Key_Return), QKeyCombination(Qt.Key.Key_Enter)]
        )
        self.edit.installEventFilter(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(
            f"Press the new key for “{label}” (two keys in a row make a chord), then Enter. "
            "Esc cancels."
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the key field, Enter confirms what was taken and Esc cancels, before the field
        could record either of them as the new key."""
        if watched is self.edit and isinstance(event, QKeyEvent):
            key = event.key()
            if event.type() == QEvent.Type.ShortcutOverride and key in CONFIRM_KEYS:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress and key == Qt.Key.Key_Escape:
                self.reject()
                return True
            if event.type() == QEvent.Type.KeyPress and key in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter
            ):  # fmt: skip
                if self.key():
                    self.accept()
                return True
        return False

    def key(self) -> str:
        sequence = self.edit.keySequence()
        return normalized(sequence.toString(QKeySequence.SequenceFormat.PortableText))


class ShortcutEditor(QDialog):
    """Edits `registry`'s keys and saves the changes to `path` (the user keymap)."""

    def __init__(self, registry: ActionRegistry, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Customize Keyboard Shortcuts")
        self.setObjectName("shortcutEditor")
        self.setMinimumSize(560, 440)
        self.resize(680, 620)
        self.registry = registry
        self.path = path
        self.preset = load_user_keymap(path).preset
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self._build()
        self._fill()
        self.filter.setFocus()

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.presets = QComboBox(self)
        for name, label in PRESETS.items():
            self.presets.addItem(label, name)
        self.presets.setCurrentIndex(list(PRESETS).index(self.preset))
        self.presets.activated.connect(lambda i: self.set_preset(str(self.presets.itemData(i))))
        preset_label = QLabel("&Preset:", self)
        preset_label.setBuddy(self.presets)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by action or key")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        top = QHBoxLayout()
        top.addWidget(preset_label)
        top.addWidget(self.presets)
        top.addWidget(self.filter, 1)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Action", "Keys", "Where"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Actions and their keys")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.setColumnWidth(1, 200)
        self.tree.setColumnWidth(2, 140)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self.change_selected())
        self.tree.installEventFilter(self)  # Enter in the list changes a key, nothing else
        buttons = QHBoxLayout()
        for text, slot in (
            ("&Change Key…", self.change_selected),
            ("&Add Key…", lambda: self.change_selected(add=True)),
            ("C&lear Keys", lambda: self._on_selected(lambda a: self.assign(a, ()))),
            ("&Restore Default", lambda: self._on_selected(self.restore)),
            ("Restore &All", self.restore_all),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        for closing in close.buttons():  # Enter pressed anywhere must not close the editor
            if isinstance(closing, QPushButton):
                closing.setAutoDefault(False)
                closing.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)

    def _fill(self) -> None:
        current = self.selected()
        self.tree.clear()
        defaults = preset_keymap(self.preset)
        for spec in SPECS:
            keys = self.registry.keys(spec.id)
            changed = tuple(defaults.get(spec.id, ())) != keys
            label = f"{spec.menu} › {spec.plain_label.rstrip('…')}" + (" •" if changed else "")
            item = QTreeWidgetItem(
                self.tree,
                [label, ", ".join(key_label(k) for k in keys) or "—",
                 CONTEXT_NAMES[spec.context]],
            )  # fmt: skip
            item.setData(0, IdRole, spec.id.value)
            item.setToolTip(0, spec.description + (" (changed)" if changed else ""))
            if spec.id == current:
                self.tree.setCurrentItem(item)
        self._apply_filter(self.filter.text())
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None:
                haystack = f"{item.text(0)} {item.text(1)} {item.toolTip(0)}".casefold()
                item.setHidden(bool(needle) and needle not in haystack)
        current = self.tree.currentItem()
        if current is None or current.isHidden():  # keep the chosen row among those shown
            shown = [self.tree.topLevelItem(r) for r in range(self.tree.topLevelItemCount())]
            first = next((i for i in shown if i is not None and not i.isHidden()), None)
            if first is not None:
                self.tree.setCurrentItem(first)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the list asks for a new key. The list would otherwise pass the key on to
        the dialog, whose default button then closed the whole editor."""
        if (
            watched is self.tree
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.change_selected()
            return True
        return False

    # -- commands (the buttons call these; tests too) -----------------------------------------

    def selected(self) -> ActionId | None:
        item = self.tree.currentItem() if hasattr(self, "tree") else None
        return ActionId(item.data(0, IdRole)) if item is not None else None

    def _on_selected(self, command: object) -> None:
        action = self.selected()
        if action is not None and callable(command):
            command(action)

    def change_selected(self, add: bool = False) -> None:
        action = self.selected()
        if action is None:
            return
        capture = KeyCaptureDialog(SPEC_BY_ID[action].plain_label, self)
        if capture.exec() != QDialog.DialogCode.Accepted or not capture.key():
            return
        keys = (*self.registry.keys(action), capture.key()) if add else (capture.key(),)
        self.assign(action, keys, ask=True)

    def assign(self, action: ActionId, keys: tuple[str, ...], ask: bool = False) -> bool:
        """Bind `action` to `keys`. Keys that clash are taken from the other action, after
        asking if `ask`; refused (returns False) if the user says no."""
        keymap = self.registry.keymap()
        keymap[action] = tuple(dict.fromkeys(keys))
        found = [(k, a, b) for k, a, b in clashes(keymap) if action in (a, b)]
        if found:
            names = "; ".join(
                f"{key_label(k)} is bound to {self.registry.label(b if a == action else a)}"
                for k, a, b in found
            )
            if ask and not self._confirm(names):
                self.say("Nothing changed.")
                return False
            for key, first, second in found:
                other = second if first == action else first
                keymap[other] = tuple(k for k in keymap[other] if k != key)
            self.say(f"Reassigned: {names}.")
        else:
            self.say(f"{self.registry.label(action)}: {self._keys_text(keymap[action])}.")
        self._save(keymap)
        return True

    def restore(self, action: ActionId) -> bool:
        """Give `action` the preset's keys again (taking them from others if need be)."""
        return self.assign(action, preset_keymap(self.preset).get(action, ()))

    def restore_all(self) -> None:
        self._save(preset_keymap(self.preset))
        self.say("All keys are the preset's again.")

    def set_preset(self, name: str) -> None:
        """Switch to another preset; the user's own changes are kept on top of it."""
        ours = changes_from(self.registry.keymap(), self.preset)
        self.preset = name
        keymap = {**preset_keymap(name), **ours}
        if clashes(keymap):
            keymap = preset_keymap(name)
            self.say(f"{PRESETS[name]} preset: your own changes clashed with it and were dropped.")
        else:
            self.say(f"{PRESETS[name]} preset chosen.")
        self.presets.setCurrentIndex(list(PRESETS).index(name))
        self._save(keymap)

    # -- helpers ------------------------------------------------------------------------------

    def _save(self, keymap: Keymap) -> None:
        self.registry.apply(keymap)
        try:
            write_user_keymap(self.path, self.preset, keymap)
        except OSError as error:
            self.say(f"Applied, but not saved: cannot write {self.path} ({error.strerror}).")
        self._fill()

    def _confirm(self, names: str) -> bool:
        return ask(self, "Key Already Used", f"{names}.\n\nTake the key from there?")

    def _keys_text(self, keys: tuple[str, ...]) -> str:
        return ", ".join(key_label(k) for k in keys) or "no key"

    def say(self, text: str) -> None:
        self.message.setText(text)
