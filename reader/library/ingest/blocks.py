"""Articles as a flat list of text blocks, and the simple HTML the reading pane is given.

An HTML or Markdown article is reduced to blocks: paragraphs, headings, list items, quoted
paragraphs and preformatted lines, each with inline emphasis, code and safe links. Each
block is one line of `Article.body` (its plain text, whitespace collapsed) and exactly one
block of the reading pane's `QTextDocument`, so annotation offsets into `body` map onto the
pane 1:1. Tables become one paragraph per row, so no table, and no nesting deeper than
`MAX_LIST_DEPTH` list levels, ever reaches the layout engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from reader.library.ingest.decoding import clean

MAX_LIST_DEPTH = 3
MAX_BLOCKS = 20_000
MAX_BLOCK_CHARS = 20_000  # longer blocks are split at a space (a 5 MB line lays out fast)
_SPACE = re.compile(r"\s+")
_NOT_SPACE = re.compile(r"[^ ]")
HEADING_TAG = {1: "h2", 2: "h2", 3: "h3", 4: "h4", 5: "h4", 6: "h4"}


@dataclass(slots=True)
class Block:
    """One block: `kind` is p, h1..h6, li, quote or pre; `level` the list depth (1..3) and
    `ordered` whether its list is numbered. `tokens` hold text and inline tags in order."""

    kind: str
    level: int = 0
    ordered: bool = False
    tokens: list[tuple[str, str]] = field(default_factory=list)  # ("t", text) | ("o"/"c", tag)
    src: str = ""  # a picture block's absolute http(s) address (its text: the alt text)

    def text(self) -> str:
        return "".join(value for kind, value in self.tokens if kind == "t")


def normalize(block: Block) -> Block | None:
    """Collapse whitespace (as HTML layout does), trim the ends, drop empty inline tags;
    None if the block has no text."""
    tokens = block.tokens
    cleaned: list[tuple[str, str]] = []
    space = True  # at the start of the block, leading spaces go
    for kind, raw in tokens:
        if kind != "t":
            cleaned.append((kind, raw))
            continue
        value = raw if _plain(raw) else _SPACE.sub(" ", clean(raw))
        if space and value[:1] == " ":
            value = value[1:]
        if value:
            space = value[-1] == " "
            cleaned.append(("t", value))
    for index in range(len(cleaned) - 1, -1, -1):  # trailing spaces go too
        kind, value = cleaned[index]
        if kind == "t":
            value = value.rstrip(" ")
            if value:
                cleaned[index] = ("t", value)
                break
            cleaned[index] = ("t", "")
    else:
        return None  # no text at all
    block.tokens = [t for t in cleaned if t[0] != "t" or t[1]]
    return block


def _plain(text: str) -> bool:
    """Whether `text` has nothing to clean or collapse: no control characters, no space but
    single ASCII spaces (`isprintable` is false for every other space and control character).
    Checked first, it is 15x faster than the substitution it saves on a paragraph."""
    return text.isprintable() and "  " not in text


def split_long(block: Block) -> list[Block]:
    """Split a block longer than `MAX_BLOCK_CHARS` into plain paragraphs cut at spaces."""
    text = block.text()
    if len(text) <= MAX_BLOCK_CHARS:
        return [block]
    parts: list[Block] = []
    at, end = 0, len(text)  # indexes, not slices of what is left: a slice each cut was quadratic
    while at < end:
        if end - at <= MAX_BLOCK_CHARS:
            cut = end
        else:
            cut = text.rfind(" ", at, at + MAX_BLOCK_CHARS)
            if cut <= at:
                cut = at + MAX_BLOCK_CHARS
        piece = text[at:cut].strip(" ")
        if piece:
            parts.append(Block(block.kind, block.level, block.ordered, [("t", piece)]))
        at = cut
        after = _NOT_SPACE.search(text, at)  # the spaces after a cut go
        at = after.start() if after else end
    return parts


def split_paragraph(paragraph: str) -> list[str]:
    """A plain paragraph as it is if short enough, else cut at spaces into pieces no longer
    than `MAX_BLOCK_CHARS` (the text and seed formats use it for over-long lines)."""
    if len(paragraph) <= MAX_BLOCK_CHARS:
        return [paragraph]
    return [b.text() for b in split_long(Block("p", tokens=[("t", paragraph)]))]


def inner_html(block: Block) -> str:
    parts = []
    for kind, value in block.tokens:
        if kind == "t":
            parts.append(escape(value, quote=False))
        elif kind == "o":
            parts.append(value)  # an opening tag built by the extractor from safe parts
        else:
            parts.append(f"</{value}>")
    return "".join(parts)


def body_text(blocks: list[Block]) -> str:
    """`Article.body`: one line per block."""
    return "\n".join(block.text() for block in blocks)


def _close_lists(out: list[str], lists: list[str], block: Block) -> None:
    """Close the lists deeper than `block` (and a list of the other kind at its depth)."""
    level = block.level if block.kind == "li" else 0
    tag = "ol" if block.ordered else "ul"
    while len(lists) > level or (lists and len(lists) == level and lists[-1] != tag):
        out.append(f"</li></{lists.pop()}>")


def _open_item(out: list[str], lists: list[str], block: Block) -> None:
    if len(lists) == block.level:
        out.append("</li>")
    while len(lists) < block.level:
        tag = "ol" if block.ordered else "ul"
        lists.append(tag)
        out.append(f"<{tag}>")
    out.append(f"<li>{inner_html(block)}")


def blocks_html(blocks: list[Block]) -> str:
    """Simple HTML with one QTextDocument block per `Block` (lists and quotes grouped). A
    picture block keeps its web address: `reader.library.web.pictures.settle` turns it into
    the library's copy (or its alt text) before the HTML is stored."""
    out: list[str] = []
    lists: list[str] = []  # open list tags, innermost last
    quote = False
    for block in blocks:
        _close_lists(out, lists, block)
        if quote and block.kind != "quote":
            out.append("</blockquote>")
            quote = False
        if block.kind == "li":
            _open_item(out, lists, block)
        elif block.kind == "quote":
            if not quote:
                out.append("<blockquote>")
                quote = True
            out.append(f"<p>{inner_html(block)}</p>")
        elif block.kind.startswith("h"):
            tag = HEADING_TAG[int(block.kind[1])]
            out.append(f"<{tag}>{inner_html(block)}</{tag}>")
        elif block.kind == "pre":
            out.append(f"<pre>{inner_html(block)}</pre>")
        elif block.kind == "picture":
            # The picture, then its words on a line below: the block's text in the pane
            # ends with the body line (the alt text), so offsets map as for any block.
            alt = escape(block.text())
            src = escape(block.src)
            out.append(f'<p class="picture"><img src="{src}" alt="{alt}"><br>{alt}</p>')
        else:
            out.append(f"<p>{inner_html(block)}</p>")
    while lists:
        out.append(f"</li></{lists.pop()}>")
    if quote:
        out.append("</blockquote>")
    return "".join(out)
