"""Feed refresh benchmarks, against 200 local feeds of 50 entries each served by
`python -m http.server` in another process on 127.0.0.1 (it answers If-Modified-Since with
304, as a real server does):

- the first refresh of all 200 feeds (10,000 new articles), against the least work that
  gives the same library: feedparser parsing the same bytes plus a raw `executemany` insert
  of the same rows and their search index (target: Reader's rate >= 0.5x the baseline's);
- the refresh again with nothing changed: 200 answers of 304 (target <= 2 s here);
- `J` to the next article painted while a refresh runs, against `J` without one, turn about
  (target: p95 during <= 1.2x p95 without), and the same for choosing a topic.

Run with `pytest -m bench tests/bench/test_bench_feeds.py -s`; each side runs twice, turn
about, and the range is printed.
"""

from __future__ import annotations

import email.utils
import io
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.window.mainwindow import MainWindow

FEEDS = 200
ENTRIES = 50
WORDS = [
    "council",
    "budget",
    "schools",
    "harbour",
    "election",
    "minister",
    "court",
    "match",
    "season",
    "film",
    "market",
    "shares",
    "bank",
    "rates",
    "museum",
    "festival",
    "storm",
    "rain",
    "hospital",
    "doctors",
]


def _entry_html(feed: int, n: int, round_: int) -> str:
    words = " ".join(WORDS[(feed + n + i) % len(WORDS)] for i in range(60))
    return f"<p>Report {round_}-{feed}-{n}: {words}.</p><p>Officials said {words}.</p>"


def _write_feeds(folder: Path, round_: int) -> None:
    stamp = email.utils.formatdate(usegmt=True)
    for feed in range(FEEDS):
        items = "".join(
            f"<item><title>Story {round_}-{feed}-{n} about the {WORDS[n % len(WORDS)]}</title>"
            f"<guid>r{round_}-f{feed}-e{n}</guid><link>https://example.org/{round_}/{feed}/{n}"
            f"</link><pubDate>{stamp}</pubDate><content:encoded><![CDATA["
            f"{_entry_html(feed, n, round_)}]]></content:encoded></item>"
            for n in range(ENTRIES)
        )
        (folder / f"feed{feed}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Feed {feed}</title><link>https://example.org/</link>{items}</channel></rss>",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("feeds")
    _write_feeds(folder, 0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield base, folder
    process.terminate()
    process.wait()


def _baseline(folder: Path, db: Path) -> float:
    """feedparser on the same bytes, then a raw insert of the same rows and their index."""
    started = time.perf_counter()
    rows = []
    for feed in range(FEEDS):
        parsed = feedparser.parse(io.BytesIO((folder / f"feed{feed}.xml").read_bytes()))
        for entry in parsed.entries:
            html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
            rows.append((entry.id, entry.title, html, entry.link))
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, key TEXT UNIQUE, title TEXT, body TEXT, link TEXT)"
    )
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, body, content='a', content_rowid='id')")
    with conn:
        conn.executemany("INSERT INTO a (key, title, body, link) VALUES (?,?,?,?)", rows)
        conn.execute("INSERT INTO f (rowid, title, body) SELECT id, title, body FROM a")
    conn.close()
    return time.perf_counter() - started


def _subscribed(path: Path, base: str) -> Library:
    library = Library.open(path, import_corpus=False, backups=False)
    opml = "".join(
        f'<outline text="Feed {n}" type="rss" xmlUrl="{base}/feed{n}.xml"/>' for n in range(FEEDS)
    )
    library.import_opml(f'<opml version="2.0"><body>{opml}</body></opml>'.encode())
    return library


def test_refresh_rate_and_unchanged_refresh(server: tuple[str, Path], tmp_path: Path) -> None:
    base, folder = server
    baselines, firsts, unchanged = [], [], []
    for round_ in range(2):
        baselines.append(_baseline(folder, tmp_path / f"raw{round_}.db"))
        library = _subscribed(tmp_path / f"lib{round_}.db", base)
        try:
            started = time.perf_counter()
            results = library.refresh_feeds(workers=4)
            firsts.append(time.perf_counter() - started)
            assert sum(len(r.added) for r in results) == FEEDS * ENTRIES
            assert not [r for r in results if r.error]
            started = time.perf_counter()
            again = library.refresh_feeds(workers=4)
            unchanged.append(time.perf_counter() - started)
            assert all(r.not_modified for r in again)
        finally:
            library.close()
    articles = FEEDS * ENTRIES
    for name, values in (
        ("baseline (feedparser + raw insert)", baselines),
        ("Reader first refresh", firsts),
        ("Reader unchanged (304)", unchanged),
    ):
        rates = ", ".join(f"{v:.2f} s ({articles / v:,.0f}/s)" for v in values)
        print(f"\n{name}: {rates}")
    ratios = [b / f for b, f in zip(baselines, firsts, strict=True)]
    print(
        f"\nfirst refresh rate / baseline rate: {min(ratios):.2f}-{max(ratios):.2f} "
        f"(target >= 0.5); unchanged refresh {min(unchanged):.2f}-{max(unchanged):.2f} s "
        "(target <= 2 s)"
    )


def _p95(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.95) - 1]


def test_j_during_a_refresh(server: tuple[str, Path], tmp_path: Path, qtbot: QtBot) -> None:
    base, folder = server
    library = _subscribed(tmp_path / "keys.db", base)
    library.refresh_feeds(workers=4)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, schedule=False)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.sidebar.select_view(View("all"))
    window.article_list.setFocus()

    def presses(count: int) -> list[float]:
        times = []
        for _ in range(count):
            started = time.perf_counter()
            qtbot.keyClick(window.article_list, Qt.Key.Key_J)
            window.pane.viewport().repaint()
            window.article_list.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
            QApplication.processEvents()
        return times

    counted = library.counts().topics
    topics = sorted(counted, key=lambda code: -counted[code])[:6]

    def switches(count: int) -> list[float]:
        """Choosing a topic until its first rows are painted; back to All between."""
        times = []
        for n in range(count):
            started = time.perf_counter()
            window.sidebar.select_view(View("topic", topics[n % len(topics)]))
            window.article_list.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
            window.sidebar.select_view(View("all"))
            QApplication.processEvents()
        window.article_list.setFocus()
        return times

    quiet, busy, quiet_topics, busy_topics = [], [], [], []
    try:
        for round_ in (1, 2):
            quiet.append(presses(150))
            quiet_topics.append(switches(30))
            _write_feeds(folder, round_)  # 10,000 new entries to fetch
            assert window.feeds.refresh(None)
            during: list[float] = []
            during_topics: list[float] = []
            while window.feeds.refreshing is not None:
                during += presses(10)
                during_topics += switches(2)
            busy.append(during)
            busy_topics.append(during_topics)
    finally:
        window.close()
        library.close()
    _report(quiet, busy, quiet_topics, busy_topics)


def _report(
    quiet: list[list[float]],
    busy: list[list[float]],
    quiet_topics: list[list[float]],
    busy_topics: list[list[float]],
) -> None:
    for name, runs in (
        ("J without a refresh", quiet),
        ("J during a refresh", busy),
        ("topic switch without a refresh", quiet_topics),
        ("topic switch during a refresh", busy_topics),
    ):
        figures = ", ".join(
            f"p95 {_p95(t):.1f} ms (median {statistics.median(t):.1f}, {len(t)} presses)"
            for t in runs
        )
        print(f"\n{name}: {figures}")
    ratios = [_p95(b) / _p95(q) for q, b in zip(quiet, busy, strict=True)]
    print(
        f"\nJ p95 during / without a refresh: {min(ratios):.2f}-{max(ratios):.2f} (target <= 1.2)"
    )
    ratios = [_p95(b) / _p95(q) for q, b in zip(quiet_topics, busy_topics, strict=True)]
    print(f"\ntopic switch p95 during / without a refresh: {min(ratios):.2f}-{max(ratios):.2f}")
