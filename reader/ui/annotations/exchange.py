"""File > Export Annotations… and File > Import Annotations… in the window.

The dialogs only choose a file; the work is `Library.export_annotations` (written atomically,
as by `reader export -o`) and `Library.import_annotations` (all of a file or nothing). An
import places each quote in its article's text, which can take a second or more for a large
hostile file, so it runs on a worker thread while a progress dialog keeps the window
painted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from reader.library import Library, LibraryError, write_atomically
from reader.ui.style.plain_text import tell
from reader.ui.window.files import export_folder, save_file_name

T = TypeVar("T")
FILTERS = {
    "Markdown for Obsidian (*.md)": ("markdown", ".md"),
    "W3C Web Annotation JSON-LD (*.jsonld *.json)": ("webannotation", ".jsonld"),
    "CSV, one row per annotation (*.csv)": ("csv", ".csv"),
}


def export_to(library: Library, path: Path, fmt: str, ids: list[int] | None = None) -> str:
    """Write every annotation (or those of `ids`, in that order: a view's) to `path` in
    `fmt`; returns a message for the status bar."""
    if ids is None:
        write_atomically(path, library.export_annotations(fmt))
        count = library.annotation_counts().notes
    else:
        write_atomically(path, library.export_annotation_list(fmt, ids))
        count = len(ids)
    return f"Exported {count} annotation{'s' * (count != 1)} to {path}"


def choose_export(
    parent: QWidget, library: Library, folder: str, remember: Callable[[str], object],
    ids: list[int] | None = None,
) -> str | None:  # fmt: skip
    """Ask for a file and a format (in the last export's folder, else Documents), then
    export (everything, or the annotations `ids`: what a view shows) and `remember` the
    folder; returns the status message (None if cancelled). Failures are shown in a
    message box."""
    stem, title = ("annotations", "Export Annotations") if ids is None else (
        "highlights", "Export Highlights Shown")  # fmt: skip
    suggested = export_folder(folder) / f"{stem}.md"
    name, chosen = save_file_name(parent, title, suggested, list(FILTERS))
    if not name:
        return None
    fmt, suffix = FILTERS.get(chosen, ("markdown", ".md"))
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(suffix)
    try:
        message = export_to(library, path, fmt, ids)
    except LibraryError as exc:
        tell(parent, QMessageBox.Icon.Warning, "Export Annotations", str(exc))
        return None
    remember(str(path.parent))
    return message


def off_the_gui_thread(
    parent: QWidget, label: str, work: Callable[[], T], release: Callable[[], object]
) -> T:
    """Run `work()` on a worker thread (then `release()` there: the library's connection of
    that thread), keeping the window painted behind a busy dialog; its result, or its error
    raised here."""
    dialog = QProgressDialog("", "", 0, 0, parent)
    text = QLabel(label, dialog)
    text.setTextFormat(Qt.TextFormat.PlainText)  # a file name: never markup
    dialog.setLabel(text)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the GUI thread, raised there
            outcome["error"] = error
        finally:
            release()

    worker = threading.Thread(target=run, name="annotation-import", daemon=True)
    worker.start()
    while worker.is_alive():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        worker.join(0.02)
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def choose_import(parent: QWidget, library: Library, folder: str) -> str | None:
    """Ask for a Web Annotation file and import it; the outcome is shown in a message box."""
    name, _chosen = QFileDialog.getOpenFileName(
        parent, "Import Annotations", folder, "Web Annotation JSON (*.json *.jsonld);;All (*)"
    )
    if not name:
        return None
    try:
        result = off_the_gui_thread(
            parent, f"Importing annotations from {Path(name).name}…",
            lambda: library.import_annotations(Path(name)), library.release_thread,
        )  # fmt: skip
    except LibraryError as exc:
        tell(parent, QMessageBox.Icon.Warning, "Import Annotations", str(exc))
        return None
    tell(parent, QMessageBox.Icon.Information, "Import Annotations", result.summary())
    return result.summary()
