"""The window's background integrity check.

The window opens a library with only the fast checks (header, version, schema) so that a large
library starts as fast as a small one; `PRAGMA quick_check`, which reads every page, runs
in the background (the library's own check, on its own read-only connection: the first
write waits for it), and the window waits for its verdict on a worker thread. If it finds
damage, the library is protected (it takes no more writes) and the user is told what to do:
restore the latest good backup, keep reading and export, or salvage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.library import Library, list_backups
from reader.ui.style.plain_text import message_box
from reader.ui.window.backups import describe
from reader.ui.window.statusbar import StatusBar


class IntegrityCheck(QObject):
    """Waits off the GUI thread for `problems()` (the library's own background check:
    `Library.check_problems`); emits `damaged(message)` if it found any."""

    damaged = Signal(str)
    finished = Signal()

    def __init__(
        self, problems: Callable[[], list[str]], parent: QObject | None = None
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._problems = problems
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        problems = self._problems()
        if problems:
            self.damaged.emit("; ".join(problems[:2]))
        self.finished.emit()


def protect_damaged(
    window: QWidget, status: StatusBar, request_restore: Callable[[Path], object],
    library: Library, problems: str,
) -> QMessageBox:  # fmt: skip
    """Stop writing to a damaged library and say so, in a dialog and in the status bar; the
    dialog offers to bring back the latest good backup (with its date and what it holds), or
    to keep reading and export (nothing is written). `reader salvage` copies what can be read
    into a new library."""
    library.protect(f"the library is damaged ({problems}) and is read-only")
    good = next((b for b in list_backups(library.path) if b.problem is None), None)
    text = (
        f"Reader found damage in your library:\n{library.path}\n\n{problems}\n\n"
        "To protect your bookmarks and notes, Reader will not change this file any more: "
        "you can still read and export, but nothing you do is saved. To write again, "
        "restore a backup (File › Backups…)."
    )
    if good is not None:
        when, _kind, held, _size = describe(good)
        text += f"\n\nThe latest good backup is of {when} ({held})."
    text += (
        f"\n\nOr copy all that can still be read into a new library: "
        f"reader salvage {library.path} NEW.db"
    )
    status.show_mode("Read-only: damaged")
    status.say("Library damaged: read-only", 0)
    box = message_box(window, QMessageBox.Icon.Critical, "Library damaged", text)
    if good is not None:
        restore = box.addButton("Restore That Backup…", QMessageBox.ButtonRole.AcceptRole)
        restore.clicked.connect(lambda: request_restore(good.path))
    box.addButton("Keep Reading", QMessageBox.ButtonRole.RejectRole)
    box.open()
    return box
