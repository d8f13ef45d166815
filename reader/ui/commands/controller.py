"""The surfaces that list commands: the command palette, the shortcut sheet and the editor.

`CommandsController` binds Edit › Command Palette, Help › Keyboard Shortcuts and Help ›
Customize Shortcuts. All three read the one registry, so a key changed in the editor shows in
the sheet, the palette and the menus at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.commands.palette import Picker, action_items
from reader.ui.commands.shortcut_editor import ShortcutEditor
from reader.ui.commands.shortcut_sheet import ShortcutsDialog
from reader.ui.reading.navigation import Navigator


class CommandsController(QObject):
    """Opens the palette over `host`'s window, and the shortcut sheet and editor."""

    def __init__(
        self, registry: ActionRegistry, navigator: Navigator, host: QWidget, keymap_path: Path,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._registry = registry
        self._navigator = navigator
        self._host = host
        self.keymap_path = keymap_path
        registry.bind(ActionId.PALETTE, self.open_palette)
        registry.bind(ActionId.SHORTCUTS, self.show_shortcuts)
        registry.bind(ActionId.EDIT_SHORTCUTS, self.edit_shortcuts)

    def open_palette(self) -> Picker:
        items = action_items(self._registry, exclude=[ActionId.PALETTE])
        picker = Picker(
            self._host.window(), items, title="Command palette", placeholder="Type a command"
        )
        return self._navigator.open_picker(picker)

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self._registry, self._host.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.customize.connect(self.edit_shortcuts)
        dialog.show()
        return dialog

    def edit_shortcuts(self) -> ShortcutEditor:
        """The Keyboard Shortcuts editor; what it changes applies at once and is saved."""
        editor = ShortcutEditor(self._registry, self.keymap_path, self._host.window())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        return editor
