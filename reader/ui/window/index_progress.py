"""The progress dialog shown before the main window while an older library is indexed for
search (`Library.open(index_progress=...)`); it appears only if indexing takes a moment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog


class IndexProgressDialog:
    """A callable `(done, total)` that keeps a modal progress dialog up to date."""

    def __init__(self) -> None:
        self.dialog: QProgressDialog | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.dialog is None:
            self.dialog = QProgressDialog("Preparing search: indexing your articles…", "", 0, total)
            self.dialog.setWindowTitle("Reader")
            self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setMinimumDuration(300)
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))
        QApplication.processEvents()
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
