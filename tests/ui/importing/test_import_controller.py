"""Importing from the window: in the background with a report, cancelling, drops, folders with
their progress, and watched folders."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
)
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.importing.controller import ImportWorker, report_text
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory

Seed = Callable[..., Path]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_dropping_files_imports_them(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window(empty_library)
    path = tmp_path / "dropped.md"
    path.write_text("# Dropped\n\nA dropped article.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    panes = window.centralWidget()  # files are dropped on the panes
    buttons, modifiers = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(panes, enter)  # as a real drag: it enters first, then drops
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    with qtbot.waitSignal(window.importer.done, timeout=10_000):
        QApplication.sendEvent(panes, event)
    assert event.isAccepted()
    assert window.list_model.rowCount() == 1
    assert window.importer.last_message is not None
    assert "Imported 1 article" in window.importer.last_message.text()
    window.importer.last_message.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_watched_folder_imports_new_files(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    window = make_window(empty_library)
    folder = tmp_path / "watched"
    folder.mkdir()
    chooser = lambda *_args: str(folder)  # noqa: E731  # the folder chooser, answered
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", chooser)
    dialog = window.importer.show_watched_folders()
    dialog.add_folder()
    assert window.settings.watched_folders() == [str(folder)]
    (folder / "new.txt").write_text("Watched headline\n\nA new article in a watched folder.")
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1, timeout=10_000)
    assert window.importer.last_message is None  # quiet: no report box when all went well
    dialog.list.setCurrentRow(0)
    dialog.remove_selected()
    assert window.settings.watched_folders() == []
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_folder_import_counts_its_files_first_and_reports_progress_sparingly(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The progress dialog's bar runs to the number of files in the folders (not to the
    number of folders chosen), and the import thread does not flood the window with a
    signal per file."""
    folder = tmp_path / "news"
    for i in range(300):
        (folder / f"{i // 100}").mkdir(parents=True, exist_ok=True)
        (folder / f"{i // 100}" / f"{i:03d}.txt").write_text(f"Story {i}\n\nText of story {i}.")
    (folder / "notes.pdf").write_bytes(b"%PDF")  # listed, and skipped
    monkeypatch.setattr(ImportWorker, "PROGRESS_SECONDS", 0.02)
    window = make_window(empty_library)
    assert window.importer.start([folder])
    dialog = window.findChild(QProgressDialog)
    assert isinstance(dialog, QProgressDialog)
    assert dialog.maximum() == 0  # busy until the files are counted
    bar = dialog.findChild(QProgressBar)
    assert bar is not None
    progressed: list[int] = []  # each progress report the window received moves the bar
    maxima: set[int] = set()  # (read as it moves: the dialog is gone once the import ends)
    bar.valueChanged.connect(progressed.append)
    bar.valueChanged.connect(lambda _value: maxima.add(bar.maximum()))
    with qtbot.waitSignal(window.importer.done, timeout=20_000) as finished:
        pass
    assert maxima - {0} == {301}
    assert len(progressed) < 301 / 2
    assert progressed == sorted(progressed)
    assert len(finished.args[0].added_ids) == 300
    assert window.importer.last_message is not None
    window.importer.last_message.close()


# The report is a QMessageBox, which fixes its own size once shown: the offscreen platform
# (only) warns that it cannot pass size hints on to a window manager.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_import_runs_in_the_background_and_reports(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, seed: Seed
) -> None:
    good = seed(tmp_path / "news.txt", 3)
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 binary")
    with qtbot.waitSignal(window.importer.done, timeout=10_000) as finished:
        assert window.importer.start([good, bad])
        assert window.importer.busy()
    report = finished.args[0]
    assert len(report.added_ids) == 3 and len(report.failed) == 1
    assert window.list_model.rowCount() == 7
    assert "7 articles" in window.status_text()
    box = window.importer.last_message
    assert isinstance(box, QMessageBox)
    assert "Imported 3 articles" in box.text() and "photo.txt" in box.text()
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()
    assert not window.importer.busy()


def test_cancelling_an_import_keeps_what_was_done(
    library: Library, tmp_path: Path, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [seed(tmp_path / f"part{n}.txt", 2, start=10 * n) for n in range(6)]
    monkeypatch.setattr(ImportWorker, "PROGRESS_SECONDS", 0.0)  # every file's progress
    worker = ImportWorker(library, files)
    reports: list = []
    worker.progressed.connect(
        lambda done, _path: done == 2 and worker.cancel(), Qt.ConnectionType.DirectConnection
    )
    worker.finished.connect(reports.append, Qt.ConnectionType.DirectConnection)
    thread = threading.Thread(target=worker.run)
    thread.start()
    thread.join(10)
    (report,) = reports
    assert report.cancelled
    assert len(report.added_ids) == 6  # the three files before the cancel
    assert library.counts().all == 10
    text, details = report_text(report)
    assert "Cancelled" in text and details == ""
