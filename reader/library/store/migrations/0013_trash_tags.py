"""The tags of a removed highlight or note: `annotation_trash.tags`.

The trash keeps a removed annotation whole so that it can be brought back; since schema 9
an annotation may carry tags, so the trash keeps them too (a JSON array of names), and
bringing the annotation back puts them on it again. Entries removed before this version
have none (`[]`).
"""


def up(migrator, db):
    db.execute_sql("ALTER TABLE annotation_trash ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'")
