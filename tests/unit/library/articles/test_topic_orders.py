"""A large topic in another order than its own date added is read by walking that order's
index and checking each article for the topic; a small one by sorting its links. Both ways
give the same rows, pages, positions and neighbours."""

from __future__ import annotations

import pytest

from reader.library import Library, Sort, View
from reader.library.articles import views


@pytest.mark.parametrize("key", ["published", "title", "length"])
@pytest.mark.parametrize("reverse", [False, True])
def test_both_ways_through_a_topic_agree(
    library: Library, monkeypatch: pytest.MonkeyPatch, key: str, reverse: bool
) -> None:
    sort = Sort(key, reverse)  # type: ignore[arg-type]
    counts = library.counts().topics
    code = max(counts, key=lambda c: counts[c])
    view = View("topic", code)

    def read() -> tuple[object, ...]:
        rows = views.page(view, None, 100, sort)
        ids = [r.id for r in rows]
        firsts = [r.id for r in views.page(view, None, 1, sort)]
        rest = [r.id for r in views.page(view, rows[0].cursor, 100, sort)]
        return (
            ids, firsts, rest,
            [views.position(view, i, sort) for i in ids],
            [views.neighbour(view, i, True, sort=sort) for i in ids],
            [views.neighbour(view, i, False, sort=sort) for i in ids],
        )  # fmt: skip

    monkeypatch.setattr(views, "_large_topic", lambda _code: False)
    sorted_links = read()
    monkeypatch.setattr(views, "_large_topic", lambda _code: True)
    walked = read()
    assert walked == sorted_links
    assert len(sorted_links[0]) == counts[code]  # type: ignore[arg-type]


def test_a_topic_is_large_when_its_links_outnumber_the_bound(library: Library) -> None:
    counts = library.counts().topics
    code = max(counts, key=lambda c: counts[c])
    assert not views._large_topic(code)  # 3 of 4 articles: sorting them costs nothing
