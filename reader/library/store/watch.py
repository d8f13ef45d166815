"""Noticing what other processes wrote to the library, and saying it as a `Changes` report.

A window keeps the library open for hours while the command line (or another Reader)
imports, marks, re-topics and annotates the same file. `ChangeWatcher.poll` is cheap enough
to call every half second while idle: it asks SQLite for `PRAGMA data_version`, which changes
only when another connection committed (a few microseconds; nothing else is read while it
stays the same). When it moved, the watcher reads the change journal (migration 0012: rows
`(seq, kind, row)` written by triggers, in every connection) from the last `seq` it saw and
turns the rows into the same `Changes` the library's own writes report.

This process's own writes are reported by the library as it makes them, so they must not come
back through the journal: while a watcher runs, `OwnWrites` is the database's journal hooks
(`store.transactions`), and each write transaction records the range of journal numbers it
wrote (read after `BEGIN IMMEDIATE`, while it holds the write lock, and again just before its
`COMMIT`), which the watcher then skips. The journal prunes itself; a watcher that fell
further behind than what it keeps sees a gap and reports every kind of change coarsely.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from typing import Any

from reader.library.changes import NOTHING, Changes
from reader.library.store.models import database

JOURNAL = "change_journal"
_MAX_SEQ = f"SELECT max(seq) FROM {JOURNAL}"
_SINCE = f"SELECT seq, kind, row FROM {JOURNAL} WHERE seq > ? ORDER BY seq"
COARSE = Changes(counts=True, topics=True, trash=True, feeds=True, tags=True)  # after a gap


def max_seq(conn: Any) -> int | None:
    """The newest journal number on `conn` (0 for an empty journal), or None without one."""
    try:
        found = conn.execute(_MAX_SEQ).fetchone()[0]
    except sqlite3.Error:
        return None
    return int(found or 0)


class OwnWrites:
    """The journal numbers this process's connections wrote, by transaction: `(low, high]`
    ranges, recorded before each commit (so a watcher reading right after it already knows
    them) and dropped again if the commit failed. Any thread may write; one watcher reads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ranges: list[tuple[int, int]] = []
        self._local = threading.local()

    def began(self, conn: Any) -> None:
        self._local.low = max_seq(conn)
        self._local.pending = None

    def committing(self, conn: Any) -> None:
        low = getattr(self._local, "low", None)
        high = max_seq(conn) if low is not None else None
        if low is not None and high is not None and high > low:
            with self._lock:
                self._ranges.append((low, high))
            self._local.pending = (low, high)
        # a chunked transaction goes on from here: its next rows are its next range
        self._local.low = high

    def committed(self) -> None:
        self._local.pending = None

    def rolled_back(self) -> None:
        pending = getattr(self._local, "pending", None)
        if pending is not None:
            with self._lock:
                if pending in self._ranges:
                    self._ranges.remove(pending)
        self._local.pending = None
        self._local.low = None

    def owns(self, seq: int) -> bool:
        with self._lock:
            return any(low < seq <= high for low, high in self._ranges)

    def forget(self, upto: int) -> None:
        """Drop the ranges wholly at or below `upto` (the watcher has read past them)."""
        with self._lock:
            self._ranges = [r for r in self._ranges if r[1] > upto]

    def __len__(self) -> int:
        return len(self._ranges)


# what each kind of journal row stands for: the set of `Changes` its row id goes into (or
# None), and the flags it sets
KINDS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "added": ("added", ("counts", "topics")),
    "removed": ("removed", ("counts", "topics")),
    "article": ("articles", ("counts", "topics")),  # its text: the pane reads it again
    "topics": ("articles", ("counts", "topics")),
    "read": ("articles", ("counts",)),
    "annotation": ("annotations", ("counts",)),
    "topic": (None, ("counts", "topics")),
    "trash": (None, ("trash",)),
    "search": (None, ("counts",)),
    "feed": (None, ("counts", "feeds")),
    "tags": ("articles", ("counts", "tags")),
    "tag": (None, ("counts", "tags")),
}


def changes_of(rows: Iterable[tuple[int, str, int | None]], gap: bool = False) -> Changes:
    """The `Changes` that journal rows `(seq, kind, row)` stand for (all kinds if `gap`)."""
    ids: dict[str, set[int]] = {"added": set(), "removed": set(), "articles": set(),
                                "annotations": set()}  # fmt: skip
    flags: set[str] = set()
    for _seq, kind, row in rows:
        into, sets = KINDS.get(kind, (None, ()))
        if into is not None and row is not None:
            ids[into].add(row)
        flags.update(sets)
    changes = Changes(
        articles=frozenset(ids["articles"] - ids["added"] - ids["removed"]),
        added=frozenset(ids["added"] - ids["removed"]),
        annotations=frozenset(ids["annotations"]), removed=frozenset(ids["removed"]),
        **dict.fromkeys(flags, True),
    )  # fmt: skip
    return changes | COARSE if gap else changes


class ChangeWatcher:
    """What other processes committed to the open library since the last `poll`.

    Make it on the thread that polls (the window's), after the library opened; `stop` when
    done. While it runs, this process's write transactions note their journal rows (two
    indexed reads of one number each per transaction)."""

    def __init__(self) -> None:
        self._own = OwnWrites()
        self._version, self._seq = 0, None
        self.polls = 0  # how many times it looked (for tests and benchmarks)
        if database.is_closed():
            return
        conn = database.connection()
        self._version, self._seq = self._data_version(conn), max_seq(conn)
        if self._seq is not None:
            database.journal_hooks = self._own

    @staticmethod
    def _data_version(conn: Any) -> int:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])

    @property
    def watching(self) -> bool:
        """Whether the library has a journal to read (a library too old for one, opened
        read-only, cannot be watched)."""
        return self._seq is not None

    def poll(self) -> Changes:
        """What other processes changed since the last call; NOTHING, at the cost of one
        pragma, if no other connection committed."""
        self.polls += 1
        if self._seq is None or database.is_closed() or database.in_transaction():
            return NOTHING
        conn = database.connection()
        try:
            version = self._data_version(conn)
            if version == self._version:
                return NOTHING
            self._version = version
            rows = conn.execute(_SINCE, (self._seq,)).fetchall()
        except sqlite3.Error:
            return NOTHING  # busy or damaged: the library's own reads will say so
        if not rows:
            return NOTHING
        gap = rows[0][0] > self._seq + 1  # the journal pruned rows this watcher never read
        theirs = [r for r in rows if not self._own.owns(r[0])]
        self._seq = rows[-1][0]
        self._own.forget(self._seq)
        return changes_of(theirs, gap) if theirs or gap else NOTHING

    def stop(self) -> None:
        """Stop noting this process's writes."""
        if database.journal_hooks is self._own:
            database.journal_hooks = None
