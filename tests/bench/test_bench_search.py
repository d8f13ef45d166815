"""Search latency and import-with-indexing rate on the large benchmark library.

Ours: `Library.search(q, 50)` (parse, article and annotation indexes, title marks, snippets).
Raw: one `ORDER BY rank LIMIT 50` query with `snippet()` on the same FTS5 expression, on a
plain sqlite3 connection: what FTS5 alone costs (timed turn and turn about with ours).
Targets: p95 ours <= 1.5x raw and <= 100 ms for every class. A `LIKE` scan of the same
words is printed for the record. Import: Reader's import (which indexes in batches) against
raw executemany plus a separate FTS5 insert of the same rows (target rate ratio >= 0.5).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.library import Library
from reader.library.search.query import parse
from tests.bench.test_bench_import import _raw_insert, _rows_by_file

RUNS = 25


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] * 1000 if len(times) > 1 else times[0] * 1000


def _queries(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, article_fts, row)")
    terms = conn.execute(
        "SELECT term, doc FROM temp.vocab WHERE length(term) > 4 AND term GLOB '[a-z]*' "
        "ORDER BY doc"
    ).fetchall()
    conn.close()
    rare = next(t for t, n in terms if n >= 3)
    common = terms[-1][0]
    middle = [t for t, _ in terms[len(terms) // 2 : len(terms) // 2 + 2]]
    return {
        "rare word": rare,
        "common word": common,
        "two words": f"{middle[0]} {terms[-5][0]}",
        "phrase": '"the government"',
        "prefix": f"{common[:3]}*",
    }


def _time(run: object, query: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run(query)  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return times


def _time_both(ours: Callable[[], object], raw: Callable[[], object]) -> tuple[float, float]:
    """p95 of each, timed turn and turn about, so that a slow spell of the machine falls on
    both sides alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(RUNS):
        for run, spent in zip((ours, raw), times, strict=True):
            started = time.perf_counter()
            run()
            spent.append(time.perf_counter() - started)
    return _p95(times[0]), _p95(times[1])


def test_search_latency_and_import_rate(big_corpus: Path, tmp_path: Path) -> None:
    ours_path = tmp_path / "ours.db"
    library = Library.open(ours_path, import_corpus=False)
    started = time.perf_counter()
    report = library.import_paths([big_corpus])
    ours_import = time.perf_counter() - started
    count = len(report.added_ids)
    library.close()
    raw_import = _raw_insert(tmp_path / "raw.db", _rows_by_file(ours_path), fts=True)
    library = Library.open(ours_path)
    print(
        f"\nimport with indexing of {count:,} articles: Reader {ours_import:.2f} s, raw "
        f"executemany + FTS5 insert {raw_import:.2f} s; rate ratio "
        f"{raw_import / ours_import:.2f} (target >= 0.5)"
    )
    raw = sqlite3.connect(ours_path)
    raw_sql = (
        "SELECT rowid, snippet(article_fts, 1, '[', ']', '…', 24) FROM article_fts "
        "WHERE article_fts MATCH ? ORDER BY rank LIMIT 50"
    )
    like_sql = "SELECT id, title FROM article WHERE title LIKE ? OR body LIKE ? LIMIT 50"
    print(f"{'class':<12} {'query':<28} {'hits':>6} {'ours p95':>9} {'raw p95':>8} "
          f"{'ratio':>6} {'LIKE p95':>9}")  # fmt: skip
    for name, query in _queries(ours_path).items():
        expression = parse(query).articles
        hits = len(library.search(query, 50))
        ours, base = _time_both(
            lambda: library.search(query, 50),  # noqa: B023 (called before the loop moves on)
            lambda: raw.execute(raw_sql, (expression,)).fetchall(),  # noqa: B023
        )
        word = f"%{query.strip(chr(34) + '*').split()[0]}%"
        like = _p95(_time(lambda w: raw.execute(like_sql, (w, w)).fetchall(), word)[:5])
        print(f"{name:<12} {query[:28]:<28} {hits:>6} {ours:>7.1f}ms {base:>6.1f}ms "
              f"{ours / base:>6.2f} {like:>7.1f}ms")  # fmt: skip
        assert hits > 0
    raw.close()
    library.close()
