"""`Library`'s topic methods (a mixin): the topics known, finding one by what the user typed,
putting an article under a topic or taking it out by hand (each choice also a labelled example
for `reader.library.topics.learning`), learning from those choices and forgetting them, saying
why an article has its topics, and classifying again."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import cast

from peewee import fn

from reader.library.changes import NOTHING, Changes
from reader.library.protection import write
from reader.library.store.models import Article, ArticleTopic, TopicExample, database, utcnow
from reader.library.store.models import Topic as TopicRow
from reader.library.topics.classifier import Classifier, Explanation
from reader.library.topics.learning import TopicModel, train
from reader.library.topics.rules import Topic, TopicRules

BACKGROUND = 1000  # recent articles whose words are the model's ordinary language
BACKGROUND_CHARS = 4000  # of each, the start
RECLASSIFY_CHUNK = 200  # articles per transaction when re-classifying
ReclassifyProgress = Callable[[int, int], None]  # done, total
Signature = tuple[int, object]  # the examples' count and newest time: changed by any choice


class TopicMethods:
    """Mixed into `Library`, which provides `rules` and `_report`. Every write wears
    `@write`: on a protected library it raises `LibraryReadOnly`."""

    rules: TopicRules
    _report: Callable[[Changes], Changes]
    _learned: tuple[Signature, Classifier] | None = None  # and the examples it learned from
    _learning_lock = threading.Lock()

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
        (TopicExample.insert(article=article_id, topic=code, chosen=origin == "user", at=utcnow())
         .on_conflict_replace().execute())  # fmt: skip
        return self._report(Changes(articles=frozenset([article_id]), counts=True, topics=True))

    @write
    def reclassify(
        self, ids: Iterable[int] | None = None, *, only_automatic: bool = False,
        progress: ReclassifyProgress | None = None, cancelled: Callable[[], bool] | None = None,
    ) -> Changes:  # fmt: skip
        """Run the classifier (the rules and what was learned) again on `ids` (default: every
        article; with `only_automatic`, only those whose topics the user never chose by hand).
        The user's own topic choices are kept as they are. Commits every `RECLASSIFY_CHUNK`
        articles, calling `progress(done, total)` after each; `cancelled()` true stops it
        there, keeping what was done. Raises `LibraryReadOnly` on a protected library."""
        classifier = self.classifier()
        query = Article.select(Article.id)
        if ids is not None:
            query = query.where(Article.id.in_(list(ids)))
        if only_automatic:
            chosen = ArticleTopic.select(ArticleTopic.article).where(ArticleTopic.origin != "auto")
            query = query.where(Article.id.not_in(chosen))
        todo = [row.id for row in query.order_by(Article.id).iterator()]
        changed: set[int] = set()
        for start in range(0, len(todo), RECLASSIFY_CHUNK):
            if cancelled is not None and cancelled():
                break
            chunk = todo[start : start + RECLASSIFY_CHUNK]
            with database.atomic():
                self._reclassify_chunk(classifier, chunk)
            changed.update(chunk)
            if progress is not None:
                progress(len(changed), len(todo))
        return self._report(Changes(articles=frozenset(changed), counts=True, topics=True))

    def _reclassify_chunk(self, classifier: Classifier, ids: list[int]) -> None:
        query = Article.select(
            Article.id, Article.title, Article.title_derived, Article.body, Article.added
        ).where(Article.id.in_(ids))
        for art in query.iterator():
            title = "" if art.title_derived else art.title
            scores = classifier.classify(title, art.body)
            ArticleTopic.delete().where(
                (ArticleTopic.article == art.id) & (ArticleTopic.origin == "auto")
            ).execute()
            rows = [
                {"article": art.id, "topic": s.code, "score": s.score, "added": art.added}
                for s in scores
            ]
            if rows:
                ArticleTopic.insert_many(rows).on_conflict_ignore().execute()

    # -- learning from the user's choices ------------------------------------------------------

    def classifier(self) -> Classifier:
        """The classifier new and re-classified articles get: the rules with what was learned
        from the user's choices. Learns first (`learn_topics`) if a choice was made since."""
        learned = self._learned
        if learned is not None and learned[0] == self._signature():
            return learned[1]
        with self._learning_lock:  # one thread learns; the others wait for what it learned
            learned = self._learned
            if learned is not None and learned[0] == self._signature():
                return learned[1]
        return self.learn_topics()

    def learning_is_current(self) -> bool:
        """Whether the classifier has learned from every choice made (the window learns
        again on a worker thread when it has not)."""
        learned = self._learned
        return learned is not None and learned[0] == self._signature()

    def learn_topics(self) -> Classifier:
        """Learn again from every example (the user's topic choices), reading their articles
        and a sample of recent ones; a second or so on a large library, so the window calls
        it on a worker thread. Writes nothing."""
        with self._learning_lock:
            version = self._signature()
            model = self._train()
            classifier = Classifier(self.rules, model)
            self._learned = (version, classifier)
            return classifier

    def _signature(self) -> Signature:
        """What the examples are now, in one small query: any choice, in this process or
        another, or an article removed with its examples, changes it."""
        query = TopicExample.select(fn.COUNT(TopicExample.article), fn.MAX(TopicExample.at))
        count, newest = cast(tuple[int, object], query.tuples().get())
        return int(count), newest

    def _train(self) -> TopicModel:
        examples = list(
            TopicExample.select(TopicExample.article, TopicExample.topic, TopicExample.chosen)
            .tuples()
            .iterator()
        )
        if not examples:
            return TopicModel()
        keys = {article for article, _, _ in examples}
        documents = {
            art.id: ("" if art.title_derived else art.title, art.body)
            for art in Article.select(Article.id, Article.title, Article.title_derived,
                                      Article.body).where(Article.id.in_(list(keys))).iterator()
        }  # fmt: skip
        recent = list(
            Article.select(Article.id, Article.title, Article.title_derived, Article.body)
            .where(Article.id.not_in(list(keys)))
            .order_by(Article.id.desc())
            .limit(BACKGROUND)
            .iterator()
        )
        under: dict[int, list[str]] = {}
        links = ArticleTopic.select(ArticleTopic.article, ArticleTopic.topic).where(
            ArticleTopic.article.in_([art.id for art in recent])
            & (ArticleTopic.origin != "removed")
        )
        for article, code in links.tuples().iterator():
            under.setdefault(article, []).append(code)
        background = [
            ("" if art.title_derived else art.title, art.body[:BACKGROUND_CHARS],
             under.get(art.id, ()))
            for art in recent
        ]  # fmt: skip
        return train(documents, examples, background)

    def learned_examples(self) -> int:
        """How many topic choices of the user the classifier learns from."""
        return TopicExample.select().count()

    @write
    def forget_learned_topics(self) -> Changes:
        """Forget what the topics learned: delete every example. The user's topic choices on
        the articles stay (re-classifying still keeps them); articles keep their topics until
        they are re-classified. Raises `LibraryReadOnly` on a protected library."""
        with self._learning_lock:
            deleted = TopicExample.delete().execute()
            self._learned = (self._signature(), Classifier(self.rules))
        return self._report(Changes(topics=True)) if deleted else NOTHING

    def explain_topics(self, article_id: int) -> Explanation | None:
        """Why an article has its topics (rule terms, what was learned), or None if there is
        no such article."""
        art = Article.get_or_none(Article.id == article_id)
        if art is None:
            return None
        return self.classifier().explain("" if art.title_derived else art.title, art.body)

    def _require_topic(self, code: str) -> None:
        self.rules.topic(code)  # KeyError names the unknown code

    def _sync_topics(self) -> None:
        """Mirror the topic data into the `topic` table (writes only when it differs)."""
        stored = {(t.code, t.name, t.label) for t in TopicRow.select()}
        wanted = {(t.code, t.name, t.label) for t in self.rules.topics}
        if stored != wanted:
            rows = [{"code": c, "name": n, "label": lbl} for c, n, lbl in sorted(wanted)]
            TopicRow.insert_many(rows).on_conflict_replace().execute()
