"""Every measure of issue 15 on one large library, built once: `READER_BENCH_ARTICLES=1000000
pytest -m bench tests/bench/test_bench_scale.py -s` runs at a million articles end to end
(generation, import, file size, start, memory, the command line, keys, view switches) in one
session; the default size is 100,000. READER_BENCH_LIBRARY=path/library.db measures a library
an earlier run built (it stays in pytest's temporary folder) instead of building one. Each
interactive figure is printed with its baseline from the same run, turn and turn about where
both sides run here:

- generation and import: time and rate; raw `executemany` of the same rows (articles, topics,
  search index) of every file, into an empty library, for the rate of the least work (only
  the writes timed: each file's rows are read from the library first);
- library file size per 1,000 articles, by table and index (`dbstat`);
- process start to first painted window against an empty library, and peak RSS against the
  bundled four articles (`test_bench_window`);
- start with the last-read article at the end of All Articles against at its top
  (`test_bench_start_position`); `reader list --limit 5` and `reader show ID` against the
  four-article library;
- `J`, `K`, `n`, Space and view switches against their raw baselines (`test_bench_keys_raw`);
- search p95 of each query class against SQLite's own statement (`test_bench_search`).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from tests.bench.conftest import ARTICLES
from tests.bench.corpus_gen import write_corpus
from tests.bench.test_bench_import import FileRows, _raw_insert
from tests.bench.test_bench_keys_raw import keys_against_raw, opened_window, switches_against_raw
from tests.bench.test_bench_search import search_table
from tests.bench.test_bench_start_position import _command, _start
from tests.bench.test_bench_window import _probe

RUNS = 5
KEPT = os.environ.get("READER_BENCH_LIBRARY", "")  # a library of an earlier run, kept
IMPORTED: list[tuple[int, float]] = []  # articles and seconds of the import, if built here


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The large library and its corpus, each made once, with their times printed; or the
    library READER_BENCH_LIBRARY names, made by an earlier run (to measure again)."""
    if KEPT:
        return Path(KEPT), Path(KEPT).parent / "corpus"
    folder = tmp_path_factory.mktemp("scale")
    corpus = folder / "corpus"
    corpus.mkdir()
    started = time.perf_counter()
    themes = write_corpus(corpus, ARTICLES)
    made = time.perf_counter() - started
    path = folder / "library.db"
    with Library.open(path, import_corpus=False) as library:
        started = time.perf_counter()
        report = library.import_paths([corpus])
        took = time.perf_counter() - started
    assert not report.failed
    IMPORTED.append((len(report.added_ids), took))
    print(
        f"\ngenerated {ARTICLES:,} articles in {made:.0f} s ({themes}); imported "
        f"{len(report.added_ids):,} in {took:.0f} s: {len(report.added_ids) / took:,.0f} "
        "articles/s"
    )
    return path, corpus


def test_import_rate_and_file_size(built: tuple[Path, Path], tmp_path: Path) -> None:
    path, _ = built
    rows, raw_s = _raw_insert_streamed(path, tmp_path / "raw.db")
    rate = f"raw executemany + FTS5 of all {rows:,} rows, file by file, into an empty library: "
    rate += f"{rows / raw_s:,.0f} articles/s"
    if IMPORTED:
        count, took = IMPORTED[0]
        rate += f"; Reader's import {count / took:,.0f}/s: ratio {raw_s / took:.2f} (target >= 0.5)"
    conn = sqlite3.connect(path)
    total = conn.execute("SELECT COUNT(*) FROM article").fetchone()[0]
    sizes = conn.execute(
        "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
    ).fetchall()
    conn.close()
    per_1000 = path.stat().st_size / total * 1000 / 2**20
    print(
        f"\n{rate}"
        f"\nlibrary file: {path.stat().st_size / 2**20:,.0f} MB for {total:,} articles, "
        f"{per_1000:.2f} MB per 1,000; by table and index, per 1,000 articles:"
    )
    for name, size in sizes[:14]:
        print(f"  {name}: {size / total * 1000 / 2**10:,.0f} KB")


def _raw_insert_streamed(source: Path, target: Path) -> tuple[int, float]:
    """Articles, and seconds spent writing them, of raw `executemany` (+ FTS5 and topic
    links) of every row the import wrote, one transaction per file as `_raw_insert` does;
    each file's rows are read from the library first, untimed (a million do not fit in
    memory at once)."""
    rows = spent = 0
    reader = FileRows(source)
    ids = reader.ids()
    for start in range(0, len(ids), 2000):
        files = reader.files(ids[start : start + 2000])
        rows += sum(len(articles) for articles, _ in files)
        spent += _raw_insert(target, files, fts=True, fresh=start == 0)
    reader.close()
    return rows, spent


def test_start_memory_and_commands(built: tuple[Path, Path], tmp_path: Path) -> None:
    path, _ = built
    empty, small = tmp_path / "empty.db", tmp_path / "small.db"
    Library.open(empty, import_corpus=False).close()
    Library.open(small).close()
    with Library.open(path, import_corpus=False, full_check=False) as library:
        counts = library.counts()
        topic = max(counts.topics, key=lambda code: counts.topics[code])
        top = library.neighbour(View(), None)
        end = library.neighbour(View(), None, forward=False)
    with Library.open(small, import_corpus=False) as library:
        small_id = library.neighbour(View(), None)
    assert top is not None and end is not None and small_id is not None
    settings = tmp_path / "settings.ini"
    _probe(path, settings, topic)  # warm the file cache, make the day's backup
    empty_runs, big_runs, small_runs = [], [], []
    for _ in range(RUNS):  # turn about
        empty_runs.append(_probe(empty, settings))
        big_runs.append(_probe(path, settings, topic))
        small_runs.append(_probe(small, settings, "16000000"))
    start_big = statistics.median(r["first_paint_s"] for r in big_runs)
    start_empty = statistics.median(r["first_paint_s"] for r in empty_runs)
    rss_big = statistics.median(r["maxrss_kb"] for r in big_runs)
    rss_small = statistics.median(r["maxrss_kb"] for r in small_runs)
    at_top, at_end = [], []
    for _ in range(RUNS):
        at_top.append(_start(path, settings, top)["first_paint_s"])
        at_end.append(_start(path, settings, end)["first_paint_s"])
    lines = [
        f"\n{counts.all:,} articles; medians of {RUNS} fresh processes, turn about",
        f"start to first paint: {start_big * 1000:.0f} ms, empty library "
        f"{start_empty * 1000:.0f} ms: ratio {start_big / start_empty:.2f} (target <= 1.5)",
        f"peak RSS: {rss_big / 1024:.0f} MB, four articles {rss_small / 1024:.0f} MB: ratio "
        f"{rss_big / rss_small:.2f} (target <= 1.5)",
        f"start with the last-read article at the end: {statistics.median(at_end) * 1000:.0f} "
        f"ms, at the top {statistics.median(at_top) * 1000:.0f} ms: ratio "
        f"{statistics.median(at_end) / statistics.median(at_top):.2f} (target <= 1.5)",
    ]
    for command in (["list", "--limit", "5"], ["show"]):
        big_args = [*command, str(end)] if command == ["show"] else command
        small_args = [*command, str(small_id)] if command == ["show"] else command
        _command(path, *big_args), _command(small, *small_args)  # warm up
        big, few = [], []
        for _ in range(RUNS):
            big.append(_command(path, *big_args))
            few.append(_command(small, *small_args))
        ratio = statistics.median(big) / statistics.median(few)
        lines.append(
            f"reader {' '.join(big_args)}: {statistics.median(big) * 1000:.0f} ms, on four "
            f"articles {statistics.median(few) * 1000:.0f} ms: ratio {ratio:.2f} (target <= 1.5)"
        )
    print("\n".join(lines))


def test_keys_and_view_switches(built: tuple[Path, Path], tmp_path: Path, qtbot: QtBot) -> None:
    path, _ = built
    with opened_window(path, tmp_path, qtbot) as window:
        lines = keys_against_raw(window, path)
        lines.append(switches_against_raw(window, path))
    print("\n".join(lines))


def test_search(built: tuple[Path, Path]) -> None:
    path, _ = built
    with Library.open(path) as library:
        print("\n" + "\n".join(search_table(library, path)))
