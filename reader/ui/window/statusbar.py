"""The status bar: the library's counts, the view's count, caret mode, passing messages.

Every text here can come from a file, a feed or a note (an article's title, a file name), so
every label is plain text, never left to Qt's guess at rich text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from reader.library import Counts

MESSAGE_MS = 5000


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def count_summary(counts: Counts) -> str:
    """ "4 articles · 3 unread · 1 bookmarked"."""
    return (
        f"{plural(counts.all, 'article')} · {counts.unread:,} unread · "
        f"{counts.bookmarked:,} bookmarked"
    )


def view_summary(title: str, count: int, noun: str = "article") -> str:
    """ "Unread: 3 articles" ("Notes: 5 annotations")."""
    return f"{title}: {plural(count, noun)}"


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class StatusBar(QStatusBar):
    """The window's status bar; `say` is the "way to report status" controllers are given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts_label = _label(self, "countsLabel")
        self.mode_label = _label(self, "modeLabel")
        self.view_label = _label(self, "viewLabel")
        self.addWidget(self.counts_label, 1)
        self.addPermanentWidget(self.mode_label)
        self.addPermanentWidget(self.view_label)
        self.mode_label.hide()
        self.setSizeGripEnabled(True)

    def say(self, message: str, timeout: int = MESSAGE_MS) -> None:
        """A passing message; an empty one clears the message shown (a command that
        succeeded takes back what its last failure said)."""
        if message:
            self.showMessage(message, timeout)
        else:
            self.clearMessage()

    def show_counts(self, counts: Counts) -> None:
        self.counts_label.setText(count_summary(counts))

    def show_view(self, text: str) -> None:
        self.view_label.setText(text)

    def show_mode(self, mode: str) -> None:
        """A lasting mode ("Caret mode"), or "" when none is on."""
        self.mode_label.setText(mode)
        self.mode_label.setVisible(bool(mode))

    def text(self) -> str:
        """What the bar shows, for tests and screen readers."""
        parts = [self.counts_label.text(), self.view_label.text()]
        if self.mode_label.text():
            parts.insert(1, self.mode_label.text())
        return " | ".join(parts)
