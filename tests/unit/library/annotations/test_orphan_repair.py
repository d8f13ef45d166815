"""Orphans put right through `Library`: ranked candidate passages, re-attaching (and putting
the old place back), dismissing into the trash, the "moved" mark, and the Highlights view's
reads and export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json

import pytest

from reader.library import AnnotationError, Library
from reader.library.annotations.anchoring import Selector
from reader.library.annotations.candidates import candidates
from reader.library.annotations.records import reanchor_article
from reader.library.store.models import Article, database


def body(library: Library, article_id: int = 1) -> str:
    article = library.article(article_id)
    assert article is not None
    return article.body


def change_text(article_id: int, text: str) -> tuple[int, int]:
    with database.atomic():
        Article.update(body=text).where(Article.id == article_id).execute()
        return reanchor_article(article_id, text)


def orphan_of(library: Library) -> tuple[int, str, str]:
    """A highlight made an orphan by rewording its passage (about half of it changed):
    its id, the new text and the reworded passage."""
    text = body(library)
    start = text.index(" ", 200) + 1
    end = text.index(" ", start + 60)
    info = library.add_highlight(1, start, end, "pink", "keep me")
    quote = text[start:end]
    reworded = "".join(c.upper() if n % 3 == 0 else c for n, c in enumerate(quote))
    assert change_text(1, text[:start] + reworded + text[end:]) == (0, 1)
    return info.id, text[:start] + reworded + text[end:], reworded


def test_candidates_rank_the_reworded_passage_first(library: Library) -> None:
    orphan, text, reworded = orphan_of(library)
    found = library.orphan_candidates(orphan)
    assert found and text[found[0].start : found[0].end].casefold() == reworded.casefold()
    assert (
        0.5 < found[0].similarity < 1.0 and found[0].passage == text[found[0].start : found[0].end]
    )
    assert [c.similarity for c in found] == sorted((c.similarity for c in found), reverse=True)
    spans = sorted((c.start, c.end) for c in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # none overlap


def test_candidates_of_an_exact_quote_and_of_nothing() -> None:
    text = "one two three four five six seven eight nine ten " * 3
    exact = candidates(text, Selector("five six seven", "", "", 60))
    assert exact[0].similarity == 1.0 and exact[0].percent == 100 and exact[0].start == 68
    assert candidates(text, Selector("", "", "")) == []
    assert candidates("", Selector("anything", "", "")) == []
    assert candidates(text, Selector("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "", "")) == []


def test_reattach_is_undone_by_putting_the_old_place_back(library: Library) -> None:
    orphan, text, _reworded = orphan_of(library)
    old = library.annotation(orphan)
    assert old is not None and old.orphan
    best = library.orphan_candidates(orphan)[0]
    placed = library.reattach_annotation(orphan, best.start, best.end)
    assert not placed.orphan and not placed.moved and placed.note == "keep me"
    assert placed.exact == text[best.start : best.end] and placed.color == "pink"
    assert library.counts().orphans == 0
    back = library.put_annotation_place(old)
    assert back.orphan and back.exact == old.exact and back.start == old.start
    assert library.counts().orphans == 1


def test_reattach_refuses_spaces_and_places_outside_the_text(library: Library) -> None:
    orphan, text, _reworded = orphan_of(library)
    for start, end in ((0, 0), (-1, 5), (0, len(text) + 1)):
        with pytest.raises(AnnotationError, match="outside"):
            library.reattach_annotation(orphan, start, end)


def test_dismissing_an_orphan_keeps_it_in_the_trash(library: Library) -> None:
    orphan, _text, _reworded = orphan_of(library)
    gone = library.dismiss_orphan(orphan)
    assert library.annotation(orphan) is None
    entry = library.deleted_annotations()[0]
    assert entry.reason == "dismissed" and entry.annotation.note == "keep me"
    assert library.restore_annotation(gone).id == orphan
    assert library.deleted_annotations() == []


def test_an_approximate_reanchor_is_marked_moved_until_seen(library: Library) -> None:
    text = body(library)
    start = text.index(" ", 100) + 1
    end = text.index(" ", start + 80)
    info = library.add_highlight(1, start, end, "yellow")
    exact = library.add_highlight(1, end + 5, end + 40, "blue")
    changed = text[: start + 10] + "X" + text[start + 11 :]  # one character of the quote
    assert change_text(1, changed) == (2, 0)
    moved = library.annotation(info.id)
    assert moved is not None and moved.moved and not moved.orphan
    assert library.annotation(exact.id).moved is False  # type: ignore[union-attr]
    assert change_text(1, changed) == (2, 0)  # placed exactly now: still not seen
    assert library.annotation(info.id).moved  # type: ignore[union-attr]
    assert library.mark_annotation_seen(info.id)
    assert not library.annotation(info.id).moved  # type: ignore[union-attr]
    assert not library.mark_annotation_seen(info.id)  # nothing to clear: nothing written


def test_highlights_filter_by_colour_topic_and_time(library: Library) -> None:
    first = library.add_highlight(1, 10, 40, "yellow")
    second = library.add_highlight(2, 10, 40, "green")
    library.add_article_note(1, "a note is not a highlight")
    assert {i.id for i in library.highlights()} == {first.id, second.id}
    assert [i.id for i in library.highlights(color="green")] == [second.id]
    assert library.highlights()[0].id == second.id  # the latest highlighted article first
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=1)
    assert library.highlights(since=later) == []
    topics = library.article(1).topics  # type: ignore[union-attr]
    if topics:
        code = topics[0].code
        shown = library.highlights(topic=code)
        assert first.id in {i.id for i in shown}
    assert library.highlights(topic="99999999") == []
    assert library.annotation_counts().highlights == 2


def test_export_of_a_list_keeps_only_its_annotations(library: Library) -> None:
    first = library.add_highlight(1, 10, 40, "yellow", "first")
    library.add_highlight(2, 10, 40, "green", "second")
    rows = list(csv.DictReader(io.StringIO(library.export_annotation_list("csv", [first.id]))))
    assert [r["note"] for r in rows] == ["first"]
    web = json.loads(library.export_annotation_list("webannotation", [first.id]))
    assert web["total"] == 1
    assert "first" in library.export_annotation_list("markdown", [first.id])
    assert "second" not in library.export_annotation_list("markdown", [first.id])


def test_highlights_by_tag_on_the_highlight_or_its_article(library: Library) -> None:
    own = library.add_highlight(1, 10, 40, "yellow")
    on_article = library.add_highlight(2, 10, 40, "green")
    library.add_highlight(3, 10, 40, "blue")
    library.tag_annotations([own.id], add=["work/x"])
    library.tag_articles([2], add=["work"])
    assert {i.id for i in library.highlights(tag="work")} == {own.id, on_article.id}
    assert [i.id for i in library.highlights(tag="work/x")] == [own.id]
    assert library.highlights(tag="nothing") == []
