"""Imported formats: the sanitised HTML body of HTML and Markdown articles, front-matter
metadata (published date, author, source URL), and how a source file was read (its format and
modification time, to recognise a changed file without reading it)."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("article", "html", TextField(null=True)),
        migrator.add_column("article", "published", TextField(null=True)),
        migrator.add_column("article", "author", TextField(null=True)),
        migrator.add_column("article", "source_url", TextField(null=True)),
        migrator.add_column("article", "format", CharField(max_length=10, default="seed")),
        migrator.add_column("source_file", "format", CharField(max_length=10, default="seed")),
        migrator.add_column("source_file", "mtime_ns", IntegerField(default=0)),
    )
