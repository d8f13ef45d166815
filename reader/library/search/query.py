"""The search box's syntax, turned into safe FTS5 expressions and SQL filters.

    climate talks          both words (stemmed: "talk" finds "talks", "talking")
    "sea level"            a phrase
    storm OR flood         either
    storm -tropical        exclude
    elect*                 prefix
    title:budget           in the title only (notes and highlights have no title: left out)
    topic:sport            topic by label, IPTC name or code; quote labels with spaces
    is:bookmarked is:unread is:read has:note has:highlight color:yellow
    -is:read               any filter can be negated
    added:7d published:2026-03 read:today added:2026-03-01..2026-03-15 added:>2026-03-01
                           time spans in UTC days (see `search.filters`)
    source:/home/me/news   imported from under a folder, or from a file
    feed:"Le Monde"        from a feed, by title or URL, or from the feeds of a folder
    tag:work               tagged `work` or `work/…`
    sort:title sort:-added the order of filter-only results (added, published, title, length)

Filters are taken out first; the rest goes through peewee's `playhouse.fts_parser`, which
always yields a valid FTS5 query (unbalanced quotes and parentheses repaired, stray operators
dropped). User text never reaches MATCH any other way. Should SQLite still refuse it, the
search falls back to the plain words of the query (`Query.fallback`). Control characters
become spaces and a query is cut to `MAX_CHARS` characters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from playhouse import fts_parser

from reader.library.articles.views import Sort
from reader.library.search import filters as values
from reader.library.search.filters import Days

MAX_CHARS = 500
MAX_WORDS = 64
FilterKind = Literal[
    "topic", "bookmarked", "unread", "note", "highlight", "color",
    "added", "published", "read", "source", "feed", "tag",
]  # fmt: skip
TIME_FILTERS: frozenset[FilterKind] = frozenset({"added", "published", "read"})
TopicResolver = Callable[[str], str | None]  # a topic's code from what the user typed

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_FILTER = re.compile(
    r"(?<!\S)(?P<neg>-?)"
    r"(?P<key>topic|is|has|colou?r|added|published|read|source|feed|tags?|sort):"
    r'(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s"()]+))',
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_FLAGS: dict[tuple[str, str], tuple[FilterKind, bool]] = {
    ("is", "bookmarked"): ("bookmarked", False),
    ("is", "starred"): ("bookmarked", False),
    ("is", "unread"): ("unread", False),
    ("is", "read"): ("unread", True),
    ("has", "note"): ("note", False),
    ("has", "notes"): ("note", False),
    ("has", "highlight"): ("highlight", False),
    ("has", "highlights"): ("highlight", False),
}
_ORIGINS: dict[str, tuple[FilterKind, Callable[[str], str | None]]] = {
    "source": ("source", values.source_prefix),
    "feed": ("feed", lambda value: value or None),
    "tag": ("tag", values.tag_name),
    "tags": ("tag", values.tag_name),
}
ANNOTATION_FILTERS: frozenset[FilterKind] = frozenset({"note", "highlight", "color"})


@dataclass(frozen=True, slots=True)
class Filter:
    """One `key:value` filter. `value` is the topic code, the colour (lower case), the path,
    feed or tag as typed; `days` the span of a time filter."""

    kind: FilterKind
    value: str | None = None
    negated: bool = False
    days: Days | None = None

    @property
    def matches_nothing(self) -> bool:
        """An unknown topic, or a time that names no day (`2026-02-30`)."""
        if self.kind == "topic":
            return self.value is None
        return self.days is not None and self.days.empty


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query. `articles` / `annotations`: FTS5 expressions for each index (None: no
    words to match); `fallback`: the plain words, for when SQLite refuses an expression;
    `impossible`: a filter that can match nothing (an unknown topic)."""

    text: str
    articles: str | None
    annotations: str | None
    fallback: str | None
    filters: tuple[Filter, ...] = ()
    impossible: bool = False
    title_only: bool = False
    sort: Sort | None = None  # the order of filter-only results (None: newest added first)

    @property
    def empty(self) -> bool:
        """Nothing to search for: no words and no filters."""
        return self.articles is None and not self.filters and not self.impossible

    @property
    def wants_annotations(self) -> bool:
        """Whether notes and highlights can be results of this query."""
        if self.title_only:
            return False
        if self.annotations is not None:
            return True
        return any(f.kind in ANNOTATION_FILTERS and not f.negated for f in self.filters)


def clean(text: str) -> str:
    """Control characters (NUL included) become spaces; at most `MAX_CHARS` characters."""
    text = _CONTROL.sub(" ", text)
    return text[:MAX_CHARS] if len(text) > MAX_CHARS else text


def parse(text: str, topic: TopicResolver | None = None, today: dt.date | None = None) -> Query:
    """Parse what the user typed. Never raises; see the module docstring for the syntax.
    Relative times (`7d`, `today`) count from `today` (default: today in UTC)."""
    text = clean(text)
    filters: list[Filter] = []
    impossible = False
    sort: Sort | None = None
    today = today or values.utc_today()

    def take(match: re.Match[str]) -> str:
        nonlocal impossible, sort
        if match.group("key").lower() == "sort":
            order = values.sort_order(_value(match))
            if order is None:
                return match.group(0)
            sort = Sort(order.key, not order.reverse) if match.group("neg") else order
            return " "
        found = _filter(match, topic, today)
        if found is None:
            return match.group(0)  # not a filter we know: searched as words
        if found.matches_nothing:
            impossible = impossible or not found.negated  # and NOT nothing is no filter
            return " "
        filters.append(found)
        return " "

    rest = _FILTER.sub(take, text)
    articles = _expression(fts_parser.parse(rest, ["title"]))
    title_only = articles is not None and '"title":' in articles
    return Query(
        text=text,
        articles=articles,
        annotations=_expression(fts_parser.parse(rest)),
        fallback=plain(rest),
        filters=tuple(filters),
        impossible=impossible,
        title_only=title_only,
        sort=sort,
    )


def plain(text: str) -> str | None:
    """The words of `text`, each quoted, all required: an FTS5 query that cannot fail."""
    words = _WORD.findall(text)[:MAX_WORDS]
    return " AND ".join(f'"{word}"' for word in words) or None


def _expression(fts: str) -> str | None:
    return None if fts == '""' else fts


def _value(match: re.Match[str]) -> str:
    value = match.group("quoted")
    return (match.group("value") if value is None else value).strip()


def _filter(match: re.Match[str], topic: TopicResolver | None, today: dt.date) -> Filter | None:
    key = match.group("key").lower()
    value = _value(match)
    negated = bool(match.group("neg"))
    if key in TIME_FILTERS:
        days = values.span(value, today)
        return None if days is None else Filter(key, None, negated, days)
    if key in _ORIGINS:
        kind, read = _ORIGINS[key]
        found = read(value)
        return None if found is None else Filter(kind, found, negated)
    if key in ("topic", "color", "colour"):
        return _topic_or_colour(key, value, negated, topic)
    flag = _FLAGS.get((key, value.lower()))
    if flag is None:
        return None
    kind, inverted = flag
    return Filter(kind, None, negated != inverted)


def _topic_or_colour(
    key: str, value: str, negated: bool, topic: TopicResolver | None
) -> Filter | None:
    if not value:
        return None
    if key == "topic":
        return Filter("topic", topic(value) if topic is not None else None, negated)
    return Filter("color", value.lower(), negated)


_MARK_FILTER = re.compile(r"(?<!\S)-?\w+:(\"[^\"]*\"?|\S+)")
_MARK_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def query_words(text: str) -> list[str]:
    """The words of a search worth marking: no filters, operators or excluded words."""
    text = _MARK_FILTER.sub(" ", clean(text))
    text = re.sub(r"(?<!\S)-\S+", " ", text)
    words = [w for w in _WORD.findall(text) if w not in _MARK_OPERATORS]
    return list(dict.fromkeys(w.lower() for w in words))
