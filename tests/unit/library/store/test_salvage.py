"""Salvage of every damage mode: truncated, a zeroed page, bit flips, a damaged header, a
damaged schema page, damaged interior pages, a damaged search index and a torn WAL. Each
prints what was recovered (run with `-s`); each asserts what must survive that damage."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library import Library, LibraryError, View, salvage
from reader.library.store.models import database

PAGE = 4096
Counts = dict[str, int]


def _counts(path: Path) -> Counts:
    conn = sqlite3.connect(path)
    try:
        found = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in (
            "article", "bookmark", "reading_state", "annotation")}  # fmt: skip
        found["topic choices"] = conn.execute(
            "SELECT COUNT(*) FROM article_topic WHERE origin = 'user'").fetchone()[0]  # fmt: skip
        found["in trash"] = conn.execute("SELECT COUNT(*) FROM annotation_trash").fetchone()[0]
        return found
    finally:
        conn.close()


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 long articles with bookmarks, reading state, topic choices, highlights and notes,
    checkpointed into one file."""
    folder = tmp_path_factory.mktemp("salvage")
    source = folder / "many.txt"
    source.write_text("\n\n".join(f"Story {i}: " + f"words{i} " * 300 for i in range(60)))
    path = folder / "original.db"
    with Library.open(path, backups=False) as lib:
        lib.import_paths([source])
        ids = [row.id for row in lib.page(View("all"), None, 1000)]
        lib.set_bookmarked(ids[::3], True)
        lib.set_read(ids[::2], True)
        for i in ids[::5]:
            lib.add_topic(i, "15000000")
        for i in ids[::4]:
            lib.add_highlight(i, 0, 10, "yellow", f"highlight on {i}")
        for i in ids[1::4]:
            lib.add_article_note(i, f"note on {i}")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _pages(path: Path, sql: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute(f"SELECT pageno FROM dbstat WHERE {sql}"))
    finally:
        conn.close()


def _overwrite(path: Path, numbers: list[int], fill: bytes) -> None:
    data = bytearray(path.read_bytes())
    for n in numbers:
        data[(n - 1) * PAGE : n * PAGE] = (fill * PAGE)[:PAGE]
    path.write_bytes(bytes(data))


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6) // PAGE * PAGE])


def zeroed_page(path: Path) -> None:
    leaves = _pages(path, "name = 'article' AND pagetype = 'leaf'")
    _overwrite(path, [leaves[len(leaves) // 2]], b"\0")


def bit_flips(path: Path) -> None:
    rng = random.Random(7)
    data = bytearray(path.read_bytes())
    for _ in range(200):
        at = rng.randrange(100, len(data))
        data[at] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xff" * 100
    path.write_bytes(bytes(data))


def schema_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:PAGE] = bytes(PAGE - 100)  # page 1: the schema's root, after the header
    path.write_bytes(bytes(data))


def interior_pages(path: Path) -> None:
    _overwrite(path, _pages(path, "name = 'article' AND pagetype = 'internal'"), b"\0")


def search_index(path: Path) -> None:
    _overwrite(path, _pages(path, "name IN ('article_fts_data', 'article_fts_idx')"), b"\xde\xad")


def torn_wal(path: Path) -> None:
    """Two notes committed into the WAL; the file is copied as a crash leaves it, and the
    last frame of the WAL is cut in half: the first note must come back, the second not."""
    kept = path.with_name("kept")
    kept.mkdir()
    with Library.open(path, backups=False) as lib:
        database.execute_sql("PRAGMA wal_autocheckpoint = 0")
        lib.add_article_note(3, "committed in the WAL")
        lib.add_article_note(4, "torn in the WAL")
        for name in (path.name, path.name + "-wal"):
            shutil.copy(path.with_name(name), kept / name)
    for name in (path.name, path.name + "-wal"):
        shutil.move(kept / name, path.with_name(name))
    wal = path.with_name(path.name + "-wal")
    data = wal.read_bytes()
    wal.write_bytes(data[: len(data) - 2000])


MODES: dict[str, Callable[[Path], None]] = {
    "truncated": truncated,
    "zeroed page": zeroed_page,
    "bit flips": bit_flips,
    "header": header,
    "schema page": schema_page,
    "interior pages": interior_pages,
    "search index": search_index,
    "torn WAL": torn_wal,
}

# At least this much must come back of each (articles, annotations): everything where the
# damage touched no row, the rows of the pages that survived otherwise.
FLOORS = {
    "truncated": (18, 0),  # schema 9's tag tables take pages before the articles
    "zeroed page": (58, 28),
    "bit flips": (40, 15),
    "header": (64, 32),
    "schema page": (64, 32),
    "interior pages": (64, 32),
    "search index": (64, 32),
    "torn WAL": (64, 33),
}


@pytest.mark.parametrize("mode", list(MODES))
def test_salvage_recovers_what_each_damage_left(original: Path, tmp_path: Path, mode: str) -> None:
    damaged = tmp_path / "damaged.db"
    shutil.copy(original, damaged)
    MODES[mode](damaged)
    before = damaged.read_bytes()
    new = tmp_path / "new.db"
    report = salvage(damaged, new)
    assert damaged.read_bytes() == before, "salvage wrote to the damaged file"
    got, had = _counts(new), _counts(original)
    shown = ", ".join(f"{k} {got[k]}/{had[k]}" for k in had if k != "in trash")
    lost = ", ".join(f"{k} {v}" for k, v in report.lost.items() if v) or "nothing known"
    print(f"\nsalvage, {mode}: {shown} (+{got['in trash']} in the trash); lost: {lost}")
    articles, annotations = FLOORS[mode]
    assert got["article"] >= articles
    assert got["annotation"] + got["in trash"] >= annotations
    for line in report.lines():
        assert "\n" not in line
    with Library.open(new) as lib:  # a sound library: it passes the full check
        assert lib.check().ok
        assert lib.search_count("words1") >= 1 or got["article"] < 64
        if mode == "torn WAL":
            notes = {a.note for a in lib.all_annotations()}
            assert "committed in the WAL" in notes and "torn in the WAL" not in notes
        if got == had:
            assert lib.counts().bookmarked == had["bookmark"]


def test_salvage_refuses_to_overwrite_and_to_read_nothing(tmp_path: Path, original: Path) -> None:
    new = tmp_path / "exists.db"
    new.write_text("mine")
    with pytest.raises(LibraryError, match="exists already"):
        salvage(original, new)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x01" * 8192)
    with pytest.raises(LibraryError, match="Nothing could be read"):
        salvage(junk, tmp_path / "out.db")


def test_salvage_keeps_tags_on_articles_and_highlights(tmp_path: Path) -> None:
    source = tmp_path / "few.txt"
    source.write_text("\n\n".join(f"Story {i}: " + f"words{i} " * 40 for i in range(5)))
    path, new = tmp_path / "tagged.db", tmp_path / "saved.db"
    with Library.open(path, backups=False) as lib:
        lib.import_paths([source])
        first, second = (row.id for row in lib.page(View("all"), None, 2))
        lib.tag_articles([first, second], add=["work/project-x"])
        note = lib.add_highlight(first, 0, 10, "pink", "kept")
        lib.tag_annotations([note.id], add=["quote"])
        gone = lib.add_highlight(second, 0, 10, "green")
        lib.tag_annotations([gone.id], add=["binned"])
        lib.delete_annotation(gone.id)
    salvage(path, new)
    with Library.open(new, backups=False) as lib:
        assert lib.article_tags(first) == ("work/project-x",)
        assert lib.article_tags(second) == ("work/project-x",)
        assert lib.annotation_tags(note.id) == ("quote",)
        (entry,) = lib.deleted_annotations()
        assert lib.annotation_tags(lib.restore_deleted(entry.trash_id).id) == ("binned",)


def test_salvage_keeps_the_topic_choices_learned_from(tmp_path: Path) -> None:
    source = tmp_path / "few.txt"
    source.write_text("\n\n".join(f"Story {i}: " + f"words{i} " * 40 for i in range(5)))
    path, new = tmp_path / "taught.db", tmp_path / "saved.db"
    with Library.open(path, backups=False) as lib:
        lib.import_paths([source])
        first, second = (row.id for row in lib.page(View("all"), None, 2))
        lib.add_topic(first, "15000000")
        lib.remove_topic(second, "15000000")
    salvage(path, new)
    with Library.open(new, backups=False) as lib:
        assert lib.learned_examples() == 2
