"""Removed highlights and notes stay recoverable for 30 days, across restarts."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.library import Changes, Library, LibraryError
from reader.library.store import db

DATA = Path(__file__).resolve().parents[3] / "data"
STORY = "Budget talks\n\nThe council met on Monday.\n\nIt voted to raise the budget for parks."


def _story(folder: Path, text: str = STORY, name: str = "story.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _highlight(lib: Library, article_id: int, quote: str, note: str = "") -> int:
    body = lib.article(article_id).body  # type: ignore[union-attr]
    start = body.index(quote)
    return lib.add_highlight(article_id, start, start + len(quote), "green", note).id


def test_a_deleted_note_is_listed_and_restored_after_a_restart(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        kept = lib.annotation(_highlight(lib, 1, "European troops", "why now?"))
        seen: list[Changes] = []
        lib.subscribe(seen.append)
        deleted = lib.delete_annotation(kept.id)  # type: ignore[union-attr]
        assert deleted == kept
        assert seen[-1].trash and seen[-1].annotations == {deleted.id}
    with Library.open(library_path) as lib:
        [entry] = lib.deleted_annotations()
        assert entry.annotation == kept
        assert entry.reason == "deleted"
        assert entry.article_present and entry.current_article_id == 1
        assert entry.article_title == lib.article(1).title  # type: ignore[union-attr]
        seen = []
        lib.subscribe(seen.append)
        restored = lib.restore_deleted(entry.trash_id)
        assert restored == kept  # same id, uuid, place, note, times
        assert seen == [Changes(annotations=frozenset({kept.id}), counts=True, trash=True)]
        assert lib.deleted_annotations() == []
        assert lib.annotations(1) == [kept]


def test_undo_and_redo_keep_id_and_uuid_and_empty_the_trash(library: Library) -> None:
    note = library.add_article_note(2, "a thought")
    created_undone = library.delete_annotation(note.id)  # undo of the creation
    assert [e.annotation.uuid for e in library.deleted_annotations()] == [note.uuid]
    redone = library.restore_annotation(created_undone)  # redo
    assert (redone.id, redone.uuid) == (note.id, note.uuid)
    assert library.deleted_annotations() == []
    again = library.delete_annotation(redone.id)  # Delete, then its undo
    seen: list[Changes] = []
    library.subscribe(seen.append)
    back = library.restore_annotation(again)
    assert back == note
    assert seen[-1].trash and seen[-1].counts and seen[-1].annotations == {note.id}
    assert library.deleted_annotations() == []


def test_removing_an_article_puts_its_annotations_in_the_trash(library: Library) -> None:
    _highlight(library, 1, "European troops", "first")
    library.add_article_note(1, "second")
    title = library.article(1).title  # type: ignore[union-attr]
    changes = library.remove_articles([1], with_annotations=2)
    assert changes.trash
    entries = library.deleted_annotations()
    assert {e.reason for e in entries} == {"article removed"}
    assert {e.annotation.note for e in entries} == {"first", "second"}
    assert not any(e.article_present for e in entries)
    with pytest.raises(LibraryError) as refused:
        library.restore_deleted(entries[0].trash_id)
    message = str(refused.value)
    assert title[:30] in message and entries[0].article_uri in message
    assert "import it again" in message
    assert len(library.deleted_annotations()) == 2  # still there, nothing changed


def test_restoring_onto_an_article_imported_again_under_another_id(
    empty_library: Library, tmp_path: Path
) -> None:
    [first] = empty_library.import_paths([_story(tmp_path / "a")]).added_ids
    other = _story(tmp_path / "other", "Another story\n\nAbout something else.")
    empty_library.import_paths([other])  # so that the freed id is not simply reused
    hid = _highlight(empty_library, first, "raise the budget", "parks!")
    empty_library.remove_articles([first], with_annotations=1)
    [entry] = empty_library.deleted_annotations()
    [second] = empty_library.import_paths([_story(tmp_path / "b")]).added_ids  # same text
    assert second != first
    [entry] = empty_library.deleted_annotations()
    assert entry.current_article_id == second
    restored = empty_library.restore_deleted(entry.trash_id)
    assert restored.article_id == second
    assert (restored.uuid, restored.note, restored.exact) == (
        entry.annotation.uuid, "parks!", "raise the budget"
    )  # fmt: skip
    assert restored.id == hid  # its old id was free
    assert not restored.orphan


def test_a_restored_highlight_is_anchored_in_the_current_text(
    empty_library: Library, tmp_path: Path
) -> None:
    path = _story(tmp_path)
    [aid] = empty_library.import_paths([path]).added_ids
    old = empty_library.annotation(_highlight(empty_library, aid, "raise the budget"))
    empty_library.delete_annotation(old.id)  # type: ignore[union-attr]
    _story(tmp_path, STORY.replace("It voted", "After a long debate that ran late, it voted"))
    assert empty_library.import_paths([path]).updated_ids == [aid]  # same id and uri
    [entry] = empty_library.deleted_annotations()
    restored = empty_library.restore_deleted(entry.trash_id)
    body = empty_library.article(aid).body  # type: ignore[union-attr]
    assert restored.start != old.start  # type: ignore[union-attr]
    assert body[restored.start : restored.end] == "raise the budget"
    assert not restored.orphan


def test_the_trash_keeps_entries_30_days_and_a_purge_of_nothing_writes_nothing(
    library_path: Path,
) -> None:
    start = dt.datetime(2026, 3, 1, 12, 0)
    now = [start]
    with Library.open(library_path, clock=lambda: now[0]) as lib:
        lib.delete_annotation(lib.add_article_note(1, "old").id)
        now[0] = start + dt.timedelta(days=20)
        lib.delete_annotation(lib.add_article_note(2, "newer").id)
    conn = sqlite3.connect(library_path)
    changes_before = conn.execute("PRAGMA data_version").fetchone()[0]
    now[0] = start + dt.timedelta(days=29, hours=23)
    with Library.open(library_path, clock=lambda: now[0]) as lib:  # purges nothing
        assert [e.annotation.note for e in lib.deleted_annotations()] == ["newer", "old"]
        assert lib.purge_deleted() == 0
    assert conn.execute("PRAGMA data_version").fetchone()[0] == changes_before  # no write
    now[0] = start + dt.timedelta(days=30, hours=1)
    with Library.open(library_path, clock=lambda: now[0]) as lib:  # purges the old one
        assert [e.annotation.note for e in lib.deleted_annotations()] == ["newer"]
        seen: list[Changes] = []
        lib.subscribe(seen.append)
        assert lib.purge_deleted(now=start + dt.timedelta(days=51)) == 1
        assert seen == [Changes(trash=True)]
        assert lib.deleted_annotations() == []
    conn.close()


def test_a_protected_library_is_never_purged(library: Library) -> None:
    library.delete_annotation(library.add_article_note(1, "old").id)
    library.protect("the library is damaged (test) and is read-only")
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=90)
    with pytest.raises(LibraryError, match="Nothing was saved"):
        library.purge_deleted(now=later)
    assert len(library.deleted_annotations()) == 1


def test_a_first_schema_library_migrates_to_an_empty_trash(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    with Library.open(path) as lib:
        assert lib.deleted_annotations() == []
        note = lib.add_article_note(2, "new in an old library")
        lib.delete_annotation(note.id)
        assert [e.annotation for e in lib.deleted_annotations()] == [note]
    assert (tmp_path / "old.db.v1.bak").is_file()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version() >= 6
    conn.close()


def test_an_undone_delete_comes_back_even_if_its_id_was_reused(library: Library) -> None:
    first = library.add_article_note(1, "first")
    deleted = library.delete_annotation(first.id)
    other = library.add_article_note(1, "other")  # SQLite gives it the freed id
    assert other.id == first.id
    back = library.restore_annotation(deleted)
    assert (back.uuid, back.note) == (first.uuid, "first") and back.id != other.id
    assert {a.note for a in library.annotations(1)} == {"first", "other"}
    assert library.deleted_annotations() == []
    assert library.restore_annotation(deleted) == back  # again: nothing changes
