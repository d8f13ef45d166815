"""`Library`'s topic methods (a mixin): the topics known, finding one by what the user typed,
putting an article under a topic or taking it out by hand, and classifying again."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reader.library.changes import NOTHING, Changes
from reader.library.protection import write
from reader.library.store.models import Article, ArticleTopic, database
from reader.library.store.models import Topic as TopicRow
from reader.library.topics.rules import Topic, TopicRules


class TopicMethods:
    """Mixed into `Library`, which provides `rules` and `_report`. Every write wears
    `@write`: on a protected library it raises `LibraryReadOnly`."""

    rules: TopicRules
    _report: Callable[[Changes], Changes]

    def topics(self) -> tuple[Topic, ...]:
        """Every known topic (`reader.library.topics.rules.Topic`), in code order."""
        return self.rules.topics

    def find_topic(self, code_or_name: str) -> Topic | None:
        """A topic by code, IPTC name or label (case-insensitive), or None."""
        return self.rules.find(code_or_name)

    @write
    def add_topic(self, article_id: int, code: str) -> Changes:
        """Put an article under a topic by hand; re-classifying never takes it away.
        Raises `LibraryReadOnly` on a protected library."""
        return self._choose_topic(article_id, code, "user")

    @write
    def remove_topic(self, article_id: int, code: str) -> Changes:
        """Take an article out of a topic by hand; re-classifying never puts it back.
        Raises `LibraryReadOnly` on a protected library."""
        return self._choose_topic(article_id, code, "removed")

    def _choose_topic(self, article_id: int, code: str, origin: str) -> Changes:
        self._require_topic(code)
        article = Article.get_or_none(Article.id == article_id)
        if article is None:
            return NOTHING
        score = 1.0 if origin == "user" else 0.0
        (ArticleTopic.insert(article=article_id, topic=code, score=score, origin=origin,
                             added=article.added)
         .on_conflict(conflict_target=[ArticleTopic.article, ArticleTopic.topic],
                      update={ArticleTopic.origin: origin, ArticleTopic.score: score})
         .execute())  # fmt: skip
        return self._report(Changes(articles=frozenset([article_id]), counts=True, topics=True))

    @write
    def reclassify(self, ids: Iterable[int] | None = None) -> Changes:
        """Run the classifier again; the user's own topic choices are kept as they are.
        Raises `LibraryReadOnly` on a protected library."""
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

    def _require_topic(self, code: str) -> None:
        self.rules.topic(code)  # KeyError names the unknown code

    def _sync_topics(self) -> None:
        """Mirror the topic data into the `topic` table (writes only when it differs)."""
        stored = {(t.code, t.name, t.label) for t in TopicRow.select()}
        wanted = {(t.code, t.name, t.label) for t in self.rules.topics}
        if stored != wanted:
            rows = [{"code": c, "name": n, "label": lbl} for c, n, lbl in sorted(wanted)]
            TopicRow.insert_many(rows).on_conflict_replace().execute()
