"""Running a parsed query: ranked articles, notes and highlights, with marked snippets.

Articles and annotations are searched in their own FTS5 index, each ordered by FTS5's
`rank` (bm25 with the weights stored by migration 0004; measured up to 3x faster than
calling `bm25()`), and the two lists merged by rank. Articles go through `search.topk`: a query
with many matches ranks bounded candidate sets (title matches, the newest matches) instead of
every match. A query of filters only (`is:unread`)
lists the matching articles newest first, or in the order its `sort:` asks for
(`clauses.order_by`). A query SQLite refuses is run again on its plain
words; if that fails too the result is empty: a search never raises for what was typed.
A search interrupted from another thread (`Connection.interrupt()`) raises
`SearchCancelled`.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from typing import Literal

from peewee import DatabaseError as PeeweeDatabaseError

from reader.library.search import topk
from reader.library.search.clauses import (
    annotation_tag_clause,
    article_clause,
    article_filters,
    order_by,
)
from reader.library.search.query import Filter, Query
from reader.library.store.models import database

# peewee wraps errors of `execute`; one raised while the rows are fetched (an interrupt from
# a newer query, most often) comes straight from sqlite3: both are caught alike
DatabaseError = (PeeweeDatabaseError, sqlite3.Error)

log = logging.getLogger(__name__)
OPEN, CLOSE = "\ue000", "\ue001"  # snippet markers: private-use characters, never in news text
SNIPPET_TOKENS = 24
Kind = Literal["article", "annotation"]
_MARKERS = re.compile(f"([{OPEN}{CLOSE}])")


class SearchCancelled(Exception):
    """The search was interrupted because a newer one replaced it."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One hit. `id` is the article's id for an article and the annotation's for a note or
    highlight; `snippet` is plain text and `marks` the (start, end) of each matched word in
    it; `start` is where a highlight begins in the article's body (characters)."""

    kind: Kind
    id: int
    article_id: int
    title: str
    score: float
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()
    title_marks: tuple[tuple[int, int], ...] = ()
    annotation_kind: str | None = None
    color: str | None = None
    start: int | None = None
    rank: float = 0.0

    @property
    def annotation_id(self) -> int | None:
        return self.id if self.kind == "annotation" else None

    def marked(self, open_mark: str = "**", close_mark: str = "**") -> str:
        """The snippet with each matched word between `open_mark` and `close_mark`."""
        out, last = [], 0
        for start, end in self.marks:
            out += [self.snippet[last:start], open_mark, self.snippet[start:end], close_mark]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title, "score": self.score,
            "snippet": self.marked(), "kind": self.kind, "article_id": self.article_id,
            "annotation_id": self.annotation_id,
        }  # fmt: skip


def split_marks(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain text and mark offsets from a snippet with `OPEN`/`CLOSE` around matches."""
    text: list[str] = []
    marks: list[tuple[int, int]] = []
    length, opened = 0, None
    for chunk in _MARKERS.split(raw):
        if chunk == OPEN:
            opened = length
        elif chunk == CLOSE:
            if opened is not None and length > opened:
                _add_mark(marks, opened, length, text)
            opened = None
        else:
            text.append(chunk)
            length += len(chunk)
    return "".join(text), tuple(marks)


def _add_mark(marks: list[tuple[int, int]], start: int, end: int, text: list[str]) -> None:
    """Append a mark, joined to the previous one if only spaces lie between (a phrase)."""
    if marks and not "".join(text)[marks[-1][1] : start].strip():
        marks[-1] = (marks[-1][0], end)
    else:
        marks.append((start, end))


def run(query: Query, limit: int = 50) -> list[SearchResult]:
    """The best `limit` results of `query` (articles and annotations merged by rank)."""
    if query.empty or query.impossible or limit <= 0:
        return []
    results = _guarded(query, limit)
    results.sort(key=lambda r: r.rank)
    return results[:limit]


def count(query: Query) -> int:
    """How many results `query` has in all (for a saved search's count in the sidebar)."""
    if query.empty or query.impossible:
        return 0
    try:
        return _count(query.articles, query.annotations, query)
    except DatabaseError as exc:
        _reraise_cancel(exc)
        try:
            return _count(query.fallback, query.fallback, query)
        except DatabaseError as again:
            _reraise_cancel(again)
            return 0


def _guarded(query: Query, limit: int) -> list[SearchResult]:
    try:
        return _articles(query.articles, query, limit) + _annotations(
            query.annotations, query, limit
        )
    except DatabaseError as exc:
        _reraise_cancel(exc)
        log.info("search for %r refused (%s); searching its words", query.text, exc)
    try:
        return _articles(query.fallback, query, limit) + _annotations(query.fallback, query, limit)
    except DatabaseError as exc:
        _reraise_cancel(exc)
        log.warning("search for %r failed: %s", query.text, exc)
        return []


def _reraise_cancel(exc: Exception) -> None:
    if "interrupted" in str(exc):
        raise SearchCancelled() from exc


# -- articles ---------------------------------------------------------------------------------


def _articles(match: str | None, query: Query, limit: int) -> list[SearchResult]:
    if match is None:
        return _recent_articles(query, limit) if query.filters else []
    where, params = article_filters(query.filters, "f.rowid")
    # The title is marked in Python (`title_marks`): FTS5's highlight() on it measured 38%
    # of a phrase query's time on 100,000 articles, for a cosmetic result.
    rows = topk.best(match, where, params, limit, (OPEN, CLOSE), title_only=query.title_only)
    results = []
    for aid, title, raw, rank in rows:
        snippet, marks = split_marks(raw or "")
        matched = {snippet[start:end] for start, end in marks}
        results.append(SearchResult(
            "article", aid, aid, title or "", _score(rank), snippet, marks,
            title_marks(title or "", query.text, matched), rank=rank,
        ))  # fmt: skip
    return results


def filters_only_sql(query: Query, limit: int) -> tuple[str, list[object]]:
    """The statement that lists the articles of a query without words, and its parameters."""
    where, params = article_filters(query.filters, "a.id")
    sql = (
        f"SELECT a.id, a.title, substr(a.body, 1, 240) FROM article a WHERE 1{where} "
        f"{order_by(query.sort)} LIMIT ?"
    )
    return sql, [*params, limit]


def _recent_articles(query: Query, limit: int) -> list[SearchResult]:
    rows = database.execute_sql(*filters_only_sql(query, limit)).fetchall()
    return [_article_result(aid, title, _lead(body), 0.0) for aid, title, body in rows]


def _article_result(aid: int, raw_title: str, raw: str, rank: float) -> SearchResult:
    snippet, marks = split_marks(raw or "")
    title, title_marks = split_marks(raw_title or "")
    return SearchResult(
        "article", aid, aid, title, _score(rank), snippet, marks, title_marks, rank=rank
    )


_WORD = re.compile(r"\w[\w'’]*")
_OPERATORS = frozenset({"and", "or", "not", "near"})


def title_marks(title: str, query_text: str, matched: set[str]) -> tuple[tuple[int, int], ...]:
    """Where the query's words stand in a title: words the body snippet showed as matches,
    and the typed words (`prefix*` by prefix), each also in its other endings (a stem of all
    but the last two letters), as the porter tokenizer would have matched them."""
    stems: set[str] = set()
    prefixes: set[str] = set()
    for token in query_text.lower().split():
        if ":" in token:
            continue  # a filter such as topic:sport
        word = token.strip('"()-+^')
        if word.endswith("*"):
            prefixes.add(word.rstrip("*"))
        elif word and word not in _OPERATORS:
            stems.add(word)
    stems |= {w.lower() for w in matched}
    keys = {w[: max(3, len(w) - 2)] for w in stems if w} | {p for p in prefixes if p}
    return tuple(
        (m.start(), m.end())
        for m in _WORD.finditer(title)
        if any(m.group().lower().startswith(key) for key in keys)
    )


def _score(rank: float) -> float:
    """Higher is better (FTS5's rank is a negated bm25); 0.0 when nothing was ranked."""
    return round(-rank, 3) + 0.0


# -- annotations ------------------------------------------------------------------------------

_ANNOTATION_COLUMNS = "n.id, n.article_id, a.title, n.kind, n.color, n.start"


def _annotations(match: str | None, query: Query, limit: int) -> list[SearchResult]:
    if not query.wants_annotations:
        return []
    where, params = _annotation_filters(query.filters)
    if match is None:
        sql = (
            f"SELECT {_ANNOTATION_COLUMNS}, COALESCE(NULLIF(n.note, ''), n.exact, ''), 0 "
            f"FROM annotation n JOIN article a ON a.id = n.article_id WHERE 1{where} "
            "ORDER BY n.updated DESC LIMIT ?"
        )
        rows = database.execute_sql(sql, [*params, limit]).fetchall()
    else:
        sql = (
            f"SELECT {_ANNOTATION_COLUMNS}, "
            f"snippet(annotation_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}), f.rank "
            "FROM annotation_fts f JOIN annotation n ON n.id = f.rowid "
            "JOIN article a ON a.id = n.article_id "
            f"WHERE annotation_fts MATCH ?{where} ORDER BY f.rank LIMIT ?"
        )
        rows = database.execute_sql(sql, [OPEN, CLOSE, match, *params, limit]).fetchall()
    return [_annotation_result(row) for row in rows]


def _annotation_result(row: tuple) -> SearchResult:
    nid, aid, title, kind, color, start, raw, rank = row
    snippet, marks = split_marks(raw if rank else _lead(raw or ""))
    return SearchResult(
        "annotation", nid, aid, title, _score(rank), snippet, marks,
        annotation_kind=kind, color=color, start=start, rank=rank,
    )  # fmt: skip


def _annotation_filters(filters: tuple[Filter, ...]) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    for item in filters:
        values: list[object] = []
        if item.kind == "note":
            sql = "n.note != ''"
        elif item.kind == "highlight":
            sql = "n.kind = 'highlight'"
        elif item.kind == "color":
            sql, values = "lower(n.color) = ?", [item.value]
        elif item.kind == "tag":
            sql, values = annotation_tag_clause(item.value or "")
        else:
            sql, values = article_clause(item, "n.article_id")
        clauses.append(f" AND NOT ({sql})" if item.negated else f" AND ({sql})")
        params += values
    return "".join(clauses), params


# -- counting ---------------------------------------------------------------------------------


def _count(articles: str | None, annotations: str | None, query: Query) -> int:
    ref = "f.rowid" if articles else "a.id"
    where, params = article_filters(query.filters, ref, counting=True)
    if articles is not None:
        sql = f"SELECT COUNT(*) FROM article_fts f WHERE article_fts MATCH ?{where}"
        total = database.execute_sql(sql, [articles, *params]).fetchone()[0]
    elif query.filters:
        sql = f"SELECT COUNT(*) FROM article a WHERE 1{where}"
        total = database.execute_sql(sql, params).fetchone()[0]
    else:
        total = 0
    if query.wants_annotations:
        where, params = _annotation_filters(query.filters)
        if annotations is not None:
            sql = ("SELECT COUNT(*) FROM annotation_fts f JOIN annotation n ON n.id = f.rowid "
                   f"WHERE annotation_fts MATCH ?{where}")  # fmt: skip
            params = [annotations, *params]
        else:
            sql = f"SELECT COUNT(*) FROM annotation n WHERE 1{where}"
        total += database.execute_sql(sql, params).fetchone()[0]
    return int(total)


def _lead(text: str, size: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"
