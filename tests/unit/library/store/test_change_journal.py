"""The change journal (migration 0012) and `ChangeWatcher`: another connection's writes come
back as the `Changes` the library's own writes report; this process's own writes (its main
thread, a worker thread, a single statement) never do; the journal prunes itself; a
watcher that fell behind the pruning reports coarsely."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Changes, ChangeWatcher, Library
from reader.library.store.watch import COARSE, changes_of


@pytest.fixture
def watcher(library: Library) -> Iterator[ChangeWatcher]:
    found = ChangeWatcher()
    yield found
    found.stop()


def other(path: Path, *statements: str) -> None:
    """Another connection (as another process's would be) commits `statements`."""
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


def journal(path: Path) -> list[tuple[int, str, int | None]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT seq, kind, row FROM change_journal ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_nothing_happened_costs_one_pragma_and_reports_nothing(watcher: ChangeWatcher) -> None:
    assert watcher.watching
    assert not watcher.poll()
    assert not watcher.poll()


def test_another_connection_marking_read_is_reported_as_the_library_would(
    library: Library, watcher: ChangeWatcher
) -> None:
    other(library.path, "INSERT INTO reading_state (article_id, read, scroll) VALUES (2, 1, 0)")
    assert watcher.poll() == Changes(articles=frozenset([2]), counts=True)
    assert not watcher.poll()  # read once


def test_a_scroll_alone_is_not_journalled(library: Library, watcher: ChangeWatcher) -> None:
    library.save_scroll(1, 0.5)
    before = len(journal(library.path))
    other(library.path, "UPDATE reading_state SET scroll = 0.7 WHERE article_id = 1")
    assert len(journal(library.path)) == before
    assert not watcher.poll()


def test_topics_bookmarks_annotations_feeds_and_removals_map_to_their_reports(
    library: Library, watcher: ChangeWatcher
) -> None:
    other(library.path, "DELETE FROM article_topic WHERE article_id = 3")
    found = watcher.poll()
    assert found.articles == {3} and found.topics and found.counts
    other(library.path, "INSERT INTO bookmark (article_id, created) VALUES (4, '2026-01-01')")
    assert watcher.poll() == Changes(articles=frozenset([4]), counts=True)
    info = library.add_highlight(1, 0, 10, "yellow")
    other(library.path, f"UPDATE annotation SET orphan = 1 WHERE id = {info.id}")
    assert watcher.poll() == Changes(annotations=frozenset([info.id]), counts=True)
    other(
        library.path,
        "INSERT INTO feed (url, title, paused, full_text, created) "
        "VALUES ('http://x/f', '', 0, 0, 0)",
    )
    assert watcher.poll() == Changes(counts=True, feeds=True)
    other(library.path, "INSERT INTO saved_search (name, query, created) VALUES ('s', 'q', 0)")
    assert watcher.poll() == Changes(counts=True)


def test_articles_added_and_removed_by_an_import_elsewhere(
    library: Library, watcher: ChangeWatcher
) -> None:
    # the command line does this through a second Library (tests/ui/window has that); here
    # a plain connection inserts a copy of an article and removes another
    other(
        library.path,
        "INSERT INTO article (uri, content_hash, source_path, source_index, title, "
        "title_derived, body, words, added, updated, format) SELECT uri || '#copy', "
        "content_hash || 'x', source_path, 1, title, 0, body, words, added, updated, format "
        "FROM article WHERE id = 1",
        "DELETE FROM article WHERE id = 4",
    )
    found = watcher.poll()
    assert len(found.added) == 1 and found.removed == {4} and 4 not in found.articles
    assert found.counts and found.topics


def test_this_process_s_own_writes_are_not_reported_again(
    library: Library, watcher: ChangeWatcher, tmp_path: Path
) -> None:
    library.set_read([1, 2], True)  # the main thread, in a transaction
    library.set_bookmarked([3], True)
    library.add_article_note(1, "mine")
    (tmp_path / "new.txt").write_text("A headline\n\nA new story.", encoding="utf-8")
    worker = threading.Thread(target=lambda: (library.import_paths([tmp_path / "new.txt"]),
                                              library.release_thread()))  # fmt: skip
    worker.start()
    worker.join()
    assert len(journal(library.path)) >= 5
    assert not watcher.poll()  # the worker committed on another connection: still ours
    other(library.path, "DELETE FROM bookmark WHERE article_id = 3")
    assert watcher.poll() == Changes(articles=frozenset([3]), counts=True)


def test_a_single_statement_outside_a_transaction_is_known_as_ours(
    library: Library, watcher: ChangeWatcher
) -> None:
    from reader.library.store.models import database

    database.execute_sql("UPDATE article SET title = 'Renamed' WHERE id = 1")
    assert not watcher.poll()


def test_a_rolled_back_write_leaves_no_range_that_hides_another_s_rows(
    library: Library, watcher: ChangeWatcher
) -> None:
    from reader.library.store.models import database

    def fails() -> None:
        with database.atomic():
            database.execute_sql("UPDATE article SET title = 'x' WHERE id = 2")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fails()
    other(library.path, "UPDATE article SET title = 'theirs' WHERE id = 2")  # reuses the seq
    assert watcher.poll().articles == {2}


def test_the_journal_prunes_itself(library: Library) -> None:
    keep = 20000
    rows = ", ".join("('read', 1)" for _ in range(500))
    other(library.path, *[f"INSERT INTO change_journal (kind, row) VALUES {rows}"] * 60)
    kept = journal(library.path)
    assert keep <= len(kept) < keep + 1000
    assert kept[-1][0] >= 30000


def test_a_watcher_that_fell_behind_the_pruning_reports_coarsely(
    library: Library, watcher: ChangeWatcher
) -> None:
    rows = ", ".join("('search', NULL)" for _ in range(500))
    other(library.path, *[f"INSERT INTO change_journal (kind, row) VALUES {rows}"] * 50)
    other(library.path, "INSERT INTO reading_state (article_id, read, scroll) VALUES (1, 1, 0)")
    found = watcher.poll()
    assert found.articles == {1}
    assert found | COARSE == found


def test_rows_become_changes() -> None:
    assert not changes_of([])
    found = changes_of([(1, "added", 9), (2, "topics", 9), (3, "read", 5), (4, "removed", 7),
                        (5, "topics", 7), (6, "trash", None)])  # fmt: skip
    assert found.added == {9} and found.articles == {5} and found.removed == {7}
    assert found.trash and found.topics and found.counts and not found.feeds


def test_a_library_opened_by_this_reader_has_the_journal(library: Library) -> None:
    conn = sqlite3.connect(library.path)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    finally:
        conn.close()
    assert {"journal_article_insert", "journal_annotation_update", "journal_prune"} <= names


def test_tags_put_on_elsewhere_are_reported(library: Library, watcher: ChangeWatcher) -> None:
    other(
        library.path,
        "INSERT INTO tag (id, name) VALUES (7, 'work/project-x')",
        "INSERT INTO article_tag (article_id, tag_id) VALUES (2, 7)",
    )
    assert watcher.poll() == Changes(articles=frozenset([2]), counts=True, tags=True)
    other(library.path, "UPDATE tag SET name = 'work/y' WHERE id = 7")
    assert watcher.poll() == Changes(counts=True, tags=True)
