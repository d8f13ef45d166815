"""Which format a file is in, and turning its text into article drafts.

Formats: `seed` (the bundled corpus: articles separated by blank lines, one line a
paragraph, no headlines), `text` (one article: a headline, a blank line, then paragraphs
separated by blank lines; lines inside a paragraph are joined), `markdown` and `html`.
`detect` decides from the extension and the first bytes of the text: `.md` and `.html`
files are what they say; a `.txt` (or extension-less) file is HTML if it starts like HTML,
Markdown if it opens with front matter or a `# Heading`, the one-article text form if its
first paragraph is a lone short line that does not end like a sentence, and seed otherwise.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal, get_args

from reader.library.display.sanitize import sanitize_html
from reader.library.ingest.blocks import MAX_BLOCK_CHARS, Block, blocks_html, body_text, split_long
from reader.library.ingest.draft import Draft, collapse, make_draft, parse_seed, split_blocks
from reader.library.ingest.formats.html import Page, parse_html_page
from reader.library.ingest.formats.markdown import parse_markdown, split_front_matter
from reader.library.ingest.prose import derive_title

Format = Literal["seed", "text", "markdown", "html"]
FORMATS: tuple[str, ...] = get_args(Format)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
HEADLINE_MAX = 160
_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_SENTENCE_END = re.compile(r"[.!?;:,…][\"'”’)\]]*$")


def detect(path: str | Path, text: str) -> Format:
    """The format of a decoded file, from its extension and its opening."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    head = text[:4096]
    if _HTML_START.match(head):
        return "html"
    stripped = head.lstrip("\n")
    if stripped.startswith("# ") or split_front_matter(text[:20_000])[0].title:
        return "markdown"
    blocks = split_blocks(head)
    if len(blocks) > 1 and _is_headline(blocks[0]):
        return "text"
    return "seed"


def _is_headline(block: str) -> bool:
    line = block.strip()
    return (
        "\n" not in line
        and 0 < len(line) <= HEADLINE_MAX
        and len(line.split()) <= 25
        and not _SENTENCE_END.search(line)
    )


def parse(text: str, fmt: Format) -> list[Draft]:
    """The drafts in `text` read as `fmt` (an empty list if there is no text)."""
    if fmt == "seed":
        return _split_long_seed(parse_seed(text))
    if fmt == "text":
        return _parse_text(text)
    if fmt == "markdown":
        front, page = parse_markdown(text)
        return _from_page(page, "markdown", tuple(front.topics))
    return _from_page(parse_html_page(text), "html", ())


def _parse_text(text: str) -> list[Draft]:
    blocks = [collapse(b) for b in split_blocks(text)]
    blocks = [b for b in blocks if b]
    if not blocks:
        return []
    title, paragraphs = blocks[0][:300].rstrip(), blocks[1:]
    if not paragraphs:  # a lone line is its own body, all of it
        paragraphs = [blocks[0]]
    if any(len(p) > MAX_BLOCK_CHARS for p in paragraphs):
        paragraphs = [p for para in paragraphs for p in _split_text(para)]
    draft = make_draft(paragraphs, 0, title, fmt="text", collapsed=True)
    return [draft] if draft else []


def _split_text(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_BLOCK_CHARS:
        return [paragraph]
    return [b.text() for b in split_long(Block("p", tokens=[("t", paragraph)]))]


def _split_long_seed(drafts: list[Draft]) -> list[Draft]:
    """Seed articles keep their lines, but a line over the block limit is cut at spaces."""
    out = []
    for draft in drafts:
        if len(draft.body) > MAX_BLOCK_CHARS and any(
            len(line) > MAX_BLOCK_CHARS for line in draft.body.split("\n")
        ):
            lines = [p for line in draft.body.split("\n") for p in _split_text(line)]
            body = "\n".join(lines)
            out.append(Draft(draft.title, draft.title_derived, draft.dateline, body, draft.index))
        else:
            out.append(draft)
    return out


def _from_page(page: Page, fmt: str, topics: tuple[str, ...]) -> list[Draft]:
    if not page.blocks:
        return []
    body = body_text(page.blocks)
    title, derived = page.title, False
    if not title:
        title, derived = derive_title(body), True
    return [
        Draft(
            title=title, title_derived=derived, dateline=None, body=body, index=0, format=fmt,
            html=sanitize_html(blocks_html(page.blocks)), published=page.published,
            author=page.author, source_url=page.source_url, topics=topics,
        )
    ]  # fmt: skip
