"""Finding a site's feeds: the `<link rel="alternate">` feeds a web page announces, and a cheap
sniff of a response's first bytes that says whether it is a feed or a page (so adding a
subscription by a page's address finds the page's feed)."""

from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser

from reader.library.feeds.parse import safe_link

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x-rss+xml",
        "application/x-atom+xml",
    }
)
# Not "application/json": WordPress announces its REST API with rel="alternate" and that type.
SNIFF_BYTES = 4096

_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.S)
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf", b"channel"}


def feed_links(html: str | bytes, base_url: str) -> list[str]:
    """The feeds a page links to with `<link rel="alternate" type="...">` (RSS, Atom, RDF, JSON
    Feed), absolute against the page's `<base href>` or `base_url`, http(s) only, unique, in
    page order."""
    tree = LexborHTMLParser(html)
    base = base_url
    for node in tree.css("base[href]"):
        base = safe_link(node.attributes.get("href"), base_url) or base_url
        break
    found: dict[str, None] = {}
    for node in tree.css("link[rel][href]"):
        rels = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").split(";")[0].strip().lower()
        if ("alternate" in rels or "feed" in rels) and kind in FEED_TYPES:
            url = safe_link(node.attributes.get("href"), base)
            if url:
                found.setdefault(url, None)
    return list(found)


def looks_like_feed(data: bytes, content_type: str) -> bool:
    """Whether a response is worth handing to `parse_feed`: its first element is `<rss>`,
    `<feed>` or `<rdf:RDF>`, or it is JSON naming a JSON Feed version; when the first bytes do
    not tell, a feed media type decides. Reads at most SNIFF_BYTES."""
    head = _ascii_head(data[:SNIFF_BYTES])
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    if head.startswith(b"{"):
        return b"jsonfeed.org/version" in head or media == "application/feed+json"
    element = _FIRST_ELEMENT.search(_COMMENT.sub(b"", head))
    if element:
        return element.group(2).lower() in _FEED_ROOTS
    return media in FEED_TYPES


def _ascii_head(head: bytes) -> bytes:
    """The first bytes with a BOM dropped and UTF-16/32's NULs removed, spaces stripped."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE):
        head = head.removeprefix(bom)
    head = head.removeprefix(codecs.BOM_UTF16_BE)
    if b"\x00" in head[:8]:
        head = head.replace(b"\x00", b"")
    return head.strip()
