"""Removed annotations kept for a while (`annotation_trash`), and the library's identity.

A highlight or note removed by any means (deleted, its creation undone, its article removed)
is copied whole into `annotation_trash` in the same transaction: the annotation's row (id and
uuid included), its article's id, uri and title, when and why it was removed. Entries older
than 30 days are purged. `library_meta` holds small facts about the library itself; its first
is `identity`, a UUID made here (and so at creation) that names the library for the window's
per-library settings.
"""

import datetime as dt
import uuid

from peewee import *


def up(migrator, db):
    def now():
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)

    class AnnotationTrash(Model):
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
        removed = DateTimeField(default=now, index=True)
        reason = CharField(max_length=20)

        class Meta:
            database = db
            table_name = "annotation_trash"

    class LibraryMeta(Model):
        key = CharField(primary_key=True, max_length=40)
        value = TextField()

        class Meta:
            database = db
            table_name = "library_meta"

    db.create_tables([AnnotationTrash, LibraryMeta])
    LibraryMeta.create(key="identity", value=str(uuid.uuid4()))
