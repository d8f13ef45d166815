"""File › Backups…: the library's backups, making one now, and bringing one back.

The dialog lists every backup of the library (automatic ones, made at most daily on quit or
after many changes, before removing articles, before a migration or a restore; and those
made here), newest first, with what each holds. Restoring closes the library, keeps a backup
of it as it is, puts the chosen backup in its place and opens it again: the window asks the
start-up code for that (`request_restore`), since a library cannot be replaced while open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.library import (
    BackupInfo,
    Library,
    LibraryError,
    backup_library,
    backups_dir,
    list_backups,
)
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.style.plain_text import ask
from reader.ui.window.statusbar import plural

PathRole = Qt.ItemDataRole.UserRole + 1
KINDS = {
    "daily": "Automatic (daily)",
    "manual": "Made by you",
    "before-removal": "Before removing articles",
    "before-migration": "Before an upgrade",
    "before-restore": "Before a restore",
    "damaged": "The damaged library, as it was",
}


def describe(info: BackupInfo) -> list[str]:
    """The columns of one backup: when, what kind, what it holds, its size."""
    held = (
        f"{plural(info.articles, 'article')}, {plural(info.annotations, 'note')}"
        if info.articles is not None and info.annotations is not None
        else (info.problem or "unreadable")
    )
    size = f"{info.size / 1_048_576:.1f} MB" if info.size >= 100_000 else f"{info.size:,} bytes"
    when = info.created.strftime("%Y-%m-%d %H:%M")
    return [when, KINDS.get(info.kind, info.kind), held, size]


class BackupsDialog(QDialog):
    """The list of backups with Back Up Now, Restore… and Open Folder."""

    def __init__(
        self, library: Library, request_restore: Callable[[Path], object],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.setObjectName("backupsDialog")
        self.resize(720, 420)
        self._library = library
        self._request_restore = request_restore
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Made", "Kind", "Holds", "Size"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Backups of this library")
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(lambda _item, _col: self.restore_selected())
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # paths and reasons
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for text, slot in (
            ("Back Up &Now", self.back_up_now),
            ("&Restore…", self.restore_selected),
            ("Open &Folder", self.open_folder),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Reader backs up this library once a day when you quit, before removing "
            "articles and before upgrades; 7 daily and 4 weekly backups are kept.", self
        )  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()
        self.tree.setFocus()

    def backups(self) -> list[BackupInfo]:
        return list_backups(self._library.path)

    def refresh(self) -> None:
        self.tree.clear()
        for info in self.backups():
            item = QTreeWidgetItem(self.tree, describe(info))
            item.setData(0, PathRole, str(info.path))
            if info.problem:
                item.setDisabled(True)
        for column in (0, 1, 3):
            self.tree.resizeColumnToContents(column)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        else:
            self.message.setText("No backups yet: Back Up Now makes the first one.")

    def back_up_now(self) -> BackupInfo | None:
        try:
            info = backup_library(self._library)
        except LibraryError as error:
            self.message.setText(str(error))
            return None
        self.message.setText(f"Backed up {info.articles or 0:,} articles to {info.path}")
        self.refresh()
        return info

    def selected(self) -> BackupInfo | None:
        item = self.tree.currentItem()
        if item is None or item.isDisabled():
            return None
        path = Path(str(item.data(0, PathRole)))
        return next((b for b in self.backups() if b.path == path), None)

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            self.message.setText("Choose a backup that can be restored first.")
            return False
        when, _kind, held, _size = describe(info)
        if not ask(
            self, "Restore Backup",
            f"Bring back the backup of {when} ({held})?\n\nReader closes this library, "
            "keeps a backup of it as it is now, puts this backup in its place and opens it "
            "again. Changes made since the backup are in that kept copy.",
        ):  # fmt: skip
            return False
        self.accept()
        self._request_restore(info.path)
        return True

    def open_folder(self) -> None:
        folder = backups_dir(self._library.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class BackupsController(QObject):
    """Binds File › Backups…; `request_restore(path)` is how a restore is asked for."""

    def __init__(
        self, library: Library, registry: ActionRegistry, host: QWidget,
        request_restore: Callable[[Path], object], parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._host = host
        self._request_restore = request_restore
        registry.bind(ActionId.BACKUPS, self.show_backups)

    def show_backups(self) -> BackupsDialog:
        dialog = BackupsDialog(self._library, self._request_restore, self._host.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
