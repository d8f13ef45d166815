"""The main window's importing: File › Import Files… and Import Folder…, drag and drop,
watched folders, and the message when an import is done (a mixin of `MainWindow`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow

from reader.ui.importing import done_message
from reader.ui.watching import WatchedFoldersDialog

if TYPE_CHECKING:
    from reader.library import Library
    from reader.ui.importing import ImportController
    from reader.ui.settings import Settings
    from reader.ui.watching import FolderWatcher

IMPORT_FILTER = (
    "Articles (*.txt *.text *.md *.markdown *.html *.htm *.xhtml);;Text (*.txt *.text);;"
    "Markdown (*.md *.markdown);;Web pages (*.html *.htm *.xhtml);;All files (*)"
)


class ImportMixin(QMainWindow):
    """Needs the window's `library`, `settings`, `importer` and `watcher`."""

    library: Library
    settings: Settings
    importer: ImportController
    watcher: FolderWatcher

    def _folder(self) -> str:
        return self.settings.import_folder() or str(Path.home())

    def choose_import(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Import Files", self._folder(), IMPORT_FILTER
        )
        if names:
            self.settings.set_import_folder(str(Path(names[0]).parent))
            self.importer.start([Path(name) for name in names])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import Folder", self._folder())
        if folder:
            self.settings.set_import_folder(folder)
            self.importer.start([Path(folder)])

    def show_watched_folders(self) -> WatchedFoldersDialog:
        dialog = WatchedFoldersDialog(self.settings.watched_folders(), self._set_watched, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _set_watched(self, folders: list[str]) -> None:
        self.settings.set_watched_folders(folders)
        self.watcher.set_folders(folders)

    def _import_done(self, report: object) -> None:
        text = done_message(report)
        if text:
            self.statusBar().showMessage(text, 6000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files and folders dropped on the window are imported."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.importer.start(paths):
            event.acceptProposedAction()
        else:
            event.ignore()
