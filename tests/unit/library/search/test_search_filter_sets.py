"""Filters that name a set of articles (a topic, the bookmarked, the read, the annotated, a
tag, a time of reading) are read first when the set is small and checked row by row when it
is large (`clauses.member`). Both forms must find the same articles in the same order, with
words and without, negated or not; and a large set must never drive a search of the index
(each of its ids a lookup of the words: `government topic:sport` took 9 s at 100,000)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from reader.library.search import clauses
from reader.library.search.query import parse
from reader.library.store.models import database

QUERIES = [
    "topic:sport", "-topic:sport", "is:bookmarked", "-is:bookmarked", "is:unread", "is:read",
    "has:note", "has:highlight", "-has:highlight", "color:yellow", "read:today", "tag:work",
    "-tag:work", "harbour topic:sport", "harbour -topic:sport", "harbour is:read",
    "council is:unread is:bookmarked", "harbour* tag:work -is:bookmarked", "council has:note",
    '"the harbour" topic:sport is:unread', "sort:title topic:sport",
]  # fmt: skip


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    folder = tmp_path / "texts"
    folder.mkdir()
    for n in range(24):
        place = "the harbour wall" if n % 2 else "the market square"
        body = f"Report {n}: the council met by {place} and talked for an hour, number {n}."
        (folder / f"r{n:02d}.txt").write_text(f"Council report {n}\n\n{body}\n", "utf-8")
    library = Library.open(tmp_path / "library.db", import_corpus=False)
    ids = sorted(library.import_paths([folder]).added_ids)
    for aid in ids[::3]:
        library.add_topic(aid, "15000000")  # sport
    library.set_bookmarked(ids[1::4], True)
    library.set_read(ids[::2] + ids[1:9:2], True)
    library.tag_articles(ids[2::5], add=["work"])
    for aid in ids[:12:3]:
        library.add_highlight(aid, 0, 6, "yellow", note="kept" if aid % 2 else "")
    yield library
    library.close()


def _sport(name: str) -> str | None:
    return "15000000" if name == "sport" else None


def _results(library: Library, text: str) -> list[tuple[str, int]]:
    return [(r.kind, r.id) for r in library.search(text, 50)]


@pytest.mark.parametrize("text", QUERIES)
def test_a_set_read_first_and_a_set_checked_find_the_same(
    library: Library, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_first = _results(library, text)
    count = library.search_count(text)
    monkeypatch.setattr(clauses, "SMALL_SET", 0)  # every set is "large": checked row by row
    assert _results(library, text) == read_first
    assert library.search_count(text) == count
    assert read_first or text.startswith(("color:", "read:"))  # the fixture gives each some


def test_the_forms_are_chosen_by_the_size_of_the_set(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    (topic,) = parse("topic:sport", _sport).filters
    small, _ = clauses.article_clause(topic, "f.rowid")
    assert small.startswith("f.rowid IN (")  # 8 articles: read first
    monkeypatch.setattr(clauses, "SMALL_SET", 7)
    large, _ = clauses.article_clause(topic, "f.rowid")
    assert large.startswith("EXISTS (") and "article_id = f.rowid" in large


def test_a_large_set_never_drives_a_search_of_the_index(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clauses, "SMALL_SET", 2)
    for text in ("topic:sport", "is:bookmarked", "tag:work", "-is:unread", "has:highlight"):
        where, params = clauses.article_filters(parse(text, _sport).filters, "f.rowid")
        sql = f"SELECT f.rowid FROM article_fts f WHERE article_fts MATCH ?{where}"
        plan = " ".join(
            str(row[3])
            for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", ["harbour", *params])
        )
        # FTS5's plan names a rowid constraint `=` before its MATCH `M` when ids drive it
        assert "VIRTUAL TABLE INDEX" in plan and ":=" not in plan, (text, plan)
