"""Highlights and notes through `Library`: writes, Changes, re-anchoring, bad input."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import peewee
import pytest

from reader.library import Changes, Library
from reader.library.annotations.records import AnnotationError, reanchor_article
from reader.library.display.note import render_note
from reader.library.store.models import Annotation, Article, database

DATA = Path(__file__).resolve().parents[3] / "data"


def naughty_strings() -> list[str]:
    lines = (DATA / "blns.txt").read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_harmless(html: str) -> None:
    """No element that runs, loads or navigates anywhere but the web or mail."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in {"script", "img", "iframe", "style", "object", "embed", "link", "svg"}
        for name, value in attrs:
            assert not name.startswith("on") and name not in {"src", "style"}
            if name == "href":
                assert (value or "").split(":")[0] in {"http", "https", "mailto"}, value


@pytest.fixture
def reports(library: Library) -> list[Changes]:
    seen: list[Changes] = []
    library.subscribe(seen.append)
    return seen


def body(library: Library, article_id: int = 1) -> str:
    article = library.article(article_id)
    assert article is not None
    return article.body


def test_a_highlight_stores_both_selectors(library: Library, reports: list[Changes]) -> None:
    text = body(library)
    info = library.add_highlight(1, 40, 90, "green", "my *note*")
    assert (info.exact, info.start, info.end, info.color) == (text[40:90], 40, 90, "green")
    assert info.prefix == text[8:40] and info.suffix == text[90:122]
    assert reports[-1] == Changes(annotations=frozenset([info.id]), counts=True)
    assert library.annotations(1) == [info]
    counts = library.counts()
    assert (counts.annotated, counts.notes, counts.orphans) == (1, 1, 0)


@pytest.mark.parametrize(("start", "end"), [(5, 5), (10, 3), (-1, 4), (0, 10**9)])
def test_bad_ranges_are_refused(library: Library, start: int, end: int) -> None:
    with pytest.raises(AnnotationError):
        library.add_highlight(1, start, end, "yellow")
    assert library.annotations(1) == []


def test_whitespace_only_selection_is_refused(library: Library) -> None:
    text = body(library)
    space = text.index(" ")
    with pytest.raises(AnnotationError, match="empty or only spaces"):
        library.add_highlight(1, space, space + 1, "yellow")


def test_unknown_colour_and_article_are_refused(library: Library) -> None:
    with pytest.raises(AnnotationError, match="colour"):
        library.add_highlight(1, 0, 5, "orange")
    with pytest.raises(AnnotationError, match="no article"):
        library.add_highlight(999, 0, 5, "yellow")
    with pytest.raises(AnnotationError, match="no article"):
        library.add_article_note(999, "x")


def test_edit_recolour_delete_and_restore(library: Library, reports: list[Changes]) -> None:
    info = library.add_highlight(1, 0, 30, "yellow")
    library.set_annotation_note(info.id, "changed")
    assert reports[-1] == Changes(annotations=frozenset([info.id]))
    library.set_annotation_color(info.id, "purple")
    gone = library.delete_annotation(info.id)
    assert gone.note == "changed" and gone.color == "purple"
    assert library.annotations(1) == []
    library.restore_annotation(gone)
    (back,) = library.annotations(1)
    assert back == gone  # same id, uuid, times
    note = library.add_article_note(1, "on the whole article")
    with pytest.raises(AnnotationError, match="only a highlight"):
        library.set_annotation_color(note.id, "green")
    with pytest.raises(AnnotationError, match="no annotation"):
        library.set_annotation_note(12345, "x")


def test_document_order_notes_first_then_by_position(library: Library) -> None:
    late = library.add_highlight(1, 200, 230, "blue")
    early = library.add_highlight(1, 10, 50, "pink")
    note = library.add_article_note(1, "n")
    assert [i.id for i in library.annotations(1)] == [note.id, early.id, late.id]
    library.add_highlight(2, 0, 10, "pink")
    listed = library.all_annotations(color="pink")
    assert {i.article_id for i in listed} == {1, 2} and all(i.color == "pink" for i in listed)


def test_every_naughty_string_is_kept_as_a_note(library: Library) -> None:
    info = library.add_highlight(1, 0, 30, "yellow")
    with database.atomic():  # one fsync instead of 600: each write is still its own call
        for line in naughty_strings():
            library.set_annotation_note(info.id, line)
            assert library.annotation(info.id).note == line  # type: ignore[union-attr]
            assert_harmless(render_note(line))
    strings = naughty_strings()
    with database.atomic():
        made = [library.add_article_note(2, line).id for line in strings]
    assert [library.annotation(i).note for i in made] == strings  # type: ignore[union-attr]


def test_a_one_megabyte_note_with_emoji_and_rtl(library: Library) -> None:
    text = ("مرحبا بالعالم 👋🏽 שלום — " * 40_000)[:1_000_000]
    info = library.add_article_note(1, text)
    assert library.annotation(info.id).note == text  # type: ignore[union-attr]
    assert render_note(text).startswith("<pre>")


def test_hostile_markdown_renders_harmless() -> None:
    vectors = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    vectors += [
        "[click](javascript:alert(1))", "<img src=x onerror=alert(1)>", "![x](file:///etc/passwd)",
        "<a href='javascript:alert(1)'>x</a>", "[x](data:text/html,<script>alert(1)</script>)",
        "[rel](../../etc/passwd)", "<iframe src=http://evil>", "`<script>`",
    ]  # fmt: skip
    for vector in vectors:
        assert_harmless(render_note(vector))
    assert render_note("**bold** and [site](https://example.org)") == (
        '<p><strong>bold</strong> and <a href="https://example.org" '
        'rel="noopener noreferrer nofollow">site</a></p>\n'
    )


def test_an_annotated_article_cannot_be_deleted(library: Library) -> None:
    library.add_highlight(1, 0, 30, "yellow")
    with pytest.raises(peewee.IntegrityError), database.atomic():
        Article.delete().where(Article.id == 1).execute()
    assert library.article(1) is not None and len(library.annotations(1)) == 1


def test_reanchor_after_an_edit_places_or_orphans_never_deletes(library: Library) -> None:
    text = body(library)
    kept = library.add_highlight(1, 100, 160, "yellow", "note kept")
    cut_at = text.index(".", 400) + 1
    lost = library.add_highlight(1, 300, cut_at, "blue", "will be an orphan")
    edited = "An editor's new first line.\n" + text[:300] + text[cut_at:]
    with database.atomic():
        Article.update(body=edited).where(Article.id == 1).execute()
        assert reanchor_article(1, edited) == (1, 1)
    fresh = {i.id: i for i in library.annotations(1)}
    moved = fresh[kept.id]
    assert edited[moved.start : moved.end] == kept.exact and moved.note == "note kept"  # type: ignore[misc]
    assert fresh[lost.id].orphan and fresh[lost.id].note == "will be an orphan"
    assert library.counts().orphans == 1
    assert [i.id for i in library.all_annotations(orphans=True)] == [lost.id]
    with database.atomic():  # the old text comes back: the orphan is placed again
        Article.update(body=text).where(Article.id == 1).execute()
        assert reanchor_article(1, text) == (2, 0)
    assert Annotation.select().count() == 2


def test_reanchor_inside_a_rolled_back_transaction_changes_nothing(library: Library) -> None:
    info = library.add_highlight(1, 100, 160, "yellow")
    with database.atomic() as tx:
        reanchor_article(1, "nothing alike at all")
        tx.rollback()
    assert library.annotation(info.id) == info


def test_changes_carry_annotation_ids() -> None:
    one = Changes(annotations=frozenset([1]))
    assert one and not Changes()
    both = one | Changes(annotations=frozenset([2]), counts=True)
    assert both == Changes(annotations=frozenset([1, 2]), counts=True)
