"""`Library`: the one API through which the app and the command line read and write.

Every write runs in a transaction, returns a `Changes` report and hands the same report to
each subscriber (the Qt layer turns it into a signal). Reads return plain dataclasses.
Only one library is open per process: the models share one deferred database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.library import db, views
from reader.library.annotation_api import AnnotationMethods
from reader.library.changes import NOTHING, Changes
from reader.library.errors import LibraryError
from reader.library.importer import Importer, ImportReport, Progress
from reader.library.models import (
    Article,
    ArticleTopic,
    Bookmark,
    ReadingState,
    database,
    utcnow,
)
from reader.library.models import Topic as TopicRow
from reader.library.paths import config_dir, corpus_dir, resource
from reader.library.render import article_html
from reader.library.topics import Topic, TopicRules, load_rules
from reader.library.views import ArticleRow, TopicRef, View

log = logging.getLogger(__name__)
Subscriber = Callable[[Changes], None]


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

    def html(self) -> str:
        return article_html(self.title, self.dateline, self.body, self.words, self.topics)


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

    def of(self, view: View) -> int:
        if view.kind == "topic":
            return self.topics.get(view.topic or "", 0)
        return int(getattr(self, view.kind))


class Library(AnnotationMethods):
    """An open library file. Use `Library.open(path)`; close it with `close()`."""

    _open: Library | None = None

    def __init__(self, path: Path, rules: TopicRules, created: bool) -> None:
        self.path = path
        self.rules = rules
        self.created = created
        self._subscribers: list[Subscriber] = []

    @classmethod
    def open(
        cls, path: Path, *, create: bool = True, import_corpus: bool = True,
        rules: TopicRules | None = None,
    ) -> Library:  # fmt: skip
        """Open (checking, migrating) or create the library at `path`.

        A new library gets the bundled corpus unless `import_corpus` is false.
        """
        if cls._open is not None:
            raise LibraryError(f"Another library is already open: {cls._open.path}.")
        rules = rules or load_topic_rules()
        created = db.connect(path, create=create)
        library = cls(path, rules, created)
        cls._open = library
        try:
            library._sync_topics()
            if created and import_corpus:
                library.import_paths([corpus_dir()])
        except BaseException:
            library.close()
            raise
        return library

    def close(self) -> None:
        db.close()
        if Library._open is self:
            Library._open = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- subscribers -------------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> None:
        """Call `callback(changes)` after every write that changed something."""
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Subscriber) -> None:
        """Stop calling `callback`; unknown callbacks are ignored."""
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def release_thread(self) -> None:
        """Close the calling thread's connection: a worker thread calls this when it is done
        (connections are per thread; the main thread's stays open until `close`)."""
        if not database.is_closed():
            database.close()

    def _report(self, changes: Changes) -> Changes:
        if changes:
            for callback in list(self._subscribers):
                callback(changes)
        return changes

    # -- reads -------------------------------------------------------------------------------

    def topics(self) -> tuple[Topic, ...]:
        """Every known topic (`reader.library.topics.Topic`), in code order."""
        return self.rules.topics

    def counts(self) -> Counts:
        total = Article.select().count()
        read = ReadingState.select().where(ReadingState.read == True).count()  # noqa: E712
        marked = Bookmark.select().count()
        sql = ("SELECT topic_id, COUNT(*) FROM article_topic WHERE origin != 'removed' "
               "GROUP BY topic_id")  # fmt: skip
        per_topic = {code: n for code, n in database.execute_sql(sql)}
        notes = self.annotation_counts()
        return Counts(
            all=total, unread=total - read, bookmarked=marked, topics=per_topic,
            annotated=notes.annotated, notes=notes.notes, orphans=notes.orphans,
        )  # fmt: skip

    def page(
        self, view: View, after: tuple[str, int] | None = None, limit: int = 100
    ) -> list[ArticleRow]:
        """Up to `limit` rows of `view` after the row whose `cursor` is `after`."""
        return views.page(view, after, limit)

    def rows(self, ids: Sequence[int]) -> dict[int, ArticleRow]:
        return views.rows_by_id(ids)

    def position(self, view: View, article_id: int) -> int | None:
        return views.position(view, article_id)

    def article(self, article_id: int) -> ArticleText | None:
        row = Article.get_or_none(Article.id == article_id)
        if row is None:
            return None
        state = ReadingState.get_or_none(ReadingState.article == article_id)
        return ArticleText(
            id=row.id, uri=row.uri, title=row.title, title_derived=row.title_derived,
            dateline=row.dateline, body=row.body,
            words=row.words, source=row.source_path,
            read=bool(state and state.read),
            bookmarked=Bookmark.get_or_none(Bookmark.article == article_id) is not None,
            scroll=state.scroll if state else 0.0,
            topics=views.topics_for([article_id]).get(article_id, ()),
        )  # fmt: skip

    def find_topic(self, code_or_name: str) -> Topic | None:
        """A topic by code, IPTC name or label (case-insensitive), or None."""
        return self.rules.find(code_or_name)

    # -- writes ------------------------------------------------------------------------------

    def import_paths(
        self, paths: Iterable[Path], progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:  # fmt: skip
        """Import files and folders; each file atomically. See `reader.library.importer`."""
        report = Importer(self.rules).run(paths, progress, cancelled)
        added = frozenset(report.added_ids)
        self._report(Changes(added=added, counts=bool(added), topics=bool(added)))
        return report

    def set_bookmarked(self, ids: Iterable[int], on: bool) -> Changes:
        ids = self._existing(ids)
        with database.atomic():
            if on:
                rows = [{"article": i, "created": utcnow()} for i in ids]
                if rows:
                    Bookmark.insert_many(rows).on_conflict_ignore().execute()
            else:
                Bookmark.delete().where(Bookmark.article.in_(ids)).execute()
        return self._report(Changes(articles=frozenset(ids), counts=bool(ids)))

    def set_read(self, ids: Iterable[int], read: bool) -> Changes:
        ids = self._existing(ids)
        now = utcnow() if read else None
        with database.atomic():
            for start in range(0, len(ids), 500):
                rows = [
                    {"article": i, "read": read, "read_at": now} for i in ids[start : start + 500]
                ]
                (ReadingState.insert_many(rows)
                 .on_conflict(conflict_target=[ReadingState.article],
                              update={ReadingState.read: read, ReadingState.read_at: now})
                 .execute())  # fmt: skip
        return self._report(Changes(articles=frozenset(ids), counts=bool(ids)))

    def save_scroll(self, article_id: int, fraction: float) -> Changes:
        """Remember where the reader is in an article (0.0 top .. 1.0 bottom)."""
        if not self._existing([article_id]):
            return NOTHING
        fraction = min(1.0, max(0.0, float(fraction)))
        (ReadingState.insert(article=article_id, scroll=fraction)
         .on_conflict(conflict_target=[ReadingState.article],
                      update={ReadingState.scroll: fraction})
         .execute())  # fmt: skip
        return self._report(Changes(reading=True))

    def add_topic(self, article_id: int, code: str) -> Changes:
        """Put an article under a topic by hand; re-classifying never takes it away."""
        self._require_topic(code)
        if not self._existing([article_id]):
            return NOTHING
        (ArticleTopic.insert(article=article_id, topic=code, score=1.0, origin="user")
         .on_conflict(conflict_target=[ArticleTopic.article, ArticleTopic.topic],
                      update={ArticleTopic.origin: "user", ArticleTopic.score: 1.0})
         .execute())  # fmt: skip
        return self._report(Changes(articles=frozenset([article_id]), counts=True, topics=True))

    def remove_topic(self, article_id: int, code: str) -> Changes:
        """Take an article out of a topic by hand; re-classifying never puts it back."""
        self._require_topic(code)
        if not self._existing([article_id]):
            return NOTHING
        (ArticleTopic.insert(article=article_id, topic=code, score=0.0, origin="removed")
         .on_conflict(conflict_target=[ArticleTopic.article, ArticleTopic.topic],
                      update={ArticleTopic.origin: "removed"})
         .execute())  # fmt: skip
        return self._report(Changes(articles=frozenset([article_id]), counts=True, topics=True))

    def reclassify(self, ids: Iterable[int] | None = None) -> Changes:
        """Run the classifier again; the user's own topic choices are kept as they are."""
        query = Article.select(Article.id, Article.title, Article.title_derived, Article.body)
        if ids is not None:
            query = query.where(Article.id.in_(list(ids)))
        changed = set()
        with database.atomic():
            for art in query.iterator():
                title = "" if art.title_derived else art.title
                scores = self.rules.classify(title, art.body)
                ArticleTopic.delete().where(
                    (ArticleTopic.article == art.id) & (ArticleTopic.origin == "auto")
                ).execute()
                rows = [{"article": art.id, "topic": s.code, "score": s.score} for s in scores]
                if rows:
                    ArticleTopic.insert_many(rows).on_conflict_ignore().execute()
                changed.add(art.id)
        return self._report(Changes(articles=frozenset(changed), counts=True, topics=True))

    # -- helpers -----------------------------------------------------------------------------

    def _existing(self, ids: Iterable[int]) -> list[int]:
        wanted = sorted({int(i) for i in ids})
        found: list[int] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found += [a.id for a in Article.select(Article.id).where(Article.id.in_(chunk))]
        return found

    def _require_topic(self, code: str) -> None:
        self.rules.topic(code)  # KeyError names the unknown code

    def _sync_topics(self) -> None:
        """Mirror the topic data into the `topic` table (writes only when it differs)."""
        stored = {(t.code, t.name, t.label) for t in TopicRow.select()}
        wanted = {(t.code, t.name, t.label) for t in self.rules.topics}
        if stored != wanted:
            rows = [{"code": c, "name": n, "label": lbl} for c, n, lbl in sorted(wanted)]
            TopicRow.insert_many(rows).on_conflict_replace().execute()


def load_topic_rules() -> TopicRules:
    """The bundled rules, extended or overridden by the user's `topics.toml` if present."""
    user = config_dir() / "topics.toml"
    return load_rules(resource("topics.toml"), user if user.is_file() else None)
