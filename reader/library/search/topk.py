"""The best articles for an FTS5 expression without ranking every match (top-k that stops early).

FTS5's `ORDER BY rank` scores every matching row: a word in nearly every article of a
100,000-article library measured 100-150 ms here, while walking the same matches in rowid order
(`ORDER BY rowid DESC`, no scoring) takes a fraction of a millisecond per thousand. So:

- **Few matches** (at most `BROAD`, found by walking them newest first and stopping at
  `BROAD`): the plain ranked query, exact, over the rowids from the oldest of them on (with
  filters, the words' other matches are not scored; with none, no statement more).
- **Many matches**: two bounded candidate sets, each ranked by the stored bm25 and merged
  (each article once, at its better rank):
  1. the matches whose *title* matches the query too (`({title}: (X)) AND (X)`), all of them
     when there are at most `TITLES` (else the newest `TITLES`). Titles weigh ten times the body
     (migration 0004), so under bm25 a title match outranks nearly every body-only match; this
     set is where the best results of a common word are. Their rank counts the title twice (the
     expression names it twice), which only strengthens that order.
  2. the newest `NEWEST` matches (a rowid range, which FTS5 walks without scoring the rest).

  A body-only match older than the newest `NEWEST` is not a candidate: for a word in thousands
  of articles the list shows title matches first, then recent ones. bm25's document frequencies
  still come from the whole index, so scores keep their meaning.
- **Very many matches** (more than `COMMON`, estimated from how dense the newest are) and
  phrases of several words: nothing is scored. bm25 counts every match of each word in the
  whole index for its document frequency, whatever the candidates (136 ms of a 192 ms search
  for a word in nearly all of a million articles); for a word in more than half of the
  articles bm25's IDF is a constant anyway. Title matches come first, then the rest, each
  newest first.

Filters (` AND …` on `f.rowid`) apply to every statement. The walk that counts is the same for
every kind of expression (words, phrases, prefixes, NEAR, OR, NOT), so nothing here parses
FTS5 syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.library.store.models import database

BROAD = 3000  # more matches than this: rank the candidate sets instead of every match
NEWEST = 1000  # the newest matches ranked when there are more than BROAD
TITLES = 3000  # at most this many title matches ranked (the newest, if there are more)
COMMON = 100_000  # estimated matches past which none are ranked (see `best`)
SNIPPET_TOKENS = 24
Row = tuple[int, str, str, float]  # rowid, title, snippet with markers, rank
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_SEPARATOR = re.compile(r"[^\w\"]")  # within a quoted string: it holds several tokens


@dataclass(frozen=True, slots=True)
class _Scope:
    """What every statement of one search shares: the filters, the limit, snippet markers."""

    where: str
    params: list[object]
    limit: int
    marks: tuple[str, str]


def best(
    match: str, where: str, params: list[object], limit: int, marks: tuple[str, str],
    *, title_only: bool = False,
) -> list[Row]:  # fmt: skip
    """The best `limit` rows for `match` (see the module docstring), best first."""
    scope = _Scope(where, params, limit, marks)
    newest = _newest(match, scope, BROAD + 1)
    if not newest:
        return []  # ranking would score every match of the words only to filter them all out
    if len(newest) <= BROAD:  # every match is among them: rank those from the oldest on
        return _ranked(match, scope, newest[-1])
    titled = match if title_only else _in_titles(match)
    if positional(match) or _common(newest):
        # bm25 would check every match of the phrase again, or every match of a word in
        # hundreds of thousands of articles (for its document frequency: 136 ms of a 192 ms
        # search at a million): title matches first, then the rest, each newest first
        rows = _recent(titled, scope) if titled != match else []
        return _merged(rows + _recent(match, scope), limit, keep=True)
    rows = _ranked(match, scope, newest[min(max(NEWEST, limit), BROAD) - 1])  # >= limit
    if titled != match:
        edge = _newest(titled, scope, TITLES)
        rows += _ranked(titled, scope, edge[-1] if len(edge) == TITLES else None)
    return _merged(rows, limit)


def _common(newest: list[int]) -> bool:
    """Whether the matches, as dense as their newest `BROAD` are, number more than `COMMON`
    in the whole library (an estimate from rowids: nothing more is read but the newest id)."""
    top = database.execute_sql("SELECT MAX(id) FROM article").fetchone()[0] or 0
    span = top - newest[-1] + 1
    return span > 0 and len(newest) * top / span > COMMON


def positional(match: str) -> bool:
    """Whether `match` holds a phrase of several tokens or a NEAR group (checked by position)."""
    phrase = any(_SEPARATOR.search(text[1:-1]) for text in _QUOTED.findall(match))
    return phrase or "NEAR(" in _QUOTED.sub("", match)


def _in_titles(match: str) -> str:
    """The expression restricted to titles; `NOT` inside a column filter would only exclude
    the titles, so such an expression also keeps its own condition."""
    titled = f"{{title}}: ({match})"
    return f"{titled} AND ({match})" if " NOT " in _QUOTED.sub("", match) else titled


def _newest(match: str, scope: _Scope, size: int) -> list[int]:
    """The rowids of the `size` newest matches (a walk of the index, nothing scored)."""
    sql = (
        f"SELECT f.rowid FROM article_fts f WHERE article_fts MATCH ?{scope.where} "
        "ORDER BY f.rowid DESC LIMIT ?"
    )
    rows = database.execute_sql(sql, [match, *scope.params, size]).fetchall()
    return [row[0] for row in rows]


def _recent(match: str, scope: _Scope) -> list[Row]:
    """The newest `limit` matches with their snippets, unranked (rank 0)."""
    return _rows(match, scope, None, ranked=False)


def _ranked(match: str, scope: _Scope, edge: int | None) -> list[Row]:
    """The best `limit` matches by rank, only among rowids from `edge` on if it is given."""
    return _rows(match, scope, edge, ranked=True)


def _rows(match: str, scope: _Scope, edge: int | None, *, ranked: bool) -> list[Row]:
    since, bound = ("", []) if edge is None else (" AND f.rowid >= ?", [edge])
    sql = (
        f"SELECT f.rowid, f.title, snippet(article_fts, 1, ?, ?, '…', {SNIPPET_TOKENS}), "
        f"{'f.rank' if ranked else '0.0'} FROM article_fts f "
        f"WHERE article_fts MATCH ?{scope.where}{since} "
        f"ORDER BY {'f.rank' if ranked else 'f.rowid DESC'} LIMIT ?"
    )
    args = [*scope.marks, match, *scope.params, *bound, scope.limit]
    return [tuple(row) for row in database.execute_sql(sql, args).fetchall()]


def _merged(rows: list[Row], limit: int, *, keep: bool = False) -> list[Row]:
    """Each article once, at its best rank (or, `keep`, its first place); the first `limit`."""
    kept: dict[int, Row] = {}
    for row in rows:
        if row[0] not in kept or (not keep and row[3] < kept[row[0]][3]):
            kept[row[0]] = row
    found = list(kept.values())
    return (found if keep else sorted(found, key=lambda row: row[3]))[:limit]
