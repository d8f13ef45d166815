"""Tags on articles and annotations: names checked, counts with nesting, the tag view,
rename and merge as one write with an exact undo, and hostile names kept harmless."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.library import Changes, Library, LibraryError, TagError, View, clean_tag

DATA = Path("/work/shared/testdata")


@pytest.fixture
def tagged(empty_library: Library, tmp_path: Path) -> Library:
    source = tmp_path / "five.txt"
    source.write_text("\n\n".join(f"Story {i}: " + "words here " * 20 for i in range(5)))
    empty_library.import_paths([source])
    return empty_library


def _ids(lib: Library) -> list[int]:
    return [row.id for row in lib.page(View("all"))]


def test_migration_makes_the_tables(tagged: Library) -> None:
    conn = sqlite3.connect(tagged.path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"tag", "article_tag", "annotation_tag", "article_tag_by_tag"} <= tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 9


@pytest.mark.parametrize(
    ("raw", "clean"),
    [(" work ", "work"), ("work / project-x", "work/project-x"), ("a  b", "a b"),
     ("日本/東京", "日本/東京")],
)  # fmt: skip
def test_names_are_trimmed(raw: str, clean: str) -> None:
    assert clean_tag(raw) == clean


@pytest.mark.parametrize("bad", ["", "  ", "a//b", "/a", "a/", "a\nb", "a\tb", "x\x00", "\u202eab",
                                 "x" * 101])  # fmt: skip
def test_bad_names_are_refused_clearly(tagged: Library, bad: str) -> None:
    first = _ids(tagged)[0]
    with pytest.raises(TagError) as caught:
        tagged.tag_articles([first], add=[bad])
    assert isinstance(caught.value, LibraryError)
    assert str(caught.value)
    assert tagged.tags() == []


def test_tags_on_articles_with_counts_and_nesting(tagged: Library) -> None:
    a, b, c, *_ = _ids(tagged)
    heard: list[Changes] = []
    tagged.subscribe(heard.append)
    changes = tagged.tag_articles([a, b], add=["work/project-x", "Reading"])
    assert changes.tags and changes.articles == {a, b} and heard == [changes]
    tagged.tag_articles([c], add=["work"])
    assert tagged.tag_articles([c], add=["WORK"]) == Changes()  # the same tag, any case
    listed = {t.name: t.articles for t in tagged.tags()}
    assert listed == {"Reading": 2, "work": 3, "work/project-x": 2}
    assert [t.name for t in tagged.tags()] == ["Reading", "work", "work/project-x"]
    assert tagged.article_tags(a) == ("Reading", "work/project-x")
    assert {r.id for r in tagged.page(View("tag", tag="work"))} == {a, b, c}
    assert {r.id for r in tagged.page(View("tag", tag="work/project-x"))} == {a, b}
    assert tagged.counts().of(View("tag", tag="Work")) == 3
    assert View.from_key(View("tag", tag="work/x").key) == View("tag", tag="work/x")
    tagged.tag_articles([a, b], remove=["work/project-x"])
    assert {t.name for t in tagged.tags()} == {"Reading", "work"}


def test_tag_pages_use_keyset_cursors(tagged: Library) -> None:
    ids = _ids(tagged)
    tagged.tag_articles(ids, add=["all"])
    first = tagged.page(View("tag", tag="all"), limit=2)
    rest = tagged.page(View("tag", tag="all"), after=first[-1].cursor, limit=10)
    assert [r.id for r in first + rest] == ids


def test_tags_on_annotations(tagged: Library) -> None:
    article = _ids(tagged)[0]
    note = tagged.add_highlight(article, 0, 5, "yellow")
    changes = tagged.tag_annotations([note.id], add=["quote/good"])
    assert changes.annotations == {note.id} and changes.tags
    assert tagged.annotation_tags(note.id) == ("quote/good",)
    assert {t.name: t.annotations for t in tagged.tags()} == {"quote": 1, "quote/good": 1}


def test_rename_moves_the_tags_inside(tagged: Library) -> None:
    a, b, *_ = _ids(tagged)
    tagged.tag_articles([a], add=["work/x"])
    tagged.tag_articles([b], add=["work"])
    before = tagged.tags()
    saved = tagged.rename_tag("work", "job")
    assert [t.name for t in tagged.tags()] == ["job", "job/x"]
    tagged.restore_tags(saved)
    assert tagged.tags() == before
    tagged.rename_tag("work", "work/old")  # into a tag of its own
    assert tagged.article_tags(a) == ("work/old/x",)
    assert tagged.article_tags(b) == ("work/old",)


def test_merge_is_one_write_and_undoes_exactly(tagged: Library) -> None:
    a, b, c, *_ = _ids(tagged)
    tagged.tag_articles([a, b], add=["read later"])
    tagged.tag_articles([b, c], add=["later"])
    before = {i: tagged.article_tags(i) for i in (a, b, c)}
    heard: list[Changes] = []
    tagged.subscribe(heard.append)
    saved = tagged.merge_tags(["read later"], "later")
    assert len(heard) == 1 and heard[0].articles == {a, b, c}
    assert [(t.name, t.articles) for t in tagged.tags()] == [("later", 3)]
    tagged.restore_tags(saved)
    assert {i: tagged.article_tags(i) for i in (a, b, c)} == before
    with pytest.raises(TagError):
        tagged.merge_tags(["later"], "later/x")
    with pytest.raises(TagError):
        tagged.rename_tag("nothing", "x")


def test_removing_an_article_drops_its_links(tagged: Library) -> None:
    a = _ids(tagged)[0]
    tagged.tag_articles([a], add=["gone"])
    tagged.remove_articles([a])
    assert tagged.tags() == []


def test_hostile_names_are_harmless(tagged: Library) -> None:
    article = _ids(tagged)[0]
    lines = [
        line for line in (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ] + (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()  # fmt: skip
    kept: set[str] = set()
    for line in lines:
        try:
            name = clean_tag(line)
        except TagError:
            continue
        tagged.tag_articles([article], add=[name])
        kept.add(name.lower())
        assert tagged.counts().of(View("tag", tag=name)) >= 1
    names = {t.name.lower() for t in tagged.tags() if "/" not in t.name}
    assert {n for n in kept if "/" not in n} <= names
    assert len(kept) > 200
