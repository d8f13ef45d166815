"""File › Backups… (issue #11): make a backup now, and bring one back from the window; the
library as it was before the restore is kept as a backup too."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library, View, list_backups
from reader.ui.commands.actions import ActionId
from reader.ui.window.backups import BackupsDialog
from reader.ui.window.mainwindow import MainWindow


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_back_up_now_lists_the_new_backup(window: MainWindow, qtbot: QtBot) -> None:
    window.registry.action(ActionId.BACKUPS).trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, BackupsDialog))
    before = dialog.tree.topLevelItemCount()
    info = dialog.back_up_now()
    assert info is not None and info.articles == 4
    assert dialog.tree.topLevelItemCount() == before + 1
    assert "Backed up 4 articles" in dialog.message.text()
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_a_backup_is_brought_back_from_the_window(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui import app as start
    from reader.ui.window import backups

    path = tmp_path / "library.db"
    with Library.open(path) as library:
        first = library.page(View("all"), limit=1)[0].id
        library.set_bookmarked([first], True)
    monkeypatch.setattr(backups, "ask", lambda *args: True)  # "Restore Backup?" Yes
    steps: list[str] = []
    started = time.monotonic()

    def drive() -> None:
        window = next(
            (w for w in QApplication.topLevelWidgets()
             if isinstance(w, MainWindow) and w.isVisible()), None,
        )  # fmt: skip
        if window is None and time.monotonic() - started < 20:
            QTimer.singleShot(50, drive)
            return
        assert window is not None
        if not steps:  # the first window: back up, change something, restore the backup
            dialog = window.backups.show_backups()
            assert dialog.back_up_now() is not None
            window.library.set_bookmarked([first], False)
            steps.append("backed up and changed")
            dialog.restore_selected()  # closes the window; start-up restores and reopens
            QTimer.singleShot(50, drive)
        elif len(steps) == 1:  # the second window, on the restored library
            steps.append(window.status.currentMessage())
            steps.append(str(window.library.rows([first])[first].bookmarked))
            window.close()

    QTimer.singleShot(50, drive)
    assert start.run_app(path, ["reader"]) == 0
    assert steps[0] == "backed up and changed"
    assert steps[1].startswith("Restored the backup of "), steps
    assert "kept in" in steps[1]
    assert steps[2] == "True"  # the bookmark the backup had is back
    kinds = {b.kind for b in list_backups(path)}
    assert {"manual", "before-restore"} <= kinds
