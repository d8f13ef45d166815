"""Imported formats: the sanitised HTML body of HTML and Markdown articles, front-matter
metadata (published date, author, source URL), and how a source file was read (its format and
modification time, to recognise a changed file without reading it)."""

from peewee import *


def up(migrator, db):
    # Adding a NOT NULL column makes peewee rebuild the table, which drops its triggers (the
    # search index's, from 0004): keep their SQL and make them again afterwards.
    triggers = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name IN ('article', 'source_file')"
    ).fetchall()
    migrator.migrate(
        migrator.add_column("article", "html", TextField(null=True)),
        migrator.add_column("article", "published", TextField(null=True)),
        migrator.add_column("article", "author", TextField(null=True)),
        migrator.add_column("article", "source_url", TextField(null=True)),
        migrator.add_column("article", "format", CharField(max_length=10, default="seed")),
        migrator.add_column("source_file", "format", CharField(max_length=10, default="seed")),
        migrator.add_column("source_file", "mtime_ns", IntegerField(default=0)),
    )
    kept = {
        row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    for name, sql in triggers:
        if name not in kept:
            db.execute_sql(sql)
