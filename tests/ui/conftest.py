"""Fixtures for the Qt layer: the real MainWindow over a fresh library, settings in an ini
file in tmp_path, opened links recorded instead of launched, and generated seed files; and
the helpers the room folders share to drive the window by keyboard (`win`, `press`, `ids`).
The fixtures apply to every folder below this one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.panes.article_list import IdRole
from reader.ui.window.mainwindow import MainWindow

WindowFactory = Callable[..., MainWindow]
NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
K = Qt.Key


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def opened_urls() -> list[QUrl]:
    """Links the window handed to the desktop (nothing is really launched)."""
    return []


@pytest.fixture
def make_window(
    qtbot: QtBot, settings_path: Path, opened_urls: list[QUrl]
) -> Iterator[WindowFactory]:
    """Build MainWindows on a library with the test's settings file; closed at the end."""
    windows: list[MainWindow] = []

    def make(
        library: Library, size: tuple[int, int] | None = (1280, 800), *, pick: bool = True
    ) -> MainWindow:
        """`size=None` keeps the size the window restored from the settings. A window that
        opens no article (the first launch on a library opens none) gets the newest one
        picked, as a reader would with J, unless `pick` is False."""
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, open_url=opened_urls.append)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if pick and window.current.id() is None:
            window.article_list.step(1)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()
        window.deleteLater()


@pytest.fixture
def window(library: Library, make_window: WindowFactory) -> MainWindow:
    """The real main window on a new library holding the bundled corpus (4 articles)."""
    return make_window(library)


@pytest.fixture
def seed() -> Callable[..., Path]:
    """`seed(path, count, start=0)` writes a seed-format file of generated articles."""
    return write_seed


def write_seed(path: Path, count: int, start: int = 0) -> Path:
    """A seed-format file of `count` distinct articles (blank line between articles)."""
    blocks = []
    for number in range(start, start + count):
        blocks.append(
            f"OSLO – Report number {number} finds that the council voted on budget item "
            f"{number} after a long debate about schools, roads and the harbour.\n"
            f"Officials said the decision on item {number} would be reviewed next spring, "
            "and residents were invited to comment at public meetings."
        )
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def ids(window: MainWindow) -> list[int]:
    """The ids of the article list's rows, in order."""
    model = window.list_model
    return [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    """A key press where the keyboard focus is, as a user's would arrive."""
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def activate(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """Make `window` the active window with the focus in its list (keys go there)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.article_list.setFocus()
    return window


@pytest.fixture
def win(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window, active, with the focus in its list."""
    return activate(qtbot, window)
