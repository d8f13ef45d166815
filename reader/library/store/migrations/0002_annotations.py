"""Annotations: highlights (W3C TextQuoteSelector + TextPositionSelector) and notes."""

import datetime as dt

from peewee import *


def up(migrator, db):
    def now():
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)

    class Article(Model):
        class Meta:
            database = db
            table_name = "article"

    class Annotation(Model):
        uuid = CharField(max_length=36, unique=True)
        article = ForeignKeyField(Article, on_delete="RESTRICT")
        kind = CharField(max_length=10, default="highlight")
        color = CharField(max_length=10, null=True)
        exact = TextField(null=True)
        prefix = TextField(null=True)
        suffix = TextField(null=True)
        start = IntegerField(null=True)
        end = IntegerField(null=True)
        note = TextField(default="")
        orphan = BooleanField(default=False)
        created = DateTimeField(default=now)
        updated = DateTimeField(default=now)

        class Meta:
            database = db
            table_name = "annotation"
            indexes = ((("article", "start"), False),)

    db.create_tables([Annotation])
