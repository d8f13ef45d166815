"""When an article was read, searchable: `read:7d`, `read:2026-03` (issue 14).

`reading_state.read_at` has been kept since the first schema (0001): marking an article read
stamps it (UTC), marking it unread clears it. Nothing asked for it by time until now, so it
had no index; `reading_state_read_at` lets `read:` read its span from the index instead of every
reading state. Only read articles carry a time, so the index is partial and small.

Independent of 0009 (tags): it touches only `reading_state`, so it applies in either order.
"""


def up(migrator, db):
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS reading_state_read_at ON reading_state (read_at, article_id) "
        "WHERE read"
    )
