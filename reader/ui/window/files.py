"""Choosing files to write: where a save dialog opens, and a dialog wide enough to read.

Exports (annotations, a PDF, subscriptions) open in the folder the last export went to, or
the user's Documents folder the first time: never in the folder files were imported from.
Qt's own file dialog (used where the desktop offers no native one) opens small, with its
name column cut short; `fit_file_dialog` gives it a readable size and a name column that
takes the room.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget

DIALOG_SIZE = (880, 540)


def documents_folder() -> Path:
    """The user's Documents folder, else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def export_folder(last: str) -> Path:
    """Where an export dialog opens: the last export's folder if it still exists, else
    Documents."""
    return Path(last) if last and Path(last).is_dir() else documents_folder()


def fit_file_dialog(dialog: QFileDialog) -> QFileDialog:
    """A readable size, and (in Qt's own dialog) a name column that takes the room."""
    width, height = DIALOG_SIZE
    parent = dialog.parentWidget()
    if parent is not None:
        width = min(width, max(560, parent.window().width() - 40))
        height = min(height, max(380, parent.window().height() - 40))
    dialog.resize(width, height)
    for tree in dialog.findChildren(QTreeView):
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return dialog


def save_file_name(
    parent: QWidget, title: str, suggested: Path, filters: list[str]
) -> tuple[str, str]:
    """Ask where to save (proposing `suggested`); the chosen path and filter, or ("", "")."""
    dialog = QFileDialog(parent, title, str(suggested.parent))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilters(filters)
    dialog.selectFile(str(suggested))
    fit_file_dialog(dialog)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()
