"""Reading Markdown files: optional front matter, then CommonMark (with tables and
strikethrough) rendered by markdown-it-py and reduced to blocks like any HTML page.

Front matter is a block between `---` lines at the very top, one `key: value` per line;
`topics` may be an inline list (`[sport, 04000000]`), a comma-separated line, or `- item`
lines. Recognised keys: `title`, `date` (or `published`), `topics`, `source` (or `url`),
`author`, `tags`; others are ignored. Without a front-matter title, a first `# Heading` is the
title. `tags` (a list, or one line split at commas, else at spaces, as Obsidian writes them;
a leading `#` is dropped) become the article's tags; without `topics`, they also name topics,
as before tags existed. A tag name that cannot be a tag is skipped with a warning.

Time: markdown-it-py is linear, but on some inline text (runs of `[`, `![`, `*a`) it spends
15-20 s a MB. Its block and inline rules tick the file's `Budget` (so Cancel and the
file's time limit stop it inside a parse), and inline parsing has a budget of its own,
`inline_seconds(size)`: once spent, the paragraphs still to parse keep their text as plain
text, without emphasis or links, and the file's warnings say how many; past twice that,
the pieces still to render (below; long lists are slow too) are kept as plain paragraphs.
Nothing is lost.

Nesting: past `maxNesting` levels markdown-it drops the rest of the document without a word
(`> ` 21 times on a line lost that line and all after it). So a line's run of container
markers (`>`, list bullets and numbers) is cut to `MAX_MARKERS` before parsing, and
`maxNesting` is set high enough for that many: the text stays, less deeply quoted.

Memory: markdown-it builds every token of a document before rendering any, about 100 bytes
of tokens per byte of dense inline markup (`*a`, `` `a`` ``). So a long file is rendered in
pieces of about `PIECE_CHARS`, cut at a blank line before an unindented line outside fenced
code (link references carry over from earlier pieces), or at any line outside fenced code
past `FORCED_PIECE_CHARS` (the rest of a huge table then reads as text); a paragraph of
more than `INLINE_MAX_CHARS` characters is kept as plain text (its text is cut into plain
paragraphs of `blocks.MAX_BLOCK_CHARS` anyway), with a warning.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from reader.library.ingest.budget import MB, UNLIMITED, Budget, plural
from reader.library.ingest.draft import BLANK_LINES, Draft
from reader.library.ingest.formats.html import Page, drafts_from_page, parse_html_page
from reader.library.tags.names import TagError, clean_tag

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_ITEM = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")
MAX_TOPICS = 10
MAX_TAGS = 100
INLINE_FLOOR_SECONDS = 1.0
INLINE_MAX_CHARS = 100_000
PIECE_CHARS = 64 * 1024
FORCED_PIECE_CHARS = 2 * PIECE_CHARS  # with no blank line to cut at (a long table, a list)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
MAX_MARKERS = 16  # container markers kept at the start of a line
MAX_NESTING = 4 * MAX_MARKERS  # markdown-it's levels: a list takes two (list, item)
_MARKER = r"[ \t]{0,3}(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+)"
_MARKERS = re.compile(rf"^((?:{_MARKER}){{{MAX_MARKERS}}})(?:{_MARKER})++", re.M)
INLINE_SECONDS_PER_MB = 1.5  # ordinary prose takes a fifth of this (about 0.3 s a MB)


def inline_seconds(size: int) -> float:
    """How long inline parsing (emphasis, links, code) of `size` characters may take."""
    return INLINE_FLOOR_SECONDS + INLINE_SECONDS_PER_MB * size / MB


class _TooIntricate(Exception):  # a signal from a rule to the core loop
    """Inline parsing has spent its time."""


def _tick_inline(state: StateInline, silent: bool) -> bool:
    """First of the inline rules, so called at each place a token may start: tick the
    budgets; never matches."""
    env = state.env
    env["budget"].tick()
    env["ticks"] += 1
    if env["ticks"] % 256 == 0 and time.monotonic() > env["inline_deadline"]:
        raise _TooIntricate
    return False


def _tick_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """First of the block rules: tick the budget once a line, and note when the nesting
    (by indentation, which no marker cap can limit) nears markdown-it's cap; never matches."""
    state.env["budget"].tick()
    if state.level >= MAX_NESTING - 2:
        state.env["deep"] = True
    return False


def _inline(state: StateCore) -> None:
    """markdown-it's core `inline` rule, but a paragraph whose inline parse runs past the
    inline budget, and every one after it, keeps its text as one plain text token."""
    env = state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        token.children = []
        if len(token.content) > INLINE_MAX_CHARS:
            env["long"] += 1
        elif time.monotonic() <= env["inline_deadline"]:
            try:
                state.md.inline.parse(token.content, state.md, env, token.children)
                continue
            except _TooIntricate:
                token.children = []
        plain = Token("text", "", 0)
        plain.content = token.content
        token.children.append(plain)
        env["plain"] += len(token.content) <= INLINE_MAX_CHARS


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("text", "budget", _tick_inline)
    md.block.ruler.before("table", "budget", _tick_block)
    md.core.ruler.at("inline", _inline)
    return md


_MARKDOWN = _markdown()


@dataclass(slots=True)
class FrontMatter:
    """The recognised front-matter fields."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """The front matter (empty if none) and the Markdown after it."""
    match = _FRONT.match(text)
    if match is None:
        return FrontMatter(), text
    values: dict[str, str | list[str]] = {}
    key = ""
    for line in match.group(1).split("\n"):
        item = _ITEM.match(line)
        if item and key:
            listed = values.setdefault(key, [])
            if isinstance(listed, list):
                listed.append(_unquote(item.group(1) or item.group(2) or ""))
            continue
        pair = _KEY.match(line)
        if pair:
            key = pair.group(1).lower()
            values[key] = _value(pair.group(2).strip()) if pair.group(2).strip() else []
    return _front(values), text[match.end() :]


def _value(raw: str) -> str | list[str]:
    if raw.startswith("[") and raw.endswith("]"):
        return [_unquote(v) for v in raw[1:-1].split(",") if v.strip()]
    return _unquote(raw)


def _unquote(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


def _front(values: dict[str, str | list[str]]) -> FrontMatter:
    def text(*keys: str) -> str | None:
        for key in keys:
            value = values.get(key)
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
        return None

    topics = values.get("topics", values.get("tags", []))
    if isinstance(topics, str):
        topics = [t for t in (p.strip() for p in topics.split(",")) if t]
    return FrontMatter(
        title=text("title"),
        date=text("date", "published"),
        author=text("author"),
        source=text("source", "url", "link"),
        topics=[t for t in topics if t][:MAX_TOPICS],
        tags=_tag_list(values.get("tags", [])),
    )


def _tag_list(value: str | list[str]) -> list[str]:
    if isinstance(value, str):
        value = value.split(",") if "," in value else value.split()
    return [t.strip().removeprefix("#") for t in value if t.strip()][:MAX_TAGS]


def parse(text: str, budget: Budget = UNLIMITED, warnings: list[str] | None = None) -> list[Draft]:
    """The one draft of a Markdown file (none if it holds no text); the topics its front
    matter names go with it. What could not be read fully is said in `warnings`."""
    front, page = parse_markdown(text, budget)
    if warnings is not None:
        warnings += page.warnings
    drafts = drafts_from_page(page, "markdown", tuple(front.topics))
    tags = _valid_tags(front.tags, warnings)
    return [replace(d, tags=tags) for d in drafts] if tags else drafts


def _valid_tags(names: list[str], warnings: list[str] | None) -> tuple[str, ...]:
    kept: list[str] = []
    for name in names:
        try:
            kept.append(clean_tag(name))
        except TagError as exc:
            if warnings is not None:
                warnings.append(f"a tag of its front matter was skipped: {exc}")
    return tuple(kept)


def render(markdown: str, budget: Budget = UNLIMITED) -> tuple[str, list[str]]:
    """The HTML of `markdown`, and warnings for what was not read as written."""
    rendering = _Rendering(markdown, budget)
    html = "".join(rendering.html())
    return html, rendering.warnings()


class _Rendering:
    """One Markdown document rendered piece by piece, and what it had to simplify."""

    def __init__(self, markdown: str, budget: Budget) -> None:
        self.budget = budget
        env: dict[str, Any] = {"budget": budget, "ticks": 0, "plain": 0, "long": 0}
        env["deep"] = False
        seconds = inline_seconds(len(markdown))
        env["inline_deadline"] = time.monotonic() + seconds
        self.deadline = time.monotonic() + 2 * seconds  # for all of it, blocks too
        self.env = env
        self.plain_pieces = 0
        self.markdown, self.capped = _MARKERS.subn(r"\1", markdown)

    def html(self) -> Iterator[str]:
        """The HTML of each piece in turn (link references carry over between them)."""
        for piece in pieces(self.markdown, self.budget):
            if time.monotonic() <= self.deadline:
                yield _MARKDOWN.render(piece, self.env)
            else:  # its text, as paragraphs between blank lines
                self.plain_pieces += 1
                yield "".join(f"<p>{escape(p)}</p>" for p in BLANK_LINES.split(piece))

    def warnings(self) -> list[str]:
        env, capped = self.env, self.capped
        warnings = []
        if capped:
            warnings.append(
                f"{plural(capped, 'line')} nested more than {MAX_MARKERS} quotes or lists "
                f"deep {'was' if capped == 1 else 'were'} read {MAX_MARKERS} deep"
            )
        if self.plain_pieces:
            size = self.plain_pieces * PIECE_CHARS // 1024
            warnings.append(
                f"reading the Markdown took too long: the last {plural(self.plain_pieces, 'part')}"
                f" (about {size:,} KB) {'was' if self.plain_pieces == 1 else 'were'} kept as "
                "plain text"
            )
        if env["deep"]:
            warnings.append(
                f"text nested over {MAX_NESTING // 2} lists or quotes deep may have been left out"
            )
        for key, why in (("long", f"of over {INLINE_MAX_CHARS:,} characters"),
                         ("plain", "that took too long to read as Markdown")):  # fmt: skip
            if env[key]:
                count = int(env[key])
                warnings.append(
                    f"{plural(count, 'paragraph')} {why} {'was' if count == 1 else 'were'} "
                    "kept as plain text (without emphasis or links)"
                )
        return warnings


def pieces(markdown: str, budget: Budget = UNLIMITED) -> list[str]:
    """`markdown` cut into pieces of about `PIECE_CHARS` at blank lines that end a block
    for sure: outside fenced code, and before a line that is not indented (an indented one
    could continue a list item or be code); past `FORCED_PIECE_CHARS` without one, at the
    next line outside fenced code."""
    if len(markdown) <= PIECE_CHARS:
        return [markdown]
    out: list[str] = []
    start = at = 0
    fence = ""  # the marker of the fenced code block we are in
    blank = False  # the line before was blank
    while at < len(markdown):
        budget.tick()
        end = markdown.find("\n", at)
        end = len(markdown) if end < 0 else end + 1
        line = markdown[at:end]
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)[0] * 3
        elif (blank and at - start >= PIECE_CHARS and line[:1] not in (" ", "\t", "\n", "")) or (
            at - start >= FORCED_PIECE_CHARS
        ):
            out.append(markdown[start:at])
            start = at
        blank = not line.strip()
        at = end
    out.append(markdown[start:])
    return out


def parse_markdown(text: str, budget: Budget = UNLIMITED) -> tuple[FrontMatter, Page]:
    """Front matter and the page (title from front matter, else the first `# Heading`)."""
    front, rest = split_front_matter(text)
    rendering = _Rendering(rest, budget)
    page = parse_html_page(rendering.html(), find_title=False, budget=budget)
    page.warnings += rendering.warnings()
    if front.title:
        page.title = front.title[:300]
        first = page.blocks[0] if page.blocks else None
        if first is not None and first.kind == "h1" and first.text() == page.title:
            page.blocks = page.blocks[1:]
    elif page.blocks and page.blocks[0].kind == "h1":
        page.title = page.blocks[0].text()[:300]
        page.blocks = page.blocks[1:]
    else:
        page.title = ""
    page.author = front.author
    page.published = front.date
    source = front.source or ""
    page.source_url = source if source.lower().startswith(("http://", "https://")) else None
    return front, page
