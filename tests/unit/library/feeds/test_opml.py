"""OPML (reader/library/feeds/opml.py): the exports of NetNewsWire, Feedly, newsboat and Miniflux
read with their feeds, titles and folders (nested ones as "A/B"); entity bombs, external
entities and broken files refused in one sentence; non-http(s) outlines skipped with a reason;
and what we write reads back the same, whatever the titles hold."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from reader.library.feeds.opml import MAX_DEPTH, OpmlError, OpmlFeed, read_opml, write_opml

DATA = Path(__file__).resolve().parents[3] / "data"
OPML = DATA / "opml"


def read(name: str) -> tuple[list[OpmlFeed], list[str]]:
    problems: list[str] = []
    return read_opml((OPML / name).read_bytes(), problems=problems), problems


def opml(body: str, head: str = "") -> bytes:
    return f'<?xml version="1.0"?>{head}<opml version="2.0"><body>{body}</body></opml>'.encode()


NETNEWSWIRE = [
    OpmlFeed(
        "https://daringfireball.net/feeds/main",
        "Daring Fireball",
        "https://daringfireball.net/",
        None,
    ),
    OpmlFeed(
        "https://feeds.bbci.co.uk/news/world/rss.xml",
        "BBC News - World",
        "https://www.bbc.co.uk/news/world",
        "News",
    ),
    OpmlFeed(
        "https://www.theguardian.com/world/rss",
        "The Guardian & Observer",
        "https://www.theguardian.com/",
        "News",
    ),
    OpmlFeed(
        "https://feeds.arstechnica.com/arstechnica/index",
        "Ars Technica",
        "https://arstechnica.com/",
        "Tech",
    ),
]
FEEDLY = [
    OpmlFeed(
        "https://www.nasa.gov/rss/dyn/breaking_news.rss",
        "NASA Breaking News",
        "https://www.nasa.gov/",
        "Science",
    ),
    OpmlFeed(
        "http://feeds.nature.com/nature/rss/current",
        "Nature",
        "https://www.nature.com/nature/current_issue",
        "Science",
    ),
    OpmlFeed(
        "https://www.aljazeera.com/xml/rss/all.xml",
        "Al Jazeera – Breaking News",
        "https://www.aljazeera.com",
        "World",
    ),
]
NEWSBOAT = [
    OpmlFeed("https://lwn.net/headlines/rss", "LWN.net", "https://lwn.net", None),
    OpmlFeed(
        "https://www.debian.org/News/news", "Debian News", "https://www.debian.org/News/", None
    ),
    OpmlFeed("https://example.org/untitled.xml", None, None, None),  # title="" and htmlUrl=""
]
MINIFLUX = [
    OpmlFeed(
        "https://hnrss.org/frontpage",
        "Hacker News: Front Page",
        "https://news.ycombinator.com/",
        "All",
    ),
    OpmlFeed(
        "https://www.politico.eu/feed/", "Politico Europe", "https://www.politico.eu/", "Politics"
    ),
    OpmlFeed(
        "http://example.com/reuters/world.xml",  # feed://
        "Reuters <World>",
        "https://www.reuters.com/world/",
        "Politics",
    ),
]


@pytest.mark.parametrize(
    ("name", "feeds", "problems"),
    [
        ("netnewswire.opml", NETNEWSWIRE, []),
        ("feedly.opml", FEEDLY, ["“NASA Breaking News” is listed more than once; kept the first"]),
        (
            "newsboat.opml",
            NEWSBOAT,
            [
                "skipped “Local script”: exec:~/bin/local-feed.sh is not an http or https address",
                "skipped “Local file”: file:///etc/passwd is not an http or https address",
            ],
        ),
        ("miniflux.opml", MINIFLUX, []),
    ],
)
def test_each_exporters_file_reads_with_its_feeds_titles_and_folders(
    name: str, feeds: list[OpmlFeed], problems: list[str]
) -> None:
    assert read(name) == (feeds, problems)


def test_nested_folders_are_joined_with_slashes() -> None:
    feeds, problems = read("nested.opml")
    assert [(f.title, f.folder) for f in feeds] == [
        ("Le Monde – International", "News/World/Europe"),
        ("Reuters World", "News/World"),
        ("Local & Regional", "News"),  # title before text, spaces collapsed
        ("Ars Technica", "Tech & Science"),
        ("Ars comments", "Tech & Science"),  # inside a feed's outline: the feed's folder
        ("Unnamed folder feed", None),  # a folder without a name is no folder
        ("Zürich ünïcode", None),
    ]
    assert problems == []


def test_feed_urls_and_websites_are_made_http() -> None:
    feeds, _ = read("nested.opml")
    by_title = {f.title: f for f in feeds}
    # xmlURL in another case, and feed:https://
    assert by_title["Reuters World"].url == "https://feeds.example.com/reuters/world"
    # a relative htmlUrl is resolved against the feed's address
    assert by_title["Local & Regional"].site_url == "https://local.example.com/local/"
    assert by_title["Le Monde – International"].site_url == "https://www.lemonde.fr/international/"


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://e.example/f", "https://e.example/f"),
        ("  https://e.example/f  ", "https://e.example/f"),
        ("feed://e.example/f", "http://e.example/f"),
        ("FEED://e.example/f", "http://e.example/f"),
        ("feed:https://e.example/f", "https://e.example/f"),
        ("feed:http://e.example/f", "http://e.example/f"),
        ("https://e.example/a feed.xml", "https://e.example/a%20feed.xml"),
    ],
)
def test_feed_addresses_are_normalised(raw: str, url: str) -> None:
    assert [f.url for f in read_opml(opml(f'<outline text="F" xmlUrl="{raw}"/>'))] == [url]


@pytest.mark.parametrize(
    "raw",
    [
        "/relative.xml",
        "feeds/rss.xml",
        "javascript:alert(1)",
        "javascript://e.example/%0aalert(1)",
        "file:///etc/passwd",
        "ftp://files.example.com/feed.xml",
        "exec:~/bin/feed.sh",
        "filter:~/bin/f.sh:https://e.example/f",
        "data:application/rss+xml,<rss/>",
        "http://",
    ],
)
def test_outlines_that_are_not_http_are_skipped_with_a_reason(raw: str) -> None:
    problems: list[str] = []
    data = opml(f'<outline text="Bad" xmlUrl="{raw.replace("<", "&lt;")}"/>')
    assert read_opml(data, problems=problems) == []
    assert problems == [f"skipped “Bad”: {raw} is not an http or https address"]


def test_a_skipped_outline_without_a_title_is_named_by_its_address() -> None:
    problems: list[str] = []
    assert read_opml(opml('<outline xmlUrl="gopher://old.example/1"/>'), problems=problems) == []
    assert problems == [
        "skipped “gopher://old.example/1”: gopher://old.example/1 is not an http or https address"
    ]


def test_problems_are_optional() -> None:
    assert read("newsboat.opml")[0] == read_opml((OPML / "newsboat.opml").read_bytes())


def test_folders_deeper_than_the_limit_are_flattened() -> None:
    depth = MAX_DEPTH + 10
    body = "".join(f'<outline text="F{i}">' for i in range(depth))
    body += '<outline text="Deep" xmlUrl="https://deep.example/f"/>' + "</outline>" * depth
    (feed,) = read_opml(opml(body))
    assert feed.folder == "/".join(f"F{i}" for i in range(MAX_DEPTH))


def test_other_elements_and_namespaces_are_tolerated() -> None:
    data = (
        b'<opml xmlns="http://opml.org/spec2" version="2.0"><head><title>T</title></head>'
        b'<body><note>not an outline</note><outline text="Namespaced" xmlUrl="https://n.example/f"/>'
        b"</body></opml>"
    )
    assert read_opml(data) == [OpmlFeed("https://n.example/f", "Namespaced", None, None)]


@pytest.mark.parametrize(
    ("data", "title"),
    [
        ('<?xml version="1.0" encoding="iso-8859-1"?><opml><body>{}</body></opml>', "Café"),
        ('<?xml version="1.0" encoding="utf-16"?><opml><body>{}</body></opml>', "Café 東京"),
        ("\ufeff<opml><body>{}</body></opml>", "Café"),
    ],
)
def test_declared_encodings_are_read(data: str, title: str) -> None:
    codec = re.search(r'encoding="([^"]+)"', data)
    raw = data.format(f'<outline text="{title}" xmlUrl="https://c.example/f"/>')
    (feed,) = read_opml(raw.encode(codec.group(1) if codec else "utf-8"))
    assert feed.title == title


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((OPML / "entity_bomb.opml").read_bytes(), "refused: the OPML file declares XML entities"),
        (
            (OPML / "malformed.opml").read_bytes(),
            "not OPML: the file is not well-formed XML (line 7, column 4)",
        ),
        (b"", "not OPML: the file is not well-formed XML (line 1, column 0)"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "not OPML: the file is not well-formed XML (line 1, column 0)",
        ),
        (
            (DATA / "feeds" / "rss20.xml").read_bytes(),
            "not OPML: the document is <rss>, not <opml>",
        ),
        (b"<html><body><p>hi</p></body></html>", "not OPML: the document is <html>, not <opml>"),
        (
            b'<opml version="2.0"><head><title>T</title></head></opml>',
            "not OPML: the file has no <body>",
        ),
    ],
)
def test_files_that_are_refused_or_not_opml_say_why(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError) as caught:
        read_opml(data)
    assert str(caught.value) == message


def test_an_external_entity_is_refused_and_the_file_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7731")
    for doctype in (
        f'<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        f'<!DOCTYPE opml [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>',
    ):
        data = opml('<outline text="&xxe;" xmlUrl="https://e.example/f"/>', head=doctype)
        with pytest.raises(OpmlError) as caught:
            read_opml(data)
        assert str(caught.value) == "refused: the OPML file declares XML entities"
        assert "TOPSECRET" not in repr(caught.value)


def test_an_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "TOPSECRET-7731">')
    data = opml(
        '<outline text="a &secret; b" xmlUrl="https://e.example/f"/>',
        head=f'<!DOCTYPE opml SYSTEM "file://{dtd}">',
    )
    feeds = read_opml(data)
    assert [f.title for f in feeds] == ["a b"] and "TOPSECRET" not in repr(feeds)


def test_a_doctype_without_entities_is_accepted() -> None:
    data = opml('<outline text="Ok" xmlUrl="https://e.example/f"/>', head="<!DOCTYPE opml>")
    assert [f.title for f in read_opml(data)] == ["Ok"]


# --- writing ------------------------------------------------------------------------------------

AWKWARD = [
    "AT&T <News> & more",
    'Quotes "double"',
    "Quotes 'single'",
    """Both "double" and 'single'""",
    "Ünïcödé — 東京 — Ελληνικά — עברית — 🚀",
    "&amp; already escaped &lt;b&gt;",
    "]]> and <![CDATA[ x ]]>",
    "<script>alert('x')</script>",
]


@pytest.mark.parametrize("title", AWKWARD)
def test_titles_and_folders_round_trip(title: str) -> None:
    feeds = [
        OpmlFeed("https://a.example/f?x=1&y=2", title, "https://a.example/", f"{title}/Inner"),
        OpmlFeed("https://b.example/f", title, None, title),
        OpmlFeed("https://c.example/f", title, None, None),
    ]
    written = write_opml(feeds, title=title)
    assert ET.fromstring(written).findtext("head/title") == title
    assert set(read_opml(written.encode())) == set(feeds)


def test_a_library_round_trips_with_its_nested_folders_in_first_seen_order() -> None:
    feeds = [
        OpmlFeed("https://1.example/f", "One", "https://1.example/", "News/World/Europe"),
        OpmlFeed("https://2.example/f", "Two", None, "News"),
        OpmlFeed("https://3.example/f", None, None, None),  # no title: its address is the text
        OpmlFeed("https://4.example/f", "Four", None, "Tech"),
        OpmlFeed("https://5.example/f", "Five", None, "News/World"),
    ]
    again = read_opml(write_opml(feeds).encode())
    # a folder's own feeds come before its subfolders, folders in the order first seen
    assert [f.url[8] for f in again] == ["3", "2", "5", "1", "4"]
    assert set(again) == set(feeds)


def test_folder_names_are_trimmed_and_empty_parts_dropped() -> None:
    feeds = [OpmlFeed("https://a.example/f", "A", None, " News / /World/ ")]
    assert read_opml(write_opml(feeds).encode())[0].folder == "News/World"


def test_whitespace_and_characters_xml_cannot_hold() -> None:
    title = "tab\there\nnew line\r\nand \x00nul\x1f \ufffe \ud800 end"
    (feed,) = read_opml(write_opml([OpmlFeed("https://a.example/f", title, None, None)]).encode())
    assert feed.title == "tab here new line and nul end"


def test_naughty_strings_round_trip_as_titles() -> None:
    text = (DATA / "blns.txt").read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip() and not line.startswith("#")]
    feeds = [OpmlFeed(f"https://n.example/{i}", s, None, None) for i, s in enumerate(lines)]
    again = read_opml(write_opml(feeds).encode())
    assert [f.url for f in again] == [f.url for f in feeds]
    strip = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    assert [f.title for f in again] == [" ".join(strip.sub("", s).split()) or None for s in lines]


def test_the_written_document_is_opml_2() -> None:
    written = write_opml([OpmlFeed("https://a.example/f", "A", "https://a.example/", "X")])
    root = ET.fromstring(written)
    assert (root.tag, root.get("version")) == ("opml", "2.0")
    assert written.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert root.findtext("head/title") == "Reader subscriptions"
    created = parsedate_to_datetime(root.findtext("head/dateCreated") or "")
    assert created.tzinfo is not None and created.year >= 2024
    body = root.find("body")
    assert body is not None
    (folder,) = body
    assert (folder.get("text"), folder.get("title")) == ("X", "X")
    (outline,) = folder
    assert outline.attrib == {
        "type": "rss",
        "text": "A",
        "title": "A",
        "xmlUrl": "https://a.example/f",
        "htmlUrl": "https://a.example/",
    }
