"""Feeds and pages written for tests: RSS 2.0, Atom and JSON Feed documents built from a list
of entries, and article pages, all served by the local web server (tests/localweb.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

PARAGRAPH = (
    "The council voted on Tuesday to approve the new budget for the city's schools, after a "
    "long debate in which members of every party spoke about teachers, buildings and the "
    "cost of transport for pupils who live far from the nearest school. "
)


@dataclass
class Item:
    """One entry of a test feed."""

    guid: str
    title: str
    html: str = ""
    link: str | None = None
    published: str = "Tue, 01 Dec 2026 10:00:00 GMT"
    summary: str | None = None  # an RSS description beside content:encoded


def long_html(words: str = "", paragraphs: int = 3) -> str:
    """Several paragraphs of plausible news text (long enough not to count as a summary)."""
    return "".join(f"<p>{escape(words)} {PARAGRAPH}</p>" for _ in range(paragraphs))


def rss(
    items: list[Item],
    *,
    title: str = "Test News",
    link: str = "https://example.org/",
    encoding: str = "utf-8",
) -> bytes:
    """An RSS 2.0 feed with content:encoded (or only a description, for summaries)."""
    out = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>",
        "<description>Test feed</description>",
    ]
    for item in items:
        out.append("<item>")
        out.append(f"<title>{escape(item.title)}</title>")
        out.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.link:
            out.append(f"<link>{escape(item.link)}</link>")
        out.append(f"<pubDate>{item.published}</pubDate>")
        if item.summary is not None:
            out.append(f"<description>{escape(item.summary)}</description>")
        if item.html:
            out.append(f"<content:encoded><![CDATA[{item.html}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode(encoding, "xmlcharrefreplace")


def atom(items: list[Item], *, title: str = "Atom News") -> bytes:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title><id>urn:test:atom</id>",
        "<updated>2026-12-01T10:00:00Z</updated>",
    ]
    for item in items:
        link = f'<link rel="alternate" href="{escape(item.link)}"/>' if item.link else ""
        out.append(
            f"<entry><id>{escape(item.guid)}</id><title>{escape(item.title)}</title>{link}"
            "<updated>2026-12-01T10:00:00Z</updated>"
            f'<content type="html">{escape(item.html)}</content></entry>'
        )
    out.append("</feed>")
    return "\n".join(out).encode("utf-8")


def json_feed(items: list[Item], *, title: str = "JSON News") -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": [
                {
                    "id": i.guid,
                    "title": i.title,
                    "content_html": i.html,
                    "url": i.link,
                    "date_published": "2026-12-01T10:00:00Z",
                }
                for i in items
            ],
        }
    ).encode("utf-8")


def page(
    title: str, paragraphs: list[str], *, picture: str | None = None, feed: str | None = None
) -> bytes:
    """A news article page with the chrome of a real site: navigation, an aside, a footer."""
    head = f'<link rel="alternate" type="application/rss+xml" href="{feed}">' if feed else ""
    figure = (
        (
            f'<figure><img src="{picture}" alt="The council chamber">'
            "<figcaption>The council chamber</figcaption></figure>"
        )
        if picture
        else ""
    )
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)} | Example News</title>{head}"
        '<meta name="author" content="Ada Reporter"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<main><article><h1>{escape(title)}</h1>{figure}{body}</article></main>"
        "<aside><h2>Most read</h2><ul><li><a href='/a'>Something else</a></li></ul></aside>"
        "<footer>© Example News. All rights reserved.</footer></body></html>"
    ).encode()


RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM_TYPE = {"Content-Type": "application/atom+xml"}
JSON_TYPE = {"Content-Type": "application/feed+json"}
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}
