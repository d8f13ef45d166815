"""`Library`'s article methods (a mixin): the list's pages and rows, one article in full, the
sidebar's counts, the reader's marks on articles (read, bookmarked, where they stopped), and
removing articles.

Reads that meet a damaged page return an empty result and protect the library
(`reader.library.store.db.survives_damage`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from reader.library.annotations import records as notes
from reader.library.annotations import trash
from reader.library.articles import views
from reader.library.articles.views import BY_ADDED, ArticleRow, Sort, TopicRef, View
from reader.library.changes import NOTHING, Changes
from reader.library.display.article import article_html
from reader.library.errors import AnnotationsWouldBeLost
from reader.library.protection import write
from reader.library.store.db import survives_damage
from reader.library.store.models import Bookmark, ReadingState, database, utcnow
from reader.library.tags import records as tag_records
from reader.library.tags.names import fold


@dataclass(frozen=True, slots=True)
class ArticleText:
    """One article in full, for the reading pane and `reader show`."""

    id: int
    uri: str
    title: str
    title_derived: bool  # no headline in the file: derived from the opening sentence
    dateline: str | None
    body: str
    words: int
    source: str
    read: bool
    bookmarked: bool
    scroll: float
    topics: tuple[TopicRef, ...]
    body_html: str | None = None  # HTML and Markdown articles: their sanitised blocks
    author: str | None = None
    published: str | None = None
    source_url: str | None = None
    format: str = "seed"
    feed: str | None = None  # the name of the feed it came from, if any
    feed_id: int | None = None
    tags: tuple[str, ...] = ()  # the reader's own tags, A to Z

    @property
    def link(self) -> str | None:
        """The http(s) address of the original (a feed entry's link, a saved page's URL, an
        imported page's `source`): what Open Original opens."""
        url = self.source_url or ""
        return url if url.lower().startswith(("http://", "https://")) else None

    def html(self) -> str:
        byline = " · ".join(x for x in (self.author, (self.published or "")[:10]) if x)
        return article_html(
            self.title, self.dateline, self.body, self.words, self.topics,
            body_html=self.body_html, byline=byline, link=self.link,
            source=None if self.feed else self.source, tags=self.tags,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Counts:
    """The sidebar's numbers."""

    all: int
    unread: int
    bookmarked: int
    topics: dict[str, int]
    annotated: int = 0  # articles with annotations
    notes: int = 0  # annotations
    orphans: int = 0  # annotations that lost their place
    highlights: int = 0  # annotations that are highlights (the Highlights view)
    feeds: dict[int, int] = field(default_factory=dict)  # articles per feed
    folders: dict[int, str] = field(default_factory=dict)  # each foldered feed's folder
    tags: dict[str, int] = field(default_factory=dict)  # articles per tag (folded name)

    def of(self, view: View) -> int:
        if view.kind == "topic":
            return self.topics.get(view.topic or "", 0)
        if view.kind == "feed":
            return self.feeds.get(view.feed or 0, 0)
        if view.kind == "folder":
            return sum(n for fid, n in self.feeds.items()
                       if within(self.folders.get(fid), view.folder or ""))  # fmt: skip
        if view.kind == "tag":
            return self.tags.get(fold(view.tag or ""), 0)
        return int(getattr(self, view.kind))


class ArticleMethods:
    """Mixed into `Library`, which provides `_report` (sends `Changes` to subscribers).
    Every write wears `@write`: on a protected library it raises `LibraryReadOnly`."""

    _counts: Counts | None
    _counts_version: tuple[int, int]
    _report: Callable[[Changes], Changes]
    _clock: Callable[[], dt.datetime]

    # -- reads -------------------------------------------------------------------------------

    def counts(self) -> Counts:
        """The sidebar's numbers, counted again only after the database changed: a write on
        this connection (`total_changes`) or a commit by any other (`PRAGMA data_version`)."""
        version = self._data_version()
        if self._counts is None or self._counts_version != version:
            self._counts = self._count()
            self._counts_version = version
        return self._counts

    @staticmethod
    def _data_version() -> tuple[int, int]:
        return (
            database.connection().total_changes,
            database.execute_sql("PRAGMA data_version").fetchone()[0],
        )

    def _counts_current(self) -> Counts | None:
        """The numbers counted last if nothing changed since, else None."""
        if self._counts is not None and self._counts_version == self._data_version():
            return self._counts
        return None

    @survives_damage(lambda: Counts(0, 0, 0, {}))
    def _count(self) -> Counts:
        total, unread = views.library_totals()  # kept by triggers (migration 0018)
        marked = database.execute_sql("SELECT COUNT(*) FROM bookmark").fetchone()[0]
        # kept by triggers (migration 0017): counting the links took 186 ms at 1M articles
        sql = "SELECT topic_id, articles FROM topic_count WHERE articles > 0"
        per_topic = {code: n for code, n in database.execute_sql(sql)}
        notes_counted = notes.counts()
        per_feed = {fid: n for fid, n in database.execute_sql(
            "SELECT feed_id, COUNT(*) FROM feed_entry WHERE article_id IS NOT NULL "
            "GROUP BY feed_id")}  # fmt: skip
        folders = {fid: folder for fid, folder in database.execute_sql(
            "SELECT id, folder FROM feed WHERE folder IS NOT NULL")}  # fmt: skip
        return Counts(
            all=total, unread=unread, bookmarked=marked, topics=per_topic,
            annotated=notes_counted.annotated, notes=notes_counted.notes,
            orphans=notes_counted.orphans, feeds=per_feed, folders=folders,
            highlights=notes_counted.highlights,
            tags={fold(t.name): t.articles for t in tag_records.listing()},
        )  # fmt: skip

    @survives_damage(list)
    def page(
        self,
        view: View,
        after: tuple[str | int, int] | None = None,
        limit: int = 100,
        *,
        sort: Sort = BY_ADDED,
    ) -> list[ArticleRow]:
        """Up to `limit` rows of `view` in order `sort` (by default, newest import first)
        after the row whose `cursor` is `after` (a row read in the same order)."""
        return views.page(view, after, limit, sort)

    @survives_damage(list)
    def page_before(
        self, view: View, before: tuple[str | int, int], limit: int = 100, *, sort: Sort = BY_ADDED
    ) -> list[ArticleRow]:
        """Up to `limit` rows of `view` just before the row whose `cursor` is `before`."""
        return views.page_before(view, before, limit, sort)

    @survives_damage(list)
    def page_at(
        self, view: View, start: int, limit: int = 100, *, sort: Sort = BY_ADDED
    ) -> list[ArticleRow]:
        """Up to `limit` rows of `view` from its row `start` (a jump, no row near it known)."""
        return views.page_at(view, start, limit, sort)

    @survives_damage(lambda: None)
    def page_around(
        self, view: View, article_id: int, limit: int = 100, *, sort: Sort = BY_ADDED
    ) -> tuple[int, list[ArticleRow]] | None:
        """About `limit` rows of `view` around `article_id` and the position of the first
        (None if it is not in the view), read from the article's key both ways."""
        return views.page_around(view, article_id, limit, sort)

    @survives_damage(int)
    def view_size(self, view: View) -> int:
        """How many articles `view` holds: the sidebar's number if it is current (the same
        count, already made), else counted in the view's index."""
        counted = self._counts_current() if view.kind in _COUNTED_VIEWS else None
        return counted.of(view) if counted is not None else views.count(view)

    @survives_damage(dict)
    def rows(self, ids: Sequence[int], *, sort: Sort = BY_ADDED) -> dict[int, ArticleRow]:
        """Fresh rows of these articles, their cursors in order `sort`."""
        return views.rows_by_id(ids, sort)

    @survives_damage(lambda: None)
    def position(self, view: View, article_id: int, *, sort: Sort = BY_ADDED) -> int | None:
        return views.position(view, article_id, sort)

    @survives_damage(lambda: None)
    def neighbour(
        self,
        view: View,
        article_id: int | None,
        forward: bool = True,
        unread: bool = False,
        *,
        sort: Sort = BY_ADDED,
    ) -> int | None:
        """The next (previous) article of `view` after `article_id` in order `sort`; see
        `views.neighbour`."""
        return views.neighbour(view, article_id, forward, unread, sort)

    @survives_damage(list)
    def unread_ids(self, view: View) -> list[int]:
        """Every unread article of `view` (for "mark all read")."""
        return views.unread_ids(view)

    @survives_damage(lambda: None)
    def article(self, article_id: int) -> ArticleText | None:
        """One article whole, or None. One statement for the row, its reading state, bookmark
        and feed (peewee's three `get_or_none` took 3 ms of the 20 ms of `J`)."""
        row = database.execute_sql(_ARTICLE_SQL, (article_id,)).fetchone()
        if row is None:
            return None
        (aid, uri, title, derived, dateline, body, words, source, html, author, published,
         source_url, form, read, scroll, bookmarked, feed_id, feed) = row  # fmt: skip
        return ArticleText(
            id=aid, uri=uri, title=title, title_derived=bool(derived),
            dateline=dateline, body=body, words=words, source=source,
            read=bool(read), bookmarked=bool(bookmarked), scroll=float(scroll or 0.0),
            topics=views.topics_for([article_id]).get(article_id, ()),
            body_html=html, author=author, published=published,
            source_url=source_url, format=form,
            feed=None if feed_id is None else str(feed),
            feed_id=None if feed_id is None else int(feed_id),
            tags=tag_records.of("article", [article_id]).get(article_id, ()),
        )  # fmt: skip

    # -- writes ------------------------------------------------------------------------------

    @write
    def set_bookmarked(self, ids: Iterable[int], on: bool) -> Changes:
        """Bookmark these articles (or take their bookmarks away). Raises `LibraryReadOnly`
        on a protected library."""
        ids = self._existing(ids)
        with database.atomic():
            if on:
                rows = [{"article": i, "created": utcnow()} for i in ids]
                if rows:
                    Bookmark.insert_many(rows).on_conflict_ignore().execute()
            else:
                Bookmark.delete().where(Bookmark.article.in_(ids)).execute()
        return self._report(Changes(articles=frozenset(ids), counts=bool(ids)))

    @write
    def set_read(self, ids: Iterable[int], read: bool) -> Changes:
        """Mark these articles read (or unread). Raises `LibraryReadOnly` on a protected library.

        The sidebar's numbers are not counted again for it: only the unread count moves, by
        the articles whose state changed (a full count of 100,000 articles after every `J`
        cost more than showing the article)."""
        ids = self._existing(ids)
        now = utcnow() if read else None
        with database.light(), database.atomic():
            counted = self._counts_current()  # inside the write: no other commit can come between
            already = _already_read(ids) if counted is not None else 0  # only to patch them
            stamp = None if now is None else str(now)  # as peewee stores a DateTimeField
            database.connection().executemany(_READ_SQL, [(i, read, stamp) for i in ids])
        if counted is not None:
            moved = already - len(ids) if read else already
            self._counts = replace(counted, unread=counted.unread + moved)
            self._counts_version = self._data_version()
        return self._report(Changes(articles=frozenset(ids), counts=bool(ids)))

    @write
    def save_scroll(self, article_id: int, fraction: float) -> Changes:
        """Remember where the reader is in an article (0.0 top .. 1.0 bottom). Raises
        `LibraryReadOnly` on a protected library (a window checks `protected` first, to
        skip saving positions quietly)."""
        if not self._existing([article_id]):
            return NOTHING
        fraction = min(1.0, max(0.0, float(fraction)))
        with database.light():
            (ReadingState.insert(article=article_id, scroll=fraction)
             .on_conflict(conflict_target=[ReadingState.article],
                          update={ReadingState.scroll: fraction})
             .execute())  # fmt: skip
        return self._report(Changes(reading=True))

    def annotation_count(self, ids: Iterable[int]) -> int:
        """How many highlights and notes these articles hold (to ask before removing them)."""
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        sql = f"SELECT COUNT(*) FROM annotation WHERE article_id IN ({marks})"
        return int(database.execute_sql(sql, ids).fetchone()[0]) if ids else 0

    @write
    def remove_articles(self, ids: Iterable[int], *, with_annotations: int = 0) -> Changes:
        """Remove articles from the library (never their files). Their highlights and notes
        are the user's: if they have any, `with_annotations` must equal how many (the number
        the user was shown and agreed to), else `AnnotationsWouldBeLost` names the count and
        nothing is removed; those agreed to go to the trash, restorable for 30 days
        (`restore_deleted`). Bookmarks, reading state and topics go with the article.
        Raises `LibraryReadOnly` on a protected library."""
        ids = self._existing(ids)
        if not ids:
            return NOTHING
        marks = ",".join("?" * len(ids))
        held = [
            row[0]
            for row in database.execute_sql(
                f"SELECT id FROM annotation WHERE article_id IN ({marks})", ids
            )
        ]
        if len(held) != with_annotations:
            raise AnnotationsWouldBeLost(len(held))
        with database.atomic():
            trash.keep_of_articles(ids, "article removed", self._clock())
            for table in ("annotation", "bookmark", "reading_state", "article_topic"):
                database.execute_sql(f"DELETE FROM {table} WHERE article_id IN ({marks})", ids)
            database.execute_sql(f"DELETE FROM article WHERE id IN ({marks})", ids)
        removed = Changes(removed=frozenset(ids), counts=True, topics=True,
                          annotations=frozenset(held), trash=bool(held))  # fmt: skip
        return self._report(removed)

    def _existing(self, ids: Iterable[int]) -> list[int]:
        wanted = sorted({int(i) for i in ids})
        found: list[int] = []
        for start in range(0, len(wanted), 500):  # one plain statement (peewee's: 0.3 ms a `J`)
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id FROM article WHERE id IN ({marks}) ORDER BY id"
            found += [row[0] for row in database.execute_sql(sql, chunk)]
        return found


_READ_SQL = (  # one plain statement per article: peewee's insert cost 2 ms of each `J`
    "INSERT INTO reading_state (article_id, read, read_at, scroll) VALUES (?, ?, ?, 0) "
    "ON CONFLICT (article_id) DO UPDATE SET read = excluded.read, read_at = excluded.read_at"
)
_COUNTED_VIEWS = frozenset({"all", "unread", "bookmarked", "topic"})  # counted alike by `_count`


def _already_read(ids: Sequence[int]) -> int:
    """How many of these articles are marked read now."""
    total = 0
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT COUNT(*) FROM reading_state WHERE read = 1 AND article_id IN ({marks})"
        total += int(database.execute_sql(sql, chunk).fetchone()[0])
    return total


_ARTICLE_SQL = """
SELECT a.id, a.uri, a.title, a.title_derived, a.dateline, a.body, a.words, a.source_path,
       a.html, a.author, a.published, a.source_url, a.format, s.read, s.scroll,
       EXISTS (SELECT 1 FROM bookmark b WHERE b.article_id = a.id),
       f.id, COALESCE(f.user_title, NULLIF(f.title, ''), f.url)
FROM article a
LEFT JOIN reading_state s ON s.article_id = a.id
LEFT JOIN feed f ON f.id = (SELECT e.feed_id FROM feed_entry e WHERE e.article_id = a.id LIMIT 1)
WHERE a.id = ?"""


def within(folder: str | None, outer: str) -> bool:
    """Whether a feed in `folder` is inside folder `outer` (itself or one nested in it)."""
    return folder is not None and (folder == outer or folder.startswith(outer + "/"))
