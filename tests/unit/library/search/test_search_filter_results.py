"""The time and origin filters against a library: which articles `added:`, `published:`,
`read:`, `source:`, `feed:` and `tag:` find, `sort:`, counts of saved searches, the
query plans behind them, migration 0010, and text that tries to be SQL."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playhouse.migrations import Runner

from reader.library import Library
from reader.library.search import results
from reader.library.search.query import parse
from reader.library.store import db
from reader.library.store.models import Feed, FeedEntry, database

TODAY = dt.datetime.now(dt.UTC).date()
# name: (folder, published, days ago added, words)
ARTICLES = {
    "alpha": ("news/world", "2026-03-05", 0, 30),
    "bravo": ("news/world", "2026-03-20T10:00:00Z", 1, 10),
    "charlie": ("news/world-cup", None, 3, 20),
    "delta": ("other", "2025-12-31", 10, 40),
    "echo": ("other", "March 3, 2026", 40, 50),
}


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[tuple[Library, dict[str, int], Path]]:
    root = tmp_path / "files"
    for name, (folder, published, _, words) in ARTICLES.items():
        place = root / folder
        place.mkdir(parents=True, exist_ok=True)
        front = f"date: {published}\n" if published else ""
        body = " ".join(["filler"] * words)
        text = f"---\ntitle: {name.title()} report\n{front}---\n\n{name} {body}\n"
        (place / f"{name}.md").write_text(text, encoding="utf-8")
    library = Library.open(tmp_path / "library.db", import_corpus=False)
    library.import_paths([root])
    ids = {t.split()[0].lower(): i for i, t in database.execute_sql(
        "SELECT id, title FROM article").fetchall()}  # fmt: skip
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with database.atomic():
        for name, (_, _, ago, _) in ARTICLES.items():
            added = now - dt.timedelta(days=ago)
            database.execute_sql("UPDATE article SET added = ? WHERE id = ?", (added, ids[name]))
    try:
        yield library, ids, root
    finally:
        library.close()


TAG_TABLES = (
    "CREATE TABLE IF NOT EXISTS tag (id INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL UNIQUE COLLATE NOCASE)",
    "CREATE TABLE IF NOT EXISTS article_tag (article_id INTEGER NOT NULL, "
    "tag_id INTEGER NOT NULL, PRIMARY KEY (article_id, tag_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS annotation_tag (annotation_id INTEGER NOT NULL, "
    "tag_id INTEGER NOT NULL, PRIMARY KEY (annotation_id, tag_id)) WITHOUT ROWID",
)


def found(library: Library, text: str) -> set[str]:
    rows = library.search(text, 50)
    names = {r.title.split()[0].lower() for r in rows}
    assert library.search_count(text) == len(rows)
    return names


def test_added(lib: tuple[Library, dict[str, int], Path]) -> None:
    library, _, _ = lib
    assert found(library, "added:today") == {"alpha"}
    assert found(library, "added:yesterday") == {"bravo"}
    assert found(library, "added:7d") == {"alpha", "bravo", "charlie"}
    assert found(library, "added:<7d") == {"delta", "echo"}
    assert found(library, "-added:7d") == {"delta", "echo"}
    assert found(library, f"added:{TODAY.isoformat()}..") == {"alpha"}
    assert found(library, "added:>=2000-01-01 added:<2000") == set()
    assert found(library, "report added:2d") == {"alpha", "bravo"}  # with words, ranked


def test_published_falls_back_to_added_and_ignores_dates_not_written_as_dates(
    lib: tuple[Library, dict[str, int], Path],
) -> None:
    library, _, _ = lib
    assert found(library, "published:2026-03") == {"alpha", "bravo"}
    assert found(library, "published:2026-03-20") == {"bravo"}
    assert found(library, "published:2026-03-01..2026-03-05") == {"alpha"}
    assert found(library, "published:<2026") == {"delta"}
    assert "charlie" in found(library, f"published:{(TODAY - dt.timedelta(days=3)).isoformat()}")
    assert "echo" not in found(library, "published:>1900")


def test_read_counts_when_it_was_read(lib: tuple[Library, dict[str, int], Path]) -> None:
    library, ids, _ = lib
    assert found(library, "read:7d") == set()
    library.set_read([ids["alpha"], ids["bravo"], ids["delta"]], True)
    long_ago = dt.datetime(2026, 1, 15, 12)
    database.execute_sql("UPDATE reading_state SET read_at = ? WHERE article_id = ?",
                         (long_ago, ids["delta"]))  # fmt: skip
    assert found(library, "read:today") == {"alpha", "bravo"}
    assert found(library, "read:2026-01") == {"delta"}
    assert found(library, "-read:today") == {"charlie", "delta", "echo"}
    library.set_read([ids["bravo"]], False)  # unread: no longer read at any time
    assert found(library, "read:today") == {"alpha"}
    assert found(library, "read:..9999") == {"alpha", "delta"}


def test_source_is_a_case_sensitive_prefix_on_a_path_boundary(
    lib: tuple[Library, dict[str, int], Path],
) -> None:
    library, _, root = lib
    assert found(library, f"source:{root}/news/world") == {"alpha", "bravo"}
    assert found(library, f"source:{root}/news/world/") == {"alpha", "bravo"}
    assert found(library, f"source:{root}/news") == {"alpha", "bravo", "charlie"}
    assert found(library, f"source:{root}/news/wor") == set()  # not a path boundary
    assert found(library, f"source:{root}/other/delta.md") == {"delta"}
    assert found(library, f"source:{str(root).upper()}/news") == set()
    assert found(library, f"-source:{root}/news") == {"delta", "echo"}
    assert found(library, "source:/") == set(ARTICLES)
    assert found(library, f'source:"{root}/news/world" added:today') == {"alpha"}


def test_source_with_like_wildcards_is_only_itself(tmp_path: Path, empty_library: Library) -> None:
    for folder in ("a%b", "axb", "a_c", "abc"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"{folder} text here\n\nBody of {folder}.\n")
    empty_library.import_paths([tmp_path / f for f in ("a%b", "axb", "a_c", "abc")])
    assert empty_library.search_count(f"source:{tmp_path}/a%b") == 1
    assert empty_library.search_count(f"source:{tmp_path}/a_c") == 1


def test_feed_by_title_url_or_folder(lib: tuple[Library, dict[str, int], Path]) -> None:
    library, ids, _ = lib
    with database.atomic():
        world = Feed.create(url="https://example.org/world.xml", title="World News",
                            folder="News/World")  # fmt: skip
        mine = Feed.create(url="https://example.org/cup", title="Cup", user_title="Le Cup",
                           folder="News")  # fmt: skip
        for feed, name in ((world, "alpha"), (world, "bravo"), (mine, "charlie")):
            FeedEntry.create(feed=feed, key=name, article_id=ids[name], content_hash=name)
    assert found(library, 'feed:"world news"') == {"alpha", "bravo"}
    assert found(library, "feed:https://example.org/world.xml/") == {"alpha", "bravo"}
    assert found(library, 'feed:"le cup"') == found(library, "feed:cup") == {"charlie"}
    assert found(library, "feed:news") == {"alpha", "bravo", "charlie"}
    assert found(library, "feed:News/World") == {"alpha", "bravo"}
    assert found(library, "feed:New") == set()
    assert found(library, "-feed:news") == {"delta", "echo"}
    assert found(library, "feed:nowhere") == set()


def _tag(ids: list[int], name: str) -> None:
    with database.atomic():
        for ddl in TAG_TABLES:  # as migration 0009 makes them, should it not be in yet
            database.execute_sql(ddl)
        database.execute_sql("INSERT OR IGNORE INTO tag (name) VALUES (?)", (name,))
        (tag_id,) = database.execute_sql("SELECT id FROM tag WHERE name = ?", (name,)).fetchone()
        for aid in ids:
            database.execute_sql("INSERT INTO article_tag VALUES (?, ?)", (aid, tag_id))


def test_tag_and_its_descendants(lib: tuple[Library, dict[str, int], Path]) -> None:
    library, ids, _ = lib
    _tag([ids["alpha"]], "work")
    _tag([ids["bravo"]], "Work/Project-X")
    _tag([ids["charlie"]], "workshop")
    _tag([ids["delta"]], "100%_sure")
    assert found(library, "tag:work") == {"alpha", "bravo"}
    assert found(library, "tag:WORK/project-x") == {"bravo"}
    assert found(library, "-tag:work") == {"charlie", "delta", "echo"}
    assert found(library, "tag:100%_sure") == {"delta"}
    assert found(library, "tag:100") == found(library, "tag:1%") == set()
    assert found(library, "tag:nothing") == set()


def test_without_the_tag_tables_tag_finds_nothing_and_not_tag_everything(
    lib: tuple[Library, dict[str, int], Path],
) -> None:
    library, _, _ = lib
    for table in ("annotation_tag", "article_tag", "tag"):
        database.execute_sql(f"DROP TABLE IF EXISTS {table}")
    assert found(library, "tag:work") == set()
    assert found(library, "-tag:work") == set(ARTICLES)
    assert found(library, "report tag:work") == set()


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("added:1y", ["alpha", "bravo", "charlie", "delta", "echo"]),
        ("added:1y sort:-added", ["echo", "delta", "charlie", "bravo", "alpha"]),
        ("added:1y sort:title", ["alpha", "bravo", "charlie", "delta", "echo"]),
        ("added:1y sort:-title", ["echo", "delta", "charlie", "bravo", "alpha"]),
        ("added:1y sort:length", ["bravo", "charlie", "alpha", "delta", "echo"]),
        ("added:1y sort:published", None),
    ],
)  # fmt: skip
def test_sort_orders_filter_only_results(
    lib: tuple[Library, dict[str, int], Path], text: str, order: list[str] | None
) -> None:
    library, _, _ = lib
    names = [r.title.split()[0].lower() for r in library.search(text, 50)]
    if order is None:  # published: the text as stored, a missing date as the date added
        stored = dict(database.execute_sql(
            "SELECT lower(substr(title, 1, instr(title, ' ') - 1)), "
            "COALESCE(published, added) FROM article").fetchall())  # fmt: skip
        order = sorted(stored, key=lambda n: stored[n], reverse=True)
    assert names == order


def test_saved_searches_count_and_stay_live(lib: tuple[Library, dict[str, int], Path]) -> None:
    library, ids, _ = lib
    saved = library.save_search("Read today", "read:today sort:title")
    assert library.search_count(saved.query) == 0
    library.set_read([ids["echo"]], True)
    assert library.search_count(saved.query) == 1
    assert [r.id for r in library.search(saved.query)] == [ids["echo"]]


@pytest.mark.parametrize(
    "text",
    ["added:2026-03-01');DROP TABLE article;--", "source:'; DROP TABLE article; --",
     'feed:"x\') OR 1=1 --"', "tag:x' OR '1'='1", "tag:%", "tag:_", "source:%",
     'published:"2026-03-01\' OR 1=1"', "sort:title;DROP", "read:1d;--", "feed:%"],
)  # fmt: skip
def test_text_that_tries_to_be_sql_is_only_text(
    lib: tuple[Library, dict[str, int], Path], text: str
) -> None:
    library, _, _ = lib
    assert len(library.search(text)) <= 1  # words, or a filter that matches nothing
    assert database.execute_sql("SELECT COUNT(*) FROM article").fetchone()[0] == len(ARTICLES)


def _plan(text: str) -> str:
    sql, params = results.filters_only_sql(parse(text), 200)
    rows = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return " | ".join(str(row[-1]) for row in rows)


def test_time_filters_read_their_span_from_an_index(
    lib: tuple[Library, dict[str, int], Path],
) -> None:
    plans = {
        "added:7d": "article_recent",
        "added:2026-03-01..2026-03-15 sort:-added": "article_recent",
        "published:2026-03 sort:published": "article_published",
        "read:7d": "reading_state_read_at",
        "is:unread sort:title": "article_title",
        "is:unread sort:-length": "article_length",
    }
    for text, index in plans.items():
        plan = _plan(text)
        assert index in plan, (text, plan)
        if not text.startswith("read:"):  # read in order, never sorted
            assert "TEMP B-TREE" not in plan, (text, plan)
    # read: the articles read in the span come from the index and only they are sorted
    assert "SCAN reading_state" not in _plan("read:7d")


def test_migration_0010_applies_before_or_after_0009(tmp_path: Path) -> None:
    """A library that took 0010 before 0009 existed still takes 0009 when it lands: the
    runner applies every script not in the history, in order, whatever ran before."""
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    for script in db.MIGRATIONS_DIR.glob("[0-9]*.py"):
        if not script.name.startswith("0009"):
            shutil.copy(script, early)
    shutil.copytree(early, late)
    tags = db.MIGRATIONS_DIR / "0009_tags.py"
    if tags.exists():
        shutil.copy(tags, late)
    else:  # before the tags migration is in: a stand-in with its number
        (late / "0009_tags.py").write_text(
            "def up(migrator, db):\n"
            "    db.execute_sql('CREATE TABLE tag (id INTEGER PRIMARY KEY)')\n"
        )
    path = tmp_path / "l.db"
    database.init(str(path), pragmas=db.PRAGMAS)
    try:
        ran = Runner(database, directory=str(early), table_name=db.HISTORY_TABLE).up()
        assert "0010_read_at" in ran and "0009_tags" not in ran
        assert Runner(database, directory=str(late), table_name=db.HISTORY_TABLE).up() == [
            "0009_tags"
        ]
    finally:
        database.close()
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert {"reading_state_read_at", "tag"} <= names
