"""The import report names what was not read as it stands (issue #11): a file with an odd
name is imported and said to be, with its name escaped; plain text in the box, always."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.ui.window.mainwindow import MainWindow


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_file_with_an_odd_name_is_imported_and_named_in_the_report(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("A good headline\n\nIts first paragraph.\n")
    odd = os.path.join(os.fsencode(folder), b"odd \xff name.txt")
    with open(odd, "wb") as handle:
        handle.write(b"An odd name\n\nIts only paragraph, read all the same.\n")
    with qtbot.waitSignal(window.importer.done, timeout=20_000):
        assert window.importer.start([folder])
    box = window.importer.last_message
    assert box is not None
    assert box.textFormat() == Qt.TextFormat.PlainText
    text = box.text()
    assert text.startswith("Imported 2 articles from 2 files"), text
    assert "not all as they stand" in text, text
    assert "\\xff" in text or "\\udcff" in text, text  # the odd byte, shown escaped
    box.close()
