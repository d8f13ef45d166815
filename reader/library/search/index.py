"""Keeping the FTS5 indexes (migration 0004) in step with the text, and checking them.

New articles are indexed in batches, one statement per batch, inside the import's
transaction (`index_articles`, called by the importer): a per-row trigger measured 1.7x
slower on import. Changed or deleted articles and every annotation write are handled by
triggers in the same transaction as the write. `pending` and `fill` index what is missing
(a library upgraded from a version without search); `rebuild` starts over; `check` runs
SQLite's and FTS5's own integrity checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from peewee import DatabaseError

from reader.library.store.models import database

FILL_BATCH = 2000
IndexProgress = Callable[[int, int], None]  # (done, total)

_INDEX_SQL = (
    "INSERT INTO article_fts(rowid, title, body) SELECT id, title, body FROM article "
    "WHERE id IN ({marks})"
)
_TOKENIZE = "porter unicode61 remove_diacritics 2"
_DDL = {  # the index tables as migration 0004 made them (used to remake a damaged one)
    "article_fts": (
        "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='article', "
        f"content_rowid='id', tokenize='{_TOKENIZE}')",
        "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
    ),
    "annotation_fts": (
        "CREATE VIRTUAL TABLE annotation_fts USING fts5(exact, note, content='annotation', "
        f"content_rowid='id', tokenize='{_TOKENIZE}')",
        "INSERT INTO annotation_fts(annotation_fts, rank) VALUES ('rank', 'bm25(1.0, 1.0)')",
    ),
}
_MISSING_SQL = (
    "SELECT id FROM article WHERE id NOT IN (SELECT id FROM article_fts_docsize) ORDER BY id"
)


def index_articles(ids: Sequence[int]) -> None:
    """Add the given (new, not yet indexed) articles to the index: one statement per 500."""
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        database.execute_sql(_INDEX_SQL.format(marks=",".join("?" * len(chunk))), chunk)


def pending() -> int:
    """How many articles are not in the index (0 for an up-to-date library)."""
    articles = database.execute_sql("SELECT COUNT(*) FROM article").fetchone()[0]
    indexed = database.execute_sql("SELECT COUNT(*) FROM article_fts_docsize").fetchone()[0]
    return max(0, int(articles) - int(indexed))


def _newest_indexed() -> bool:
    """Whether the newest article is in the index: then none is missing, since articles are
    indexed in the transaction that adds them and `fill` indexes the missing in id order,
    committing as it goes (damage is `check`'s to find). Two index lookups, where `pending`
    counts both tables (89 ms at every start of a 1,000,000-article library)."""
    newest = database.execute_sql("SELECT MAX(id) FROM article").fetchone()[0]
    if newest is None:
        return True
    found = database.execute_sql("SELECT 1 FROM article_fts_docsize WHERE id = ?", (newest,))
    return found.fetchone() is not None


def fill(progress: IndexProgress | None = None) -> int:
    """Index every article that is missing, in committed batches; returns how many.

    Interrupting it loses nothing: the next call carries on where it stopped.
    """
    if _newest_indexed():
        return 0
    if not pending():
        return 0
    missing = [row[0] for row in database.execute_sql(_MISSING_SQL).fetchall()]
    for start in range(0, len(missing), FILL_BATCH):
        if progress is not None:
            progress(start, len(missing))
        with database.atomic():
            index_articles(missing[start : start + FILL_BATCH])
    if progress is not None:
        progress(len(missing), len(missing))
    return len(missing)


def rebuild(progress: IndexProgress | None = None) -> int:
    """Empty both indexes and index everything again; returns the number of articles.

    An index too damaged to be emptied is dropped and made again (the text is never touched).
    """
    for table in ("article_fts", "annotation_fts"):
        try:
            with database.atomic():
                database.execute_sql(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        except DatabaseError:
            with database.atomic():
                database.execute_sql(f"DROP TABLE {table}")
                for sql in _DDL[table]:
                    database.execute_sql(sql)
    with database.atomic():
        database.execute_sql("INSERT INTO annotation_fts(annotation_fts) VALUES ('rebuild')")
    fill(progress)
    with database.atomic():
        database.execute_sql("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
    return int(database.execute_sql("SELECT COUNT(*) FROM article").fetchone()[0])


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` found: an empty `problems` list means the library is sound."""

    database: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check() -> CheckReport:
    """`PRAGMA quick_check`, then FTS5's integrity check of each index against its content."""
    problems: list[str] = []
    rows = [str(r[0]) for r in database.execute_sql("PRAGMA quick_check(20)").fetchall()]
    if rows != ["ok"]:
        problems += [f"database: {row}" for row in rows]
    missing = pending()
    if missing:
        problems.append(f"search index: {missing} article(s) not indexed (run `reader reindex`)")
    # FTS5's check is spelt as an INSERT, which a protected (`query_only`) connection refuses
    # although it writes nothing: lift `query_only` for the check alone.
    query_only = bool(database.execute_sql("PRAGMA query_only").fetchone()[0])
    if query_only:
        database.execute_sql("PRAGMA query_only = 0")
    try:
        for table, what in (
            ("article_fts", "articles"), ("annotation_fts", "notes and highlights")
        ):  # fmt: skip
            try:
                database.execute_sql(
                    f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"
                )
            except DatabaseError as exc:
                problems.append(f"search index of {what}: {exc} (run `reader reindex`)")
    finally:
        if query_only:
            database.execute_sql("PRAGMA query_only = 1")
    return CheckReport(database=database.database or "", problems=tuple(problems))
