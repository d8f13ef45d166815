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

Filters are taken out first; the rest goes through peewee's `playhouse.fts_parser`, which
always yields a valid FTS5 query (unbalanced quotes and parentheses repaired, stray operators
dropped). User text never reaches MATCH any other way. Should SQLite still refuse it, the
search falls back to the plain words of the query (`Query.fallback`). Control characters
become spaces and a query is cut to `MAX_CHARS` characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from playhouse import fts_parser

MAX_CHARS = 500
MAX_WORDS = 64
FilterKind = Literal["topic", "bookmarked", "unread", "note", "highlight", "color"]
TopicResolver = Callable[[str], str | None]  # a topic's code from what the user typed

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_FILTER = re.compile(
    r"(?<!\S)(?P<neg>-?)(?P<key>topic|is|has|color|colour):"
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
ANNOTATION_FILTERS: frozenset[FilterKind] = frozenset({"note", "highlight", "color"})


@dataclass(frozen=True, slots=True)
class Filter:
    """One `key:value` filter. `value` is the topic code or the colour (lower case)."""

    kind: FilterKind
    value: str | None = None
    negated: bool = False


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


def parse(text: str, topic: TopicResolver | None = None) -> Query:
    """Parse what the user typed. Never raises; see the module docstring for the syntax."""
    text = clean(text)
    filters: list[Filter] = []
    impossible = False

    def take(match: re.Match[str]) -> str:
        nonlocal impossible
        found = _filter(match, topic)
        if found is None:
            return match.group(0)  # not a filter we know: searched as words
        if found.kind == "topic" and found.value is None:
            impossible = not found.negated
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
    )


def plain(text: str) -> str | None:
    """The words of `text`, each quoted, all required: an FTS5 query that cannot fail."""
    words = _WORD.findall(text)[:MAX_WORDS]
    return " AND ".join(f'"{word}"' for word in words) or None


def _expression(fts: str) -> str | None:
    return None if fts == '""' else fts


def _filter(match: re.Match[str], topic: TopicResolver | None) -> Filter | None:
    key = match.group("key").lower()
    value = match.group("quoted")
    if value is None:
        value = match.group("value")
    negated = bool(match.group("neg"))
    value = value.strip()
    if key == "topic":
        if not value:
            return None
        code = topic(value) if topic is not None else None
        return Filter("topic", code, negated)
    if key in ("color", "colour"):
        return Filter("color", value.lower(), negated) if value else None
    flag = _FLAGS.get((key, value.lower()))
    if flag is None:
        return None
    kind, inverted = flag
    return Filter(kind, None, negated != inverted)


_MARK_FILTER = re.compile(r"(?<!\S)-?\w+:(\"[^\"]*\"?|\S+)")
_MARK_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def query_words(text: str) -> list[str]:
    """The words of a search worth marking: no filters, operators or excluded words."""
    text = _MARK_FILTER.sub(" ", clean(text))
    text = re.sub(r"(?<!\S)-\S+", " ", text)
    words = [w for w in _WORD.findall(text) if w not in _MARK_OPERATORS]
    return list(dict.fromkeys(w.lower() for w in words))
