"""Tags: the user's own names for articles and highlights, any number of each, nested with
`/` (`work/project-x`).

`tag` holds each name once, compared without regard to case (so `Work` and `work` are one
tag, spelled as it was first written). `article_tag` and `annotation_tag` link tags to
articles and to annotations; each is keyed by (item, tag) without a rowid, so an item's tags
are read from the primary key, and the index on (tag, item) lists a tag's articles or
highlights and counts them without touching the items. Removing an article, an annotation
or a tag removes its links (ON DELETE CASCADE).
"""


def up(migrator, db):
    db.execute_sql(
        "CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)"
    )
    db.execute_sql(
        "CREATE TABLE article_tag ("
        "article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE, "
        "tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE, "
        "PRIMARY KEY (article_id, tag_id)) WITHOUT ROWID"
    )
    db.execute_sql("CREATE INDEX article_tag_by_tag ON article_tag (tag_id, article_id)")
    db.execute_sql(
        "CREATE TABLE annotation_tag ("
        "annotation_id INTEGER NOT NULL REFERENCES annotation(id) ON DELETE CASCADE, "
        "tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE, "
        "PRIMARY KEY (annotation_id, tag_id)) WITHOUT ROWID"
    )
    db.execute_sql("CREATE INDEX annotation_tag_by_tag ON annotation_tag (tag_id, annotation_id)")
