"""The library's article and read counts kept by triggers (migration 0018) always equal a
fresh count, whatever wrote them: imports, read marks one by one and in bulk, marking unread,
removing articles (read or not), an upgrade of an older library."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.library import Library, View
from reader.library.store.models import database

REPO = Path(__file__).resolve().parents[4]


def _kept() -> tuple[int, int]:
    rows = dict(database.execute_sql("SELECT name, n FROM library_count").fetchall())
    return rows["articles"], rows["read"]


def _counted() -> tuple[int, int]:
    return database.execute_sql(
        "SELECT (SELECT COUNT(*) FROM article), (SELECT COUNT(*) FROM reading_state WHERE read)"
    ).fetchone()


def test_counts_follow_every_kind_of_write(tmp_path: Path) -> None:
    more = tmp_path / "more.txt"
    more.write_text("A new report\n\nThe council met on Tuesday about the roads.\n", "utf-8")
    with Library.open(tmp_path / "library.db") as library:
        assert _kept() == _counted() == (4, 0)
        ids = [row.id for row in library.page(View("all"))]
        library.set_read([ids[0]], True)
        library.set_read([ids[0]], True)  # again: no change
        library.set_read(ids[1:3], True)
        assert _kept() == _counted() == (4, 3)
        library.set_read([ids[1]], False)
        library.save_scroll(ids[3], 0.5)  # a reading state that is not read
        assert _kept() == _counted() == (4, 2)
        library.import_paths([more])
        assert _kept() == _counted()
        library.remove_articles([ids[0], ids[3]])  # one read, one not
        assert _kept() == _counted()
        counts = library.counts()
        assert (counts.all, counts.all - counts.unread) == _counted()
        assert library.view_size(View("unread")) == counts.unread


def test_an_older_library_gets_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(REPO / "tests" / "data" / "library-v1.db", path)
    with Library.open(path, import_corpus=False):
        assert _kept() == _counted()
