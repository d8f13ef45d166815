"""A long job's place in the status bar: "Refreshing feeds: 3 of 12" and a Stop button.

Used by every job that runs off the GUI thread and can be stopped (refreshing feeds,
re-classifying articles); each says what it does and what stopping keeps."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class JobProgress(QWidget):
    """`doing` ("Refreshing feeds") and how far it is, with a Stop button whose tooltip says
    what stopping keeps; hidden until the first progress."""

    def __init__(
        self,
        stop: Callable[[], object],
        *,
        name: str,
        doing: str,
        stop_tip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._doing = doing
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QToolButton(self)
        self.button.setText("Stop")
        self.button.setToolTip(stop_tip)
        self.button.setAccessibleName(f"Stop {doing[0].lower()}{doing[1:]}")
        self.button.clicked.connect(stop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.hide()

    @Slot(int, int, str)
    def show_progress(self, done: int, total: int, _line: str = "") -> None:
        self.label.setText(f"{self._doing}: {done:,} of {total:,}")
        self.show()
