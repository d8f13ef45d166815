"""Tags in and out: Markdown front matter on import, every annotation export (Web
Annotation tagging bodies, Markdown front matter and inline #tags, a CSV column), and back in
from a Web Annotation file (a round trip into a new library and into the same one)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.library import AnnotationImportError, Library, View


def _import_markdown(lib: Library, tmp_path: Path, front: str) -> int:
    page = tmp_path / "page.md"
    page.write_text(f"---\ntitle: Tagged page\n{front}---\n\nSome words of the page here.\n")
    report = lib.import_paths([page])
    [article] = [a for f in report.files for a in f.added]
    return article


@pytest.mark.parametrize(
    "front",
    ["tags: [work/project-x, read later]\n", "tags:\n  - work/project-x\n  - 'read later'\n",
     "tags: work/project-x, read later\n"],
)  # fmt: skip
def test_front_matter_tags_on_import(empty_library: Library, tmp_path: Path, front: str) -> None:
    article = _import_markdown(empty_library, tmp_path, front)
    assert empty_library.article_tags(article) == ("read later", "work/project-x")


def test_obsidian_space_separated_and_bad_tags(empty_library: Library, tmp_path: Path) -> None:
    article = _import_markdown(empty_library, tmp_path, "tags: '#one two//x three'\n")
    assert empty_library.article_tags(article) == ("one", "three")


def _tagged_highlight(lib: Library) -> tuple[int, int]:
    article = lib.page(View("all"))[0].id
    note = lib.add_highlight(article, 0, 10, "green", note="a note")
    lib.tag_annotations([note.id], add=["quote/best", "read later"])
    lib.tag_articles([article], add=["work"])
    return article, note.id


def test_every_export_carries_tags(library: Library) -> None:
    _, note = _tagged_highlight(library)
    data = json.loads(library.export_annotations("webannotation"))
    [item] = [i for i in data["first"]["items"] if i["id"].endswith(library.annotation(note).uuid)]
    assert item["body"][0]["purpose"] == "commenting"
    tagging = [b for b in item["body"] if b["purpose"] == "tagging"]
    assert tagging == [{"type": "TextualBody", "purpose": "tagging", "value": v}
                       for v in ("quote/best", "read later")]  # fmt: skip
    markdown = library.export_annotations("markdown")
    front = markdown.split("---")[1]
    assert "  - quote/best\n" in front and '  - "read later"\n' in front and "  - work\n" in front
    assert "#quote/best #read-later" in markdown and "- Tags: #work" in markdown
    rows = list(csv.DictReader(io.StringIO(library.export_annotations("csv"))))
    assert [r["tags"] for r in rows if r["id"] == str(note)] == ["quote/best, read later"]


def test_web_annotation_round_trip(library: Library, tmp_path: Path) -> None:
    _, note = _tagged_highlight(library)
    exported = tmp_path / "notes.jsonld"
    exported.write_text(library.export_annotations("webannotation"))
    uuid = library.annotation(note).uuid  # type: ignore[union-attr]
    library.tag_annotations([note], remove=["quote/best", "read later"])
    result = library.import_annotations(exported)  # the same library: the tags come back
    assert result.added == [] and result.tagged == [note]
    assert library.annotation_tags(note) == ("quote/best", "read later")
    library.close()
    other = Library.open(tmp_path / "other.db")
    try:
        other.import_annotations(exported)
        [info] = [i for i in other.all_annotations() if i.uuid == uuid]
        assert other.annotation_tags(info.id) == ("quote/best", "read later")
    finally:
        other.close()


def test_bad_tag_in_a_file_refuses_it(library: Library, tmp_path: Path) -> None:
    article = library.page(View("all"))[0]
    uri = library.article(article.id).uri  # type: ignore[union-attr]
    item = {"type": "Annotation", "target": uri,
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "a\nb"}]}  # fmt: skip
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(item))
    with pytest.raises(AnnotationImportError, match="control character"):
        library.import_annotations(path)
