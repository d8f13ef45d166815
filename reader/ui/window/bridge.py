"""Turns the library's change reports into a Qt signal.

The library calls its subscribers on the thread that wrote (an import runs on a worker
thread); emitting a signal of this main-thread object queues the report to the main thread
for every slot that belongs to a main-thread `QObject`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.library import Changes, Library


class LibraryBridge(QObject):
    """Emits `changed(Changes)` after every write to `library`, from any thread."""

    changed = Signal(object)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        library.subscribe(self._forward)

    def _forward(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def detach(self) -> None:
        """Stop forwarding (the window is closing; the library may outlive it)."""
        self._library.unsubscribe(self._forward)
