"""What the article list can show (a view) and the rows it shows, read in pages.

Rows come newest import first and, within one import, in file order. Pages are read with a
keyset cursor (the last row's `added` and `id`), so reading page 300 of a 100,000-article
view costs the same as reading page 1, and a view never needs all of its ids at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reader.library.ingest.prose import excerpt
from reader.library.store.models import database

ViewKind = Literal[
    "all", "unread", "bookmarked", "topic", "annotated", "notes", "orphans", "feed", "folder"
]


@dataclass(frozen=True, slots=True)
class View:
    """A filter over the library: everything, unread, bookmarked, one topic, one feed, or
    the feeds of one folder (and the folders inside it)."""

    kind: ViewKind = "all"
    topic: str | None = None
    feed: int | None = None
    folder: str | None = None

    @property
    def key(self) -> str:
        """A stable string for settings: `all`, `unread`, `bookmarked`, `topic:16000000`,
        `feed:3`, `folder:News/World`."""
        if self.kind == "topic":
            return f"topic:{self.topic}"
        if self.kind == "feed":
            return f"feed:{self.feed}"
        if self.kind == "folder":
            return f"folder:{self.folder}"
        return self.kind

    @classmethod
    def from_key(cls, key: str) -> View:
        """Inverse of `key`; anything unrecognised is the `all` view."""
        kind, _, topic = key.partition(":")
        if kind == "topic" and topic:
            return cls("topic", topic)
        if kind == "feed" and topic.isdigit():
            return cls("feed", feed=int(topic))
        if kind == "folder" and topic:
            return cls("folder", folder=topic)
        if kind in ("unread", "bookmarked", "annotated", "notes", "orphans"):
            return cls(kind)  # type: ignore[arg-type]
        return cls()


@dataclass(frozen=True, slots=True)
class TopicRef:
    code: str
    name: str
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the list needs of one article."""

    id: int
    uri: str
    source: str
    title: str
    dateline: str | None
    excerpt: str
    words: int
    read: bool
    bookmarked: bool
    added: dt.datetime
    topics: tuple[TopicRef, ...]
    cursor: tuple[str, int]  # (added as stored, id): where the next page starts
    feed: str | None = None  # the feed it came from (its name), if any


_COLUMNS = """
SELECT a.id, a.uri, a.source_path, a.title, a.dateline, substr(a.body, 1, 400), a.words, a.added,
       COALESCE((SELECT r.read FROM reading_state r WHERE r.article_id = a.id), 0),
       EXISTS (SELECT 1 FROM bookmark b WHERE b.article_id = a.id),
       (SELECT COALESCE(f.user_title, NULLIF(f.title, ''), f.url) FROM feed_entry e
        JOIN feed f ON f.id = e.feed_id WHERE e.article_id = a.id LIMIT 1)
"""


@dataclass(frozen=True, slots=True)
class _Source:
    """Where a view's rows come from and which columns give their order."""

    tables: str
    where: str
    added: str
    id: str


_ARTICLES = "FROM article a"
_NOT_READ = "NOT EXISTS (SELECT 1 FROM reading_state r WHERE r.article_id = a.id AND r.read)"
_UNREAD = f" AND {_NOT_READ}"
_SOURCES: dict[ViewKind, _Source] = {
    "all": _Source(_ARTICLES, "1", "a.added", "a.id"),
    "unread": _Source(_ARTICLES, _NOT_READ, "a.added", "a.id"),
    "bookmarked": _Source(
        _ARTICLES, "a.id IN (SELECT article_id FROM bookmark)", "a.added", "a.id"
    ),
    "annotated": _Source(
        _ARTICLES, "a.id IN (SELECT article_id FROM annotation)", "a.added", "a.id"
    ),
    "notes": _Source(_ARTICLES, "a.id IN (SELECT article_id FROM annotation)", "a.added", "a.id"),
    "orphans": _Source(
        _ARTICLES, "a.id IN (SELECT article_id FROM annotation WHERE orphan)", "a.added", "a.id"
    ),
    "feed": _Source(
        "FROM feed_entry e JOIN article a ON a.id = e.article_id",
        "e.feed_id = ?",
        "a.added",
        "a.id",
    ),
    "folder": _Source(
        _ARTICLES,
        "a.id IN (SELECT e.article_id FROM feed_entry e JOIN feed f "
        "ON f.id = e.feed_id WHERE f.folder = ? OR f.folder LIKE ? ESCAPE '\\')",
        "a.added",
        "a.id",
    ),
    # A topic's rows are read in order from index article_topic_recent, without sorting.
    "topic": _Source(
        "FROM article_topic l JOIN article a ON a.id = l.article_id",
        "l.topic_id = ? AND l.origin != 'removed'",
        "l.added",
        "l.article_id",
    ),
}


def _source(view: View) -> tuple[_Source, list[object]]:
    params: list[object] = []
    if view.kind == "topic":
        params = [view.topic]
    elif view.kind == "feed":
        params = [view.feed]
    elif view.kind == "folder":
        folder = view.folder or ""
        escaped = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params = [folder, escaped + "/%"]
    return _SOURCES[view.kind], params


def page(view: View, after: tuple[str, int] | None = None, limit: int = 100) -> list[ArticleRow]:
    """Up to `limit` rows of `view` that come after the row with cursor `after`."""
    src, params = _source(view)
    where = src.where
    if after is not None:
        where += f" AND ({src.added} < ? OR ({src.added} = ? AND {src.id} > ?))"
        params += [after[0], after[0], after[1]]
    order = f"ORDER BY {src.added} DESC, {src.id} ASC"
    sql = f"{_COLUMNS} {src.tables} WHERE {where} {order} LIMIT ?"
    return _rows(database.execute_sql(sql, [*params, limit]).fetchall())


def rows_by_id(ids: Sequence[int]) -> dict[int, ArticleRow]:
    """Fresh rows for the given articles (after a change), keyed by id."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = f"{_COLUMNS} {_ARTICLES} WHERE a.id IN ({marks})"
    return {row.id: row for row in _rows(database.execute_sql(sql, list(ids)).fetchall())}


def position(view: View, article_id: int) -> int | None:
    """The 0-based index of an article in a view, or None if it is not in it."""
    src, params = _source(view)
    found = database.execute_sql(
        f"SELECT {src.added} {src.tables} WHERE {src.id} = ? AND {src.where}",
        [article_id, *params],
    ).fetchone()
    if found is None:
        return None
    earlier = f"({src.added} > ? OR ({src.added} = ? AND {src.id} < ?))"
    before = database.execute_sql(
        f"SELECT COUNT(*) {src.tables} WHERE {src.where} AND {earlier}",
        [*params, found[0], found[0], article_id],
    ).fetchone()[0]
    return int(before)


def count(view: View) -> int:
    """How many articles `view` holds."""
    src, params = _source(view)
    sql = f"SELECT COUNT(*) {src.tables} WHERE {src.where}"
    return int(database.execute_sql(sql, params).fetchone()[0])


def _rows(raw: list[tuple]) -> list[ArticleRow]:
    topics = topics_for([r[0] for r in raw])
    out = []
    for aid, uri, source, title, dateline, head, words, added, read, bookmarked, feed in raw:
        out.append(
            ArticleRow(
                id=aid,
                uri=uri,
                source=source,
                title=title,
                dateline=dateline,
                excerpt=excerpt(head),
                words=words,
                read=bool(read),
                bookmarked=bool(bookmarked),
                added=_parse_time(added),
                topics=topics.get(aid, ()),
                cursor=(str(added), aid),
                feed=feed,
            )
        )
    return out


def topics_for(ids: Sequence[int]) -> dict[int, tuple[TopicRef, ...]]:
    """Each article's topics, best first (a topic the user added counts as certain)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = f"""SELECT l.article_id, t.code, t.name, t.label, l.score FROM article_topic l
              JOIN topic t ON t.code = l.topic_id
              WHERE l.article_id IN ({marks}) AND l.origin != 'removed'
              ORDER BY l.article_id, l.score DESC, t.code"""
    found: dict[int, list[TopicRef]] = {}
    for aid, code, name, label, score in database.execute_sql(sql, list(ids)):
        found.setdefault(aid, []).append(TopicRef(code, name, label, round(score, 3)))
    return {aid: tuple(refs) for aid, refs in found.items()}


def _parse_time(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def neighbour(
    view: View, article_id: int | None, forward: bool = True, unread: bool = False
) -> int | None:
    """The id of the next (or previous) article of `view` after `article_id` in list order,
    only unread ones if `unread`; from the start (or the end) for None or an article that
    is not in the view. Runs in the database, so it never loads the rows in between."""
    src, params = _source(view)
    where = src.where + (_UNREAD if unread else "")
    found = None
    if article_id is not None:
        found = database.execute_sql(
            f"SELECT {src.added} {src.tables} WHERE {src.id} = ? AND {src.where}",
            [article_id, *params],
        ).fetchone()
    if found is not None:
        later, earlier = ("<", ">") if forward else (">", "<")
        where += f" AND ({src.added} {later} ? OR ({src.added} = ? AND {src.id} {earlier} ?))"
        params += [found[0], found[0], article_id]
    order = (
        f"ORDER BY {src.added} DESC, {src.id} ASC"
        if forward
        else f"ORDER BY {src.added} ASC, {src.id} DESC"
    )
    row = database.execute_sql(
        f"SELECT {src.id} {src.tables} WHERE {where} {order} LIMIT 1", params
    ).fetchone()
    return int(row[0]) if row else None


def unread_ids(view: View) -> list[int]:
    """Every unread article of `view`."""
    src, params = _source(view)
    sql = f"SELECT {src.id} {src.tables} WHERE {src.where}{_UNREAD}"
    return [int(r[0]) for r in database.execute_sql(sql, params)]
