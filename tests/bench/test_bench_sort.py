"""Opening the article list sorted by title against sorted by date, on the large benchmark
library (READER_BENCH_ARTICLES, default 100,000): each order has its own index, so the
first rows should come as quickly either way (target: title <= 1.5x date).

Prints, measured turn and turn about in one run: the process start to the first painted
window with the order kept in the settings (title, then date added), and, in one window,
choosing each order until the list's first rows are painted, for All Articles and for the
largest topic.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from reader.library import Library, Sort, View
from reader.ui.window.mainwindow import MainWindow

REPO = Path(__file__).resolve().parents[2]
STARTS = 5  # process starts per order
SWITCHES = 25  # choices of each order in one window
TITLE, DATE = Sort("title"), Sort("added")


@pytest.fixture(scope="module")
def big_library(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("sort") / "library.db"
    with Library.open(path, import_corpus=False) as library:
        library.import_paths([big_corpus])
        counts = library.counts().topics
    return path, max(counts, key=lambda code: counts[code])


def _start(library: Path, settings: Path, sort: Sort) -> float:
    """Seconds from spawning the app (the order kept in its settings) to its first paint."""
    settings.write_text(f"[list]\nsort={sort.value}\n", encoding="utf-8")
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.app_probe", str(library), str(settings), repr(spawned)],
        capture_output=True, text=True, cwd=REPO, timeout=300, check=True,
    ).stdout  # fmt: skip
    return float(json.loads(out.strip().splitlines()[-1])["first_paint_s"])


@pytest.fixture
def window(big_library: tuple[Path, str], qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    library = Library.open(big_library[0], import_corpus=False, full_check=False)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, schedule=False)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    library.close()


def _choose(window: MainWindow, sort: Sort) -> float:
    """Milliseconds from choosing an order to the list's first rows painted."""
    started = time.perf_counter()
    window.list_model.set_order(sort)
    window.article_list.viewport().repaint()  # synchronous: the rows are on screen
    return (time.perf_counter() - started) * 1000


def _turn_about(window: MainWindow, runs: int) -> tuple[list[float], list[float]]:
    title, date = [], []
    for _ in range(runs):
        title.append(_choose(window, TITLE))
        date.append(_choose(window, DATE))
    assert window.list_model.rowCount() > 0
    return title, date


def _line(what: str, title: list[float], date: list[float], unit: str = "ms") -> str:
    t, d = statistics.median(title), statistics.median(date)
    return (
        f"\n{what}: by title {t:.1f} {unit}, by date {d:.1f} {unit} (medians of {len(title)}, "
        f"turn about); ratio {t / d:.2f} (target <= 1.5)"
    )


def test_opening_the_list_by_title_against_by_date(
    big_library: tuple[Path, str], window: MainWindow, tmp_path: Path
) -> None:
    path, topic = big_library
    articles = window.library.counts().all
    _turn_about(window, 3)  # warm: both indexes in the page cache
    all_title, all_date = _turn_about(window, SWITCHES)
    window.views.select_view(View("topic", topic))
    topic_size = window.library.counts().of(View("topic", topic))
    topic_title, topic_date = _turn_about(window, SWITCHES)
    settings = tmp_path / "start.ini"
    starts: dict[str, list[float]] = {"title": [], "added": []}
    for _ in range(STARTS):
        for sort in (TITLE, DATE):
            starts[sort.key].append(_start(path, settings, sort) * 1000)
    print(
        _line(f"start to first paint, {articles:,} articles", starts["title"], starts["added"])
        + _line("choosing the order to first rows painted, All Articles", all_title, all_date)
        + _line(f"the same in the largest topic ({topic_size:,} articles)", topic_title, topic_date)
    )
