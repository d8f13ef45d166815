"""Pages read from anywhere in a view: `page_before` (the rows just before a cursor),
`page_at` (the rows from a position, for a jump) and `page_around` (the rows around an
article, with the position of the first), in every order and kind of view, always the same
rows as the list read from its start; and `view_size`."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import SORT_KEYS, Library, Sort, View

TITLES = ["beta", "Alpha", "gamma", "alpha", "Delta", "beta", "epsilon", "Zeta", "eta"]
SORTS = [Sort(key, reverse) for key in SORT_KEYS for reverse in (False, True)]


@pytest.fixture
def varied(empty_library: Library, tmp_path: Path) -> Library:
    """Fourteen articles in two imports: titles and lengths that tie, some without a date,
    some bookmarked and some read."""
    for batch in (range(9), range(9, 14)):
        paths = []
        for i in batch:
            title = TITLES[i] if i < len(TITLES) else f"Later {i % 2}"
            date = f"date: 2024-0{1 + i % 5}-1{i % 3}\n" if i % 4 else ""
            words = " ".join(["sport"] * (5 + (i * 7) % 4 * 10))
            path = tmp_path / f"{i:02}.md"
            path.write_text(f"---\ntitle: {title}\n{date}---\n\n{words} football match {i}.\n")
            paths.append(path)
        empty_library.import_paths(paths)
    ids = [r.id for r in empty_library.page(View(), limit=100)]
    empty_library.set_bookmarked(ids[:5], True)
    empty_library.set_read(ids[2:6], True)
    return empty_library


def views(library: Library) -> list[View]:
    topic = max(library.counts().topics.items(), key=lambda item: item[1])[0]
    return [View(), View("unread"), View("bookmarked"), View("topic", topic)]


@pytest.mark.parametrize("sort", SORTS, ids=[s.value for s in SORTS])
def test_pages_from_anywhere_are_the_lists_own_rows(varied: Library, sort: Sort) -> None:
    for view in views(varied):
        rows = varied.page(view, limit=100, sort=sort)
        ids = [r.id for r in rows]
        assert varied.view_size(view) == len(ids) > 2
        for at, row in enumerate(rows):
            before = varied.page_before(view, row.cursor, 3, sort=sort)
            assert [r.id for r in before] == ids[max(0, at - 3) : at]
            assert [r.id for r in varied.page_at(view, at, 4, sort=sort)] == ids[at : at + 4]
            around = varied.page_around(view, row.id, 4, sort=sort)
            assert around is not None
            first, found = around
            assert first == max(0, at - 2)
            assert [r.id for r in found] == ids[first : first + 4]
            assert [r.cursor for r in found] == [r.cursor for r in rows[first : first + 4]]
        assert varied.page_at(view, len(ids), 4, sort=sort) == []


def test_an_article_outside_the_view_has_no_page_around_it(varied: Library) -> None:
    read = next(r for r in varied.page(View(), limit=100) if r.read)
    assert varied.page_around(View("unread"), read.id, 10) is None
    assert varied.page_around(View(), 10_000, 10) is None
