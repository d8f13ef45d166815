"""Reader's own exports come back: export, wipe the annotations, import, and the same
annotations are there again, orphans included (and still orphans)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.library import Library
from reader.library.store.models import Annotation, database


def _write(path: Path, *paragraphs: str) -> None:
    path.write_text("Harbour news\n\n" + "\n\n".join(paragraphs), encoding="utf-8")


@pytest.fixture
def with_orphans(empty_library: Library, tmp_path: Path) -> Library:
    """Two placed highlights, an article note, an orphan made by a re-import that changed
    the text, and an orphan imported from a file whose quote was never there."""
    library = empty_library
    path = tmp_path / "harbour.txt"
    _write(path, "The ferry left at dawn with forty passengers aboard.", "Fog closed in.")
    (article_id,) = library.import_paths([path]).added_ids
    body = library.article(article_id).body  # type: ignore[union-attr]
    start = body.index("forty passengers")
    library.add_highlight(article_id, start, start + 16, "green", "how many?")
    fog = body.index("Fog closed in")
    library.add_highlight(article_id, fog, fog + 13, "pink", "the *weather*")
    library.add_article_note(article_id, "A note on the whole article")
    _write(path, "The ferry left at dawn with forty passengers aboard.", "The sky cleared.")
    assert library.import_paths([path]).files[0].orphaned == 1
    body = library.article(article_id).body  # type: ignore[union-attr]
    sky = body.index("sky cleared")
    library.add_highlight(article_id, sky, sky + 11, "blue")
    quote_only = {
        "type": "Annotation", "id": "urn:uuid:7c1c8a3e-4f7b-4a43-9a55-0d1fbbd5e4a1",
        "target": {"source": library.article(article_id).uri,  # type: ignore[union-attr]
                   "selector": {"type": "TextQuoteSelector", "exact": "a quote never there"}},
        "bodyValue": "kept anyway",
    }  # fmt: skip
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps(quote_only), encoding="utf-8")
    assert len(library.import_annotations(elsewhere).orphans) == 1
    assert library.counts().orphans == 2
    return library


def snapshot(library: Library) -> list[tuple[object, ...]]:
    """Everything an annotation is, but its row id; an orphan's stale offsets are not part
    of it (no export carries them: they name text that is no longer the quote)."""
    return sorted(
        (i.uuid, i.article_id, i.kind, i.color, i.exact, i.prefix, i.suffix,
         None if i.orphan else i.start, None if i.orphan else i.end, i.note, i.orphan,
         i.created, i.updated)
        for i in library.all_annotations()
    )  # fmt: skip


def wipe_annotations() -> None:
    with database.atomic():
        Annotation.delete().execute()


def without_export_time(markdown: str) -> str:
    return "\n".join(line for line in markdown.split("\n") if not line.startswith("exported:"))


def without_row_ids(text: str) -> list[dict[str, str]]:
    rows = csv.DictReader(io.StringIO(text))
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def test_orphans_export_with_their_quote_and_no_position(with_orphans: Library) -> None:
    items = json.loads(with_orphans.export_annotations("webannotation"))["first"]["items"]
    orphans = {i.uuid for i in with_orphans.all_annotations(orphans=True)}
    assert len(orphans) == 2
    for item in items:
        selectors = item["target"].get("selector", [])
        kinds = [s["type"] for s in selectors]
        if item["id"].removeprefix("urn:uuid:") in orphans:
            assert kinds == ["TextQuoteSelector"] and selectors[0]["exact"].strip()
        elif selectors:
            (position,) = [s for s in selectors if s["type"] == "TextPositionSelector"]
            assert 0 <= position["start"] < position["end"]
    rows = list(csv.DictReader(io.StringIO(with_orphans.export_annotations("csv"))))
    assert {(r["start"], r["end"]) for r in rows if r["orphan"] == "1"} == {("", "")}


def test_export_wipe_import_gives_the_same_annotations_orphans_included(
    with_orphans: Library, tmp_path: Path
) -> None:
    before = snapshot(with_orphans)
    markdown = with_orphans.export_annotations("markdown")
    table = with_orphans.export_annotations("csv")
    exported = tmp_path / "all.jsonld"
    exported.write_text(with_orphans.export_annotations("webannotation"), encoding="utf-8")

    wipe_annotations()
    assert with_orphans.all_annotations() == []
    result = with_orphans.import_annotations(exported)
    assert (len(result.added), result.duplicates, len(result.orphans)) == (5, 0, 2)
    assert snapshot(with_orphans) == before
    assert all(o.start is None and o.end is None for o in result.orphans)
    assert without_export_time(with_orphans.export_annotations("markdown")) == (
        without_export_time(markdown)
    )
    assert "*pink, orphan" in markdown  # the Markdown export says which are orphans
    assert without_row_ids(with_orphans.export_annotations("csv")) == without_row_ids(table)

    again = with_orphans.import_annotations(exported)
    assert (again.added, again.duplicates) == ([], 5)


def test_an_orphan_whose_quote_is_back_is_placed_on_import(
    with_orphans: Library, tmp_path: Path
) -> None:
    exported = tmp_path / "all.jsonld"
    exported.write_text(with_orphans.export_annotations("webannotation"), encoding="utf-8")
    wipe_annotations()
    source = tmp_path / "harbour.txt"
    _write(source, "The ferry left at dawn with forty passengers aboard.", "Fog closed in.",
           "The sky cleared.")  # fmt: skip
    with_orphans.import_paths([source])
    result = with_orphans.import_annotations(exported)
    assert len(result.orphans) == 1 and result.orphans[0].exact == "a quote never there"
    body = with_orphans.article(result.orphans[0].article_id).body  # type: ignore[union-attr]
    (fog,) = [i for i in with_orphans.all_annotations() if i.exact == "Fog closed in"]
    assert not fog.orphan and body[fog.start : fog.end] == "Fog closed in"  # type: ignore[misc]


def test_an_export_from_before_this_fix_imports(with_orphans: Library, tmp_path: Path) -> None:
    """Earlier exports gave an orphan `start: 0, end: 0`: that empty range is ignored (it
    cannot hold the quote) and the quote places it or keeps it an orphan."""
    data = json.loads(with_orphans.export_annotations("webannotation"))
    for item in data["first"]["items"]:
        selectors = item["target"].get("selector")
        if selectors and len(selectors) == 1:
            selectors.append({"type": "TextPositionSelector", "start": 0, "end": 0})
    old = tmp_path / "old.jsonld"
    old.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(with_orphans)
    wipe_annotations()
    result = with_orphans.import_annotations(old)
    assert (len(result.added), len(result.orphans)) == (5, 2)
    assert snapshot(with_orphans) == before
