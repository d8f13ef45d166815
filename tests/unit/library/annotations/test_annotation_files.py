"""Export (Markdown, W3C Web Annotation, CSV) and import of annotations."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.library import Library
from reader.library.annotations.export import CONTEXT
from reader.library.annotations.webannotation import AnnotationImportError


@pytest.fixture
def annotated(library: Library) -> Library:
    library.add_highlight(1, 0, 40, "yellow", "first *note*")
    library.add_highlight(1, 100, 180, "green")
    library.add_highlight(2, 10, 60, "yellow")
    library.add_article_note(2, "the whole article\n\n> quoted")
    return library


def snapshot(library: Library) -> list[tuple]:
    return [
        (library.article(i.article_id).uri, i.uuid, i.kind, i.color, i.exact, i.prefix,  # type: ignore[union-attr]
         i.suffix, i.start, i.end, i.note, i.orphan, i.created, i.updated)
        for i in library.all_annotations()
    ]  # fmt: skip


def test_markdown_has_front_matter_and_a_section_per_article(annotated: Library) -> None:
    text = annotated.export_annotations("markdown")
    front, rest = text.split("---\n", 2)[1:]
    assert "title:" in front and "annotations: 4" in front and "  - reader" in front
    assert rest.count("\n## ") == 2
    first = annotated.article(1)
    assert first is not None
    assert f"> {first.body[0:40]}" in rest and "first *note*" in rest
    assert "**Note on the article**" in rest and first.uri in rest


def test_web_annotation_collection(annotated: Library) -> None:
    data = json.loads(annotated.export_annotations("webannotation"))
    assert data["@context"] == CONTEXT and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 4
    highlight = next(i for i in items if i.get("body", {}).get("value") == "first *note*")
    article = annotated.article(1)
    assert article is not None
    target = highlight["target"]
    assert target["source"] == article.uri and target["styleClass"] == "yellow"
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": article.body[:40], "prefix": "",
                     "suffix": article.body[40:72]}  # fmt: skip
    assert position == {"type": "TextPositionSelector", "start": 0, "end": 40}
    assert highlight["body"]["format"] == "text/markdown"
    assert highlight["id"].startswith("urn:uuid:") and highlight["type"] == "Annotation"
    note = next(i for i in items if i["motivation"] == "commenting")
    assert "selector" not in note["target"]


def test_csv_has_one_row_per_annotation(annotated: Library) -> None:
    rows = list(csv.DictReader(io.StringIO(annotated.export_annotations("csv"))))
    assert len(rows) == 4
    assert {r["kind"] for r in rows} == {"highlight", "note"}
    assert rows[0]["article_uri"].startswith("urn:sha256:")


def test_export_one_article_and_bad_requests(annotated: Library) -> None:
    data = json.loads(annotated.export_annotations("webannotation", article_id=2))
    assert data["total"] == 2
    with pytest.raises(Exception, match="no article"):
        annotated.export_annotations("csv", article_id=99)
    with pytest.raises(Exception, match="unknown format"):
        annotated.export_annotations("pdf")


def test_export_wipe_import_gives_identical_annotations(
    annotated: Library, library_path: Path, tmp_path: Path
) -> None:
    before = snapshot(annotated)
    exported = tmp_path / "all.jsonld"
    exported.write_text(annotated.export_annotations("webannotation"), encoding="utf-8")
    annotated.close()
    for leftover in library_path.parent.glob(library_path.name + "*"):
        leftover.unlink()
    with Library.open(library_path) as fresh:
        result = fresh.import_annotations(exported)
        assert (len(result.added), result.duplicates, result.orphans) == (4, 0, [])
        assert snapshot(fresh) == before
        again = fresh.import_annotations(exported)
        assert (again.added, again.duplicates) == ([], 4)
        assert snapshot(fresh) == before


def write(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def one(uri: str, exact: str, **extra: object) -> dict[str, object]:
    return {
        "type": "Annotation",
        "target": {"source": uri, "selector": {"type": "TextQuoteSelector", "exact": exact}},
        **extra,
    }


def test_quote_only_annotations_from_other_tools(library: Library, tmp_path: Path) -> None:
    article = library.article(3)
    assert article is not None
    passage = article.body[50:90]
    shapes = [
        one(article.uri, passage),
        [one(article.uri, passage, bodyValue="from a list")],
        {"type": "AnnotationPage", "items": [one(article.uri, passage, id="http://x/1")]},
        {"@context": CONTEXT, "type": "AnnotationCollection",
         "first": {"type": "AnnotationPage", "items": [one(article.uri, passage, id="urn:x")],
                   "next": {"type": "AnnotationPage", "items": [one(article.uri, "gone zzz")]}}},
    ]  # fmt: skip
    added = 0
    for number, shape in enumerate(shapes):
        result = library.import_annotations(write(tmp_path, shape, f"{number}.json"))
        added += len(result.added)
        again = library.import_annotations(write(tmp_path, shape, f"{number}.json"))
        assert again.added == []
    assert added == 5
    infos = library.annotations(3)
    placed = [i for i in infos if not i.orphan]
    assert all((i.start, i.end) == (50, 90) for i in placed)
    (orphan,) = [i for i in infos if i.orphan]
    assert orphan.exact == "gone zzz"


HOSTILE = [
    ("[1, 2", "not valid JSON"),
    ('"just a string"', "expected a JSON object or array"),
    ("{}", "not a Web Annotation"),
    ("[]", "holds no annotations"),
    ('[{"type": "Annotation"}]', "has no target"),
    ('[{"type": "Note", "target": "urn:x"}]', 'not "Annotation"'),
    ('[{"type": "Annotation", "target": {"source": 5}}]', "has no source"),
    ('[{"type": "Annotation", "target": {"source": "U", "selector": {"type": "TextQuoteSelector", '
     '"exact": 7}}}]', '"exact" is not a string'),
    ('[{"type": "Annotation", "target": {"source": "U", "selector": {"type": '
     '"TextPositionSelector", "start": 5, "end": "9"}}}]', "whole numbers"),
    ('[{"type": "Annotation", "target": {"source": "U", "selector": [{"type": "X"}]}}]',
     "no TextQuoteSelector"),
    ('[{"type": "Annotation", "target": "U", "created": "yesterday"}]', "not a date"),
    ('[{"type": "Annotation", "target": "U", "body": [3]}]', "body is not a JSON object"),
    ('{"type": "AnnotationCollection", "first": "http://elsewhere/page1"}', "not included"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('[{"type": "Annotation", "target": "urn:sha256:unknown"}]', "not in this library"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), HOSTILE)
def test_hostile_files_import_nothing(
    annotated: Library, tmp_path: Path, content: str, message: str
) -> None:
    uri = annotated.article(1).uri  # type: ignore[union-attr]
    path = tmp_path / "bad.json"
    # a valid annotation first: it must not be imported when a later one is bad
    good = json.dumps(one(uri, annotated.article(1).body[5:25]))  # type: ignore[union-attr]
    text = content.replace('"U"', json.dumps(uri))
    if text.startswith("[{"):
        text = "[" + good + "," + text[1:]
    path.write_text(text, encoding="utf-8")
    before = snapshot(annotated)
    with pytest.raises(AnnotationImportError, match=message) as caught:
        annotated.import_annotations(path)
    assert "Nothing was imported" in str(caught.value)
    assert snapshot(annotated) == before


def test_huge_binary_and_missing_files(
    annotated: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.library.annotations import webannotation

    monkeypatch.setattr(webannotation, "MAX_IMPORT_BYTES", 1000)
    huge = write(tmp_path, [{"type": "Annotation", "target": "x" * 2000}], "huge.json")
    with pytest.raises(AnnotationImportError, match="too large"):
        annotated.import_annotations(huge)
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    with pytest.raises(AnnotationImportError, match="not UTF-8"):
        annotated.import_annotations(binary)
    with pytest.raises(AnnotationImportError, match="cannot read"):
        annotated.import_annotations(tmp_path / "missing.json")
