"""Feeds, their entries, saved pages and pictures.

`feed` is one subscription: its URL (updated by a permanent redirect), the titles it gave and
the user gave, an optional folder ("News/World"), whether it is paused, whether entries are
completed from their linked page, its own refresh interval and keep limits, and what its last
fetches said (validators for conditional requests, last success, last error in words, when the
server asked to be left alone until). `feed_entry` maps each entry's identity in its feed to
the article made of it: a row outlives its article (removed by the user or by a keep limit) so
that the entry never comes back. `saved_page` maps a saved URL to its article. `picture` holds
checked pictures by their SHA-256; `article_picture` says which article shows which.
"""

import datetime as dt

from peewee import *


def up(migrator, db):
    def now():
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)

    class Feed(Model):
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
        created = DateTimeField(default=now)

        class Meta:
            database = db
            table_name = "feed"

    class FeedEntry(Model):
        feed = ForeignKeyField(Feed, on_delete="CASCADE")
        key = TextField()
        article_id = IntegerField(null=True, index=True)
        content_hash = CharField(max_length=64)
        seen = DateTimeField(default=now)

        class Meta:
            database = db
            table_name = "feed_entry"
            indexes = ((("feed", "key"), True),)

    class SavedPage(Model):
        url = TextField(primary_key=True)
        article_id = IntegerField(null=True, index=True)
        saved = DateTimeField(default=now)

        class Meta:
            database = db
            table_name = "saved_page"

    class Picture(Model):
        sha256 = CharField(max_length=64, primary_key=True)
        url = TextField()
        mime = CharField(max_length=20)
        width = IntegerField()
        height = IntegerField()
        data = BlobField()
        stored = DateTimeField(default=now)

        class Meta:
            database = db
            table_name = "picture"

    class ArticlePicture(Model):
        article_id = IntegerField()
        picture = ForeignKeyField(Picture, on_delete="CASCADE")

        class Meta:
            database = db
            table_name = "article_picture"
            primary_key = CompositeKey("article_id", "picture")
            indexes = ((("picture",), False),)  # which pictures no article shows any more

    db.create_tables([Feed, FeedEntry, SavedPage, Picture, ArticlePicture])
