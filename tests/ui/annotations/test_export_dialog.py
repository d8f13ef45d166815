"""File › Export Annotations… opens in the last export's folder (Documents the first time),
never in the folder files were imported from, remembers where it wrote, and is wide enough
to read its file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView

from reader.ui.commands.actions import ActionId
from reader.ui.window import files
from reader.ui.window.mainwindow import MainWindow


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Each file dialog opened: its folder, proposed name and size; it accepts what it
    proposes when `accept` is set in the last entry's place."""
    seen: list[dict[str, object]] = []

    def run(dialog: QFileDialog) -> int:
        trees = dialog.findChildren(QTreeView)
        seen.append({
            "folder": Path(dialog.directory().absolutePath()),
            "file": Path(dialog.selectedFiles()[0]) if dialog.selectedFiles() else None,
            "width": dialog.width(),
            "stretch": [t.header().sectionResizeMode(0) for t in trees],
        })  # fmt: skip
        return int(QFileDialog.DialogCode.Accepted if accept else QFileDialog.DialogCode.Rejected)

    accept = False
    monkeypatch.setattr(QFileDialog, "exec", run)

    def set_accept(value: bool) -> None:
        nonlocal accept
        accept = value

    seen.append({"accept": set_accept})
    return seen


def test_the_first_export_opens_in_documents_not_the_import_folder(
    window: MainWindow, dialogs: list[dict[str, object]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(files, "documents_folder", lambda: documents)
    window.settings.set_import_folder(str(tmp_path / "imports"))
    (tmp_path / "imports").mkdir()
    window.registry.action(ActionId.EXPORT_ANNOTATIONS).trigger()
    opened = dialogs[-1]
    assert opened["folder"] == documents
    assert opened["file"] == documents / "annotations.md"
    assert isinstance(opened["width"], int) and opened["width"] >= 560
    assert opened["stretch"] and all(m == QHeaderView.ResizeMode.Stretch for m in opened["stretch"])  # type: ignore[union-attr]


def test_an_export_remembers_its_folder(
    window: MainWindow, dialogs: list[dict[str, object]], tmp_path: Path
) -> None:
    chosen = tmp_path / "exports"
    chosen.mkdir()
    window.settings.set_export_folder(str(chosen))
    dialogs[0]["accept"](True)  # type: ignore[operator]
    window.registry.action(ActionId.EXPORT_ANNOTATIONS).trigger()
    assert dialogs[-1]["folder"] == chosen
    assert (chosen / "annotations.md").is_file()
    assert window.settings.export_folder() == str(chosen)
    assert "Exported" in window.status.currentMessage()
