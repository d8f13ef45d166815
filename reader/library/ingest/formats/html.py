"""Reading HTML pages (saved web pages, exported articles) into a title, metadata and blocks.

The page is parsed by selectolax's Lexbor engine, a spec-compliant HTML5 parser (Python's
`html.parser` is quadratic on some inputs, and a tree built by hand from its events lost
text where optional end tags were left out: `<p>` without `</p>` is legal). An HTML5
parser's time grows with nesting depth times tags, so nesting deeper than
`nesting.MAX_NESTING` is flattened first, as browsers do; then it is linear. The tree is
walked once, without recursion, as start, text and end events; the walk ticks the file's
`Budget`, so a slow page can be stopped. Only text
survives, in simple blocks (`reader.library.ingest.blocks`): scripts, styles, forms,
comments, iframes, embedded media, navigation, asides and footers are dropped with their
content; images become a placeholder `[Image: alt text]` (or nothing without alt text) and
load nothing; links keep only http(s)
and mailto targets; tables become one paragraph per row (cells joined by " | "), so neither
colspan nor deep nesting can reach the layout engine. When the page has an `<article>` (or
`<main>`) element, only its content is kept. The title is `og:title`, else the first `<h1>`,
else `<title>`; a first heading equal to the title is not repeated in the body.

Elements nested deeper than `MAX_DEPTH` give their text without structure; past
`MAX_BLOCKS` blocks the rest of the page is left out, and the page's `warnings` say how
much (the import report shows them), so no text is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from reader.library.display.sanitize import sanitize_html
from reader.library.ingest.blocks import (
    MAX_BLOCKS,
    MAX_LIST_DEPTH,
    Block,
    blocks_html,
    body_text,
    normalize,
    split_long,
)
from reader.library.ingest.budget import UNLIMITED, Budget, plural
from reader.library.ingest.draft import Draft
from reader.library.ingest.formats.nesting import cap_nesting
from reader.library.ingest.prose import derive_title

SKIPPED = frozenset({
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
    "select", "textarea", "button", "form", "nav", "aside", "footer", "head", "video", "audio",
    "canvas", "map", "dialog", "frameset", "applet",
})  # fmt: skip
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen",
})  # fmt: skip
BLOCK_TAGS = frozenset({
    "p", "div", "section", "header", "figure", "figcaption", "address", "center", "dl", "dt",
    "dd", "table", "thead", "tbody", "tfoot", "caption", "hr", "details", "summary", "body",
    "html", "fieldset", "legend", "hgroup", "article", "main",
})  # fmt: skip
INLINE = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code",
          "kbd": "code", "tt": "code", "sub": "sub", "sup": "sup", "mark": "mark",
          "s": "s", "del": "s", "strike": "s", "u": "u", "ins": "u"}  # fmt: skip
SAFE_SCHEMES = ("http://", "https://", "mailto:")
MAX_DEPTH = 200  # deeper elements still give their text, but no structure
MAX_TITLE = 300


@dataclass(slots=True)
class Page:
    """What a page yields: title (or ""), metadata and body blocks."""

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    author: str | None = None
    published: str | None = None
    source_url: str | None = None
    warnings: list[str] = field(default_factory=list)  # text left out, for the report


class _Extractor:
    """Turns the walk's events (`start`, `data`, `end`) into blocks and metadata."""

    def __init__(self, pictures: str | None = None) -> None:
        self.pictures = pictures  # the page's address: its pictures become picture blocks
        self.page = Page()
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.depth = 0  # of the element being walked (real nesting: the tree's)
        self.main = 0  # depth inside <article>/<main>
        self.saw_main = False
        self.blocks: list[tuple[Block, bool]] = []  # with "inside article/main"
        self.current = Block("p")
        self.lists: list[bool] = []  # ordered?
        self.quote = 0
        self.pre = 0
        self.cell = 0  # cells seen in the current table row
        self.inline: list[str] = []
        self.links = 0
        self.dropped = [0, 0]  # blocks past MAX_BLOCKS: outside, inside article/main
        self.dropped_chars = [0, 0]

    # -- blocks -----------------------------------------------------------------------------

    def flush(self, kind: str | None = None) -> None:
        """End the current block and start a new one of `kind` (or the context's kind)."""
        current = self.current
        if not current.tokens and not self.inline:  # nothing to end (half the calls): reuse it
            self.links = 0
            self._begin(current, kind)
            return
        for tag in reversed(self.inline):  # inline markup ends with its block
            current.tokens.append(("c", tag))
        self.inline.clear()
        self.links = 0
        block = normalize(current)
        if block is not None and len(self.blocks) < MAX_BLOCKS:
            for part in split_long(block):
                self.blocks.append((part, self.main > 0))
        elif block is not None:
            self.dropped[self.main > 0] += 1
            self.dropped_chars[self.main > 0] += len(block.text())
        self.current = Block("p")
        self._begin(self.current, kind)

    def _begin(self, block: Block, kind: str | None) -> None:
        """Make the empty `block` the start of one of `kind` (or of the context's kind)."""
        if kind is None:
            kind = "quote" if self.quote else ("pre" if self.pre else "p")
        block.kind = kind
        block.level, block.ordered, block.src = 0, False, ""
        if kind == "li":
            block.level = min(len(self.lists), MAX_LIST_DEPTH)
            block.ordered = bool(self.lists and self.lists[-1])
        self.cell = 0

    def text(self, data: str) -> None:
        if self.pre and "\n" in data:
            lines = data.split("\n")
            for number, line in enumerate(lines):
                if number:
                    self.flush("pre")
                self.current.tokens.append(("t", line))
            return
        self.current.tokens.append(("t", data))

    # -- events of the walk ----------------------------------------------------------------

    def start(self, tag: str, node: Any) -> bool:
        """An element begins; whether to walk into it (not into dropped elements)."""
        if tag in ("meta", "link", "title", "head"):
            self._metadata(tag, node)
            return False
        if tag in SKIPPED:
            return False
        if self.depth <= MAX_DEPTH:
            self._structure(tag, node)
        return True

    def _metadata(self, tag: str, node: Any) -> None:
        if tag == "meta":
            self._meta(node.attributes)
        elif tag == "link":
            self._link(node.attributes)
        elif tag == "title":  # the first one only
            if not self.title_parts:
                self.title_parts.append(node.text(deep=True))
        else:
            self._head(node)

    def _head(self, head: Any) -> None:
        """The head gives only metadata and the title."""
        for node in head.traverse():
            tag = node.tag
            if tag in ("meta", "link", "title"):
                self._metadata(tag, node)

    def _structure(self, tag: str, node: Any) -> None:
        if tag in ("article", "main"):
            self.flush()
            self.main += 1
            self.saw_main = True
        elif tag in ("ul", "ol", "dir", "menu"):
            self.flush()
            self.lists.append(tag == "ol")
        elif tag in ("blockquote", "pre"):
            self.quote += tag == "blockquote"
            self.pre += tag == "pre"
            self.flush("pre" if tag == "pre" else None)
        elif tag in ("td", "th"):
            if self.cell:
                self.current.tokens.append(("t", " | "))
            self.cell += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li"):
            self.flush(tag)
        elif tag in ("tr", "br") or tag in BLOCK_TAGS:
            self.flush()
        else:
            self._inline_start(tag, node)

    def _inline_start(self, tag: str, node: Any) -> None:
        if tag not in INLINE and tag not in ("img", "a"):
            return
        attrs: dict[str, str | None] = node.attributes if tag in ("img", "a") else {}
        if tag == "img":
            alt = " ".join((attrs.get("alt") or "").split())[:200]
            src = picture_address(attrs, self.pictures)
            if src:
                self.flush()
                self.current = Block("picture", tokens=[("t", alt or "Picture")], src=src)
                self.flush()
            elif alt:
                self.current.tokens.append(("t", f" [Image: {alt}] "))
        elif tag in INLINE:
            self._open_inline(INLINE[tag], f"<{INLINE[tag]}>")
        elif tag == "a":
            href = (attrs.get("href") or "").strip()
            if href.lower().startswith(SAFE_SCHEMES) and not self.links:
                self.links += 1
                self._open_inline("a", f'<a href="{escape(href[:2000])}">')

    def _open_inline(self, tag: str, opening: str) -> None:
        if len(self.inline) < 8:
            self.inline.append(tag)
            self.current.tokens.append(("o", opening))

    def end(self, tag: str) -> None:
        """An element walked into ends (`self.depth` is still its depth)."""
        if self.depth > MAX_DEPTH:
            return
        if tag in ("article", "main"):
            self.flush()
            self.main = max(0, self.main - 1)
        elif tag in ("ul", "ol", "dir", "menu"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "blockquote":
            self.flush()
            self.quote = max(0, self.quote - 1)
            self.current.kind = "quote" if self.quote else "p"
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self.flush()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li", "tr") or tag in BLOCK_TAGS:
            self.flush()
        elif tag in INLINE or tag == "a":
            self._close_inline("a" if tag == "a" else INLINE[tag])

    def _close_inline(self, tag: str) -> None:
        inline = self.inline
        if inline and inline[-1] == tag:  # the usual case: the innermost one ends
            inline.pop()
            self.current.tokens.append(("c", tag))
            if tag == "a":
                self.links = 0
            return
        if tag in inline:
            index = len(self.inline) - 1 - self.inline[::-1].index(tag)
            for inner in reversed(self.inline[index:]):
                self.current.tokens.append(("c", inner))
            reopen = self.inline[index + 1 :]
            del self.inline[index:]
            for inner in reopen:
                self._open_inline(inner, f"<{inner}>")
            if tag == "a":
                self.links = 0

    def data(self, data: str) -> None:
        self.text(data)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        value = " ".join((attrs.get("content") or "").split())
        if key and value and key not in self.meta:
            self.meta[key] = value

    def _link(self, attrs: dict[str, str | None]) -> None:
        if (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href"):
            self.meta.setdefault("canonical", (attrs.get("href") or "").strip())

    # -- result -----------------------------------------------------------------------------

    def result(self, find_title: bool) -> Page:
        self.flush()
        chosen = [b for b, inside in self.blocks if inside or not self.saw_main]
        page = self.page
        page.blocks = chosen
        outside = not self.saw_main
        dropped = self.dropped[1] + self.dropped[0] * outside
        if dropped:
            chars = self.dropped_chars[1] + self.dropped_chars[0] * outside
            page.warnings.append(
                f"{plural(dropped, 'paragraph')} ({plural(chars, 'character')}) past the "
                f"first {MAX_BLOCKS:,} {'was' if dropped == 1 else 'were'} left out"
            )
        if not find_title:
            return page
        heading = next((b for b in chosen if b.kind == "h1"), None)
        title = self.meta.get("og:title") or (heading.text() if heading else "")
        title = title or " ".join("".join(self.title_parts).split())
        page.title = _clean_title(title)
        if chosen and chosen[0].kind.startswith("h") and chosen[0].text() == page.title:
            chosen = chosen[1:]
        page.blocks = chosen
        page.author = self.meta.get("author") or self.meta.get("article:author") or None
        page.published = (
            self.meta.get("article:published_time") or self.meta.get("datepublished") or None
        )
        url = self.meta.get("canonical") or self.meta.get("og:url") or ""
        page.source_url = url if url.lower().startswith(("http://", "https://")) else None
        return page


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    return title[:MAX_TITLE].rstrip()


def picture_address(attrs: dict[str, str | None], base: str | None) -> str:
    """An `<img>`'s absolute http(s) address (`src`, else a lazy loader's `data-src`),
    resolved against the page's address `base`; "" without a base or for any other scheme."""
    if base is None:
        return ""
    raw = (attrs.get("src") or "").strip()
    if not raw or raw.lower().startswith("data:"):
        raw = (attrs.get("data-src") or "").strip()
    if not raw:
        return ""
    url = urljoin(base, raw)
    return url[:2000] if url.lower().startswith(("http://", "https://")) else ""


def parse_html_page(
    text: str | Iterable[str], *, find_title: bool = True, budget: Budget = UNLIMITED,
    pictures: str | None = None,
) -> Page:  # fmt: skip
    """Extract the title, metadata and body blocks of an HTML document (the title and
    metadata only if `find_title`: Markdown has its own). `text` may come in pieces, each
    a document of its own, read one after the other into one page (Markdown is rendered in
    pieces, so that no more than one piece's tree is held at a time). With `pictures` (the
    page's web address), pictures become picture blocks with absolute addresses; without,
    a picture is its alt text and nothing is loaded."""
    extractor = _Extractor(pictures)
    for piece in [text] if isinstance(text, str) else text:
        _read_tree(_tree(piece, budget), extractor, budget)
    return extractor.result(find_title)


def _tree(text: str, budget: Budget) -> LexborHTMLParser:
    budget.check()
    html, _ = cap_nesting(text, budget)  # Lexbor's time grows with depth times tags
    return LexborHTMLParser(html)  # in C: a 30 MB page parses in well under a second


def _read_tree(tree: LexborHTMLParser, extractor: _Extractor, budget: Budget) -> None:
    budget.check()
    if tree.root is not None:
        _walk(tree.root, extractor, budget)


def _walk(root: Any, extractor: _Extractor, budget: Budget) -> None:
    """Walk the tree below `root` in document order as start, data and end events, with a
    loop rather than recursion (a page may nest elements 100,000 deep)."""
    node = root
    while True:
        budget.tick()
        tag = node.tag or "-"
        entered = False
        if tag == "-text":
            extractor.data(node.text_content or "")
        elif tag[:1] not in ("-", "!", "#"):  # an element (not a comment or doctype)
            extractor.depth += tag not in VOID
            if extractor.start(tag, node) and tag not in VOID:
                child = node.child
                if child is not None:
                    node, entered = child, True
                else:
                    extractor.end(tag)
                    extractor.depth -= 1
            else:
                extractor.depth -= tag not in VOID
        if entered:
            continue
        if extractor.depth == 0 and node.mem_id == root.mem_id:
            return
        following = _next(node, extractor)
        if following is None:
            return
        node = following


def _next(node: Any, extractor: _Extractor) -> Any:
    """The node after `node` and its children: its sibling, or its parent's (ending the
    parents it leaves); None at the end of the walk."""
    while True:
        after = node.next
        if after is not None:
            return after
        node = node.parent
        if node is None:
            return None
        extractor.end(node.tag)
        extractor.depth -= 1
        if extractor.depth == 0:
            return None


def parse(text: str, budget: Budget = UNLIMITED, warnings: list[str] | None = None) -> list[Draft]:
    """The one draft of an HTML page (none if it holds no text); text it had to leave out
    is said in `warnings`. A whole web page saved from a browser (site navigation, sidebars,
    footers around the article) is read by the article extractor that saved pages use
    (`reader.library.web.extract`), and by this module's own reading if it finds nothing."""
    from reader.library.web.extract import extract_page, is_whole_page

    tree = _tree(text, budget)  # parsed once, for the test of a whole page and for reading
    if is_whole_page(text, tree):
        budget.check()
        draft = extract_page(text, url=None)
        if draft is not None:
            return [draft]
    extractor = _Extractor()
    _read_tree(tree, extractor, budget)
    del tree
    page = extractor.result(find_title=True)
    if warnings is not None:
        warnings += page.warnings
    return drafts_from_page(page, "html", ())


def drafts_from_page(page: Page, fmt: str, topics: tuple[str, ...]) -> list[Draft]:
    """A page's draft: its blocks as the body (one line each) and as sanitised HTML."""
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
