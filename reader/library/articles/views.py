"""What the article list can show (a view), in which order (a sort) and the rows it shows,
read in pages.

By default rows come newest import first and, within one import, in file order; a `Sort`
orders them by published date, title or length instead, or reverses an order. Pages are read
with a keyset cursor (the last row's sort key and `id`; the id breaks ties), and each order
has an index (migrations 0001 and 0008), so reading page 300 of a 100,000-article view costs
the same as reading page 1, and a view never needs all of its ids at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reader.library.ingest.prose import excerpt
from reader.library.store.models import database
from reader.library.tags import records as tag_records
from reader.library.tags.records import subtree_ids

ViewKind = Literal[
    "all",
    "unread",
    "bookmarked",
    "topic",
    "annotated",
    "notes",
    "orphans",
    "highlights",
    "feed",
    "folder",
    "tag",
]
SortKey = Literal["added", "published", "title", "length"]
SORT_KEYS: tuple[SortKey, ...] = ("added", "published", "title", "length")


@dataclass(frozen=True, slots=True)
class View:
    """A filter over the library: everything, unread, bookmarked, one topic, one feed, the
    feeds of one folder (and the folders inside it), or one tag (and the tags inside it)."""

    kind: ViewKind = "all"
    topic: str | None = None
    feed: int | None = None
    folder: str | None = None
    tag: str | None = None

    @property
    def key(self) -> str:
        """A stable string for settings: `all`, `unread`, `bookmarked`, `topic:16000000`,
        `feed:3`, `folder:News/World`, `tag:work/project-x`."""
        if self.kind == "topic":
            return f"topic:{self.topic}"
        if self.kind == "feed":
            return f"feed:{self.feed}"
        if self.kind == "folder":
            return f"folder:{self.folder}"
        if self.kind == "tag":
            return f"tag:{self.tag}"
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
        if kind == "tag" and topic:
            return cls("tag", tag=topic)
        if kind in ("unread", "bookmarked", "annotated", "notes", "orphans", "highlights"):
            return cls(kind)  # type: ignore[arg-type]
        return cls()


@dataclass(frozen=True, slots=True)
class Sort:
    """The order of a view's rows: by date added or published (newest first), by title (A to
    Z, ignoring case) or by length in words (shortest first); `reverse` turns the whole list
    upside down. Ties are broken by id, so every order is total and pages never overlap."""

    key: SortKey = "added"
    reverse: bool = False

    @property
    def value(self) -> str:
        """A stable string for settings: `added`, `title`, `title-reverse`…"""
        return f"{self.key}-reverse" if self.reverse else self.key

    @classmethod
    def from_value(cls, value: object) -> Sort:
        """Inverse of `value`; anything unrecognised is the default order."""
        key, _, reverse = str(value).partition("-")
        if key not in SORT_KEYS or reverse not in ("", "reverse"):
            return cls()
        return cls(key, bool(reverse))


BY_ADDED = Sort()
# Each order's expression over `article a` and whether it reads descending when not reversed.
# The expressions match the indexes of migration 0008 exactly (else SQLite would not use them).
_KEYS: dict[SortKey, tuple[str, bool]] = {
    "added": ("a.added", True),
    "published": ("COALESCE(a.published, a.added)", True),
    "title": ("a.title COLLATE NOCASE", False),
    "length": ("a.words", False),
}


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
    cursor: tuple[str | int, int]  # (sort key as stored, id): where the next page starts
    feed: str | None = None  # the feed it came from (its name), if any
    tags: tuple[str, ...] = ()  # the reader's own tags, A to Z


_COLUMNS = """
SELECT a.id, a.uri, a.source_path, a.title, a.dateline, substr(a.body, 1, 400), a.words, a.added,
       COALESCE((SELECT r.read FROM reading_state r WHERE r.article_id = a.id), 0),
       EXISTS (SELECT 1 FROM bookmark b WHERE b.article_id = a.id),
       (SELECT COALESCE(f.user_title, NULLIF(f.title, ''), f.url) FROM feed_entry e
        JOIN feed f ON f.id = e.feed_id WHERE e.article_id = a.id LIMIT 1)
"""  # and last, the sort key (for the cursor)


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
    "highlights": _Source(  # the Highlights view lists highlights; this, their articles
        _ARTICLES,
        "a.id IN (SELECT article_id FROM annotation WHERE kind = 'highlight')",
        "a.added",
        "a.id",
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
    # A tag's rows: those of the tag and of every tag inside it (`work` holds `work/x`),
    # their ids given (`_source`): a small tag's articles are read from index
    # article_tag_by_tag first, a large one's checked one by one in the list's order.
    "tag": _Source(
        _ARTICLES,
        "a.id IN (SELECT article_id FROM article_tag WHERE tag_id IN ({}))",
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


def _source(view: View, sort: Sort = BY_ADDED) -> tuple[_Source, list[object]]:
    params: list[object] = []
    if view.kind == "topic":
        params = [view.topic]
        if sort.key != "added" and _large_topic(view.topic or ""):
            return _TOPIC_CHECKED, params
    elif view.kind == "feed":
        params = [view.feed]
    elif view.kind == "folder":
        folder = view.folder or ""
        escaped = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params = [folder, escaped + "/%"]
    elif view.kind == "tag":
        params = list(subtree_ids(view.tag or "")) or [0]  # no tag: no rows (ids start at 1)
        src = _SOURCES["tag"]
        marks = ",".join("?" * len(params))
        where = _TAG_CHECKED if _large_tag(marks, params) else src.where
        return _Source(src.tables, where.format(marks), src.added, src.id), params
    return _SOURCES[view.kind], params


# A large topic in another order than its own `added`: articles are walked in the order's
# index and each checked for the topic (a page of 29,967-of-100,000 by title: 50 ms sorting
# the topic's links, well under a millisecond this way).
_TOPIC_CHECKED = _Source(
    _ARTICLES,
    "EXISTS (SELECT 1 FROM article_topic l WHERE l.article_id = a.id AND l.topic_id = ? "
    "AND l.origin != 'removed')",
    "a.added",
    "a.id",
)
_TAG_CHECKED = "EXISTS (SELECT 1 FROM article_tag l WHERE l.article_id = a.id AND l.tag_id IN ({}))"
PAGE_ROWS = 100


def _large_topic(code: str) -> bool:
    """As `_large_tag`, for a topic."""
    links = "SELECT 1 FROM article_topic WHERE topic_id = ? AND origin != 'removed'"
    return _large(links, [code])


def _large_tag(marks: str, tag_ids: list[object]) -> bool:
    """Whether a page of a tag's articles is found sooner by checking articles in order than
    by reading all of the tag's first: when its links outnumber sqrt(a page x the articles)."""
    return _large(f"SELECT 1 FROM article_tag WHERE tag_id IN ({marks})", tag_ids)


def _large(links: str, params: list[object]) -> bool:
    """Whether the rows of `links` outnumber sqrt(a page x the articles); counted only as
    far as that bound, so a large view costs no more to judge than a small one."""
    newest = database.execute_sql("SELECT MAX(id) FROM article").fetchone()[0] or 0
    bound = math.isqrt(PAGE_ROWS * int(newest)) + 1
    found = database.execute_sql(
        f"SELECT COUNT(*) FROM ({links} LIMIT ?)", [*params, bound]
    ).fetchone()[0]
    return int(found) >= bound


@dataclass(frozen=True, slots=True)
class _Order:
    """One sort of one source: the key and id columns and their directions."""

    key: str
    id: str
    descending: bool  # the key's direction
    ids_descending: bool  # the tie-breaker's

    def flipped(self) -> _Order:
        return _Order(self.key, self.id, not self.descending, not self.ids_descending)

    def sql(self) -> str:
        key, ids = ("DESC" if d else "ASC" for d in (self.descending, self.ids_descending))
        return f"ORDER BY {self.key} {key}, {self.id} {ids}"

    def after(self) -> str:
        """The rows after the one whose key and id are given (parameters: key, key, id). The
        first term bounds the key, so that SQLite seeks into the index instead of scanning."""
        op = "<" if self.descending else ">"
        ids = "<" if self.ids_descending else ">"
        return f"{self.key} {op}= ? AND ({self.key} {op} ? OR {self.id} {ids} ?)"


def _order(src: _Source, sort: Sort) -> _Order:
    if sort.key == "added":  # a topic's rows: from its own copy of `added`, in its index
        key, ids, descending = src.added, src.id, True
    else:
        (key, descending), ids = _KEYS[sort.key], "a.id"
    return _Order(key, ids, descending != sort.reverse, sort.reverse)


def page(
    view: View, after: tuple[str | int, int] | None = None, limit: int = 100, sort: Sort = BY_ADDED
) -> list[ArticleRow]:
    """Up to `limit` rows of `view` in order `sort` that come after the row with cursor
    `after` (a cursor of the same order)."""
    src, params = _source(view, sort)
    order = _order(src, sort)
    where = src.where
    if after is not None:
        where += f" AND {order.after()}"
        params += [after[0], after[0], after[1]]
    sql = f"{_COLUMNS}, {order.key} {src.tables} WHERE {where} {order.sql()} LIMIT ?"
    return _rows(database.execute_sql(sql, [*params, limit]).fetchall())


def page_before(
    view: View, before: tuple[str | int, int], limit: int = 100, sort: Sort = BY_ADDED
) -> list[ArticleRow]:
    """Up to `limit` rows of `view` in order `sort` that come just before the row with cursor
    `before`, in that order (the same index, read backwards)."""
    src, params = _source(view, sort)
    order = _order(src, sort).flipped()
    where = f"{src.where} AND {order.after()}"
    params += [before[0], before[0], before[1]]
    sql = f"{_COLUMNS}, {order.key} {src.tables} WHERE {where} {order.sql()} LIMIT ?"
    return _rows(database.execute_sql(sql, [*params, limit]).fetchall())[::-1]


def page_at(view: View, start: int, limit: int = 100, sort: Sort = BY_ADDED) -> list[ArticleRow]:
    """Up to `limit` rows of `view` in order `sort` from its row `start` (0-based): for a jump
    to a place where no row is known (the scroll bar dragged). The rows above are stepped over
    in the order's index (keys and ids only), never read."""
    if start <= 0:
        return page(view, None, limit, sort)
    src, params = _source(view, sort)
    order = _order(src, sort)
    sql = f"SELECT {order.key}, {src.id} {src.tables} WHERE {src.where} {order.sql()}"
    sql += " LIMIT 1 OFFSET ?"
    found = database.execute_sql(sql, [*params, start - 1]).fetchone()
    if found is None:
        return []
    key, article_id = found
    return page(view, (key if isinstance(key, int) else str(key), int(article_id)), limit, sort)


def rows_by_id(ids: Sequence[int], sort: Sort = BY_ADDED) -> dict[int, ArticleRow]:
    """Fresh rows for the given articles (after a change), keyed by id, with cursors of
    order `sort`."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    key = _KEYS[sort.key][0]
    sql = f"{_COLUMNS}, {key} {_ARTICLES} WHERE a.id IN ({marks})"
    return {row.id: row for row in _rows(database.execute_sql(sql, list(ids)).fetchall())}


def _key_of(src: _Source, order: _Order, article_id: int, params: list[object]) -> tuple | None:
    """The sort key of an article of the source, or None if the article is not in it."""
    return database.execute_sql(
        f"SELECT {order.key} {src.tables} WHERE {src.id} = ? AND {src.where}",
        [article_id, *params],
    ).fetchone()


def position(view: View, article_id: int, sort: Sort = BY_ADDED) -> int | None:
    """The 0-based index of an article in a view in order `sort`, or None if it is not in it."""
    src, params = _source(view, sort)
    order = _order(src, sort)
    found = _key_of(src, order, article_id, params)
    if found is None:
        return None
    before = database.execute_sql(
        f"SELECT COUNT(*) {src.tables} WHERE {src.where} AND {order.flipped().after()}",
        [*params, found[0], found[0], article_id],
    ).fetchone()[0]
    return int(before)


def page_around(
    view: View, article_id: int, limit: int = 100, sort: Sort = BY_ADDED
) -> tuple[int, list[ArticleRow]] | None:
    """About `limit` rows of `view` in order `sort` around the article `article_id` (half
    before it, the rest from it on) and the 0-based position of the first, or None if the
    article is not in the view. Keyset pages both ways from the article's own key, and its
    position counted in the order's index: no row above it is read."""
    src, params = _source(view, sort)
    found = _key_of(src, _order(src, sort), article_id, params)
    if found is None:
        return None
    at = position(view, article_id, sort) or 0
    cursor = (found[0] if isinstance(found[0], int) else str(found[0]), article_id)
    before = page_before(view, cursor, limit // 2, sort)
    rows = page(view, _just_before(cursor, sort), limit - len(before), sort)
    return at - len(before), [*before, *rows]


def _just_before(cursor: tuple[str | int, int], sort: Sort) -> tuple[str | int, int]:
    """A cursor that `page` starts after so that the row of `cursor` comes first: the same
    key and the next id in the direction of the ties (ids are whole numbers)."""
    return (cursor[0], cursor[1] + 1 if sort.reverse else cursor[1] - 1)


def count(view: View) -> int:
    """How many articles `view` holds. A topic's count is kept by triggers (migration 0017;
    counting its links took 22 ms for a 29,967-article topic of 100,000)."""
    if view.kind == "topic":
        sql = "SELECT articles FROM topic_count WHERE topic_id = ?"
        found = database.execute_sql(sql, [view.topic]).fetchone()
        return int(found[0]) if found else 0
    if view.kind in ("all", "unread"):  # kept by triggers too (migration 0018)
        total, unread = library_totals()
        return total if view.kind == "all" else unread
    src, params = _source(view)
    sql = f"SELECT COUNT(*) {src.tables} WHERE {src.where}"
    return int(database.execute_sql(sql, params).fetchone()[0])


def library_totals() -> tuple[int, int]:
    """How many articles the library holds and how many of them are unread, from the
    numbers kept by triggers (migration 0018): `COUNT(*)` of a million articles took
    200-300 ms at a cold start."""
    row = database.execute_sql(
        "SELECT (SELECT n FROM library_count WHERE name = 'articles'), "
        "(SELECT n FROM library_count WHERE name = 'read')"
    ).fetchone()
    total, read = int(row[0] or 0), int(row[1] or 0)
    return total, total - read


def _rows(raw: list[tuple]) -> list[ArticleRow]:
    topics = topics_for([r[0] for r in raw])
    tags = tag_records.of("article", [r[0] for r in raw]) if raw else {}
    out = []
    for aid, uri, source, title, dateline, head, words, added, read, marked, feed, key in raw:
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
                bookmarked=bool(marked),
                added=_parse_time(added),
                topics=topics.get(aid, ()),
                cursor=(key if isinstance(key, int) else str(key), aid),
                feed=feed,
                tags=tags.get(aid, ()),
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
    view: View,
    article_id: int | None,
    forward: bool = True,
    unread: bool = False,
    sort: Sort = BY_ADDED,
) -> int | None:
    """The id of the next (or previous) article of `view` after `article_id` in order `sort`,
    only unread ones if `unread`; from the start (or the end) for None or an article that
    is not in the view. Runs in the database, so it never loads the rows in between."""
    src, params = _source(view, sort)
    order = _order(src, sort) if forward else _order(src, sort).flipped()
    where = src.where + (_UNREAD if unread else "")
    found = None if article_id is None else _key_of(src, order, article_id, params)
    if found is not None:
        where += f" AND {order.after()}"
        params += [found[0], found[0], article_id]
    row = database.execute_sql(
        f"SELECT {src.id} {src.tables} WHERE {where} {order.sql()} LIMIT 1", params
    ).fetchone()
    return int(row[0]) if row else None


def unread_ids(view: View) -> list[int]:
    """Every unread article of `view`."""
    src, params = _source(view)
    sql = f"SELECT {src.id} {src.tables} WHERE {src.where}{_UNREAD}"
    return [int(r[0]) for r in database.execute_sql(sql, params)]
