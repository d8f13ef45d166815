"""How many articles the library holds and how many are read, kept by triggers:
`library_count (name, n)` with the rows `articles` and `read`.

The sidebar's All and Unread numbers are read at every start and again after any commit by
another connection (a feed refresh, a second window). `COUNT(*)` of a million articles read
their smallest index, 200-300 ms with a cold cache at start; the triggers keep both numbers
as articles are added or removed and read marks are written, one single-row update each.
The table starts from the rows there are. Nothing but the rows decides the numbers: a test
compares them with a fresh count after every kind of write (as for `topic_count`, 0017).
"""

TRIGGERS = (
    # (name, event, body)
    ("library_count_article_insert", "AFTER INSERT ON article",
     "UPDATE library_count SET n = n + 1 WHERE name = 'articles';"),
    ("library_count_article_delete", "AFTER DELETE ON article",
     "UPDATE library_count SET n = n - 1 WHERE name = 'articles';"),
    ("library_count_read_insert", "AFTER INSERT ON reading_state WHEN NEW.read",
     "UPDATE library_count SET n = n + 1 WHERE name = 'read';"),
    ("library_count_read_delete", "AFTER DELETE ON reading_state WHEN OLD.read",
     "UPDATE library_count SET n = n - 1 WHERE name = 'read';"),
    ("library_count_read_update", "AFTER UPDATE OF read ON reading_state "
     "WHEN (NEW.read != 0) != (OLD.read != 0)",
     "UPDATE library_count SET n = n + (CASE WHEN NEW.read THEN 1 ELSE -1 END) "
     "WHERE name = 'read';"),
)  # fmt: skip


def up(migrator, db):
    db.execute_sql(
        "CREATE TABLE library_count (name TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL) "
        "WITHOUT ROWID"
    )
    db.execute_sql(
        "INSERT INTO library_count (name, n) VALUES ('articles', (SELECT COUNT(*) FROM article)),"
        " ('read', (SELECT COUNT(*) FROM reading_state WHERE read))"
    )
    for name, event, body in TRIGGERS:
        db.execute_sql(f"CREATE TRIGGER {name} {event} BEGIN {body} END")
