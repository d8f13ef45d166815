"""One Reader per library: a lock file next to the library and a local socket to reach it.

The first Reader on a library takes `<library>.lock` (a `QLockFile`; a lock left behind by a
process that died is stale and taken over) and listens on a `QLocalServer` whose name is a
hash of the user and the library's resolved path. A second Reader on the same library finds
the lock held, asks the first over the socket to bring its window to the front, and quits
without touching the library.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader import APP_ID

RAISE_MESSAGE = b"raise\n"
CONNECT_ATTEMPTS = 10
ATTEMPT_WAIT_MS = 200


class Outcome(Enum):
    """What `InstanceGuard.acquire` found."""

    ACQUIRED = "acquired"  # this process owns the library now
    RAISED_OTHER = "raised"  # another Reader has it and was asked to come to the front
    OTHER_SILENT = "silent"  # another Reader has it but did not answer
    UNGUARDED = "unguarded"  # no lock could be made (read-only folder): run without a guard


def lock_path(library: Path) -> Path:
    return library.with_name(library.name + ".lock")


def server_name(library: Path) -> str:
    """A socket name unique to this user and library (short enough for any platform)."""
    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    resolved = str(library.expanduser().resolve(strict=False))
    digest = hashlib.sha256(f"{user}\0{resolved}".encode()).hexdigest()[:24]
    return f"{APP_ID}-{digest}"


class InstanceGuard(QObject):
    """Holds the library's lock and answers later launches. `activated` is emitted when
    another launch asks this one to come to the front."""

    activated = Signal()

    def __init__(
        self, library: Path, parent: QObject | None = None, attempts: int = CONNECT_ATTEMPTS
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.attempts = attempts
        self.name = server_name(library)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None

    def acquire(self) -> Outcome:
        """Take the lock and start listening, or, if another Reader has it, ask it to raise."""
        path = lock_path(self.library.expanduser())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return Outcome.UNGUARDED
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
        if lock.tryLock(0):
            self._lock = lock
            self._listen()
            return Outcome.ACQUIRED
        if lock.error() != QLockFile.LockError.LockFailedError:
            return Outcome.UNGUARDED
        return Outcome.RAISED_OTHER if self._ask_to_raise() else Outcome.OTHER_SILENT

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _listen(self) -> None:
        QLocalServer.removeServer(self.name)  # a socket file left by a crash; we hold the lock
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if server.listen(self.name):
            self._server = server

    def _accept(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if RAISE_MESSAGE.strip() in data:
            self.activated.emit()
            socket.disconnectFromServer()

    def _ask_to_raise(self) -> bool:
        """Tell the running Reader to come to the front; False if it never answered."""
        for _attempt in range(self.attempts):
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(ATTEMPT_WAIT_MS):
                socket.write(RAISE_MESSAGE)
                socket.waitForBytesWritten(1000)
                sent = socket.bytesToWrite() == 0
                socket.disconnectFromServer()
                if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    socket.waitForDisconnected(500)
                return sent
            QThread.msleep(ATTEMPT_WAIT_MS)  # it may be starting up: its server is not there yet
        return False
