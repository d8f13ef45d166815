"""A web page's article, extracted with trafilatura, as a draft like any imported article.

trafilatura finds the article in a whole page (leaving out navigation, sidebars, comments,
footers and advertising) and returns it as simple HTML with headings, lists, quotes, tables
and pictures; its metadata gives the title, author and date. That HTML then goes through the
importer's own block pipeline (`reader.library.ingest.formats.html`) and sanitiser, so a
saved page, a feed's full text and an imported file are read and shown alike.

`is_whole_page` decides when a local `.html` file is a whole web page rather than an article:
it has site chrome (a `<nav>`, `<aside>`, `<footer>` or `<header>` element, or most of its
text in links) and no `<article>` or `<main>` element marking the article itself. The
importer then uses this extraction, and falls back to its own reading if it finds nothing.
"""

from __future__ import annotations

import logging

from selectolax.lexbor import LexborHTMLParser

from reader.library.display.sanitize import sanitize_html
from reader.library.ingest.blocks import Block, blocks_html, body_text
from reader.library.ingest.decoding import NotText, decode
from reader.library.ingest.draft import Draft
from reader.library.ingest.formats.html import Page, parse_html_page
from reader.library.ingest.prose import derive_title

log = logging.getLogger(__name__)
MAX_EXTRACT_CHARS = 3_000_000  # larger pages are read by the importer's own pipeline
MAX_TITLE = 300


def page_draft(
    page: Page, *, title: str, fmt: str, link: str | None, author: str | None, published: str | None
) -> Draft | None:
    """The draft of a web page's or feed entry's blocks, with the title ("" to derive one)
    and metadata given. Its HTML keeps pictures' web addresses (sanitised for that stage):
    `reader.library.web.pictures.settle` must run before it is stored."""
    blocks = page.blocks
    if not blocks and title:
        blocks = [Block("p", tokens=[("t", title)])]  # a title-only entry (a link post)
    if not blocks:
        return None
    if blocks[0].kind.startswith("h") and blocks[0].text() == title and len(blocks) > 1:
        blocks = blocks[1:]
    body = body_text(blocks)
    title = " ".join(title.split())[:MAX_TITLE]
    return Draft(
        title=title or derive_title(body),
        title_derived=not title,
        dateline=None,
        body=body,
        index=0,
        format=fmt,
        html=sanitize_html(blocks_html(blocks), pictures="web"),
        published=published,
        author=author,
        source_url=link,
    )


def extract_page(html: bytes | str, *, url: str | None) -> Draft | None:
    """The article of a web page fetched from `url` (the base of its links and pictures;
    None for a local file, whose pictures are then left out), or None if there is none."""
    if isinstance(html, bytes):
        try:
            html = decode(html)
        except NotText:
            return None
    if not html.strip() or len(html) > MAX_EXTRACT_CHARS:
        return None
    import trafilatura  # imported on first use: it takes a while, and most commands never need it

    try:
        found = trafilatura.extract(
            html,
            url=url,
            output_format="html",
            include_images=url is not None,
            include_links=True,
            include_formatting=True,
            include_tables=True,
            include_comments=False,
        )
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura's own failure on odd markup: no article, said once
        log.info("extracting %s failed: %r", url, exc)
        return None
    if not found:
        return None
    page = parse_html_page(found, find_title=False, pictures=url)
    title = (meta.title if meta is not None else None) or parse_html_page(html).title
    author = meta.author if meta is not None else None
    date = meta.date if meta is not None else None
    return page_draft(
        page,
        title=title or "",
        fmt="page" if url else "html",
        link=url,
        author=author,
        published=date,
    )


def is_whole_page(html: str, tree: LexborHTMLParser | None = None) -> bool:
    """Whether a local HTML file is a whole web page (site chrome, no element marking the
    article) rather than an article of its own; see the module's docstring. Linear in the
    page's size: one Lexbor parse (none if the caller gives its `tree`; scripts and styles
    are taken out of it), no backtracking patterns."""
    if len(html) > MAX_EXTRACT_CHARS:
        return False
    lowered = html.lower()
    if not any(f"<{tag}" in lowered for tag in ("nav", "aside", "footer", "header", "a")):
        return False  # nothing that could be site chrome or links: an article file
    tree = tree or LexborHTMLParser(html)
    if tree.css_first("article, main") is not None:
        return False
    if tree.css_first("nav, aside, footer, header") is not None:
        return True
    return _mostly_links(tree)


def _mostly_links(tree: LexborHTMLParser) -> bool:
    """At least 50 words, and more than half of them inside links (a list of links)."""
    body = tree.body
    if body is None:
        return False
    for node in tree.css("script, style, template"):
        node.decompose()
    words = len((body.text(separator=" ") or "").split())
    linked = sum(len((a.text(separator=" ") or "").split()) for a in tree.css("a"))
    return words >= 50 and linked > words * 0.5
