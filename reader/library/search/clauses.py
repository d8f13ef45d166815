"""The SQL of a query's filters over articles, and the orders of filter-only results.

Every value reaches SQLite as a parameter, never in the text of a statement. `ref` is the
expression that holds the article's id (`a.id` on the article table, `f.rowid` on its index,
`n.article_id` on an annotation); on `a.id` conditions on the article's own columns are
written on the row itself, so that SQLite can use the indexes of migrations 0001, 0008 and
0010 (`added`, `COALESCE(published, added)`, `reading_state.read_at`), elsewhere they look the
article up by its id.

Times compare as text: stored timestamps start `YYYY-MM-DD` (`added` as
`2026-03-01 09:30:00.000000`, a published date as `2026-03-01T09:30:00Z` or `2026-03-01`), so
`>= '2026-03-01' AND < '2026-03-16'` is a range of whole UTC days. An article without a
published date counts as published when it was added, as the list's published order has it;
a published date that is not written that way (`March 3`) is in no span.

A filter that names a set of articles (a topic, the bookmarked, the read, a feed, a tag) is
written by `member`: `ref IN (the set)` when the set is small, so that SQLite reads the set
and looks each of its articles up; else a check of each candidate row, `EXISTS (… = ref)`.
A large set must never drive the statement: on the search index each of its ids is a lookup of
the words (about 10 µs), and `government topic:sport` took 9 s at 100,000 articles that way (a
30,000-article topic), 4 ms as a check; with no words, reading the 30,000 ids before the first
page took 53 ms, checking the newest rows in order 0.1 ms.

Tags (`tag`, `article_tag` and `annotation_tag`, migration 0009) are looked for before use:
on a library without them `tag:` matches nothing and `-tag:` everything.
"""

from __future__ import annotations

from reader.library.articles.views import Sort, SortKey
from reader.library.search.query import Filter
from reader.library.store.models import database

_ORDERS: dict[SortKey, tuple[str, bool]] = {  # the expressions of `articles.views`' orders
    "added": ("a.added", True),
    "published": ("COALESCE(a.published, a.added)", True),
    "title": ("a.title COLLATE NOCASE", False),
    "length": ("a.words", False),
}
_ISO = "[0-9][0-9][0-9][0-9]-*"
SMALL_SET = 1000  # at most this many rows: a set is read first (see the module docstring)


def order_by(sort: Sort | None) -> str:
    """`ORDER BY` for filter-only results over `article a` (default: newest added first),
    ties by id, in the direction each order's index reads."""
    expr, descending = _ORDERS[sort.key if sort else "added"]
    reverse = sort is not None and sort.reverse
    key = "DESC" if descending != reverse else "ASC"
    return f"ORDER BY {expr} {key}, a.id {'DESC' if reverse else 'ASC'}"


def article_filters(
    filters: tuple[Filter, ...], ref: str, *, counting: bool = False
) -> tuple[str, list[object]]:
    """` AND (…)` for each filter (`AND NOT (…)` for a negated one), and the parameters;
    `counting` for a statement that counts every match (see `member`)."""
    clauses: list[str] = []
    params: list[object] = []
    for item in filters:
        sql, values = article_clause(item, ref, counting=counting)
        clauses.append(f" AND NOT ({sql})" if item.negated else f" AND ({sql})")
        params += values
    return "".join(clauses), params


_FIXED = {  # filters whose set has no value: (table, column of the article's id, condition)
    "bookmarked": ("bookmark", "article_id", ""),
    "unread": ("reading_state", "article_id", "read"),  # negated: the set is of the read
    "note": ("annotation", "article_id", "note != ''"),
    "highlight": ("annotation", "article_id", "kind = 'highlight'"),
}


def article_clause(item: Filter, ref: str, *, counting: bool = False) -> tuple[str, list[object]]:
    """One filter as a condition on the article whose id is `ref`."""
    kind = item.kind
    if kind in _FIXED:
        sql, params = member(ref, *_FIXED[kind], [], counting=counting)
        return (f"NOT ({sql})", params) if kind == "unread" else (sql, params)
    if kind == "topic":
        where = "topic_id = ? AND origin != 'removed'"
        return member(ref, "article_topic", "article_id", where, [item.value], counting=counting)
    if kind == "color":
        where = "lower(color) = ?"
        return member(ref, "annotation", "article_id", where, [item.value], counting=counting)
    if kind in _SETS:
        return _SETS[kind](ref, item, counting)
    return _ORIGIN_AND_TIME[kind](ref, item)


def member(
    ref: str, table: str, column: str, where: str, params: list[object], *, counting: bool = False
) -> tuple[str, list[object]]:
    """`ref` is one of the ids in `column` of the rows of `table` that meet `where` (with
    `params`): read first if there are at most `SMALL_SET`, else checked row by row. A
    statement that counts every match (`counting`) reads a large set once, into a list
    that each candidate is looked up in (`+`: never a constraint the rows are found by), so
    that a count reads the ids of an index, not 30,000 articles by id (99 -> 15 ms at
    100,000 for `topic:sport is:unread`, 112 -> 21 ms for a word and a topic)."""
    condition = f" WHERE {where}" if where else ""
    small = database.execute_sql(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {table}{condition} LIMIT ?)",
        [*params, SMALL_SET + 1],
    ).fetchone()[0]
    if small <= SMALL_SET or counting:
        first = "+" if counting and small > SMALL_SET else ""
        return f"{first}{ref} IN (SELECT {column} FROM {table}{condition})", params
    check = f"{column} = {ref}" + (f" AND {where}" if where else "")
    return f"EXISTS (SELECT 1 FROM {table} WHERE {check})", params


def _read(ref: str, item: Filter, counting: bool) -> tuple[str, list[object]]:
    sql, params = _between("read_at", item)
    return member(ref, "reading_state", "article_id", f"read{sql}", params, counting=counting)


def _added(ref: str, item: Filter) -> tuple[str, list[object]]:
    return _on_article(ref, *_between("{a}.added", item))


def _published(ref: str, item: Filter) -> tuple[str, list[object]]:
    sql, params = _between("COALESCE({a}.published, {a}.added)", item)
    condition = f" AND COALESCE({{a}}.published, {{a}}.added) GLOB ?{sql}"
    return _on_article(ref, condition, [_ISO, *params])


def _between(column: str, item: Filter) -> tuple[str, list[object]]:
    start, end = item.days.bounds() if item.days else (None, None)
    sql, params = "", list[object]()
    if start is not None:
        sql, params = f" AND {column} >= ?", [start]
    if end is not None:
        sql, params = f"{sql} AND {column} < ?", [*params, end]
    return sql, params


def _on_article(ref: str, condition: str, params: list[object]) -> tuple[str, list[object]]:
    """`condition` (` AND …` over `{a}`, the article) on the row itself or by its id."""
    if not condition:
        return "1", []
    if ref == "a.id":
        return condition.removeprefix(" AND ").format(a="a"), params
    return f"EXISTS (SELECT 1 FROM article x WHERE x.id = {ref}{condition.format(a='x')})", params


def _source(ref: str, item: Filter) -> tuple[str, list[object]]:
    return _source_path(ref, item.value or "")


def _source_path(ref: str, path: str) -> tuple[str, list[object]]:
    """The file `path`, or anything under the folder `path` (a prefix ending at a `/`):
    a range of the text, not `LIKE`, so `%` and `_` in paths are only themselves."""
    if path == "/":
        return _on_article(ref, " AND {a}.source_path >= '/' AND {a}.source_path < '0'", [])
    condition = (" AND ({a}.source_path = ? OR "
                 "({a}.source_path >= ? AND {a}.source_path < ?))")  # fmt: skip
    return _on_article(ref, condition, [path, path + "/", path + "0"])  # "0" follows "/"


def _feed(ref: str, item: Filter, counting: bool) -> tuple[str, list[object]]:
    ids = feed_ids(item.value or "")
    if not ids:
        return "0", []
    where = f"feed_id IN ({', '.join('?' * len(ids))})"
    return member(ref, "feed_entry", "article_id", where, list(ids), counting=counting)


def feed_ids(value: str) -> list[int]:
    """The feeds `value` names: by the name shown or the feed's own title (ignoring case), by
    URL, or all the feeds of a folder and of the folders inside it."""
    wanted = value.strip().casefold()
    url, path = wanted.rstrip("/"), wanted.strip("/")
    rows = database.execute_sql(
        "SELECT id, url, title, COALESCE(user_title, ''), COALESCE(folder, '') FROM feed"
    ).fetchall()
    found = []
    for feed_id, feed_url, title, user_title, feed_folder in rows:
        folder = feed_folder.strip("/").casefold()
        if (
            wanted in (title.casefold(), user_title.casefold())
            or feed_url.casefold().rstrip("/") == url
            or (folder and path and (folder == path or folder.startswith(path + "/")))
        ):
            found.append(int(feed_id))
    return found


def has_tags() -> bool:
    """Whether the library has the tag tables (migration 0009)."""
    row = database.execute_sql(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
        "AND name IN ('tag', 'article_tag', 'annotation_tag')"
    ).fetchone()
    return bool(row and row[0] == 3)


_TAG_IDS = "SELECT id FROM tag WHERE name = ? OR name LIKE ? ESCAPE '\\'"


def _tag_params(name: str) -> list[object]:
    """`name` itself and the `LIKE` pattern of the tags inside it (`name/…`)."""
    return [name, name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"]


def _tag(ref: str, item: Filter, counting: bool) -> tuple[str, list[object]]:
    return _tagged(ref, item.value or "", counting)


def _tagged(ref: str, name: str, counting: bool = False) -> tuple[str, list[object]]:
    """Tagged `name` or `name/…` (names compare without regard to case)."""
    if not has_tags():
        return "0", []
    where = f"t.tag_id IN ({_TAG_IDS})"
    return member(ref, "article_tag t", "t.article_id", where, _tag_params(name), counting=counting)


def annotation_tag_clause(name: str) -> tuple[str, list[object]]:
    """For a note or highlight: it, or its article, is tagged `name` or `name/…`."""
    if not has_tags():
        return "0", []
    article, params = _tagged("n.article_id", name)
    return (f"{article} OR n.id IN (SELECT t.annotation_id FROM annotation_tag t "
            f"WHERE t.tag_id IN ({_TAG_IDS}))", [*params, *_tag_params(name)])  # fmt: skip


_ORIGIN_AND_TIME = {"added": _added, "published": _published, "source": _source}
_SETS = {"read": _read, "feed": _feed, "tag": _tag}
