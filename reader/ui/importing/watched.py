"""Watched folders: new or changed files in them are imported automatically.

`FolderWatcher` watches each folder and its subfolders (up to `MAX_WATCHED_DIRS`) with a
`QFileSystemWatcher`; any change starts a debounce timer, and when the folder has been quiet
for `DEBOUNCE_MS` it asks for an import of the watched folders (the importer skips unchanged
files, so this is cheap). A slow periodic check (`POLL_MS`) catches what the system's
watcher misses (in-place edits on some file systems, network folders).
`WatchedFoldersDialog` is the small dialog that adds and removes folders.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

DEBOUNCE_MS = 1500
POLL_MS = 60_000
MAX_WATCHED_DIRS = 2000


class FolderWatcher(QObject):
    """Emits `importRequested(list[Path])` when watched folders have changed and settled."""

    importRequested = Signal(list)

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._folders: list[Path] = []
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._watcher.fileChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._fire)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._changed)

    def folders(self) -> list[Path]:
        return list(self._folders)

    def set_folders(self, folders: list[str]) -> None:
        """Watch exactly these folders (missing ones are ignored until they exist)."""
        self._folders = [Path(f) for f in folders]
        self._rewatch()
        if self._folders:
            self._poll.start()
            self._changed()  # catch up with what changed while Reader was closed
        else:
            self._poll.stop()
            self._timer.stop()

    def _rewatch(self) -> None:
        old = self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        wanted: list[str] = []
        for folder in self._folders:
            for root, dirs, _files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                wanted.append(root)
                if len(wanted) >= MAX_WATCHED_DIRS:
                    break
        if wanted:
            self._watcher.addPaths(wanted)

    def _changed(self, _path: str = "") -> None:
        if self._folders:
            self._timer.start()  # restart: wait until the folder is quiet

    def _fire(self) -> None:
        self._rewatch()  # new subfolders
        existing = [f for f in self._folders if f.is_dir()]
        if existing:
            self.importRequested.emit(existing)


class WatchedFoldersDialog(QDialog):
    """Add and remove watched folders; `save(folders)` is called with the new list."""

    def __init__(
        self, folders: list[str], save: Callable[[list[str]], None], parent: QWidget | None = None,
        choose: Callable[[], str] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("watchedFolders")
        self.setWindowTitle("Watched Folders")
        self._save = save
        self._choose = choose or self._ask
        self.list = QListWidget(self)
        self.list.addItems(folders)
        note = QLabel(
            "New and changed article files in these folders (and their subfolders) are "
            "imported automatically while Reader is open.", self
        )  # fmt: skip
        note.setWordWrap(True)
        add = QPushButton("&Add Folder…", self)
        add.clicked.connect(self.add_folder)
        self.remove = QPushButton("&Remove", self)
        self.remove.clicked.connect(self.remove_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(self.remove)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._update)
        self.resize(520, 300)
        self._update()

    def folders(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def add_folder(self) -> None:
        folder = self._choose()
        if folder and folder not in self.folders():
            self.list.addItem(folder)
            self._save(self.folders())
        self._update()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._save(self.folders())
        self._update()

    def _ask(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Watch Folder", str(Path.home()))

    def _update(self) -> None:
        self.remove.setEnabled(self.list.currentRow() >= 0)
