"""An article parsed from a file and not yet in the library (`Draft`), and the helpers every
format uses to build one: whitespace collapsing, dateline splitting, blank-line splitting.
Its `content_hash` is the article's identity (the same text imported twice hashes the same)
and its `uri` the stable target of annotations."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

from reader.library.ingest.prose import derive_title, split_dateline, word_count

BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n+")


@dataclass(frozen=True)
class Draft:
    """An article parsed from a file, not yet in the library."""

    title: str
    title_derived: bool
    dateline: str | None
    body: str  # plain text, paragraphs joined by "\n"
    index: int  # position in its file
    format: str = "seed"  # seed, text, markdown or html
    html: str | None = None  # sanitised blocks, one per line of `body` (HTML and Markdown)
    published: str | None = None
    author: str | None = None
    source_url: str | None = None
    topics: tuple[str, ...] = ()  # topics the file names (front matter), by code or name
    tags: tuple[str, ...] = ()  # tags the file names (front matter), checked names

    @cached_property
    def words(self) -> int:
        return word_count(self.body)

    @cached_property
    def content_hash(self) -> str:
        """Identity of the content: the same article imported twice hashes the same."""
        given = "" if self.title_derived else self.title
        key = f"{self.dateline or ''}\x1f{given}\x1f{self.body}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @property
    def uri(self) -> str:
        """A stable identifier for annotation targets, derived from the original content."""
        return f"urn:sha256:{self.content_hash}"


def collapse(text: str) -> str:
    """`text` with every run of whitespace one space, and none at the ends."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # only single spaces (every other whitespace is unprintable): as is
    return " ".join(text.split())


def make_draft(
    paragraphs: list[str], index: int, title: str | None = None, *, fmt: str = "seed",
    collapsed: bool = False,
) -> Draft | None:  # fmt: skip
    """Build a draft from non-empty paragraphs, splitting a dateline off the first.
    `collapsed`: the paragraphs' whitespace is already collapsed and none is empty."""
    if not collapsed:
        paragraphs = [collapse(p) for p in paragraphs]
        paragraphs = [p for p in paragraphs if p]
    else:
        paragraphs = list(paragraphs)
    if not paragraphs:
        return None
    dateline, first = split_dateline(paragraphs[0])
    paragraphs[0] = first
    body = "\n".join(paragraphs)
    draft = Draft(title or derive_title(body), not title, dateline, body, index, fmt)
    if first:  # collapsed paragraphs: a word per space, and one more per paragraph
        draft.__dict__["words"] = body.count(" ") + len(paragraphs)  # primes the cached value
    return draft


def split_blocks(text: str) -> list[str]:
    """The text between blank lines."""
    return BLANK_LINES.split(text.strip("\n"))
