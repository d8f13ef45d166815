"""Help › Keyboard Shortcuts: the sheet of every key, read from the action registry."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.commands.actions import CONTEXT_NAMES, MENUS, ActionRegistry, Context


class ShortcutsDialog(QDialog):
    """Every action, grouped by menu, with its keys: generated from the registry, and
    regenerated whenever the keys change. `customize` asks for the shortcut editor."""

    customize = Signal()

    def __init__(self, registry: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcutsDialog")
        self.setMinimumSize(420, 360)  # explicit, so showing it never re-derives it
        self.resize(520, 640)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setItemsExpandable(False)
        self.tree.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 6px; }")
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tree.setAccessibleName("Keyboard shortcuts")
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self._registry = registry
        self._fill(registry)
        registry.keysChanged.connect(self._refill)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        change = buttons.addButton("&Customize…", QDialogButtonBox.ButtonRole.ActionRole)
        change.clicked.connect(self.customize.emit)
        intro = QLabel(
            "Single-letter keys work anywhere in the window except in text fields. "
            "For a chord such as “G A”, press G, then A."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()

    def _fill(self, registry: ActionRegistry) -> None:
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        keys_font = QFont(self.font())
        keys_font.setWeight(QFont.Weight.Medium)
        for menu in MENUS:
            section = QTreeWidgetItem(self.tree, [menu, ""])
            section.setFont(0, bold)
            section.setFirstColumnSpanned(True)
            section.setSizeHint(0, QSize(0, 34))
            section.setTextAlignment(0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            for spec in registry:
                if spec.menu != menu:
                    continue
                label = spec.plain_label.rstrip("…")
                if spec.context != Context.GLOBAL:
                    label += f" ({CONTEXT_NAMES[spec.context]})"
                item = QTreeWidgetItem(section, [label, registry.key_text(spec.id) or "—"])
                item.setToolTip(0, spec.description)
                item.setFont(1, keys_font)
        self.tree.expandAll()

    def _refill(self) -> None:
        self.tree.clear()
        self._fill(self._registry)

    def rows(self) -> list[tuple[str, str]]:
        """(action, keys) for every action listed (for tests and accessibility)."""
        found = []
        for top in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(top)
            children = [section.child(i) for i in range(section.childCount())] if section else []
            found += [(item.text(0), item.text(1)) for item in children if item is not None]
        return found
