"""The topics' article counts kept by triggers (migration 0017) always equal a fresh count of
the links, whatever wrote them: imports, choices by hand, re-classifying, removing articles,
an upgrade of an older library."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.library import Library, View
from reader.library.store.models import database

REPO = Path(__file__).resolve().parents[4]


def _kept() -> dict[str, int]:
    rows = database.execute_sql("SELECT topic_id, articles FROM topic_count WHERE articles != 0")
    return dict(rows.fetchall())


def _counted() -> dict[str, int]:
    rows = database.execute_sql(
        "SELECT topic_id, COUNT(*) FROM article_topic WHERE origin != 'removed' GROUP BY topic_id"
    )
    return dict(rows.fetchall())


def test_counts_follow_every_kind_of_write(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library.db") as library:
        assert _kept() == _counted() != {}
        ids = [row.id for row in library.page(View("all"))]
        topic = library.article(ids[0]).topics[0].code  # type: ignore[union-attr]
        library.remove_topic(ids[0], topic)
        assert _kept() == _counted()
        library.add_topic(ids[0], topic)
        library.add_topic(ids[1], "15000000")
        assert _kept() == _counted()
        library.reclassify()
        assert _kept() == _counted()
        library.remove_articles([ids[2]])
        assert _kept() == _counted()
        assert library.counts().topics == _counted()
        assert library.view_size(View("topic", topic)) == _counted()[topic]


def test_an_older_library_gets_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(REPO / "tests" / "data" / "library-v1.db", path)
    with Library.open(path, import_corpus=False):
        assert _kept() == _counted()
