"""A protected (read-only, damaged) library refuses every write the same way: `LibraryReadOnly`,
"Nothing was saved: <reason>.", nothing changed on disk and nothing reported.

The list of writes is not kept by hand: every public method of `Library` must be either a
read named here or a `@write`, and every `@write` must have an example call here, so a
write added later cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.library import (
    AnnotationInfo,
    Changes,
    Library,
    LibraryError,
    LibraryReadOnly,
    TagSnapshot,
)
from reader.library.protection import is_write

REASON = "the library is damaged (test) and is read-only"

READS = {
    "open", "close", "protect", "protected", "subscribe", "unsubscribe", "release_thread",
    "counts", "page", "page_before", "page_at", "page_around", "view_size", "rows", "position",
    "neighbour", "unread_ids", "article",
    "annotation_count", "topics", "find_topic", "search", "search_count", "search_is_ranked",
    "interrupter",
    "saved_searches", "check", "annotation", "annotations", "all_annotations",
    "annotation_counts", "export_annotations", "deleted_annotations",
    "orphan_candidates", "highlights", "export_annotation_list",
    "identity", "check_problems",
    "tags", "article_tags", "tags_of_articles", "annotation_tags", "tags_of_annotations",
    "find_tag",
    "feeds", "feed", "feed_folders", "feeds_due", "export_opml", "picture",
    "classifier", "learn_topics", "learned_examples", "explain_topics", "learning_is_current",
}  # fmt: skip


def _an_annotation(lib: Library) -> AnnotationInfo:
    infos = lib.all_annotations()
    assert infos, "the fixture library holds annotations"
    return infos[0]


def _deleted(lib: Library) -> int:
    entries = lib.deleted_annotations()
    assert entries, "the fixture library has an annotation in its trash"
    return entries[0].trash_id


WRITES: dict[str, Callable[[Library, Path], Any]] = {
    "import_paths": lambda lib, tmp: lib.import_paths([tmp / "new.txt"]),
    "set_bookmarked": lambda lib, tmp: lib.set_bookmarked([1], True),
    "set_read": lambda lib, tmp: lib.set_read([1], True),
    "save_scroll": lambda lib, tmp: lib.save_scroll(1, 0.5),
    "add_topic": lambda lib, tmp: lib.add_topic(1, "15000000"),
    "remove_topic": lambda lib, tmp: lib.remove_topic(1, "15000000"),
    "reclassify": lambda lib, tmp: lib.reclassify(),
    "forget_learned_topics": lambda lib, tmp: lib.forget_learned_topics(),
    "remove_articles": lambda lib, tmp: lib.remove_articles([4]),
    "add_highlight": lambda lib, tmp: lib.add_highlight(1, 0, 10, "yellow"),
    "add_article_note": lambda lib, tmp: lib.add_article_note(1, "A note"),
    "set_annotation_note": lambda lib, tmp: lib.set_annotation_note(_an_annotation(lib).id, "x"),
    "set_annotation_color": lambda lib, tmp: lib.set_annotation_color(
        _an_annotation(lib).id, "green"
    ),
    "delete_annotation": lambda lib, tmp: lib.delete_annotation(_an_annotation(lib).id),
    "restore_annotation": lambda lib, tmp: lib.restore_annotation(_an_annotation(lib)),
    "reattach_annotation": lambda lib, tmp: lib.reattach_annotation(_an_annotation(lib).id, 0, 5),
    "put_annotation_place": lambda lib, tmp: lib.put_annotation_place(_an_annotation(lib)),
    "dismiss_orphan": lambda lib, tmp: lib.dismiss_orphan(_an_annotation(lib).id),
    "mark_annotation_seen": lambda lib, tmp: lib.mark_annotation_seen(_an_annotation(lib).id),
    "restore_deleted": lambda lib, tmp: lib.restore_deleted(_deleted(lib)),
    "purge_deleted": lambda lib, tmp: lib.purge_deleted(now=dt.datetime(2100, 1, 1)),
    "import_annotations": lambda lib, tmp: lib.import_annotations(tmp / "notes.json"),
    "save_search": lambda lib, tmp: lib.save_search("Mine", "ukraine"),
    "rename_search": lambda lib, tmp: lib.rename_search(lib.saved_searches()[0].id, "Other"),
    "delete_search": lambda lib, tmp: lib.delete_search(lib.saved_searches()[0].id),
    "reindex": lambda lib, tmp: lib.reindex(),
    "tag_articles": lambda lib, tmp: lib.tag_articles([1], add=["x"]),
    "tag_annotations": lambda lib, tmp: lib.tag_annotations([_an_annotation(lib).id], add=["x"]),
    "rename_tag": lambda lib, tmp: lib.rename_tag("x", "y"),
    "merge_tags": lambda lib, tmp: lib.merge_tags(["x"], "y"),
    "restore_tags": lambda lib, tmp: lib.restore_tags(TagSnapshot((), ())),
    # feeds and pages: refused before any address is fetched (nothing listens on port 9)
    "add_feed": lambda lib, tmp: lib.add_feed("http://127.0.0.1:9/feed.xml"),
    "rename_feed": lambda lib, tmp: lib.rename_feed(1, "Mine"),
    "move_feed": lambda lib, tmp: lib.move_feed(1, "News"),
    "pause_feed": lambda lib, tmp: lib.pause_feed(1, True),
    "set_feed_options": lambda lib, tmp: lib.set_feed_options(1, full_text=True),
    "remove_feed": lambda lib, tmp: lib.remove_feed(1, keep_articles=False),
    "import_opml": lambda lib, tmp: lib.import_opml(
        b'<opml version="2.0"><body><outline xmlUrl="https://e.org/f"/></body></opml>'
    ),
    "refresh_feeds": lambda lib, tmp: lib.refresh_feeds(),
    "save_page": lambda lib, tmp: lib.save_page("http://127.0.0.1:9/page"),
    "add_url": lambda lib, tmp: lib.add_url("http://127.0.0.1:9/page"),
}


def _public_methods() -> set[str]:
    return {name for name, _ in inspect.getmembers(Library) if not name.startswith("_")}


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def used(library: Library, tmp_path: Path) -> Library:
    """The corpus with a highlight, a deleted note in the trash, a saved search, and files
    to import."""
    library.add_highlight(1, 0, 10, "yellow", "kept")
    library.delete_annotation(library.add_article_note(2, "gone").id)
    library.save_search("Saved", "climate")
    (tmp_path / "new.txt").write_text("A headline\n\nA new story.", encoding="utf-8")
    (tmp_path / "notes.json").write_text(library.export_annotations("webannotation"))
    return library


def test_every_public_method_is_a_known_read_or_a_write() -> None:
    methods = _public_methods()
    writes = {name for name in methods if is_write(getattr(Library, name))}
    unknown = methods - writes - READS
    assert unknown == set(), f"say whether these read or write (add @write): {unknown}"
    assert writes & READS == set()
    assert writes == set(WRITES), "every @write needs an example call in WRITES"
    assert methods >= READS, f"gone from Library: {READS - methods}"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_on_a_protected_library_raises_and_changes_nothing(
    used: Library, tmp_path: Path, name: str
) -> None:
    seen: list[Changes] = []
    used.subscribe(seen.append)
    used.protect(REASON)
    before = _dump(used.path)
    with pytest.raises(LibraryReadOnly) as raised:
        WRITES[name](used, tmp_path)
    assert str(raised.value) == f"Nothing was saved: {REASON}."
    assert raised.value.reason == REASON
    assert isinstance(raised.value, LibraryError)
    assert seen == []
    assert _dump(used.path) == before


def test_reads_still_work_on_a_protected_library(used: Library) -> None:
    used.protect(REASON)
    assert used.counts().all == 4
    assert used.article(1) is not None
    assert len(used.all_annotations()) == 1
    assert used.search_count("the") == 4 + 1  # the four articles and the highlight's note
    assert used.check().ok  # FTS5's integrity check is spelt as an INSERT: still allowed
    assert used.protected == REASON


def test_the_command_line_prints_it_as_one_line(
    library_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library protected while the command runs (a damaged page met by a read): the write
    that follows is refused with the usual one-line message."""
    from reader.cli import main

    Library.open(library_path).close()
    original = Library.open.__func__  # type: ignore[attr-defined]

    def open_protected(cls: type[Library], *args: object, **kwargs: object) -> Library:
        opened = original(cls, *args, **kwargs)
        opened.protect(REASON)
        return opened

    monkeypatch.setattr(Library, "open", classmethod(open_protected))
    assert main(["topic", "1", "--add", "sport", "--library", str(library_path)]) == 1
    err = capsys.readouterr().err
    assert err == f"reader: Nothing was saved: {REASON}.\n"
