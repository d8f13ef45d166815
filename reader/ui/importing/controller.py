"""Importing files from the window: File › Import Files… and Import Folder…, files and
folders dropped on the window, watched folders, a worker thread, progress and a report.

The import runs in `ImportWorker` on its own `QThread`, so the window stays responsive.
peewee keeps one connection per thread, so the worker closes its own when it is done.
Cancelling stops between files; everything imported before that is kept. The library
reports the new articles to its subscribers itself (the list reloads then).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressDialog, QWidget

from reader.library import ImportReport, Library, count_files
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.importing.watched import FolderWatcher, WatchedFoldersDialog
from reader.ui.style.plain_text import message_box
from reader.ui.window.state import Settings

IMPORT_FILTER = (
    "Articles (*.txt *.text *.md *.markdown *.html *.htm *.xhtml);;Text (*.txt *.text);;"
    "Markdown (*.md *.markdown);;Web pages (*.html *.htm *.xhtml);;All files (*)"
)
MAX_LISTED = 8  # failures, and warnings, named in the box itself
MAX_NAME = 60  # characters of a file name shown in the progress dialog


def _web(url: QUrl) -> bool:
    return url.scheme().lower() in ("http", "https")


class ImportWorker(QObject):
    """Runs one `Library.import_paths` call; lives on the import thread. It first counts the
    files (`counted`), then reports progress at most every `PROGRESS_SECONDS`."""

    counted = Signal(int)
    progressed = Signal(int, str)
    finished = Signal(object)  # ImportReport
    failed = Signal(str)
    PROGRESS_SECONDS = 0.05

    def __init__(self, library: Library, paths: Sequence[Path]) -> None:
        super().__init__()
        self._library = library
        self._paths = list(paths)
        self._cancel = threading.Event()
        self._last_progress = 0.0

    def cancel(self) -> None:
        """Stop before the next file (thread-safe)."""
        self._cancel.set()

    def _progress(self, done: int, path: str) -> None:
        now = time.monotonic()
        if now - self._last_progress >= self.PROGRESS_SECONDS:
            self._last_progress = now
            self.progressed.emit(done, path)

    @Slot()
    def run(self) -> None:
        try:
            self.counted.emit(count_files(self._paths, self._cancel.is_set))
            report = self._library.import_paths(
                self._paths, progress=self._progress, cancelled=self._cancel.is_set
            )
        except Exception as error:
            self.failed.emit(str(error) or type(error).__name__)
        else:
            self.finished.emit(report)
        finally:
            self._library.release_thread()


def report_text(report: ImportReport) -> tuple[str, str]:
    """The message box text (the summary, the first failures and warnings) and the full
    lists for Details."""
    lines = [report.summary()]
    failed = [(f.path, f.reason or "") for f in report.failed]
    warned = [(f.path, w) for f in report.warned for w in f.warnings]
    for heading, entries in (
        ("These files were not imported:", failed),
        ("These files were imported, but not all as they stand:", warned),
    ):
        if entries:
            lines += ["", heading]
            lines += [f"• {Path(path).name}: {why}" for path, why in entries[:MAX_LISTED]]
            if len(entries) > MAX_LISTED:
                lines.append(f"…and {len(entries) - MAX_LISTED} more (see Details).")
    details = "\n".join(f"{path}: {why}" for path, why in failed + warned)
    return "\n".join(lines), details


def done_message(report: object) -> str:
    """A status-bar line for a finished import that changed something ("" otherwise)."""
    added = len(getattr(report, "added_ids", []))
    updated = len(getattr(report, "updated_ids", []))
    if not (added or updated):
        return ""
    return f"Imported {added:,} new and {updated:,} updated article{'s' * (added + updated != 1)}"


class ImportController(QObject):
    """Starts imports and shows their progress and outcome. `done(report | None)` fires
    when one has finished and its report was shown (None if it failed). `host` is the
    widget dialogs belong to and files are dropped on."""

    done = Signal(object)
    linksDropped = Signal(list)  # web addresses dropped on the window (for the feeds)

    def __init__(
        self, *, library: Library, registry: ActionRegistry, state: Settings, host: QWidget,
        say: Callable[[str], object], parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._library = library
        self._window = host
        self._state = state
        self._say = say
        self.watcher = FolderWatcher(self)
        self.watcher.importRequested.connect(self.start_watched)
        self.watcher.set_folders(state.watched_folders())
        registry.bind(ActionId.IMPORT, self.choose_import)
        registry.bind(ActionId.IMPORT_FOLDER, self.choose_import_folder)
        registry.bind(ActionId.WATCHED_FOLDERS, self.show_watched_folders)
        self.done.connect(self._done_message)
        host.setAcceptDrops(True)
        host.installEventFilter(self)
        self.last_message: QMessageBox | None = None
        self._thread: QThread | None = None
        self._worker: ImportWorker | None = None
        self._dialog: QProgressDialog | None = None
        self._total = 0
        self._quiet = False
        self._watched: list[Path] = []  # watched folders to import when the current one ends

    # -- choosing what to import ------------------------------------------------------------

    def _folder(self) -> str:
        return self._state.import_folder() or str(Path.home())

    def choose_import(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self._window, "Import Files", self._folder(), IMPORT_FILTER
        )
        if names:
            self._state.set_import_folder(str(Path(names[0]).parent))
            self.start([Path(name) for name in names])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, "Import Folder", self._folder())
        if folder:
            self._state.set_import_folder(folder)
            self.start([Path(folder)])

    def show_watched_folders(self) -> WatchedFoldersDialog:
        dialog = WatchedFoldersDialog(
            self._state.watched_folders(), self._set_watched, self._window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _set_watched(self, folders: list[str]) -> None:
        self._state.set_watched_folders(folders)
        self.watcher.set_folders(folders)

    def _done_message(self, report: object) -> None:
        self._say(done_message(report))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Files and folders dragged onto the window are imported; web links dropped on it
        go to `linksDropped` (saved as pages, or followed as feeds)."""
        if watched is not self._window:
            return False
        if isinstance(event, QDragEnterEvent):
            if any(url.isLocalFile() or _web(url) for url in event.mimeData().urls()):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if isinstance(event, QDropEvent):
            urls = event.mimeData().urls()
            paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
            links = [url.toString() for url in urls if _web(url)]
            if links:
                self.linksDropped.emit(links)
            if (paths and self.start(paths)) or links:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        return False

    # -- running ------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self._thread is not None

    def start(self, paths: Sequence[Path], *, quiet: bool = False) -> bool:
        """Import `paths` in the background; False if an import is already running.

        `quiet` (watched folders): no progress dialog, and a report only if a file failed."""
        if self.busy() or not paths:
            return False
        self._total = 0  # files to go through: counted by the worker first
        self._quiet = quiet
        self._dialog = None if quiet else self._make_dialog()
        worker = ImportWorker(self._library, paths)
        thread = QThread(self)
        thread.setObjectName("import")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.counted.connect(self._counted)
        worker.progressed.connect(self._progressed)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        if self._dialog is not None:
            self._dialog.canceled.connect(worker.cancel, Qt.ConnectionType.DirectConnection)
        self._thread, self._worker = thread, worker
        thread.start()
        return True

    def start_watched(self, folders: list[Path]) -> None:
        """Import watched folders quietly, now or as soon as the running import ends."""
        if not self.start(folders, quiet=True):
            self._watched = list(folders)

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self) -> None:
        """Cancel a running import and wait for its thread (the window is closing)."""
        if self._worker is not None and self._thread is not None:
            self._worker.cancel()
            self._thread.quit()
            self._thread.wait()
            self._cleanup()

    def _make_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog("", "Cancel", 0, 0, self._window)  # busy
        label = QLabel("Finding files…", dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)  # it shows file names: never markup
        dialog.setLabel(label)
        dialog.setWindowTitle("Importing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(440)
        dialog.setValue(0)
        return dialog

    def _counted(self, total: int) -> None:
        self._total = max(total, 1)
        if self._dialog is not None:
            self._dialog.setMaximum(self._total)
            self._dialog.setLabelText(f"Importing {total:,} file{'s' * (total != 1)}…")

    def _progressed(self, done: int, path: str) -> None:
        if self._dialog is None:
            return
        name = Path(path).name or path
        if len(name) > MAX_NAME:  # keep the dialog's width steady
            name = f"{name[: MAX_NAME // 2 - 1]}…{name[-(MAX_NAME // 2) :]}"
        if done >= self._total:  # files arrived in a folder after it was counted
            self._total = done + 1
            self._dialog.setMaximum(self._total)
        self._dialog.setLabelText(f"Importing file {done + 1:,} of {self._total:,}\n{name}")
        self._dialog.setValue(done)

    def _finished(self, report: ImportReport) -> None:
        self._cleanup()
        if self._watched:
            QTimer.singleShot(0, lambda folders=self._watched: self.start_watched(folders))
            self._watched = []
        text, details = report_text(report)
        if self._quiet and not report.failed and not report.warned:
            self.done.emit(report)
            return
        title = "Import cancelled" if report.cancelled else "Import finished"
        troubled = report.failed or report.warned
        icon = QMessageBox.Icon.Warning if troubled else QMessageBox.Icon.Information
        self._tell(title, text, icon, details)
        self.done.emit(report)

    def _failed(self, message: str) -> None:
        self._cleanup()
        self._tell("Import failed", message, QMessageBox.Icon.Critical)
        self.done.emit(None)

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon, details: str = "") -> None:
        """Show the outcome in a window-modal box that does not block the event loop."""
        box = message_box(self._window, icon, title, text)  # file names are not markup
        box.setObjectName("importReport")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if details:
            box.setDetailedText(details)
        self.last_message = box
        box.destroyed.connect(self._forget_message)
        box.open()

    def _forget_message(self) -> None:
        self.last_message = None

    def _cleanup(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = None
