"""Re-importing a changed file keeps every highlight: moved with its text, or an orphan."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library


def _write(path: Path, *paragraphs: str) -> None:
    path.write_text("Harbour news\n\n" + "\n\n".join(paragraphs), encoding="utf-8")


def test_highlights_follow_their_text_and_orphans_are_kept(
    empty_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "harbour.txt"
    _write(path, "The ferry left at dawn with forty passengers aboard.", "Fog closed in.")
    article_id = empty_library.import_paths([path]).added_ids[0]
    body = empty_library.article(article_id).body
    start = body.index("forty passengers")
    kept = empty_library.add_highlight(article_id, start, start + len("forty passengers"), "green")
    fog = body.index("Fog closed in")
    doomed = empty_library.add_highlight(article_id, fog, fog + len("Fog closed in"), "pink")

    _write(path, "A new first paragraph arrived.", "The ferry left at dawn with forty "
           "passengers aboard.", "The sky cleared by noon.")  # fmt: skip
    report = empty_library.import_paths([path])
    assert report.files[0].updated == [article_id]
    assert (report.files[0].reanchored, report.files[0].orphaned) == (1, 1)

    new_body = empty_library.article(article_id).body
    notes = {n.id: n for n in empty_library.annotations(article_id)}
    moved = notes[kept.id]
    assert new_body[moved.start : moved.end] == "forty passengers"
    assert moved.start > start
    assert not moved.orphan
    assert notes[doomed.id].orphan
    assert notes[doomed.id].exact == "Fog closed in"
    assert empty_library.counts().orphans == 1
