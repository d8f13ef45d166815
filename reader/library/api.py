"""`Library`: the one API through which the app and the command line read and write.

Every write runs in a transaction, returns a `Changes` report and hands the same report to
each subscriber (the Qt layer turns it into a signal). Reads return plain dataclasses.
Only one library is open per process: the models share one deferred database.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from peewee import DatabaseError as PeeweeDatabaseError

from reader.library.annotations.methods import AnnotationMethods
from reader.library.annotations.records import reanchor_article
from reader.library.articles import views
from reader.library.articles.views import ArticleRow, TopicRef, View
from reader.library.changes import NOTHING, Changes
from reader.library.display.article import article_html
from reader.library.errors import LibraryBusy, LibraryDamaged, LibraryError
from reader.library.ingest.importer import FileResult, Importer, ImportReport, Progress
from reader.library.search import index as search_index
from reader.library.search.index import IndexProgress
from reader.library.search.methods import SearchMethods
from reader.library.store import db
from reader.library.store.files import config_dir, corpus_dir, resource
from reader.library.store.models import (
    Article,
    ArticleTopic,
    Bookmark,
    ReadingState,
    database,
    utcnow,
)
from reader.library.store.models import Topic as TopicRow
from reader.library.topics.rules import Topic, TopicRules, TopicRulesError, load_rules

log = logging.getLogger(__name__)
Subscriber = Callable[[Changes], None]
F = TypeVar("F", bound=Callable[..., Any])
_DAMAGE = (sqlite3.DatabaseError, PeeweeDatabaseError)


def _survives_damage(empty: Callable[[], object]) -> Callable[[F], F]:
    """A read that meets a damaged page returns `empty()` and protects the library, instead
    of raising into the window; a locked database is still reported as busy."""

    def decorate(read: F) -> F:
        @functools.wraps(read)
        def guarded(self: Library, *args: Any, **kwargs: Any) -> Any:
            try:
                return read(self, *args, **kwargs)
            except _DAMAGE as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise LibraryBusy(f"{self.path} is busy: {exc}; try again.") from exc
                log.error("damaged library %s: %s", self.path, exc)
                if self._protected is None:
                    self.protect(f"the library is damaged ({exc}) and is read-only")
                return empty()

        return cast(F, guarded)

    return decorate


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

    def html(self) -> str:
        byline = " · ".join(x for x in (self.author, (self.published or "")[:10]) if x)
        return article_html(
            self.title, self.dateline, self.body, self.words, self.topics,
            body_html=self.body_html, byline=byline,
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

    def of(self, view: View) -> int:
        if view.kind == "topic":
            return self.topics.get(view.topic or "", 0)
        return int(getattr(self, view.kind))


class Library(SearchMethods, AnnotationMethods):
    """An open library file. Use `Library.open(path)`; close it with `close()`."""

    _open: Library | None = None

    def __init__(self, path: Path, rules: TopicRules, created: bool) -> None:
        self.path = path
        self.rules = rules
        self.created = created
        self.warnings: list[str] = []  # problems worth telling the user that did not stop us
        self._protected: str | None = None
        self._counts: Counts | None = None
        self._counts_version: tuple[int, int] = (-1, -1)
        self._subscribers: list[Subscriber] = []

    @classmethod
    def open(
        cls, path: Path, *, create: bool = True, import_corpus: bool = True,
        rules: TopicRules | None = None, full_check: bool = True,
        index_progress: IndexProgress | None = None,
    ) -> Library:  # fmt: skip
        """Open (checking, migrating) or create the library at `path`.

        A new library gets the bundled corpus unless `import_corpus` is false. With
        `full_check` false the page-by-page integrity check is left to the caller (the window
        runs it in the background and calls `protect` if it finds damage). Articles missing
        from the search index (a library from before search) are indexed first, reporting
        `index_progress(done, total)`.
        """
        if cls._open is not None:
            raise LibraryError(f"Another library is already open: {cls._open.path}.")
        warnings: list[str] = []
        if rules is None:
            rules, warnings = load_topic_rules()
        created = db.connect(path, create=create, full_check=full_check)
        library = cls(path, rules, created)
        library.warnings += warnings
        cls._open = library
        try:
            library._sync_topics()
            search_index.fill(index_progress)
            if created and import_corpus:
                library._import_corpus()
        except PeeweeDatabaseError as exc:
            library.close()
            raise LibraryDamaged(f"{path} is damaged: {exc}.") from exc
        except BaseException:
            library.close()
            raise
        return library

    @property
    def protected(self) -> str | None:
        """Why the library takes no more writes (damage was found), or None."""
        return self._protected

    def _require_writable(self) -> None:
        if self._protected:
            raise LibraryError(f"Nothing was saved: {self._protected}.")

    def protect(self, reason: str) -> None:
        """Refuse every later write: each write method then changes nothing and returns an
        empty `Changes` (imports fail every file with `reason`). For a damaged file."""
        self._protected = reason
        with contextlib.suppress(*_DAMAGE):
            database.execute_sql("PRAGMA query_only = 1")

    def _import_corpus(self) -> None:
        """Fill a new library with the bundled texts; a broken installation is reported."""
        report = self.import_paths([corpus_dir()])
        for failure in report.failed:
            self.warnings.append(
                f"the bundled corpus could not be imported ({failure.path}: {failure.reason}); "
                "the library starts empty"
            )

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
        """Every known topic (`reader.library.topics.rules.Topic`), in code order."""
        return self.rules.topics

    def counts(self) -> Counts:
        """The sidebar's numbers, counted again only after the database changed: a write on
        this connection (`total_changes`) or a commit by any other (`PRAGMA data_version`)."""
        version = (
            database.connection().total_changes,
            database.execute_sql("PRAGMA data_version").fetchone()[0],
        )
        if self._counts is None or self._counts_version != version:
            self._counts = self._count()
            self._counts_version = version
        return self._counts

    @_survives_damage(lambda: Counts(0, 0, 0, {}))
    def _count(self) -> Counts:
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

    @_survives_damage(list)
    def page(
        self, view: View, after: tuple[str, int] | None = None, limit: int = 100
    ) -> list[ArticleRow]:
        """Up to `limit` rows of `view` after the row whose `cursor` is `after`."""
        return views.page(view, after, limit)

    @_survives_damage(dict)
    def rows(self, ids: Sequence[int]) -> dict[int, ArticleRow]:
        return views.rows_by_id(ids)

    @_survives_damage(lambda: None)
    def position(self, view: View, article_id: int) -> int | None:
        return views.position(view, article_id)

    @_survives_damage(lambda: None)
    def neighbour(
        self, view: View, article_id: int | None, forward: bool = True, unread: bool = False
    ) -> int | None:
        """The next (previous) article of `view` after `article_id`; see `views.neighbour`."""
        return views.neighbour(view, article_id, forward, unread)

    @_survives_damage(list)
    def unread_ids(self, view: View) -> list[int]:
        """Every unread article of `view` (for "mark all read")."""
        return views.unread_ids(view)

    @_survives_damage(lambda: None)
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
            body_html=row.html, author=row.author, published=row.published,
            source_url=row.source_url, format=row.format,
        )  # fmt: skip

    def find_topic(self, code_or_name: str) -> Topic | None:
        """A topic by code, IPTC name or label (case-insensitive), or None."""
        return self.rules.find(code_or_name)

    # -- writes ------------------------------------------------------------------------------

    def import_paths(
        self, paths: Iterable[Path], progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None, fmt: str = "auto",
    ) -> ImportReport:  # fmt: skip
        """Import files and folders; each file atomically. See `reader.library.ingest.importer`.

        Subscribers hear of new and updated articles after each committed chunk, so a
        window shows them as they land."""
        if self._protected:
            failed = [FileResult(str(p), "failed", reason=self._protected) for p in paths]
            return ImportReport(files=failed)

        def committed(added: list[int], updated: list[int]) -> None:
            touched = bool(added or updated)
            self._report(Changes(articles=frozenset(updated), added=frozenset(added),
                                 counts=touched, topics=touched))  # fmt: skip

        importer = Importer(self.rules, fmt, on_body_changed=reanchor_article, on_commit=committed)
        return importer.run(paths, progress, cancelled)

    def set_bookmarked(self, ids: Iterable[int], on: bool) -> Changes:
        if self._protected:
            return NOTHING
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
        if self._protected:
            return NOTHING
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
        if self._protected or not self._existing([article_id]):
            return NOTHING
        fraction = min(1.0, max(0.0, float(fraction)))
        (ReadingState.insert(article=article_id, scroll=fraction)
         .on_conflict(conflict_target=[ReadingState.article],
                      update={ReadingState.scroll: fraction})
         .execute())  # fmt: skip
        return self._report(Changes(reading=True))

    def add_topic(self, article_id: int, code: str) -> Changes:
        """Put an article under a topic by hand; re-classifying never takes it away."""
        return self._choose_topic(article_id, code, "user")

    def remove_topic(self, article_id: int, code: str) -> Changes:
        """Take an article out of a topic by hand; re-classifying never puts it back."""
        return self._choose_topic(article_id, code, "removed")

    def _choose_topic(self, article_id: int, code: str, origin: str) -> Changes:
        self._require_topic(code)
        article = Article.get_or_none(Article.id == article_id)
        if self._protected or article is None:
            return NOTHING
        score = 1.0 if origin == "user" else 0.0
        (ArticleTopic.insert(article=article_id, topic=code, score=score, origin=origin,
                             added=article.added)
         .on_conflict(conflict_target=[ArticleTopic.article, ArticleTopic.topic],
                      update={ArticleTopic.origin: origin, ArticleTopic.score: score})
         .execute())  # fmt: skip
        return self._report(Changes(articles=frozenset([article_id]), counts=True, topics=True))

    def annotation_count(self, ids: Iterable[int]) -> int:
        """How many highlights and notes these articles hold (to ask before removing them)."""
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        sql = f"SELECT COUNT(*) FROM annotation WHERE article_id IN ({marks})"
        return int(database.execute_sql(sql, ids).fetchone()[0]) if ids else 0

    def remove_articles(self, ids: Iterable[int], *, with_annotations: int = 0) -> Changes:
        """Remove articles from the library (never their files). Their highlights and notes
        are the user's: if they have any, `with_annotations` must equal how many (the number
        the user was shown and agreed to), else `AnnotationsWouldBeLost` names the count and
        nothing is removed. Bookmarks, reading state and topics go with the article."""
        self._require_writable()
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
            for table in ("annotation", "bookmark", "reading_state", "article_topic"):
                database.execute_sql(f"DELETE FROM {table} WHERE article_id IN ({marks})", ids)
            database.execute_sql(f"DELETE FROM article WHERE id IN ({marks})", ids)
        return self._report(
            Changes(removed=frozenset(ids), counts=True, topics=True, annotations=frozenset(held))
        )

    def reclassify(self, ids: Iterable[int] | None = None) -> Changes:
        """Run the classifier again; the user's own topic choices are kept as they are."""
        if self._protected:
            return NOTHING
        query = Article.select(
            Article.id, Article.title, Article.title_derived, Article.body, Article.added
        )
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
                rows = [
                    {"article": art.id, "topic": s.code, "score": s.score, "added": art.added}
                    for s in scores
                ]
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


class AnnotationsWouldBeLost(LibraryError):
    """Removing these articles would delete highlights and notes the user did not agree to."""

    def __init__(self, count: int) -> None:
        self.count = count
        noun = "highlight or note" if count == 1 else "highlights and notes"
        super().__init__(f"These articles have {count} {noun}; nothing was removed.")


def load_topic_rules() -> tuple[TopicRules, list[str]]:
    """The bundled rules, extended or overridden by the user's `topics.toml` if present.

    A broken user file never stops Reader: its message comes back as a warning and the
    bundled rules are used alone. A broken bundled file is an installation error.
    """
    bundled = resource("topics.toml")
    user = config_dir() / "topics.toml"
    try:
        base = load_rules(bundled)
    except TopicRulesError as exc:
        raise LibraryError(f"Reader's own topic rules are broken: {exc}") from exc
    if not user.is_file():
        return base, []
    try:
        return load_rules(bundled, user), []
    except TopicRulesError as exc:
        return base, [f"{exc}; your topic rules were not applied"]
