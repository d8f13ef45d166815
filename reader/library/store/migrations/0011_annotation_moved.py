"""Annotations re-anchored by an approximate match: `annotation.moved`.

A highlight that its article's new text held only nearly (not word for word) is placed
there and marked moved, so that the notes panel can say so until the user has looked at it
(choosing it clears the mark). Existing highlights are not moved.
"""


def up(migrator, db):
    db.execute_sql("ALTER TABLE annotation ADD COLUMN moved INTEGER NOT NULL DEFAULT 0")
