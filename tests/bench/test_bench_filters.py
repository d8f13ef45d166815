"""A time-range filter against a topic switch, first rows painted, on the large benchmark
library (READER_BENCH_ARTICLES, default 100,000) with its articles' dates spread over the
last year (target: filter <= 1.5x topic switch).

In one window, turn and turn about: typing a filter-only search (`added:A..B`, a fortnight,
and `added:7d`) until the results' first rows are painted, and choosing a topic in the
sidebar until the list's first rows are painted. Prints both medians and their ratio.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.library.store.models import database
from reader.ui.window.mainwindow import MainWindow

RUNS = 25
TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture(scope="module")
def big_library(
    big_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("filters") / "library.db"
    with Library.open(path, import_corpus=False) as library:
        library.import_paths([big_corpus])
        with database.atomic():  # spread over a year: a day for every id modulo 365
            database.execute_sql(
                "UPDATE article SET added = datetime(added, '-' || (id % 365) || ' days')"
            )
            database.execute_sql(
                "UPDATE article_topic SET added = "
                "(SELECT a.added FROM article a WHERE a.id = article_topic.article_id)"
            )
        database.execute_sql("ANALYZE")
        counts = library.counts().topics
    biggest = sorted(counts, key=lambda code: counts[code], reverse=True)
    return path, biggest[:2]


@pytest.fixture
def window(
    big_library: tuple[Path, list[str]], qtbot: QtBot, tmp_path: Path
) -> Iterator[MainWindow]:
    library = Library.open(big_library[0], import_corpus=False, full_check=False)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, schedule=False)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.search.field.clear()
    window.close()
    library.close()


def _filter(window: MainWindow, qtbot: QtBot, text: str) -> float:
    """Milliseconds from a search being asked for to its first rows painted. The wait is in
    Qt's event loop, as the window's is: a Python loop spinning `processEvents` would take
    the interpreter's lock from the search's worker thread."""
    window.search.field.clear()
    QApplication.processEvents()
    started = time.perf_counter()
    with qtbot.waitSignal(window.search.model.modelReset, timeout=30_000):
        window.search.set_query(text)
    window.search.results.viewport().repaint()
    elapsed = (time.perf_counter() - started) * 1000
    assert window.search.model.rowCount() > 0
    return elapsed


def _topic(window: MainWindow, code: str) -> float:
    """Milliseconds from choosing a topic to the list's first rows painted."""
    window.search.field.clear()
    QApplication.processEvents()
    started = time.perf_counter()
    window.views.select_view(View("topic", code))
    window.article_list.viewport().repaint()
    elapsed = (time.perf_counter() - started) * 1000
    assert window.list_model.rowCount() > 0
    return elapsed


def _turn_about(
    window: MainWindow, qtbot: QtBot, text: str, topics: list[str]
) -> tuple[list[float], ...]:
    filtered, switched = [], []
    for run in range(RUNS):
        filtered.append(_filter(window, qtbot, text))
        switched.append(_topic(window, topics[run % len(topics)]))
    return filtered, switched


def test_a_time_range_filter_against_a_topic_switch(
    big_library: tuple[Path, list[str]], window: MainWindow, qtbot: QtBot
) -> None:
    _, topics = big_library
    start, end = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=46)
    queries = [f"added:{start.isoformat()}..{end.isoformat()}", "added:7d", "read:7d added:1y"]
    window.library.set_read(
        [r.id for r in window.library.search("added:3d", 200)], True
    )  # something for read: to find
    _turn_about(window, qtbot, queries[0], topics)  # warm: both in the page cache
    lines = [f"\n{window.library.counts().all:,} articles, dates over the last year"]
    for text in queries:
        filtered, switched = _turn_about(window, qtbot, text, topics)
        f, t = statistics.median(filtered), statistics.median(switched)
        lines.append(
            f"{text!r} ({window.library.search_count(text):,} match): first rows {f:.1f} ms; "
            f"topic switch {t:.1f} ms (medians of {RUNS}, turn about); "
            f"ratio {f / t:.2f} (target <= 1.5)"
        )
        assert f / t < 5
    print("\n".join(lines))
