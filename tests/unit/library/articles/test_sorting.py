"""Sorting the list: by date added, published, title and length, each either way, in pages
that follow each other (ties broken by id), with position and neighbour in the same order,
in every kind of view, each order read from its own index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.library import SORT_KEYS, ArticleRow, Library, Sort, View
from reader.library.articles.views import _KEYS, _SOURCES, _order

TITLES = ["beta", "Alpha", "gamma", "alpha", "Delta", "beta", "epsilon", "Zeta", "eta"]


@pytest.fixture
def sortable(empty_library: Library, tmp_path: Path) -> Library:
    """Nine Markdown articles (titles that tie and differ in case, lengths that tie, some
    without a published date), then a second import of three more, one bookmarked, two read."""
    for batch in (range(9), range(9, 12)):
        paths = []
        for i in batch:
            title = TITLES[i] if i < len(TITLES) else f"Later {i}"
            date = f"date: 2024-0{1 + i % 5}-1{i % 3}\n" if i % 4 else ""
            words = " ".join(["sport"] * (5 + (i * 7) % 4 * 10))
            path = tmp_path / f"{i:02}.md"
            path.write_text(f"---\ntitle: {title}\n{date}---\n\n{words} football match {i}.\n")
            paths.append(path)
        empty_library.import_paths(paths)
    ids = [r.id for r in empty_library.page(View(), limit=100)]
    empty_library.set_bookmarked(ids[:3], True)
    empty_library.set_read(ids[2:4], True)
    return empty_library


def everything(library: Library, view: View, sort: Sort, size: int) -> list[ArticleRow]:
    rows: list[ArticleRow] = []
    while batch := library.page(view, rows[-1].cursor if rows else None, size, sort=sort):
        rows += batch
    return rows


def expected(library: Library, view: View, sort: Sort) -> list[int]:
    """The order worked out in Python from the articles themselves."""
    ids = [r.id for r in library.page(view, limit=1000)]
    texts = {i: library.article(i) for i in ids}
    added = {r.id: r.cursor[0] for r in library.page(View(), limit=1000)}

    def value(i: int) -> object:
        a = texts[i]
        assert a is not None
        return {
            "added": added[i],
            "published": a.published or added[i],
            "title": a.title.lower(),
            "length": a.words,
        }[sort.key]

    # a stable sort keeps ties in id order, whichever way the key goes
    natural = sorted(sorted(ids), key=value, reverse=sort.key in ("added", "published"))
    return natural[::-1] if sort.reverse else natural


SORTS = [Sort(key, reverse) for key in SORT_KEYS for reverse in (False, True)]
VIEWS = [View(), View("unread"), View("bookmarked"), View("topic", "15000000")]


@pytest.mark.parametrize("sort", SORTS, ids=lambda s: s.value)
def test_every_order_pages_without_gaps_and_agrees_with_position_and_neighbour(
    sortable: Library, sort: Sort
) -> None:
    for view in VIEWS:
        want = expected(sortable, view, sort)
        assert want, view
        for size in (1, 2, 5, 100):
            assert [r.id for r in everything(sortable, view, sort, size)] == want, (view, size)
        for at, article_id in enumerate(want):
            assert sortable.position(view, article_id, sort=sort) == at
            following = want[at + 1] if at + 1 < len(want) else None
            before = want[at - 1] if at else None
            assert sortable.neighbour(view, article_id, sort=sort) == following
            assert sortable.neighbour(view, article_id, forward=False, sort=sort) == before
        assert sortable.neighbour(view, None, sort=sort) == want[0]
        assert sortable.neighbour(view, None, forward=False, sort=sort) == want[-1]
        unread = [i for i in want if not sortable.article(i).read]  # type: ignore[union-attr]
        assert sortable.neighbour(view, None, unread=True, sort=sort) == unread[0]


def test_the_default_order_is_unchanged_and_reverse_is_upside_down(sortable: Library) -> None:
    default = [r.id for r in everything(sortable, View(), Sort(), 4)]
    assert default == [r.id for r in everything(sortable, View(), Sort("added"), 100)]
    assert default[:3] == [10, 11, 12]  # the newest import first, in file order
    for key in SORT_KEYS:
        forward = [r.id for r in everything(sortable, View(), Sort(key), 3)]
        backward = [r.id for r in everything(sortable, View(), Sort(key, True), 3)]
        assert backward == forward[::-1]


def test_refreshed_rows_carry_cursors_of_their_order(sortable: Library) -> None:
    sort = Sort("title")
    first = sortable.page(View(), limit=4, sort=sort)
    fresh = sortable.rows([r.id for r in first], sort=sort)
    assert [fresh[r.id].cursor for r in first] == [r.cursor for r in first]
    by_words = sortable.rows([first[0].id], sort=Sort("length"))[first[0].id]
    assert by_words.cursor == (first[0].words, first[0].id)


@pytest.mark.parametrize(
    ("value", "sort"),
    [
        ("added", Sort()),
        ("title", Sort("title")),
        ("length-reverse", Sort("length", True)),
        ("published-reverse", Sort("published", True)),
        ("nonsense", Sort()),
        ("title-backwards", Sort()),
        ("", Sort()),
    ],
)
def test_a_sort_round_trips_through_its_settings_value(value: str, sort: Sort) -> None:
    assert Sort.from_value(value) == sort
    assert Sort.from_value(sort.value) == sort


def test_each_order_reads_from_an_index(sortable: Library, library_path: Path) -> None:
    conn = sqlite3.connect(library_path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"article_recent", "article_published", "article_title", "article_length"} <= names
    source = _SOURCES["all"]
    for sort in SORTS:
        order = _order(source, sort)
        after = f"{order.after()} {order.sql()}"
        for where in (order.sql(), f"WHERE {after}"):
            sql = f"EXPLAIN QUERY PLAN SELECT a.id FROM article a {where} LIMIT 80"
            plan = " ".join(str(r[-1]) for r in conn.execute(sql, (1, 1, 1)[: sql.count("?")]))
            assert "TEMP B-TREE" not in plan, (sort, plan)
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (sort, plan)
    assert set(_KEYS) == set(SORT_KEYS)
    conn.close()
