"""The library keeps no index that another index of its table makes useless: an index whose
columns lead another (unconditional) index answers no lookup the longer one cannot, and costs
a write per row and space (migration 0016 dropped three)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.library import Library


def _indexes(conn: sqlite3.Connection) -> dict[str, list[tuple[str, bool, bool, tuple[str, ...]]]]:
    """Per table: (index, unique, partial, columns) for every index, the primary key's too."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%'"
        )
    ]
    found: dict[str, list[tuple[str, bool, bool, tuple[str, ...]]]] = {}
    for table in tables:
        for _, name, unique, _origin, partial in conn.execute(f'PRAGMA index_list("{table}")'):
            columns = tuple(
                str(column) for _, _, column in conn.execute(f'PRAGMA index_info("{name}")')
            )
            found.setdefault(table, []).append((name, bool(unique), bool(partial), columns))
    return found


def test_no_index_is_the_leading_part_of_another(tmp_path: Path) -> None:
    Library.open(tmp_path / "library.db").close()
    conn = sqlite3.connect(tmp_path / "library.db")
    redundant = [
        f"{table}.{name} {columns} leads {other} {longer}"
        for table, indexes in _indexes(conn).items()
        for name, unique, partial, columns in indexes
        for other, _, other_partial, longer in indexes
        if other != name
        and not unique  # a unique index is a rule, not only a way in
        and not partial
        and not other_partial  # a partial index serves only queries with its condition
        and columns
        and longer[: len(columns)] == columns
    ]
    conn.close()
    assert not redundant, "\n".join(redundant)


def test_lookups_the_dropped_indexes_served_still_use_an_index(tmp_path: Path) -> None:
    Library.open(tmp_path / "library.db").close()
    conn = sqlite3.connect(tmp_path / "library.db")
    for sql in (
        "SELECT topic_id FROM article_topic WHERE article_id = 1",
        "SELECT id FROM annotation WHERE article_id = 1",
        "SELECT key FROM feed_entry WHERE feed_id = 1",
    ):
        plan = " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING" in plan and "INDEX" in plan, f"{sql}: {plan}"
    conn.close()
