"""The user's topic choices as labelled examples for the learned topic model (issue 16).

`topic_example` holds one row per (article, topic) the user chose by hand: `chosen` 1 for a
topic put on, 0 for one taken off, and `at` when (UTC). The classifier learns from these rows
(`reader.library.topics.learning`); forgetting what it learned empties the table, while the
choices themselves stay on the articles (`article_topic.origin` `user` / `removed`), since they
are the user's data. A later choice for the same pair replaces the earlier one. Removing an
article or a topic removes its examples (ON DELETE CASCADE).

The table is filled from the choices made before this version, so a library that was used
already starts with what its user taught it.
"""


def up(migrator, db):
    db.execute_sql(
        "CREATE TABLE topic_example ("
        "article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE, "
        "topic_id VARCHAR(8) NOT NULL REFERENCES topic(code) ON DELETE CASCADE, "
        "chosen INTEGER NOT NULL, "
        "at DATETIME NOT NULL, "
        "PRIMARY KEY (article_id, topic_id)) WITHOUT ROWID"
    )
    db.execute_sql(
        "INSERT INTO topic_example (article_id, topic_id, chosen, at) "
        "SELECT article_id, topic_id, origin = 'user', added FROM article_topic "
        "WHERE origin IN ('user', 'removed')"
    )
