"""Feed discovery (reader/library/feeds/discover.py): the RSS, Atom and JSON feeds a web page
announces with `<link rel="alternate">`, made absolute, http(s) only, once each, in page order;
and the sniff that tells a feed from a page by its first bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library.feeds.discover import SNIFF_BYTES, feed_links, looks_like_feed

FEEDS = Path(__file__).resolve().parents[3] / "data" / "feeds"
PAGE = FEEDS / "page_with_feed_links.html"
CITY = [
    "https://city.example.net/news/rss.xml",  # href="rss.xml" against <base href>
    "https://city.example.net/news/atom.xml",  # a type with "; charset=utf-8"
    "https://city.example.net/feed.json",  # a scheme-relative href
    "https://city.example.net/news/comments/rss.xml",  # rel="Alternate Feed", type in capitals
]


def page(head: str) -> str:
    return f"<!doctype html><html><head><title>T</title>{head}</head><body>x</body></html>"


def link(href: str, kind: str = "application/rss+xml", rel: str = "alternate") -> str:
    return f'<link rel="{rel}" type="{kind}" href="{href}">'


@pytest.mark.parametrize("as_text", [False, True])
def test_the_fixture_page_gives_its_rss_atom_and_json_feeds_in_page_order(as_text: bool) -> None:
    html = PAGE.read_text(encoding="utf-8") if as_text else PAGE.read_bytes()
    assert feed_links(html, "https://city.example.net/") == CITY


def test_the_base_element_wins_over_the_page_address() -> None:
    assert feed_links(PAGE.read_bytes(), "https://mirror.example.org/elsewhere/") == CITY


def test_duplicates_stylesheets_json_apis_and_untyped_alternates_are_left_out() -> None:
    found = feed_links(PAGE.read_bytes(), "https://city.example.net/")
    assert len(found) == len(set(found)) == 4
    assert not [u for u in found if "wp-json" in u or "/fr/" in u or u.endswith(".css")]


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "file:///etc/passwd",
        "data:application/rss+xml,<rss/>",
        "ftp://files.example.com/feed.xml",
        "feed:",
        "http://",
        "mailto:feeds@example.com",
    ],
)
def test_non_http_hrefs_are_ignored(href: str) -> None:
    html = page(link(href) + link("/good.xml"))
    assert feed_links(html, "https://site.example.com/a/") == ["https://site.example.com/good.xml"]


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        (
            "feed.xml",
            "https://site.example.com/blog/post",
            "https://site.example.com/blog/feed.xml",
        ),
        ("/feed.xml", "https://site.example.com/blog/post", "https://site.example.com/feed.xml"),
        ("../feed.xml", "https://site.example.com/a/b/c", "https://site.example.com/a/feed.xml"),
        ("//cdn.example.net/f.xml", "http://site.example.com/", "http://cdn.example.net/f.xml"),
        (
            "?format=rss",
            "https://site.example.com/news",
            "https://site.example.com/news?format=rss",
        ),
        ("  /spaced.xml  ", "https://site.example.com/", "https://site.example.com/spaced.xml"),
        ("/My Feed.xml", "https://site.example.com/", "https://site.example.com/My%20Feed.xml"),
        ("https://other.example.org/f", "https://site.example.com/", "https://other.example.org/f"),
    ],
)
def test_relative_hrefs_are_resolved_against_the_page(href: str, base: str, expected: str) -> None:
    assert feed_links(page(link(href)), base) == [expected]


@pytest.mark.parametrize(
    "kind",
    [
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x-rss+xml",
        "application/x-atom+xml",
        "Application/RSS+XML; charset=UTF-8",
    ],
)
def test_every_feed_type_is_found(kind: str) -> None:
    assert feed_links(page(link("/f", kind)), "https://s.example/") == ["https://s.example/f"]


@pytest.mark.parametrize(
    ("kind", "rel"),
    [
        ("application/json", "alternate"),  # WordPress's REST API
        ("text/html", "alternate"),
        ("text/css", "alternate stylesheet"),
        ("", "alternate"),
        ("application/rss+xml", "stylesheet"),
        ("application/rss+xml", "canonical"),
    ],
)
def test_links_that_are_not_feeds_are_ignored(kind: str, rel: str) -> None:
    assert feed_links(page(link("/f", kind, rel)), "https://s.example/") == []


def test_rel_feed_alone_counts() -> None:
    html = page(link("/atom", "application/atom+xml", "feed"))
    assert feed_links(html, "https://s.example/") == ["https://s.example/atom"]


def test_several_feeds_keep_their_page_order_and_the_first_of_duplicates() -> None:
    head = "".join(
        [
            link("/comments.xml"),
            link("https://s.example/main.atom", "application/atom+xml"),
            link("/comments.xml", "application/atom+xml"),
            link("/feed.json", "application/feed+json"),
        ]
    )
    assert feed_links(page(head), "https://s.example/post") == [
        "https://s.example/comments.xml",
        "https://s.example/main.atom",
        "https://s.example/feed.json",
    ]


def test_an_unsafe_base_element_falls_back_to_the_page_address() -> None:
    html = page('<base href="javascript:void(0)">' + link("feed.xml"))
    assert feed_links(html, "https://s.example/dir/page") == ["https://s.example/dir/feed.xml"]


def test_a_relative_base_element_is_resolved_against_the_page_address() -> None:
    html = page('<base href="/news/">' + link("feed.xml"))
    assert feed_links(html, "https://s.example/a/b") == ["https://s.example/news/feed.xml"]


@pytest.mark.parametrize(
    "html",
    [
        (FEEDS / "not_a_feed.html").read_bytes(),
        b"",
        b"\x00\xff\xfe binary \x89PNG",
        page('<link rel="stylesheet" href="/s.css">'),
        "<p>" * 5000 + "deep",
        page("<!-- " + link("/commented.xml") + " -->"),
    ],
)
def test_a_page_without_feed_links_gives_none(html: str | bytes) -> None:
    assert feed_links(html, "https://s.example/") == []


def test_links_in_the_body_count_too() -> None:
    """Browsers and feed readers accept `<link>` wherever the parser puts it."""
    html = f"<html><body><p>x</p>{link('/late.xml')}</body></html>"
    assert feed_links(html, "https://s.example/") == ["https://s.example/late.xml"]


# --- sniffing a response ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "is_feed"),
    [
        ("rss091.xml", True),
        ("rss10.rdf", True),
        ("rss20.xml", True),
        ("atom.xml", True),
        ("feed.json", True),
        ("cp1252.xml", True),
        ("billion_laughs.xml", True),  # a feed, refused later by parse_feed
        ("not_a_feed.html", False),
        ("page_with_feed_links.html", False),
    ],
)
def test_the_fixtures_sniff_as_feeds_or_pages(name: str, is_feed: bool) -> None:
    assert looks_like_feed((FEEDS / name).read_bytes(), "") is is_feed
    # the first element decides over a misleading media type
    assert looks_like_feed((FEEDS / name).read_bytes(), "text/plain; charset=utf-8") is is_feed


RSS = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel/></rss>'


@pytest.mark.parametrize(
    ("data", "content_type", "is_feed"),
    [
        (RSS.encode("utf-16"), "", True),  # BOM and NULs
        (RSS.encode("utf-16-be"), "", True),
        (RSS.encode("utf-16-le"), "", True),
        (RSS.encode("utf-32"), "", True),
        (RSS.encode("utf-8-sig"), "", True),
        (b"<!-- <html> --><rss>", "text/html", True),
        (b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">', "", True),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "", True),
        (b"<?xml version='1.0'?>\n<!DOCTYPE html>\n<html>", "application/rss+xml", False),
        (b"<svg/>", "application/atom+xml", False),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "application/json", True),
        (b'  {"items": []}', "application/feed+json", True),
        (b'{"id": 12, "type": "page"}', "application/json", False),
        (b"", "application/rss+xml", True),  # nothing to read: the media type decides
        (b"", "text/html", False),
        (b"plain words", "application/atom+xml", True),
        (b"plain words", "text/plain", False),
        (b"<!-- never closed <rss>", "text/html", False),
    ],
)
def test_the_first_bytes_tell_a_feed_from_a_page(
    data: bytes, content_type: str, is_feed: bool
) -> None:
    assert looks_like_feed(data, content_type) is is_feed


def test_sniffing_reads_only_the_first_bytes() -> None:
    late = b" " * SNIFF_BYTES + b"<rss>"
    assert looks_like_feed(late, "text/html") is False
    assert looks_like_feed(late, "application/rss+xml") is True
    assert looks_like_feed(b"<rss>" + b"\xff" * 10_000_000, "") is True
