"""Sort orders of the article list: one index per order, so that the first page of a list
sorted by published date, title or length is read in order from an index, as the list by
date added is from `article_recent` (0001), and every later page starts from a keyset cursor.

Each index ends with the id, which breaks ties (the same date, title or length), in the
direction the order reads it (a reversed order scans the index backwards). The expressions are
exactly those `reader.library.articles.views` orders by, or SQLite would not use them: an
article without a published date sorts by when it was added; titles compare without regard to
case.
"""


def up(migrator, db):
    db.execute_sql(
        "CREATE INDEX article_published ON article (COALESCE(published, added) DESC, id)"
    )
    db.execute_sql("CREATE INDEX article_title ON article (title COLLATE NOCASE, id)")
    db.execute_sql("CREATE INDEX article_length ON article (words, id)")
