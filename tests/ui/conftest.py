"""Fixtures for the Qt layer: the real MainWindow over a fresh library, settings in an ini
file in tmp_path, opened links recorded instead of launched, and generated seed files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.window.mainwindow import MainWindow

WindowFactory = Callable[..., MainWindow]


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

    def make(library: Library, size: tuple[int, int] | None = (1280, 800)) -> MainWindow:
        """`size=None` keeps the size the window restored from the settings."""
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, open_url=opened_urls.append)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
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
