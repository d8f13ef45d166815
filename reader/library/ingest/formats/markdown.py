"""Reading Markdown files: optional front matter, then CommonMark (with tables and
strikethrough) rendered by markdown-it-py and reduced to blocks like any HTML page.

Front matter is a block between `---` lines at the very top, one `key: value` per line;
`topics` may be an inline list (`[sport, 04000000]`), a comma-separated line, or `- item`
lines. Recognised keys: `title`, `date` (or `published`), `topics`, `source` (or `url`),
`author`; others are ignored. Without a front-matter title, a first `# Heading` is the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from reader.library.ingest.draft import Draft
from reader.library.ingest.formats.html import Page, drafts_from_page, parse_html_page

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MAX_TOPICS = 10


@dataclass(slots=True)
class FrontMatter:
    """The recognised front-matter fields."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    topics: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """The front matter (empty if none) and the Markdown after it."""
    match = _FRONT.match(text)
    if match is None:
        return FrontMatter(), text
    values: dict[str, str | list[str]] = {}
    key = ""
    for line in match.group(1).split("\n"):
        item = re.match(r"^\s+-\s+(.*)$|^-\s+(.*)$", line)
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
    )


def parse(text: str) -> list[Draft]:
    """The one draft of a Markdown file (none if it holds no text); the topics its front
    matter names go with it."""
    front, page = parse_markdown(text)
    return drafts_from_page(page, "markdown", tuple(front.topics))


def parse_markdown(text: str) -> tuple[FrontMatter, Page]:
    """Front matter and the page (title from front matter, else the first `# Heading`)."""
    front, rest = split_front_matter(text)
    page = parse_html_page(_MARKDOWN.render(rest), find_title=False)
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
