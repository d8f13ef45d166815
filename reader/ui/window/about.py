"""Help › About Reader: the version, the library's path, and what it runs on."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from reader import APP_NAME, __version__


def about_text(library_path: Path) -> str:
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>A keyboard-first reader for a library of news articles.</p>"
        f"<p><b>Library:</b> {_escape(str(library_path))}</p>"
        f"<p><small>Qt {qVersion()} · Python {platform.python_version()}</small></p>"
    )


def show_about(parent: QWidget, library_path: Path) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(library_path))
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.exec()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
