"""The first schema: source files, articles, topics, article topics, bookmarks, reading state."""

import datetime as dt

from peewee import *


def up(migrator, db):
    def now():
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class SourceFile(Base):
        path = TextField(unique=True)
        content_hash = CharField(max_length=64)
        size = IntegerField()
        imported_at = DateTimeField(default=now)

    class Article(Base):
        uri = CharField(unique=True)
        content_hash = CharField(max_length=64, unique=True)
        source_file = ForeignKeyField(SourceFile, null=True, on_delete="SET NULL")
        source_path = TextField()
        source_index = IntegerField(default=0)
        title = TextField()
        title_derived = BooleanField(default=False)
        dateline = TextField(null=True)
        body = TextField()
        words = IntegerField()
        added = DateTimeField(default=now)
        updated = DateTimeField(default=now)

    class Topic(Base):
        code = CharField(primary_key=True, max_length=8)
        name = TextField()
        label = TextField()

    class ArticleTopic(Base):
        article = ForeignKeyField(Article, on_delete="CASCADE")
        topic = ForeignKeyField(Topic, on_delete="CASCADE")
        score = FloatField(default=0.0)
        origin = CharField(max_length=8, default="auto")
        added = DateTimeField()  # the article's, so a topic's list needs no join to sort

        class Meta:
            primary_key = CompositeKey("article", "topic")

    class Bookmark(Base):
        article = ForeignKeyField(Article, primary_key=True, on_delete="RESTRICT")
        created = DateTimeField(default=now)

    class ReadingState(Base):
        article = ForeignKeyField(Article, primary_key=True, on_delete="CASCADE")
        read = BooleanField(default=False)
        read_at = DateTimeField(null=True)
        scroll = FloatField(default=0.0)

    db.create_tables([SourceFile, Article, Topic, ArticleTopic, Bookmark, ReadingState])
    # Lists show the newest import first and, within one import, file order: an index in
    # exactly that order lets a page of a 100,000-article view be read without sorting.
    db.execute_sql("CREATE INDEX article_recent ON article (added DESC, id)")
    db.execute_sql(
        "CREATE INDEX article_topic_recent ON article_topic (topic_id, added DESC, article_id) "
        "WHERE origin != 'removed'"
    )
