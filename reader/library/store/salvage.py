"""Salvage: copy what can still be read of a damaged library into a new one, and say what was
saved and what was lost (`reader salvage DAMAGED NEW`).

The damaged file is never written: it is copied (with its WAL, whose whole frames SQLite
replays and whose torn end it ignores) into a private folder, and only the copy is touched
(its header rewritten if it is damaged). Each of the user's tables is then read row by row
through SQLite, stepping over rows that raise; where SQLite cannot walk a table (its schema
page or interior pages are damaged) every table leaf page of the file is decoded directly
(`store.pages`) and each record is matched to the table whose shape it has. What is read goes
into a new library with the same ids: articles and their files, topic choices, bookmarks,
reading state, highlights and notes (a highlight whose article is lost goes to the trash,
with its text, rather than away), removed notes, tags (on articles and on highlights; their
link tables have no rowids, so only SQLite can read them), saved searches and the library's
identity.
The search index is rebuilt.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.library.errors import LibraryError
from reader.library.store import pages

LINEAR_PROBES = 2000  # rowids looked up one by one after a read fails
KINDS = {"N": "null", "I": "int", "R": "real", "T": "text", "B": "blob"}
Row = dict[str, pages.Value]


@dataclass(frozen=True, slots=True)
class Table:
    """One of the user's tables: its columns (newest schema), the storage classes each may
    hold in a record, the fewest values an older row may have, whether its first column is
    the rowid (stored as NULL in records), and what names a row of it."""

    name: str
    columns: tuple[str, ...]
    kinds: tuple[frozenset[str], ...]
    minimum: int
    alias: bool
    key: tuple[str, ...]
    label: str
    rowid: bool = True  # False: a WITHOUT ROWID table, read whole by SQLite or not at all
    paged: bool = True  # whether records read from pages may be taken for its rows


def _t(
    name: str, label: str, spec: str, minimum: int | None = None, *, key: str = "",
    rowid: bool = True, paged: bool = True,
) -> Table:  # fmt: skip
    cols, kinds = [], []
    for part in spec.split():
        col, allowed = part.split(":")
        cols.append(col)
        kinds.append(frozenset(KINDS[c] for c in allowed))
    alias = kinds[0] == frozenset({"null"})
    keys = tuple(key.split(",")) if key else (cols[0],)
    return Table(
        name, tuple(cols), tuple(kinds), minimum or len(cols), alias, keys, label, rowid, paged
    )


TABLES = (
    _t("source_file", "imported files", "id:N path:T content_hash:T size:I imported_at:T "
       "format:T mtime_ns:I", 5),
    _t("article", "articles", "id:N uri:T content_hash:T source_file_id:IN source_path:T "
       "source_index:I title:T title_derived:I dateline:TN body:T words:I added:T updated:T "
       "html:TN published:TN author:TN source_url:TN format:T", 13),
    _t("article_topic", "topic choices", "article_id:I topic_id:T score:RI origin:T added:T",
       key="article_id,topic_id"),
    _t("bookmark", "bookmarks", "article_id:N created:T"),
    _t("reading_state", "reading states", "article_id:N read:I read_at:TN scroll:RI"),
    _t("annotation", "highlights and notes", "id:N uuid:T article_id:I kind:T color:TN "
       "exact:TN prefix:TN suffix:TN start:IN end:IN note:T orphan:I created:T updated:T "
       "moved:I", 15),
    _t("annotation_trash", "removed notes (trash)", "id:N annotation_id:I uuid:T article_id:I "
       "article_uri:T article_title:T kind:T color:TN exact:TN prefix:TN suffix:TN start:IN "
       "end:IN note:T orphan:I created:T updated:T removed:T reason:T tags:T", 19),
    # (a tag's record has the shape of a bookmark's: tags are only what SQLite can read)
    _t("tag", "tags", "id:N name:T", paged=False),
    _t("article_tag", "tags on articles", "article_id:I tag_id:I", key="article_id,tag_id",
       rowid=False, paged=False),
    _t("annotation_tag", "tags on highlights and notes", "annotation_id:I tag_id:I",
       key="annotation_id,tag_id", rowid=False, paged=False),
    _t("topic_example", "topic choices learned from", "article_id:I topic_id:T chosen:I at:T",
       key="article_id,topic_id", rowid=False, paged=False),
    _t("saved_search", "saved searches", "id:N name:T query:T created:T"),
    _t("library_meta", "library facts", "key:T value:T"),
)  # fmt: skip
BY_NAME = {t.name: t for t in TABLES}
# tables an older library may lack without being damaged (schema 9 added the tags, 14 the
# topic examples)
LATER = frozenset({"library_meta", "tag", "article_tag", "annotation_tag", "topic_example"})


@dataclass(slots=True)
class Found:
    """What was read of one table."""

    rows: dict[tuple[pages.Value, ...], Row] = field(default_factory=dict)
    rowids: set[int] = field(default_factory=set)  # of the rows read
    failed: set[int] = field(default_factory=set)  # rowids whose lookup raised
    from_pages: int = 0  # rows found only by reading pages directly
    lost: int = 0  # rows read but not kept (what they belong to is lost)

    @property
    def unreadable(self) -> int:
        """Rows known to exist (a lookup of their rowid raised, below the highest rowid
        found) that neither SQLite nor the page reader could give."""
        top = max(self.rowids, default=0)
        return len({r for r in self.failed - self.rowids if r <= top})

    trashed: int = 0  # highlights kept in the trash because their article is lost


@dataclass(frozen=True, slots=True)
class SalvageReport:
    """What `salvage` saved and lost, per kind of data, and how it read the file."""

    source: Path
    target: Path
    saved: dict[str, int]
    lost: dict[str, int]
    notes: tuple[str, ...]

    def lines(self) -> list[str]:
        """The report for a person: one line per kind of data, then how it was read."""
        out = [f"Saved into {self.target} what could be read of {self.source}:"]
        for table in TABLES:
            saved, lost = self.saved.get(table.label, 0), self.lost.get(table.label, 0)
            if saved or lost:
                gone = f"; {lost} could not be read or kept" if lost else ""
                out.append(f"  {table.label}: {saved} saved{gone}")
        return out + [f"  {note}" for note in self.notes]


def salvage(damaged: Path, new: Path, progress: Callable[[str], None] | None = None
            ) -> SalvageReport:  # fmt: skip
    """Copy every readable article, bookmark, reading state, topic choice, highlight and note
    of `damaged` into a new library at `new` (which must not exist). No library may be open
    in this process. Raises `LibraryError` if nothing at all can be read."""
    from reader.library.api import Library

    say = progress or (lambda _: None)
    damaged, new = Path(damaged), Path(new)
    if Library._open is not None:
        raise LibraryError("Close the open library first; salvage opens the new one itself.")
    if not damaged.is_file():
        raise LibraryError(f"There is no file at {damaged}.")
    if new.exists():
        raise LibraryError(f"{new} exists already: choose a new file for the salvaged library.")
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="reader-salvage-") as folder:
        work = Path(folder) / "damaged.db"
        shutil.copyfile(damaged, work)
        wal = damaged.with_name(damaged.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, work.with_name(work.name + "-wal"))
        missing = pages.missing_pages(work)
        if missing:
            notes.append(f"the file ends early: {missing} of its pages are missing")
        if pages.repair_header(work):
            notes.append("its header was damaged and was rebuilt")
        say("reading the damaged library")
        found, scanned = _read(work, notes)
    if not any(f.rows for f in found.values()):
        raise LibraryError(
            f"Nothing could be read from {damaged}: restore a backup instead "
            "(`reader backups` lists them)."
        )
    say("writing the new library")
    _write(new, found)
    if scanned:
        notes.append("rows were also read page by page where SQLite could not reach them")
    saved = {BY_NAME[name].label: len(f.rows) for name, f in found.items()}
    lost = {BY_NAME[name].label: f.unreadable + f.lost for name, f in found.items()}
    trashed = found["annotation"].trashed
    if trashed:
        one = trashed == 1
        notes.append(
            f"{trashed} highlight{'' if one else 's'} or note{'' if one else 's'} whose article "
            f"was lost {'is' if one else 'are'} in the trash, text and all "
            "(`reader notes --deleted`)"
        )
    return SalvageReport(damaged, new, saved, lost, tuple(notes))


# -- reading -----------------------------------------------------------------------------------


def _read(work: Path, notes: list[str]) -> tuple[dict[str, Found], bool]:
    found = {t.name: Found() for t in TABLES}
    present: set[str] = set()
    try:
        conn = sqlite3.connect(str(work), timeout=1)
    except sqlite3.Error:
        conn = None
    try:
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # pages are read from the file
            try:
                present = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
            except sqlite3.Error as exc:
                notes.append(f"its list of tables could not be read ({_short(exc)})")
            for table in TABLES:
                if table.name in present:
                    read = _read_table if table.rowid else _read_whole
                    read(conn, table, found[table.name])
    finally:
        if conn is not None:
            conn.close()
    missing = [t.name for t in TABLES if t.name not in present and t.name not in LATER]
    troubled = missing or any(f.failed for f in found.values())
    if troubled:
        _read_pages(work, found)
    return found, bool(troubled)


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120]


def _read_table(conn: sqlite3.Connection, table: Table, into: Found) -> None:
    """Every row SQLite can give, in rowid order, stepping over rows that raise."""
    select = f"SELECT rowid, * FROM {table.name}"
    last: int | None = None
    while True:
        where = "" if last is None else " WHERE rowid > ?"
        args = () if last is None else (last,)
        try:
            cursor = conn.execute(f"{select}{where} ORDER BY rowid", args)
            names = [d[0] for d in cursor.description][1:]
            for row in cursor:
                _keep(table, into, row[0], dict(zip(names, row[1:], strict=True)))
                last = row[0]
            return
        except sqlite3.Error:
            resume = _step_over(conn, table, into, last)
            if resume is None:
                return
            last = resume


def _read_whole(conn: sqlite3.Connection, table: Table, into: Found) -> None:
    """A table without rowids: all of it, in key order, or (if SQLite cannot) none."""
    try:
        cursor = conn.execute(f"SELECT * FROM {table.name} ORDER BY {', '.join(table.key)}")
        names = [d[0] for d in cursor.description]
        for number, row in enumerate(cursor):
            _keep(table, into, number, dict(zip(names, row, strict=True)))
    except sqlite3.Error:
        into.failed.add(0)


def _step_over(conn: sqlite3.Connection, table: Table, into: Found, last: int | None
               ) -> int | None:  # fmt: skip
    """After a failed read past `last`: look rowids up one by one for a while, then jump
    ahead in growing steps; returns the rowid to go on after, or None at the end."""
    start = (last if last is not None else 0) + 1
    for rowid in range(start, start + LINEAR_PROBES):
        try:
            cursor = conn.execute(f"SELECT rowid, * FROM {table.name} WHERE rowid = ?", (rowid,))
            row = cursor.fetchone()
        except sqlite3.Error:
            into.failed.add(rowid)
            continue
        if row is not None:
            names = [d[0] for d in cursor.description][1:]
            _keep(table, into, row[0], dict(zip(names, row[1:], strict=True)))
    step, base = LINEAR_PROBES, start + LINEAR_PROBES - 1
    while step < 1 << 62:
        try:
            nxt = conn.execute(
                f"SELECT rowid FROM {table.name} WHERE rowid > ? ORDER BY rowid LIMIT 1", (base,)
            ).fetchone()
        except sqlite3.Error:
            base += step
            step *= 2
            continue
        return None if nxt is None else int(nxt[0]) - 1
    return None


def _keep(table: Table, into: Found, rowid: int, row: Row) -> None:
    into.rowids.add(rowid)
    if table.alias:
        row[table.columns[0]] = rowid
    key = tuple(row.get(k) for k in table.key)
    into.rows.setdefault(key, row)


def _read_pages(work: Path, found: dict[str, Found]) -> None:
    """Records from every table leaf page, each given to the one table whose shape it has;
    rows SQLite already gave win."""
    for record in pages.table_records(work):
        table = _shape_of(record)
        if table is None:
            continue
        values = list(record.values) + [None] * (len(table.columns) - len(record.values))
        row = dict(zip(table.columns, values, strict=True))
        if table.alias:
            row[table.columns[0]] = record.rowid
        key = tuple(row.get(k) for k in table.key)
        into = found[table.name]
        into.rowids.add(record.rowid)
        if key not in into.rows:
            into.rows[key] = row
            into.from_pages += 1


def _shape_of(record: pages.Record) -> Table | None:
    matches = [t for t in TABLES if t.paged and _fits(t, record)]
    return matches[0] if len(matches) == 1 else None


def _fits(table: Table, record: pages.Record) -> bool:
    count = len(record.kinds)
    if not table.minimum <= count <= len(table.columns):
        return False
    if not all(kind in allowed for kind, allowed in zip(record.kinds, table.kinds, strict=False)):
        return False
    if table.name == "article":  # a content hash is 64 hex digits
        digest = record.values[2]
        return isinstance(digest, str) and len(digest) == 64
    return True


# -- writing -----------------------------------------------------------------------------------


def _write(new: Path, found: dict[str, Found]) -> None:
    from reader.library.api import Library

    Library.open(new, import_corpus=False, backups=False).close()  # schema, topics
    conn = sqlite3.connect(str(new), isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        topics = {r[0] for r in conn.execute("SELECT code FROM topic")}
        _insert(conn, "source_file", found["source_file"])
        sources = {row["id"] for row in found["source_file"].rows.values()}
        for row in found["article"].rows.values():
            if row.get("source_file_id") not in sources:
                row["source_file_id"] = None
        _insert(conn, "article", found["article"])
        articles = {row["id"] for row in found["article"].rows.values()}
        for name in ("article_topic", "topic_example", "bookmark", "reading_state"):
            keep = _belongs(found[name], articles, topics if "topic" in name else None)
            _insert(conn, name, keep)
        notes = found["annotation"]
        _trash_orphans(conn, notes, articles)
        _insert(conn, "annotation", notes)
        _insert(conn, "annotation_trash", found["annotation_trash"])
        _insert(conn, "tag", found["tag"])
        tags = {row["id"] for row in found["tag"].rows.values()}
        kept = {row["id"] for row in notes.rows.values()}
        for name, column, items in (
            ("article_tag", "article_id", articles), ("annotation_tag", "annotation_id", kept),
        ):  # fmt: skip
            links = found[name]
            for key, row in list(links.rows.items()):
                if row.get(column) not in items or row.get("tag_id") not in tags:
                    del links.rows[key]
                    links.lost += 1
            _insert(conn, name, links)
        _insert(conn, "saved_search", found["saved_search"])
        conn.execute("DELETE FROM library_meta")
        _insert(conn, "library_meta", found["library_meta"])
        conn.execute("COMMIT")
    finally:
        conn.close()
    with Library.open(new, import_corpus=False, backups=False) as lib:
        lib.reindex()


def _belongs(rows: Found, articles: set[pages.Value], topics: set[str] | None) -> Found:
    """Only rows whose article (and topic) the new library has; the others count as lost."""
    for key, row in list(rows.rows.items()):
        topic_gone = topics is not None and row.get("topic_id") not in topics
        if row.get("article_id") not in articles or topic_gone:
            del rows.rows[key]
            rows.lost += 1
    return rows


def _trash_orphans(conn: sqlite3.Connection, notes: Found, articles: set[pages.Value]) -> None:
    """Highlights whose article is lost go to the trash with their text, not away."""
    for key, row in list(notes.rows.items()):
        if row.get("article_id") in articles:
            continue
        del notes.rows[key]
        notes.trashed += 1
        conn.execute(
            "INSERT INTO annotation_trash (annotation_id, uuid, article_id, article_uri, "
            "article_title, kind, color, exact, prefix, suffix, start, \"end\", note, orphan, "
            "created, updated, removed, reason) VALUES (?, ?, ?, '', '(lost in a salvage)', "
            "?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, datetime('now'), 'article lost')",
            (row.get("id"), row.get("uuid"), row.get("article_id"), row.get("kind"),
             row.get("color"), row.get("exact"), row.get("prefix"), row.get("suffix"),
             row.get("start"), row.get("end"), row.get("note") or "", row.get("created"),
             row.get("updated")),
        )  # fmt: skip


def _insert(conn: sqlite3.Connection, name: str, found: Found) -> None:
    """Insert each row on its own (a row the new schema refuses is counted lost)."""
    table = BY_NAME[name]
    columns = list(table.columns)
    marks = ", ".join("?" * len(columns))
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT OR IGNORE INTO {name} ({quoted}) VALUES ({marks})"
    for key, row in list(found.rows.items()):
        values = [row.get(c, _DEFAULTS.get((name, c))) for c in columns]
        try:
            if conn.execute(sql, values).rowcount == 0:
                raise sqlite3.IntegrityError("a duplicate")
        except sqlite3.Error:
            del found.rows[key]
            found.lost += 1


_DEFAULTS: dict[tuple[str, str], pages.Value] = {
    ("article", "format"): "seed",
    ("annotation_trash", "tags"): "[]",
    ("source_file", "format"): "seed",
    ("source_file", "mtime_ns"): 0,
    ("annotation", "note"): "",
    ("annotation", "orphan"): 0,
    ("annotation", "moved"): 0,
}
