"""`reader notes --deleted` lists the trash; `reader restore-note` brings a note back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library

NOTE_FIELDS = {"id", "article_id", "quote", "note", "color", "start", "end", "orphan",
               "created", "updated"}  # fmt: skip
TRASH_FIELDS = {"trash_id", "removed", "reason", "article_uri", "article_title",
                "article_present"}  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_deleted_notes_are_listed_and_restored(
    capsys: pytest.CaptureFixture[str], library_path: Path
) -> None:
    with Library.open(library_path) as lib:
        kept = lib.add_highlight(1, 4, 20, "blue", "look again")
        lib.delete_annotation(kept.id)
        lib.add_article_note(3, "of the removed article")
        lib.remove_articles([3], with_annotations=1)
        title = lib.article(1).title  # type: ignore[union-attr]
    where = ("--library", str(library_path))
    code, out, _ = _run(capsys, "notes", "--deleted", "--json", *where)
    assert code == 0
    listed = json.loads(out)
    assert [e["reason"] for e in listed] == ["article removed", "deleted"]  # newest first
    assert all(set(e) == NOTE_FIELDS | TRASH_FIELDS for e in listed)
    deleted = listed[1]
    assert (deleted["id"], deleted["note"], deleted["color"]) == (kept.id, "look again", "blue")
    assert deleted["article_present"] is True and deleted["article_title"] == title
    assert deleted["removed"].endswith("Z")
    assert listed[0]["article_present"] is False

    code, out, _ = _run(capsys, "notes", "--deleted", *where)
    assert code == 0 and "look again" in out and "article not in the library" in out

    code, out, err = _run(capsys, "restore-note", str(deleted["trash_id"]), *where)
    assert (code, err) == (0, "")
    assert out.startswith(f"Restored blue highlight {kept.id} onto article 1, “")
    code, out, _ = _run(capsys, "notes", "--json", *where)
    assert [n["id"] for n in json.loads(out)] == [kept.id]

    code, out, err = _run(capsys, "restore-note", str(listed[0]["trash_id"]), *where)
    assert code == 1 and out == ""
    assert err.startswith("reader: the article of removed note")
    assert err.rstrip().endswith("import it again, then restore the note")
    assert err.count("\n") == 1

    code, _, err = _run(capsys, "restore-note", "999", *where)
    assert code == 1 and err == "reader: there is no removed note or highlight 999\n"


def test_an_empty_trash(capsys: pytest.CaptureFixture[str], library_path: Path) -> None:
    code, out, err = _run(capsys, "notes", "--deleted", "--library", str(library_path))
    assert (code, out, err) == (0, "", "The trash is empty.\n")
    code, out, _ = _run(capsys, "notes", "--deleted", "--json", "--library", str(library_path))
    assert json.loads(out) == []
