"""The window's background integrity check.

The window opens a library with only the fast checks (header, version, schema) so that a large
library starts as fast as a small one; `PRAGMA quick_check`, which reads every page, then runs
on a worker thread with its own read-only connection. If it finds damage, the library is
protected (it takes no more writes) and the user is told what to do.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from reader.library import Library, quick_check
from reader.ui.style.plain_text import message_box


class IntegrityCheck(QObject):
    """Runs `quick_check` on `path` off the GUI thread; emits `damaged(message)` on problems."""

    damaged = Signal(str)
    finished = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        problems = quick_check(self._path)
        if problems:
            self.damaged.emit("; ".join(problems[:2]))
        self.finished.emit()


def protect_damaged(window: QMainWindow, library: Library, problems: str) -> QMessageBox:
    """Stop writing to a damaged library and say so, in a dialog and in the status bar."""
    library.protect(f"the library is damaged ({problems}) and is read-only")
    text = (
        f"Reader found damage in your library:\n{library.path}\n\n{problems}\n\n"
        "To protect your bookmarks and notes, Reader will not change this file any more: "
        "you can still read, but nothing you do is saved. Close Reader and restore a backup "
        f"(such as {library.path.name}.vN.bak beside it), or open another library with --library."
    )
    window.statusBar().showMessage("Library damaged: read-only")
    box = message_box(window, QMessageBox.Icon.Critical, "Library damaged", text)
    box.open()
    return box
