"""Links in the reading pane and the notes: web and mail links open in the desktop's
handler, every other scheme is refused with a message, and the pane never navigates.
A `mailto:` link keeps only its address, never parameters that ask a mail client to
attach a file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl

from reader.ui.window.statusbar import StatusBar

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


class LinkOpener:
    """Opens links through `open_url` (the desktop's handler, or a recorder in tests)."""

    def __init__(self, open_url: Callable[[QUrl], object], status: StatusBar) -> None:
        self._open_url = open_url
        self._status = status

    def open(self, url: QUrl) -> bool:
        """Open a web or mail link; say why any other link was not opened."""
        scheme = url.scheme().lower()
        if scheme not in SAFE_SCHEMES or not url.isValid():
            self._status.say(f"Not opened: {scheme or 'relative'} link", 4000)
            return False
        if scheme == "mailto":  # the address alone: no ?attach=, ?attachment= or anything else
            url = QUrl(f"mailto:{url.path()}")
        self._open_url(url)
        return True

    def hover(self, url: QUrl) -> None:
        if url.isEmpty():
            self._status.clearMessage()
        else:
            self._status.showMessage(url.toDisplayString())
