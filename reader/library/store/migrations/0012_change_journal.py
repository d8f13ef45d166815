"""The change journal: what every connection wrote, so that a window sees what other
processes (the command line, another Reader) changed without reading everything again.

`change_journal` holds one row per changed thing, `(seq, kind, row)`, written by triggers on
the tables whose changes a window shows; `reader.library.store.watch` reads it from the last
`seq` it saw and turns it into the `Changes` report the library's own writes produce. Kinds:
`added`, `article` and `removed` (an article row, by id), `read` (its read flag or bookmark),
`topics` (its topic links), `topic` (the topics themselves), `annotation` (by id), `trash`,
`search` (saved searches), `feed`, and for tags `tags` (an article's) and `tag` (the names).
Scroll positions are not journalled.

The journal prunes itself: every `PRUNE_EVERY`th row deletes those older than the newest
`KEEP` (one short delete at the head of the table per thousand rows), so it never holds much
more than `KEEP` rows; a reader that fell further behind than that sees a gap and refreshes
everything coarsely. `seq` is a plain rowid (no AUTOINCREMENT bookkeeping per row): pruning
never removes the newest row, so numbers keep rising.
"""

KEEP = 20000
PRUNE_EVERY = 1000

# (table, event, WHEN clause or "", kind, row expression)
TRIGGERS = (
    ("article", "INSERT", "", "added", "NEW.id"),
    ("article", "UPDATE", "", "article", "NEW.id"),
    ("article", "DELETE", "", "removed", "OLD.id"),
    ("reading_state", "INSERT", "WHEN NEW.read", "read", "NEW.article_id"),
    ("reading_state", "UPDATE", "WHEN OLD.read IS NOT NEW.read", "read", "NEW.article_id"),
    ("reading_state", "DELETE", "WHEN OLD.read", "read", "OLD.article_id"),
    ("bookmark", "INSERT", "", "read", "NEW.article_id"),
    ("bookmark", "DELETE", "", "read", "OLD.article_id"),
    ("article_topic", "INSERT", "", "topics", "NEW.article_id"),
    ("article_topic", "UPDATE", "", "topics", "NEW.article_id"),
    ("article_topic", "DELETE", "", "topics", "OLD.article_id"),
    ("topic", "INSERT", "", "topic", "NULL"),
    ("topic", "UPDATE", "", "topic", "NULL"),
    ("topic", "DELETE", "", "topic", "NULL"),
    ("annotation", "INSERT", "", "annotation", "NEW.id"),
    ("annotation", "UPDATE", "", "annotation", "NEW.id"),
    ("annotation", "DELETE", "", "annotation", "OLD.id"),
    ("annotation_trash", "INSERT", "", "trash", "NULL"),
    ("annotation_trash", "DELETE", "", "trash", "NULL"),
    ("saved_search", "INSERT", "", "search", "NULL"),
    ("saved_search", "UPDATE", "", "search", "NULL"),
    ("saved_search", "DELETE", "", "search", "NULL"),
    ("feed", "INSERT", "", "feed", "NULL"),
    ("feed", "UPDATE", "", "feed", "NULL"),
    ("feed", "DELETE", "", "feed", "NULL"),
)
# the tags' tables (migration 0009), journalled where they exist
TAG_TRIGGERS = (
    ("article_tag", "INSERT", "", "tags", "NEW.article_id"),
    ("article_tag", "DELETE", "", "tags", "OLD.article_id"),
    ("annotation_tag", "INSERT", "", "annotation", "NEW.annotation_id"),
    ("annotation_tag", "DELETE", "", "annotation", "OLD.annotation_id"),
    ("tag", "INSERT", "", "tag", "NULL"),
    ("tag", "UPDATE", "", "tag", "NULL"),
    ("tag", "DELETE", "", "tag", "NULL"),
)


def up(migrator, db):
    db.execute_sql(
        "CREATE TABLE change_journal (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, row INTEGER)"
    )
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    for table, event, when, kind, row in TRIGGERS + TAG_TRIGGERS:
        if table not in tables:
            continue
        db.execute_sql(
            f"CREATE TRIGGER journal_{table}_{event.lower()} AFTER {event} ON {table} {when} "
            f"BEGIN INSERT INTO change_journal (kind, row) VALUES ('{kind}', {row}); END"
        )
    db.execute_sql(
        "CREATE TRIGGER journal_prune AFTER INSERT ON change_journal "
        f"WHEN NEW.seq % {PRUNE_EVERY} = 0 "
        f"BEGIN DELETE FROM change_journal WHERE seq <= NEW.seq - {KEEP}; END"
    )
