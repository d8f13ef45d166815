"""File > Export Annotations… and File > Import Annotations… in the window.

The dialogs only choose a file; the work is `Library.export_annotations` (written atomically,
as by `reader export -o`) and `Library.import_annotations` (all of a file or nothing).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.library import Library, LibraryError, write_atomically
from reader.ui.style.plain_text import tell

FILTERS = {
    "Markdown for Obsidian (*.md)": ("markdown", ".md"),
    "W3C Web Annotation JSON-LD (*.jsonld *.json)": ("webannotation", ".jsonld"),
    "CSV, one row per annotation (*.csv)": ("csv", ".csv"),
}


def export_to(library: Library, path: Path, fmt: str) -> str:
    """Write every annotation to `path` in `fmt`; returns a message for the status bar."""
    write_atomically(path, library.export_annotations(fmt))
    count = library.annotation_counts().notes
    return f"Exported {count} annotation{'s' * (count != 1)} to {path}"


def choose_export(parent: QWidget, library: Library, folder: str) -> str | None:
    """Ask for a file and a format, then export; returns the status message (None if
    cancelled). Failures are shown in a message box."""
    name, chosen = QFileDialog.getSaveFileName(
        parent, "Export Annotations", str(Path(folder) / "annotations.md"), ";;".join(FILTERS)
    )
    if not name:
        return None
    fmt, suffix = FILTERS.get(chosen, ("markdown", ".md"))
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(suffix)
    try:
        return export_to(library, path, fmt)
    except LibraryError as exc:
        tell(parent, QMessageBox.Icon.Warning, "Export Annotations", str(exc))
        return None


def choose_import(parent: QWidget, library: Library, folder: str) -> str | None:
    """Ask for a Web Annotation file and import it; the outcome is shown in a message box."""
    name, _chosen = QFileDialog.getOpenFileName(
        parent, "Import Annotations", folder, "Web Annotation JSON (*.json *.jsonld);;All (*)"
    )
    if not name:
        return None
    try:
        result = library.import_annotations(Path(name))
    except LibraryError as exc:
        tell(parent, QMessageBox.Icon.Warning, "Import Annotations", str(exc))
        return None
    tell(parent, QMessageBox.Icon.Information, "Import Annotations", result.summary())
    return result.summary()
