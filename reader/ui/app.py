"""Starting the desktop application: `run_app(library_path, argv)`.

Creates the `QApplication` (name, desktop file, icon), makes sure only one Reader runs per
library (a second launch brings the first one's window to the front and exits 0), opens the
library, shows the main window and runs the event loop; the library is closed on quit.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reader import APP_ID, APP_NAME, __version__
from reader.library import Library, LibraryError, resource, restore_backup
from reader.ui.style.plain_text import tell
from reader.ui.window.index_progress import IndexProgressDialog
from reader.ui.window.instance import InstanceGuard, Outcome
from reader.ui.window.integrity import IntegrityCheck, protect_damaged
from reader.ui.window.mainwindow import MainWindow

ErrorReporter = Callable[[str], None]


def application(argv: list[str]) -> QApplication:
    """The process's `QApplication`, created and named on first use."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [APP_ID])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resource("reader.svg"))))
    return app


def show_error(message: str) -> None:
    """Report a fatal error on stderr and in a message box."""
    print(f"reader: {message}", file=sys.stderr)
    tell(None, QMessageBox.Icon.Critical, APP_NAME, message)


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def run_app(
    library_path: Path,
    argv: list[str],
    *,
    report: ErrorReporter = show_error,
    screenshot: Path | None = None,
) -> int:
    """Run Reader on the library at `library_path`; returns the process exit code.

    With `screenshot`, the window is saved to that PNG file once it has been shown, and the
    app quits (CI uses this to launch an installed wheel; the README's picture is made so).
    """
    app = application(argv)
    guard = InstanceGuard(library_path)
    outcome = guard.acquire()
    if outcome is Outcome.RAISED_OTHER:
        print(
            f"Reader is already open on {library_path}; brought it to the front.", file=sys.stderr
        )
        return 0
    if outcome is Outcome.OTHER_SILENT:
        print(
            f"Reader is already open on {library_path} but does not answer; close it "
            "and try again.",
            file=sys.stderr,
        )
        return 1
    if outcome is Outcome.UNGUARDED:
        print(
            f"reader: cannot create {library_path}.lock; another Reader on this library "
            "would not be noticed.",
            file=sys.stderr,
        )
    notice = ""
    try:
        while True:  # again after a restore from File › Backups…
            try:
                progress = IndexProgressDialog()
                library = Library.open(library_path, full_check=False, index_progress=progress)
            except LibraryError as error:
                progress.close()
                report(str(error))
                return 1
            try:
                code, restore = _run_window(app, guard, library, screenshot, notice)
            finally:
                library.close()
            if restore is None:
                return code
            notice = _restore(library_path, restore)
    finally:
        guard.release()


def _run_window(
    app: QApplication, guard: InstanceGuard, library: Library, screenshot: Path | None,
    notice: str,
) -> tuple[int, Path | None]:  # fmt: skip
    """Show the window on `library` until it closes: (exit code, a backup to restore)."""
    window = MainWindow(library, QSettings())
    guard.activated.connect(lambda: bring_to_front(window))
    window.show()
    for warning in library.warnings:
        print(f"reader: warning: {warning}", file=sys.stderr)
        window.status.say(warning, 15000)
    window.status.say(notice, 20000)
    check = IntegrityCheck(library.check_problems, window)
    check.damaged.connect(
        lambda problems: protect_damaged(
            window, window.status, window.request_restore, library, problems
        )
    )
    check.start()
    if screenshot is not None:
        QTimer.singleShot(0, lambda: app.exit(_save_picture(window, screenshot)))
    with _interruptible(window):
        code = int(app.exec())
    guard.activated.disconnect()
    restore = window.restore_request
    window.deleteLater()
    return code, restore


def _restore(library_path: Path, backup: Path) -> str:
    """Put `backup` in the closed library's place; what to tell the user of it."""
    try:
        result = restore_backup(library_path, backup)
    except LibraryError as error:
        return f"Not restored: {error}"
    when = result.restored.created.strftime("%Y-%m-%d %H:%M")
    kept = f"; the library as it was is kept in {result.kept}" if result.kept else ""
    return f"Restored the backup of {when}{kept}"


def _save_picture(window: QWidget, path: Path) -> int:
    """Save what the window shows to `path`; 0 on success, 1 (with a message) on failure."""
    QApplication.processEvents()
    picture = window.grab()
    window.close()  # saves the window's state like any quit
    if picture.save(str(path), "PNG"):
        return 0
    print(f"reader: cannot save a picture to {path}", file=sys.stderr)
    return 1


class _interruptible:
    """Let Ctrl+C in the terminal close the window cleanly (state saved) instead of being
    ignored while Qt's event loop runs."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self._timer = QTimer()
        self._previous: object = None

    def __enter__(self) -> None:
        try:
            self._previous = signal.signal(signal.SIGINT, lambda *_: self._window.close())
        except ValueError:  # not the main thread
            return
        self._timer.timeout.connect(lambda: None)  # gives Python a chance to run the handler
        self._timer.start(250)

    def __exit__(self, *exc: object) -> None:
        self._timer.stop()
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]
