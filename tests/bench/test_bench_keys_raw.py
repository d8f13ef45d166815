"""Keys and view switches of the real window against raw baselines, on the large benchmark
library (READER_BENCH_ARTICLES, default 100,000), timed turn and turn about in one run.

- `J`, `K`, `n` and Space to the next article painted. Ours: the key press, then one pass of
  the event loop, which paints what changed (the reading pane and the list rows whose state
  moved, as on screen) and writes the read mark (a zero timer after the paint). Raw: the same
  article's row fetched with `sqlite3`, the same HTML `setHtml` into a bare `QTextBrowser` of
  the pane's size, style sheet, font and margins, painted, and the same read mark written
  and committed (into a `reading_state` table of its own file: a commit to the library by a
  second connection would make the window count the library again at its next key).
  Space scrolls a page when the article goes on, so each Space is replayed raw as what it
  did: a page scroll of the bare browser, or a move like `J`.
- Choosing a topic or view until its first rows are painted. Ours: the sidebar's choice and
  the event loop until the list has painted. Raw: the keyset query of the first page
  (the view's own order and index, `LIMIT` more rows than fit) on `sqlite3`, its titles into a
  bare `QListView`, painted.

Targets (issue 15): each p95 <= 1.5x its raw baseline and <= 16 ms at 100,000 articles here.
"""

from __future__ import annotations

import contextlib
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStringListModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListView, QTextBrowser
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.window.mainwindow import MainWindow
from tests.bench.app_probe import PaintWatch

BLOCK = 10  # presses per turn
TURNS = 8  # turns per side and key
PAGE_ROWS = 40  # rows the raw list fetches: more than fit the list's height


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


@pytest.fixture(scope="module")
def library_path(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("raw-keys") / "library.db"
    with Library.open(path, import_corpus=False) as library:
        started = time.perf_counter()
        report = library.import_paths([big_corpus])
        took = time.perf_counter() - started
        print(f"\nimported {len(report.added_ids):,} articles in {took:.1f} s")
    return path


@pytest.fixture
def window(library_path: Path, qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    with opened_window(library_path, tmp_path, qtbot) as shown:
        yield shown


@contextlib.contextmanager
def opened_window(library_path: Path, folder: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    """The real window on the library, 1280x800, shown, the list focused."""
    library = Library.open(library_path, import_corpus=False, full_check=False)
    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.article_list.setFocus()
    QApplication.processEvents()
    try:
        yield window
    finally:
        window.close()
        library.close()


class Raw:
    """The least work that gives the same screen: sqlite3, a bare browser, a bare list."""

    def __init__(self, path: Path, window: MainWindow) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        # Read marks go to a table of their own file: a commit to the library by another
        # connection would make ours count the library again on its next key, a cost that
        # only this benchmark's second writer causes
        self._marks_folder = tempfile.TemporaryDirectory()
        self.marks = sqlite3.connect(
            Path(self._marks_folder.name) / "marks.db", isolation_level=None
        )
        self.marks.execute("PRAGMA journal_mode=WAL")
        self.marks.execute("PRAGMA synchronous=NORMAL")  # as the window writes read marks
        for (sql,) in self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'reading_state' AND sql IS NOT NULL "
            "AND type IN ('table', 'index')"
        ):
            self.marks.execute(sql)
        self.browser = QTextBrowser()
        self.browser.resize(window.pane.size())
        self.browser.document().setDefaultStyleSheet(window.pane.document().defaultStyleSheet())
        self.browser.document().setDefaultFont(window.pane.document().defaultFont())
        self.browser.setStyleSheet(window.pane.styleSheet())
        self.frame = window.pane.document().rootFrame().frameFormat()  # the same margins
        self.browser.show()
        self.list = QListView()
        self.list.setUniformItemSizes(True)
        self.list.resize(window.article_list.size())
        self.model = QStringListModel()
        self.list.setModel(self.model)
        self.list.show()
        window.activateWindow()  # the keys go to the window, as a reader's do
        window.article_list.setFocus()
        QApplication.processEvents()

    def show(self, article_id: int, html: str) -> None:
        row = self.conn.execute(
            "SELECT title, body, html FROM article WHERE id = ?", (article_id,)
        ).fetchone()
        assert row is not None
        self.browser.setHtml(html)
        self.browser.document().rootFrame().setFrameFormat(self.frame)
        self.browser.viewport().repaint()
        self.marks.execute(
            "INSERT INTO reading_state (article_id, read, read_at, scroll) "
            "VALUES (?, 1, datetime('now'), 0) ON CONFLICT (article_id) DO UPDATE SET read = 1, "
            "read_at = excluded.read_at",
            (article_id,),
        )

    def page_down(self) -> None:
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep())
        self.browser.viewport().repaint()

    def first_rows(self, sql: str, params: tuple[object, ...]) -> None:
        titles = [t for (t,) in self.conn.execute(sql, (*params, PAGE_ROWS))]
        self.model.setStringList(titles)
        self.list.viewport().repaint()

    def close(self) -> None:
        self.browser.close()
        self.list.close()
        self.conn.close()
        self.marks.close()
        self._marks_folder.cleanup()


def _press(window: MainWindow, key: Qt.Key, paints: PaintWatch) -> tuple[float, str, int | None]:
    """One key press of ours until painted; what it did ("move" or "scroll") and where."""
    before_id, before = window.pane.article_id(), paints.paints
    started = time.perf_counter()
    QTest.keyClick(window.article_list, key)
    QApplication.processEvents()
    elapsed = (time.perf_counter() - started) * 1000
    assert paints.paints > before, f"{key!r} painted nothing (article {before_id})"
    after_id = window.pane.article_id()
    return elapsed, ("move" if after_id != before_id else "scroll"), after_id


def test_keys_against_raw(window: MainWindow, library_path: Path) -> None:
    print("\n".join(keys_against_raw(window, library_path)))


def test_view_switch_against_raw(window: MainWindow, library_path: Path) -> None:
    print(switches_against_raw(window, library_path))


def keys_against_raw(window: MainWindow, library_path: Path) -> list[str]:
    """J, K, n and Space against their raw baselines, turn about: a line each."""
    raw = Raw(library_path, window)
    paints = PaintWatch()
    window.pane.viewport().installEventFilter(paints)
    window.article_list.viewport().installEventFilter(paints)
    size = window.library.counts().all
    lines = []
    try:
        QTest.keyClick(window.article_list, Qt.Key.Key_J)  # an article on screen; warm both sides
        QApplication.processEvents()
        for key, name in [
            (Qt.Key.Key_J, "J"), (Qt.Key.Key_K, "K"), (Qt.Key.Key_N, "n"),
            (Qt.Key.Key_Space, "Space"),
        ]:  # fmt: skip
            ours: list[float] = []
            theirs: list[float] = []
            for _ in range(TURNS):
                done = [_press(window, key, paints) for _ in range(BLOCK)]
                ours += [d[0] for d in done]
                htmls = {
                    i: a.html()
                    for i in {d[2] for d in done if d[2] is not None}
                    if (a := window.library.article(i)) is not None
                }
                for _, what, aid in done:
                    started = time.perf_counter()
                    if what == "scroll" or aid is None:
                        raw.page_down()
                    else:
                        raw.show(aid, htmls[aid])
                    theirs.append((time.perf_counter() - started) * 1000)
            lines.append(_line(name, ours, theirs))
    finally:
        raw.close()
    head = f"\nkeys on {size:,} articles, ours against raw, {TURNS} turns of {BLOCK} each:"
    return [head, *lines]


def switches_against_raw(window: MainWindow, library_path: Path) -> str:
    """Choosing the two largest topics and All Articles against the raw baseline."""
    raw = Raw(library_path, window)
    paints = PaintWatch()
    window.article_list.viewport().installEventFilter(paints)
    counts = window.library.counts()
    topics = sorted(counts.topics, key=lambda c: -counts.topics[c])[:2]
    views: list[tuple[View, str, tuple[object, ...]]] = [
        (
            View("topic", code),
            "SELECT a.title FROM article_topic l JOIN article a ON a.id = l.article_id "
            "WHERE l.topic_id = ? AND l.origin != 'removed' "
            "ORDER BY l.added DESC, l.article_id LIMIT ?",
            (code,),
        )
        for code in topics
    ] + [(View("all"), "SELECT title FROM article ORDER BY added DESC, id LIMIT ?", ())]
    sizes = ", ".join(f"{view.kind} {counts.of(view):,}" for view, _, _ in views)
    ours: list[float] = []
    theirs: list[float] = []
    try:
        for _ in range(TURNS):
            for view, _, _ in views:
                before = paints.paints
                started = time.perf_counter()
                window.sidebar.select_view(view)
                while paints.paints == before:
                    QApplication.processEvents()
                ours.append((time.perf_counter() - started) * 1000)
            for _, sql, params in views:
                started = time.perf_counter()
                raw.first_rows(sql, params)
                theirs.append((time.perf_counter() - started) * 1000)
    finally:
        raw.close()
    return f"\nview switches ({sizes}), ours against raw:\n" + _line("view switch", ours, theirs)


def _line(name: str, ours: list[float], theirs: list[float]) -> str:
    mine, base = _p95(ours), _p95(theirs)
    return (
        f"  {name}: p95 {mine:.1f} ms (median {statistics.median(ours):.1f}), raw p95 "
        f"{base:.1f} ms (median {statistics.median(theirs):.1f}); ratio {mine / base:.2f} "
        f"(target <= 1.5x and <= 16 ms)"
    )
