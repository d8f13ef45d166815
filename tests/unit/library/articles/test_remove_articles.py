"""Removing articles never takes highlights and notes the user did not agree to lose."""

from __future__ import annotations

import pytest

from reader.library import Changes, Library, View
from reader.library.errors import AnnotationsWouldBeLost


def test_an_article_without_annotations_is_removed_with_its_state(library: Library) -> None:
    library.set_bookmarked([2], True)
    library.set_read([2], True)
    seen: list[Changes] = []
    library.subscribe(seen.append)
    changes = library.remove_articles([2])
    assert changes.removed == frozenset({2})
    assert seen == [changes]
    assert library.article(2) is None
    assert [r.id for r in library.page(View())] == [1, 3, 4]
    assert library.counts().bookmarked == 0
    assert library.search("Honnold") == []
    assert library.check().ok


def test_annotations_are_never_lost_without_agreement(library: Library) -> None:
    body = library.article(1).body
    library.add_highlight(1, 0, 20, "yellow", "keep me")
    library.add_article_note(1, "and me")
    assert library.annotation_count([1]) == 2
    with pytest.raises(AnnotationsWouldBeLost, match="2 highlights and notes; nothing was removed"):
        library.remove_articles([1])
    with pytest.raises(AnnotationsWouldBeLost):
        library.remove_articles([1], with_annotations=1)  # not the number the user was shown
    assert library.article(1).body == body
    assert len(library.annotations(1)) == 2
    changes = library.remove_articles([1], with_annotations=2)
    assert changes.removed == frozenset({1})
    assert len(changes.annotations) == 2
    assert library.counts().notes == 0


def test_missing_articles_change_nothing(library: Library) -> None:
    assert not library.remove_articles([999])
    assert library.counts().all == 4
