"""The window's background integrity check protects a damaged library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reader.library import Library, LibraryReadOnly
from reader.ui.commands.actions import ActionId
from reader.ui.window.integrity import IntegrityCheck, protect_damaged
from tests.conftest import damage_last_pages, write_paged_library
from tests.ui.conftest import WindowFactory


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_damage_found_in_the_background_makes_the_library_read_only(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    path = tmp_path / "damaged.db"
    write_paged_library(path, tmp_path)
    damage_last_pages(path)
    library = Library.open(path, full_check=False)
    try:
        window = make_window(library)
        check = IntegrityCheck(library.check_problems, window)
        boxes: list[QMessageBox] = []
        check.damaged.connect(
            lambda problems: boxes.append(
                protect_damaged(window, window.status, window.request_restore, library, problems)
            )
        )
        with qtbot.waitSignal(check.finished, timeout=10_000):
            check.start()
        qtbot.waitUntil(lambda: bool(boxes), timeout=5_000)
        assert library.protected is not None
        assert "read-only" in library.protected
        assert boxes[0].isVisible()
        assert "restore a backup" in boxes[0].text()
        assert window.statusBar().currentMessage() == "Library damaged: read-only"
        shown = window.current.id()
        assert shown is not None
        window.registry.action(ActionId.TOGGLE_BOOKMARK).trigger()  # B: one message, no write
        assert window.status.currentMessage().startswith("Nothing was saved: ")
        assert not library.rows([shown])[shown].bookmarked
        with pytest.raises(LibraryReadOnly):
            library.set_bookmarked([shown], True)
        boxes[0].close()
    finally:
        library.close()


def test_a_sound_library_passes_quietly(qtbot: QtBot, library: Library) -> None:
    check = IntegrityCheck(library.check_problems)
    damaged: list[str] = []
    check.damaged.connect(damaged.append)
    with qtbot.waitSignal(check.finished, timeout=10_000):
        check.start()
    assert damaged == []
    assert library.protected is None
