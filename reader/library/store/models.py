"""The library's tables as peewee models, bound to one deferred SQLite database.

The schema itself is created and changed only by the numbered scripts in `migrations/`;
these models describe the newest schema and are what the rest of the library queries.
Nothing outside `reader.library` touches them: the UI and the CLI go through `Library`.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from reader.library.store.transactions import LibraryDatabase

# Deferred: `reader.library.store.db.connect()` calls `database.init(path, pragmas=...)`.
# Every write transaction begins IMMEDIATE and waits its turn (`store.transactions`).
database = LibraryDatabase(None)


def utcnow() -> dt.datetime:
    """Timestamps are stored in UTC, without tzinfo (SQLite has no time zones)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SourceFile(BaseModel):
    """A file that was imported, so that importing it again can be recognised."""

    id = AutoField()
    path = TextField(unique=True)
    content_hash = CharField(max_length=64)
    size = IntegerField()
    imported_at = DateTimeField(default=utcnow)
    format = CharField(max_length=10, default="seed")  # how it was read (migration 0005)
    mtime_ns = IntegerField(default=0)  # modification time when it was last read


class Article(BaseModel):
    """One article. `body` is the plain text (paragraphs joined by newlines) without the
    dateline; annotation offsets (a later migration) count characters of `body`."""

    id = AutoField()
    uri = CharField(unique=True)
    content_hash = CharField(max_length=64, unique=True)
    source_file = ForeignKeyField(SourceFile, null=True, backref="articles", on_delete="SET NULL")
    source_path = TextField()
    source_index = IntegerField(default=0)
    title = TextField()
    title_derived = BooleanField(default=False)
    dateline = TextField(null=True)
    body = TextField()
    words = IntegerField()
    added = DateTimeField(default=utcnow)
    updated = DateTimeField(default=utcnow)
    # Migration 0005: the sanitised HTML of HTML and Markdown articles (one block per line
    # of `body`), front-matter metadata, and the format the article was read from.
    html = TextField(null=True)
    published = TextField(null=True)
    author = TextField(null=True)
    source_url = TextField(null=True)
    format = CharField(max_length=10, default="seed")
    # Index `article_recent (added DESC, id)` (migration 0001) serves the list order.


class Topic(BaseModel):
    """An IPTC Media Topic; rows mirror `resources/topics.toml`."""

    code = CharField(primary_key=True, max_length=8)
    name = TextField()
    label = TextField()


class ArticleTopic(BaseModel):
    """An article's place under a topic. `origin` is `auto` (the classifier), `user` (added
    by the user) or `removed` (the user took the topic away: re-classifying never adds it back).
    """

    article = ForeignKeyField(Article, backref="topic_links", on_delete="CASCADE")
    topic = ForeignKeyField(Topic, backref="article_links", on_delete="CASCADE")
    score = FloatField(default=0.0)
    origin = CharField(max_length=8, default="auto")
    added = DateTimeField()  # a copy of the article's, for index `article_topic_recent`

    class Meta:
        primary_key = CompositeKey("article", "topic")


class TopicExample(BaseModel):
    """A topic the user put an article under (`chosen`) or took it out of, kept as a labelled
    example for the learned topic model; forgetting what was learned deletes these rows only,
    never the choices in `ArticleTopic` (migration 0014)."""

    article = ForeignKeyField(Article, on_delete="CASCADE")
    topic = ForeignKeyField(Topic, on_delete="CASCADE")
    chosen = BooleanField()
    at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "topic_example"
        primary_key = CompositeKey("article", "topic")
        without_rowid = True


class Bookmark(BaseModel):
    """A bookmarked article. Deleting an article never silently drops its bookmark."""

    article = ForeignKeyField(Article, primary_key=True, on_delete="RESTRICT")
    created = DateTimeField(default=utcnow)


class ReadingState(BaseModel):
    """Whether an article was read, and where the reader left it (0.0 top .. 1.0 bottom)."""

    article = ForeignKeyField(Article, primary_key=True, on_delete="CASCADE")
    read = BooleanField(default=False)
    read_at = DateTimeField(null=True)
    scroll = FloatField(default=0.0)


class Annotation(BaseModel):
    """A highlight (a quote with its selectors, a colour and an optional note) or a note on a
    whole article (`kind` "note": no selectors). Offsets count characters of `Article.body`.
    `uuid` identifies it across export and import; `orphan` marks a highlight whose quote could
    not be found after its article changed: kept and listed, never deleted."""

    id = AutoField()
    uuid = CharField(max_length=36, unique=True)
    article = ForeignKeyField(Article, backref="annotations", on_delete="RESTRICT")
    kind = CharField(max_length=10, default="highlight")
    color = CharField(max_length=10, null=True)
    exact = TextField(null=True)
    prefix = TextField(null=True)
    suffix = TextField(null=True)
    start = IntegerField(null=True)
    end = IntegerField(null=True)
    note = TextField(default="")
    orphan = BooleanField(default=False)
    created = DateTimeField(default=utcnow)
    updated = DateTimeField(default=utcnow)
    moved = BooleanField(default=False)  # re-anchored approximately, not yet seen (0011)

    class Meta:
        indexes = ((("article", "start"), False),)


class SavedSearch(BaseModel):
    """A query the user saved under a name; the sidebar shows it as a view with a count.
    (The FTS5 index tables of migration 0004 are reached with SQL in `search_index`.)"""

    id = AutoField()
    name = TextField(unique=True)
    query = TextField()
    created = DateTimeField(default=utcnow)


class AnnotationTrash(BaseModel):
    """A removed annotation, kept whole so that it can be brought back (migration 0006): its
    row as it was (`annotation_id`, `uuid` and the rest), its article's id, uri and title then,
    when (`removed`, UTC) and why (`reason`: "deleted" or "article removed"). Not tied to the
    article by a foreign key: the article may be gone, or back under another id."""

    id = AutoField()
    annotation_id = IntegerField()
    uuid = CharField(max_length=36)
    article_id = IntegerField()
    article_uri = TextField()
    article_title = TextField()
    kind = CharField(max_length=10)
    color = CharField(max_length=10, null=True)
    exact = TextField(null=True)
    prefix = TextField(null=True)
    suffix = TextField(null=True)
    start = IntegerField(null=True)
    end = IntegerField(null=True)
    note = TextField(default="")
    orphan = BooleanField(default=False)
    created = DateTimeField()
    updated = DateTimeField()
    removed = DateTimeField(default=utcnow, index=True)
    reason = CharField(max_length=20)
    tags = TextField(default="[]")  # its tags' names, a JSON array (migration 0013)

    class Meta:
        table_name = "annotation_trash"


class LibraryMeta(BaseModel):
    """Small facts about the library itself, by key (migration 0006): `identity`."""

    key = CharField(primary_key=True, max_length=40)
    value = TextField()

    class Meta:
        table_name = "library_meta"


class Feed(BaseModel):
    """A subscription (migration 0007). `url` follows permanent redirects; `user_title` is
    the name the user gave it (shown instead of `title`, the feed's own); `folder` is a path
    ("News/World") or None. `etag` and `last_modified` make the next fetch conditional;
    `last_error` is the last failure in words (None after a success); `retry_at` is when the
    server asked to be fetched again at the earliest (429/503 Retry-After)."""

    id = AutoField()
    url = TextField(unique=True)
    title = TextField(default="")
    user_title = TextField(null=True)
    site_url = TextField(null=True)
    folder = TextField(null=True)
    paused = BooleanField(default=False)
    full_text = BooleanField(default=False)
    interval_minutes = IntegerField(null=True)
    keep_days = IntegerField(null=True)
    keep_count = IntegerField(null=True)
    etag = TextField(null=True)
    last_modified = TextField(null=True)
    last_checked = DateTimeField(null=True)
    last_success = DateTimeField(null=True)
    last_error = TextField(null=True)
    retry_at = DateTimeField(null=True)
    created = DateTimeField(default=utcnow)


class FeedEntry(BaseModel):
    """One entry of a feed, by its identity in that feed (`key`: guid, else link, else a
    hash of its content), and the article made of it. `article_id` is None once the user or
    a keep limit removed the article: the row stays, so the entry is never added again."""

    id = AutoField()
    feed = ForeignKeyField(Feed, backref="entries", on_delete="CASCADE")
    key = TextField()
    article_id = IntegerField(null=True, index=True)
    content_hash = CharField(max_length=64)
    seen = DateTimeField(default=utcnow)

    class Meta:
        table_name = "feed_entry"
        indexes = ((("feed", "key"), True),)


class SavedPage(BaseModel):
    """A web page saved by its URL, and the article made of it (None once removed)."""

    url = TextField(primary_key=True)
    article_id = IntegerField(null=True, index=True)
    saved = DateTimeField(default=utcnow)

    class Meta:
        table_name = "saved_page"


class Picture(BaseModel):
    """A picture fetched for an article and checked (type, bytes, pixels), kept by its
    SHA-256: the reading pane shows this copy and never fetches or reads one itself."""

    sha256 = CharField(max_length=64, primary_key=True)
    url = TextField()
    mime = CharField(max_length=20)
    width = IntegerField()
    height = IntegerField()
    data = BlobField()
    stored = DateTimeField(default=utcnow)

    class Meta:
        table_name = "picture"


class ArticlePicture(BaseModel):
    """Which article shows which picture (pictures no article shows are dropped)."""

    article_id = IntegerField()
    picture = ForeignKeyField(Picture, on_delete="CASCADE")

    class Meta:
        table_name = "article_picture"
        primary_key = CompositeKey("article_id", "picture")
        indexes = ((("picture",), False),)
