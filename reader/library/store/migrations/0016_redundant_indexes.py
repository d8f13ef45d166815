"""Drop three indexes that no query needs: each is the leading column of another index of
the same table, which answers every lookup it could (issue 15: no index that no query uses).

- `article_topic_article_id` (article_id): the primary key (article_id, topic_id) is ordered
  by article_id first;
- `annotation_article_id` (article_id): `annotation_article_id_start` (article_id, start);
- `feedentry_feed_id` (feed_id): `feedentry_feed_id_key` (feed_id, key).

Each was written on every insert of its table (an import wrote two article_topic indexes per
topic row) and stored per row. `tests/unit/library/store/test_indexes.py` keeps new ones out.
"""


def up(migrator, db):
    for name in ("article_topic_article_id", "annotation_article_id", "feedentry_feed_id"):
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
