"""Import rate of `Library.import_paths` against a raw sqlite3 `executemany` of the same rows.

Both write the same rows (articles, their topics, their search-index entries) into the same
schema with the same pragmas, one transaction per file. The raw side is given the rows
ready-made (read back from our library), so it measures SQLite alone; ours includes reading,
decoding, parsing, hashing, deriving titles and classifying.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from reader.library import Library
from reader.library.store.db import PRAGMAS


def _raw_insert(
    path: Path, files: list[tuple[list[tuple], list[tuple]]], fts: bool = False,
    *, fresh: bool = True,
) -> float:  # fmt: skip
    """Time raw `executemany` of ready-made rows, one transaction per file; with `fts`, the
    articles' titles and bodies also go into the search index with a separate insert. The
    library at `path` is made empty first (`fresh`), else the rows are added to it."""
    if fresh:
        Library.open(path, import_corpus=False).close()  # the same schema, empty
    conn = sqlite3.connect(path, isolation_level=None)
    for key, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {key} = {value}")
    names = [c[1] for c in conn.execute("PRAGMA table_info(article)")]
    pick = [names.index("id"), names.index("title"), names.index("body")]
    started = time.perf_counter()
    for articles, links in files:
        conn.execute("BEGIN")
        if articles:
            marks = ",".join("?" * len(articles[0]))
            conn.executemany(f"INSERT INTO article VALUES ({marks})", articles)
            if fts:
                conn.executemany(
                    "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)",
                    [tuple(row[i] for i in pick) for row in articles],
                )
        if links:
            marks = ",".join("?" * len(links[0]))
            conn.executemany(f"INSERT INTO article_topic VALUES ({marks})", links)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _rows_by_file(path: Path, most: int | None = None) -> list[tuple[list[tuple], list[tuple]]]:
    """Each file's article rows (without their source file) and topic links, as the importer
    wrote them; with `most`, only the first files, up to that many articles."""
    reader = FileRows(path)
    files = []
    count = 0
    for source_id in reader.ids():
        if most is not None and count >= most:
            break
        files += reader.files([source_id])
        count += len(files[-1][0])
    reader.close()
    return files


class FileRows:
    """Each source file's article rows (without their source file) and topic links."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)
        names = [c[1] for c in self.conn.execute("PRAGMA table_info(article)")]
        self.column = names.index("source_file_id")

    def ids(self) -> list[int]:
        return [i for (i,) in self.conn.execute("SELECT id FROM source_file ORDER BY id")]

    def files(self, ids: list[int]) -> list[tuple[list[tuple], list[tuple]]]:
        column = self.column
        found = []
        for source_id in ids:
            articles = self.conn.execute(
                "SELECT * FROM article WHERE source_file_id = ? ORDER BY id", (source_id,)
            ).fetchall()
            articles = [(*a[:column], None, *a[column + 1 :]) for a in articles]
            links = self.conn.execute(
                "SELECT l.* FROM article_topic l JOIN article a ON a.id = l.article_id "
                "WHERE a.source_file_id = ?",
                (source_id,),
            ).fetchall()
            found.append((articles, links))
        return found

    def close(self) -> None:
        self.conn.close()


def test_import_rate_against_raw_executemany(big_corpus: Path, tmp_path: Path) -> None:
    ours_path = tmp_path / "ours.db"
    with Library.open(ours_path, import_corpus=False) as library:
        started = time.perf_counter()
        report = library.import_paths([big_corpus])
        ours = time.perf_counter() - started
        assert not report.failed
    count = len(report.added_ids)
    # Reader writes the article rows, their topic rows and their search-index rows: so must
    # the baseline, or it would be measuring less work than it is compared with.
    raw = _raw_insert(tmp_path / "raw.db", _rows_by_file(ours_path), fts=True)
    print(
        f"\nimport of {count:,} articles: Reader {ours:.2f} s ({count / ours:,.0f}/s), "
        f"raw executemany + FTS5 insert {raw:.2f} s ({count / raw:,.0f}/s); "
        f"rate ratio {raw / ours:.2f} (target >= 0.5)"
    )
