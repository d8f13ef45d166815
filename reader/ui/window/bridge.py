"""Turns the library's change reports into a Qt signal: its own writes, and those of other
processes (the command line, another Reader) writing to the same file.

The library calls its subscribers on the thread that wrote (an import runs on a worker
thread); emitting a signal of this main-thread object queues the report to the main thread
for every slot that belongs to a main-thread `QObject`.

Other processes' writes are noticed by polling (`reader.library.ChangeWatcher`): every
`POLL_MS` a timer asks SQLite whether another connection committed (`PRAGMA data_version`,
a few microseconds) and, only when one did, reads the change journal from where it left off;
what it finds is emitted as the same `Changes` report, so every follower refreshes just what
changed, as it does for the window's own writes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reader.library import Changes, ChangeWatcher, Library

POLL_MS = 500


class LibraryBridge(QObject):
    """Emits `changed(Changes)` after every write to `library`, from any thread, and after
    other processes' writes to its file (checked every `poll_ms`; 0: never)."""

    changed = Signal(object)

    def __init__(
        self, library: Library, parent: QObject | None = None, poll_ms: int = POLL_MS
    ) -> None:
        super().__init__(parent)
        self._library = library
        library.subscribe(self._forward)
        self._watcher = ChangeWatcher()
        self._timer = QTimer(self)
        self._timer.setObjectName("library-watch")
        self._timer.timeout.connect(self.poll)
        if poll_ms > 0 and self._watcher.watching:
            self._timer.start(poll_ms)

    def _forward(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def poll(self) -> Changes:
        """Look for other processes' writes now; emit and return what they changed."""
        changes = self._watcher.poll()
        if changes:
            self.changed.emit(changes)
        return changes

    def detach(self) -> None:
        """Stop forwarding and watching (the window is closing; the library may outlive it)."""
        self._timer.stop()
        self._watcher.stop()
        self._library.unsubscribe(self._forward)
