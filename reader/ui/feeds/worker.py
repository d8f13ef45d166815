"""Network work off the GUI thread: one call on the library, run on a `QThread` of its own.

peewee keeps one connection per thread, so the worker closes its own when it is done. The
call is handed `progress(done, total, line)` and `cancelled()`; both are safe to call from
the worker's thread (progress is a queued signal, cancel an event).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from reader.library import Library

Progress = Callable[[int, int, str], None]
Job = Callable[[Progress, Callable[[], bool]], object]


class NetWorker(QObject):
    """Runs `job(progress, cancelled)` once on its thread; `finished(result)` or
    `failed(message)` when it returns, `progressed(done, total, line)` meanwhile."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, library: Library, job: Job) -> None:
        super().__init__()
        self._library = library
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop (thread-safe); what it finished is kept."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, line: str) -> None:
        self.progressed.emit(done, total, line)

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._progress, self._cancel.is_set)
        except Exception as error:  # a LibraryError says itself; anything else, its name
            self.failed.emit(str(error) or type(error).__name__)
        else:
            self.finished.emit(result)
        finally:
            self._library.release_thread()


class Running:
    """A `NetWorker` and its thread, started at once; `stop()` cancels and waits."""

    def __init__(self, parent: QObject, library: Library, job: Job, name: str) -> None:
        self.worker = NetWorker(library, job)
        self.thread = QThread(parent)
        self.thread.setObjectName(name)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)
        self.worker.failed.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Cancel and wait for the thread (the window is closing)."""
        self.worker.cancel()
        self.thread.quit()
        self.thread.wait()

    def dispose(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.thread.deleteLater()
        self.worker.deleteLater()
