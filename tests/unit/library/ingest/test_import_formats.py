"""Importing text, Markdown and HTML files; updates in place; bad input of every kind."""

from __future__ import annotations

import gzip
import os
import uuid
from pathlib import Path

import pytest
from peewee import IntegrityError

from reader.library import Library
from reader.library.ingest.formats import detect, parse
from reader.library.store.models import Annotation, Article, ArticleTopic, Bookmark, database

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
PAGE = """<!doctype html><html><head><title>Site | Story</title>
<meta property="og:title" content="Harbour vote passes">
<meta name="author" content="Ann Writer"><link rel="canonical" href="https://ex.com/a">
<script>alert(1)</script><style>p {color: red}</style></head><body>
<nav><a href="/">Home</a></nav><!-- a comment --><form><input name=q></form>
<article><h1>Harbour vote passes</h1><p>The council <em>voted</em> on the harbour budget.</p>
<img src="/dev/zero" alt="the harbour"><iframe src="file:///etc/passwd">x</iframe>
<p><a href="javascript:alert(1)">bad</a> <a href="file:///etc/passwd">file</a>
<a href="https://ex.com/more">more</a></p></article></body></html>"""


def _import(library: Library, path: Path, **kwargs: str) -> object:
    return library.import_paths([path], **kwargs)


def test_one_article_text_form(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Harbour vote passes\n\nThe council voted\non the budget.\n\nSecond one.\n")
    report = empty_library.import_paths([path])
    art = empty_library.article(report.added_ids[0])
    assert art is not None and art.format == "text"
    assert art.title == "Harbour vote passes" and not art.title_derived
    assert art.body == "The council voted on the budget.\nSecond one."


def test_markdown_front_matter_and_topics(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: 'My match'\ndate: 2024-05-01\nauthor: Ann\nsource: https://ex.com/m\n"
        "topics:\n  - sport\n  - 04000000\n---\n# My match\n\nA *fine* game.\n\n- one\n- two\n"
    )
    art = empty_library.article(empty_library.import_paths([path]).added_ids[0])
    assert art is not None
    assert (art.title, art.author, art.published, art.source_url) == (
        "My match", "Ann", "2024-05-01", "https://ex.com/m")  # fmt: skip
    assert art.body == "A fine game.\none\ntwo"
    links = {(r.topic_id, r.origin) for r in ArticleTopic.select().where(
        ArticleTopic.article == art.id)}  # fmt: skip
    assert {("15000000", "user"), ("04000000", "user")} <= links
    assert "<em>fine</em>" in art.html() and "<li>one</li>" in art.html()


def test_markdown_heading_title_without_front_matter() -> None:
    [draft] = parse("# Title here\n\nBody text.", detect(Path("x.txt"), "# Title here\n\nBody"))
    assert (draft.format, draft.title, draft.body) == ("markdown", "Title here", "Body text.")


def test_html_page_is_reduced_to_safe_blocks(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    art = empty_library.article(empty_library.import_paths([path]).added_ids[0])
    assert art is not None and art.format == "html"
    assert art.title == "Harbour vote passes" and art.author == "Ann Writer"
    assert art.source_url == "https://ex.com/a"
    lines = ["The council voted on the harbour budget.", "[Image: the harbour]", "bad file more"]
    assert art.body.split("\n") == lines
    html = art.html()
    for bad in ("script", "alert", "style", "<img", "iframe", "javascript:", "file:", "passwd",
                "<form", "<input", "Home", "comment"):  # fmt: skip
        assert bad not in html, bad
    assert 'href="https://ex.com/more"' in html


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.txt", "First article.\n\nSecond article.", "seed"),
        ("a.txt", "A Headline\n\nA paragraph.", "text"),
        ("a", "<!DOCTYPE html><p>x</p>", "html"),
        ("a.txt", "---\ntitle: X\n---\nBody", "markdown"),
        ("a.htm", "plain words", "html"),
        ("a.md", "plain words", "markdown"),
    ],
)
def test_detection(name: str, text: str, expected: str) -> None:
    assert detect(Path(name), text) == expected


def test_format_can_be_forced(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("<p>Kept <b>as</b> text</p>")
    art = empty_library.article(empty_library.import_paths([path], fmt="seed").added_ids[0])
    assert art is not None and art.body == "<p>Kept <b>as</b> text</p>"


def _annotate(article_id: int, exact: str) -> None:
    Annotation.insert(uuid=str(uuid.uuid4()), article=article_id, exact=exact, start=0,
                      end=len(exact)).execute()  # fmt: skip


def test_changed_file_updates_in_place_and_keeps_annotations(
    empty_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Old title\n\nThe council met on Monday.\n")
    [aid] = empty_library.import_paths([path]).added_ids
    uri = empty_library.article(aid).uri  # type: ignore[union-attr]
    _annotate(aid, "council")
    empty_library.set_bookmarked([aid], True)
    path.write_text("# New title\n\nThe council met on Tuesday instead.\n")
    seen: list[object] = []
    empty_library.subscribe(seen.append)
    report = empty_library.import_paths([path])
    assert report.updated_ids == [aid] and report.added_ids == []
    assert report.files[0].status == "updated" and report.files[0].reanchored == 1
    art = empty_library.article(aid)
    assert art is not None and art.uri == uri and art.title == "New title"
    assert art.body == "The council met on Tuesday instead." and art.bookmarked
    assert Annotation.select().where(Annotation.article == aid).count() == 1
    assert any(aid in getattr(c, "articles", ()) for c in seen)
    assert empty_library.import_paths([path]).files[0].status == "unchanged"
    with pytest.raises(IntegrityError), database.atomic():  # the FK still protects them
        Article.delete().where(Article.id == aid).execute()


def test_seed_file_update_matches_by_similarity_and_keeps_the_vanished(
    empty_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "many.txt"
    one = "Storm floods the harbour town as rivers rise across the northern valley."
    two = "Council approves the new school budget after a long public debate."
    three = "Football club signs a young striker from the southern league."
    path.write_text(f"{one}\n\n{two}\n\n{three}")
    ids = empty_library.import_paths([path]).added_ids
    _annotate(ids[2], "striker")
    Bookmark.insert(article=ids[0]).execute()
    edited = two.replace("long", "very long")
    path.write_text(f"{edited}\n\nA brand new article about museums and art galleries.")
    report = empty_library.import_paths([path])
    result = report.files[0]
    assert result.updated == [ids[1]] and len(result.added) == 1 and result.kept == 2
    assert empty_library.article(ids[1]).body == edited  # type: ignore[union-attr]
    assert empty_library.counts().all == 4  # nothing deleted


def test_same_content_elsewhere_is_a_duplicate(empty_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE)
    (folder / "b.html").write_text(PAGE)
    report = empty_library.import_paths([folder])
    assert [f.status for f in report.files] == ["imported", "duplicate"]


def test_other_file_types_in_folders_are_skipped(empty_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "a.txt").write_text("An article.")
    report = empty_library.import_paths([folder])
    assert [f.reason for f in report.skipped] == ["not an article file (.jpg)"]
    assert "Skipped 1 file of other types" in report.summary()


BAD: dict[str, bytes] = {
    "empty.txt": b"",
    "nul.txt": b"Some text\x00with NUL bytes",
    "png.txt": PNG,
    "gzip.txt": gzip.compress(b"hello" * 100),
}


def test_bad_files_each_get_a_clear_result(empty_library: Library, tmp_path: Path) -> None:
    for name, data in BAD.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "smart.txt").write_bytes("He said “hi” — ok.".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes("Hello from UTF-16 text.".encode("utf-16-le"))
    (tmp_path / "rtl.txt").write_text("שלום עולם\u200b\u200f and \u202eevil\u202c text.")
    (tmp_path / "long.txt").write_text("word " * 1_000_000)  # a 5 MB single line
    reasons = {Path(f.path).name: f.reason for f in empty_library.import_paths([tmp_path]).files}
    assert reasons["empty.txt"] == "no text in the file"
    assert reasons["nul.txt"] == "not a text file (it contains NUL bytes)"
    assert reasons["png.txt"] == "not a text file (a PNG image)"
    assert reasons["gzip.txt"] == "not a text file (a gzip archive)"
    assert reasons["smart.txt"] is None and reasons["utf16.txt"] is None
    bodies = [a.body for a in Article.select()]
    assert "He said “hi” — ok." in bodies and "Hello from UTF-16 text." in bodies
    assert any("\u202eevil" in b for b in bodies)
    [long] = [a for a in Article.select() if a.words == 1_000_000]
    assert max(len(line) for line in long.body.split("\n")) <= 20_000


def test_vanishing_fifo_loop_and_unreadable(
    empty_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "gone.txt").write_text("Soon gone.")
    (tmp_path / "locked.txt").write_text("Locked.")
    (tmp_path / "ok.txt").write_text("Fine.")
    real = os.open

    def opening(name: str | Path, flags: int, *args: int) -> int:
        if str(name).endswith("gone.txt"):
            os.unlink(name)  # it vanishes between the walk and the read
        if str(name).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real(name, flags, *args)

    monkeypatch.setattr(os, "open", opening)
    report = empty_library.import_paths([tmp_path])
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    assert reasons == {
        "pipe.txt": "cannot read it: not a regular file",
        "gone.txt": "it disappeared during the import",
        "locked.txt": "cannot read it: Permission denied",
    }
    assert [a.body for a in Article.select()] == ["Fine."]


def test_many_files_use_worker_processes(empty_library: Library, tmp_path: Path) -> None:
    for i in range(450):
        (tmp_path / f"{i:03d}.txt").write_text(f"Headline {i}\n\nThe match {i} ended 2-{i}.")
    report = empty_library.import_paths([tmp_path])
    assert len(report.added_ids) == 450 and not report.failed
    assert empty_library.counts().topics.get("15000000", 0) > 400  # sport, classified


def test_a_lone_long_line_read_as_text_keeps_all_of_its_words(tmp_path: Path) -> None:
    """The title is cut at 300 characters; the body (the same line) is not."""
    from reader.library.ingest.formats import parse

    line = " ".join(f"word{i}" for i in range(200))
    [draft] = parse(line, "text")
    assert draft.body == line
    assert len(draft.title) <= 300 and not draft.title.endswith(" ")
