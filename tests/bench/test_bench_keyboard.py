"""Keyboard latency on the large benchmark library (READER_BENCH_ARTICLES, default 100,000):

- a key press (J) to the next article painted in the reading pane (target <= 30 ms);
- the command palette opening, painted (target <= 50 ms);
- the palette filtering per keystroke over every action, repainted (target <= 16 ms).

Each figure is printed with its ratio to the target, measured in this run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.window.mainwindow import MainWindow


@pytest.fixture(scope="module")
def big_library(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    path = tmp_path_factory.mktemp("keys") / "library.db"
    library = Library.open(path, import_corpus=False)
    started = time.perf_counter()
    report = library.import_paths([big_corpus])
    print(f"\nimported {len(report.added_ids):,} articles in {time.perf_counter() - started:.1f} s")
    yield library
    library.close()


@pytest.fixture
def big_window(big_library: Library, qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(big_library, settings)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.article_list.setFocus()
    yield window
    window.close()


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(what: str, times: list[float], target: float) -> None:
    median = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    print(
        f"\n{what}: median {median:.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms over "
        f"{len(times)}; target {target:.0f} ms; ratio median/target {median / target:.2f}, "
        f"p95/target {p95 / target:.2f}"
    )


def test_key_press_to_next_article_painted(big_window: MainWindow, qtbot: QtBot) -> None:
    window = big_window

    def press_j() -> None:
        qtbot.keyClick(window.article_list, Qt.Key.Key_J)
        window.pane.viewport().repaint()  # synchronous: the new article is on screen
        window.article_list.viewport().repaint()

    before = window.article_list.current_id()
    times = timed(press_j, 400)  # crosses a page boundary of the lazy list (200 rows)
    assert window.pane.article_id() == window.article_list.current_id() != before
    report(f"J to the next article painted ({window.library.counts().all:,} articles)", times, 30)


def test_palette_opens_and_filters(big_window: MainWindow) -> None:
    window = big_window
    opened: list[float] = []
    filtered: list[float] = []
    for query in ("bookmark", "next unread", "zoom in", "go topic", "caret"):
        started = time.perf_counter()
        picker = window.commands.open_palette()
        picker.repaint()
        opened.append((time.perf_counter() - started) * 1000)
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            picker.field.setText(query[:end])
            picker.list.viewport().repaint()
            filtered.append((time.perf_counter() - started) * 1000)
        assert picker.model.rowCount() >= 1
        picker.close()
    report("palette open, painted", opened, 50)
    report("palette filter per keystroke, repainted", filtered, 16)
