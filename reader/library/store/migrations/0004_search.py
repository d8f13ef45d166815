"""Full-text search: FTS5 indexes over articles and annotations, and saved searches.

Both indexes are external-content FTS5 tables (the text lives once, in `article` and
`annotation`), tokenised with porter stemming over unicode61 with diacritics removed.
Article titles weigh ten times a body match (the stored `rank` configuration, so a plain
`ORDER BY rank` uses it). Annotations are indexed by triggers (they are written one at a
time); new articles are indexed in batches by `reader.library.search.index.index_articles`
inside the import transaction, and an article's later change or deletion by triggers.
Existing articles are indexed after this migration by `Library.open` (with progress).
"""

import datetime as dt

from peewee import *

TOKENIZE = "porter unicode61 remove_diacritics 2"
STATEMENTS = (
    f"""CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, content='article', content_rowid='id', tokenize='{TOKENIZE}')""",
    "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
    f"""CREATE VIRTUAL TABLE annotation_fts USING fts5(
        exact, note, content='annotation', content_rowid='id', tokenize='{TOKENIZE}')""",
    "INSERT INTO annotation_fts(annotation_fts, rank) VALUES ('rank', 'bm25(1.0, 1.0)')",
    """CREATE TRIGGER article_fts_update AFTER UPDATE OF title, body ON article
       WHEN EXISTS (SELECT 1 FROM article_fts_docsize WHERE id = old.id) BEGIN
         INSERT INTO article_fts(article_fts, rowid, title, body)
           VALUES ('delete', old.id, old.title, old.body);
         INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
       END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON article
       WHEN EXISTS (SELECT 1 FROM article_fts_docsize WHERE id = old.id) BEGIN
         INSERT INTO article_fts(article_fts, rowid, title, body)
           VALUES ('delete', old.id, old.title, old.body);
       END""",
    """CREATE TRIGGER annotation_fts_insert AFTER INSERT ON annotation BEGIN
         INSERT INTO annotation_fts(rowid, exact, note)
           VALUES (new.id, COALESCE(new.exact, ''), COALESCE(new.note, ''));
       END""",
    """CREATE TRIGGER annotation_fts_update AFTER UPDATE OF exact, note ON annotation BEGIN
         INSERT INTO annotation_fts(annotation_fts, rowid, exact, note)
           VALUES ('delete', old.id, COALESCE(old.exact, ''), COALESCE(old.note, ''));
         INSERT INTO annotation_fts(rowid, exact, note)
           VALUES (new.id, COALESCE(new.exact, ''), COALESCE(new.note, ''));
       END""",
    """CREATE TRIGGER annotation_fts_delete AFTER DELETE ON annotation BEGIN
         INSERT INTO annotation_fts(annotation_fts, rowid, exact, note)
           VALUES ('delete', old.id, COALESCE(old.exact, ''), COALESCE(old.note, ''));
       END""",
    "INSERT INTO annotation_fts(annotation_fts) VALUES ('rebuild')",
)


def up(migrator, db):
    def now():
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)

    class SavedSearch(Model):
        name = TextField(unique=True)
        query = TextField()
        created = DateTimeField(default=now)

        class Meta:
            database = db
            table_name = "saved_search"

    with db.atomic():
        db.create_tables([SavedSearch])
        for sql in STATEMENTS:
            db.execute_sql(sql)
