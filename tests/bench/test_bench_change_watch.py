"""What watching for other processes' writes costs (issue 14, "one library, many
processes").

- Import rate with the change journal's triggers and without them (dropped from an otherwise
  identical library), turn and turn about, and with a watcher running in the importing
  process (its write transactions note their journal rows); the ratio of medians is what the
  journal costs an import.
- What the triggers add, measured apart from the noise: the journal rows an import writes,
  and what writing that many rows by trigger costs by itself.
- The idle cost of polling: `ChangeWatcher.poll` when nobody wrote (one `PRAGMA
  data_version`), in microseconds, and what that is at the window's rate (`POLL_MS`); and a
  poll that finds another connection's commit of one row.

READER_BENCH_WATCH_ARTICLES sets the size of the corpus imported (default 10,000).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from pathlib import Path

from reader.library import ChangeWatcher, Library
from reader.ui.window.bridge import POLL_MS
from tests.bench.corpus_gen import write_corpus

ARTICLES = int(os.environ.get("READER_BENCH_WATCH_ARTICLES", "10000"))
ROUNDS = 5


def _import(corpus: Path, path: Path, *, triggers: bool, watching: bool = False) -> float:
    """Articles per second importing `corpus` into a new library at `path`."""
    with Library.open(path, import_corpus=False, backups=False) as library:
        if not triggers:
            from reader.library.store.models import database

            names = database.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journal_%'"
            ).fetchall()
            for (name,) in names:
                database.execute_sql(f"DROP TRIGGER {name}")
        watcher = ChangeWatcher() if watching else None
        started = time.perf_counter()
        report = library.import_paths([corpus])
        elapsed = time.perf_counter() - started
        if watcher is not None:
            assert not watcher.poll()  # its own import: nothing to report again
            watcher.stop()
    assert not report.failed
    return len(report.added_ids) / elapsed


def test_import_rate_with_and_without_the_journal(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus, ARTICLES)
    rates: dict[str, list[float]] = {"without": [], "with": [], "watched": []}
    for turn in range(ROUNDS):
        order = ["without", "with", "watched"] if turn % 2 == 0 else ["watched", "with", "without"]
        for kind in order:
            path = tmp_path / f"{kind}-{turn}.db"
            rates[kind].append(
                _import(corpus, path, triggers=kind != "without", watching=kind == "watched")
            )
            journal = sqlite3.connect(path).execute("SELECT count(*) FROM change_journal")
            assert journal.fetchone()[0] <= 21000  # pruned as it grew
    medians = {kind: statistics.median(values) for kind, values in rates.items()}
    print(f"\nimport of {ARTICLES:,} articles, {ROUNDS} turns each (articles/s):")
    for kind, values in rates.items():
        print(f"  {kind:>8} journal: " + ", ".join(f"{v:,.0f}" for v in values))
    print(
        f"  with/without {medians['with'] / medians['without']:.3f}; "
        f"watched/without {medians['watched'] / medians['without']:.3f} (1.0: no cost)"
    )
    assert medians["with"] / medians["without"] > 0.8  # a shared machine: noise, not cost


def _trigger_cost(path: Path, rows: int) -> float:
    """Seconds the journal's triggers add to inserting `rows` rows: the same inserts into a
    table with such a trigger and without one, best of three each."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE TABLE journal (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, row INTEGER)")
    conn.execute(
        "CREATE TRIGGER journal_prune AFTER INSERT ON journal WHEN NEW.seq % 1000 = 0 "
        "BEGIN DELETE FROM journal WHERE seq <= NEW.seq - 20000; END"
    )
    best = {True: 1e9, False: 1e9}
    for _turn in range(3):
        for journalled in (False, True):
            conn.execute("DROP TRIGGER IF EXISTS item_journal")
            if journalled:
                conn.execute(
                    "CREATE TRIGGER item_journal AFTER INSERT ON item BEGIN INSERT INTO "
                    "journal (kind, row) VALUES ('added', NEW.id); END"
                )
            conn.execute("DELETE FROM item")
            started = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO item (body) VALUES (?)", [("x" * 40,)] * rows)
            conn.execute("COMMIT")
            best[journalled] = min(best[journalled], time.perf_counter() - started)
    conn.close()
    return best[True] - best[False]


def test_what_the_triggers_add_to_an_import(tmp_path: Path) -> None:
    """The import-rate ratio above is noisy on a shared machine; this counts the journal rows
    an import writes and times what writing that many rows by trigger costs on its own."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus, ARTICLES)
    rate = _import(corpus, tmp_path / "library.db", triggers=True)
    conn = sqlite3.connect(tmp_path / "library.db")
    written = conn.execute("SELECT max(seq) FROM change_journal").fetchone()[0]
    conn.close()
    cost = _trigger_cost(tmp_path / "scratch.db", written)
    seconds = ARTICLES / rate
    print(
        f"\nimport of {ARTICLES:,} articles: {seconds:.2f} s, {written:,} journal rows "
        f"({written / ARTICLES:.1f} an article); writing them by trigger costs "
        f"{cost * 1000:.0f} ms on its own: {cost / seconds * 100:.1f} % of the import"
    )
    assert cost / seconds < 0.05


def test_idle_cost_of_polling(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library.open(path, backups=False) as library:
        watcher = ChangeWatcher()
        calls = 20000
        started = time.perf_counter()
        for _ in range(calls):
            watcher.poll()
        idle = (time.perf_counter() - started) / calls
        other = sqlite3.connect(path, timeout=10)
        found = []
        for number in range(200):
            with other:
                read = 1 - number % 2
                other.execute("UPDATE reading_state SET read = ? WHERE article_id = 1", (read,))
                other.execute(
                    "INSERT OR IGNORE INTO reading_state (article_id, read, scroll) "
                    "VALUES (1, ?, 0)",
                    (read,),
                )
            begun = time.perf_counter()
            changes = watcher.poll()
            found.append(time.perf_counter() - begun)
            assert changes.articles == {1}
        other.close()
        watcher.stop()
        assert library.path == path
    per_second = 1000 / POLL_MS
    print(
        f"\nidle poll (nobody wrote): {idle * 1e6:.1f} µs; at {per_second:g} polls/s that is "
        f"{idle * per_second * 1e6:.0f} µs of CPU a second ({idle * per_second * 100:.4f} %); "
        f"a poll that finds one row: {statistics.median(found) * 1e6:.0f} µs (median)"
    )
    assert idle < 0.001
