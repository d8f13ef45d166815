"""Extracting a web page's article with trafilatura: its metadata, its body without the site's
chrome, its structure as blocks, its pictures resolved against the page's address (or left out
for a local file); and `is_whole_page`, which tells a whole page from an article file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.library.ingest.draft import Draft
from reader.library.web.extract import MAX_EXTRACT_CHARS, extract_page, is_whole_page
from reader.library.web.pictures import PICTURE_SCHEME, picture_urls, settle

PAGES = Path(__file__).resolve().parents[3] / "data" / "pages"
URL = "http://127.0.0.1:1/news/story.html"
BRIDGE = "http://127.0.0.1:1/images/bridge-morning.jpg"  # the relative src, resolved
CROWD = "https://cdn.coastal-courier.example/photos/crowd-on-quay.jpg"  # the absolute src
SHA = "ab" * 32

ARTICLE_SENTENCES = [
    "The old harbour bridge opened to traffic again on Thursday morning",
    "Shopkeepers on the waterfront say they lost a third of their trade",
    "Inspectors found that salt water had worked its way into the joints",
    "The mayor, who walked across the bridge with the chief engineer",
    "the council expects the usual rush hour queues to return",
]
CHROME = [
    "We use cookies",
    "Accept all cookies",
    "Subscribe today",
    "Weather",
    "Related stories",
    "Ferry timetable cut",
    "Lighthouse keeper retires",
    "harbourfan77",
    "My commute just got forty minutes shorter",
    "what a disgrace",
    "All rights reserved",
    "Privacy policy",
    "Terms of use",
    "dataLayer",
    "analytics",
]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.fixture(scope="module")
def story() -> Draft:
    draft = extract_page(page("whole_page.html"), url=URL)
    assert draft is not None
    return draft


@pytest.fixture(scope="module")
def local_story() -> Draft:
    draft = extract_page(page("whole_page.html"), url=None)
    assert draft is not None
    return draft


def tags(html: str) -> list[str]:
    return re.findall(r"<([a-z][a-z0-9]*)\b", html)


# -- the whole page ------------------------------------------------------------------------------


def test_the_metadata_comes_from_the_page(story: Draft) -> None:
    assert story.title == "Harbour bridge reopens after two years of repairs"
    assert not story.title_derived
    assert story.author == "Maren Holt"
    assert story.published is not None
    assert story.published.startswith("2024-03-14")
    assert story.source_url == URL
    assert story.format == "page"


def test_the_body_is_the_article(story: Draft) -> None:
    for sentence in ARTICLE_SENTENCES:
        assert sentence in story.body, sentence
        assert sentence in story.html, sentence


@pytest.mark.parametrize("chrome", CHROME)
def test_the_site_chrome_is_left_out(story: Draft, chrome: str) -> None:
    assert chrome not in story.body
    assert chrome not in story.html


def test_the_headline_is_not_repeated_in_the_body(story: Draft) -> None:
    assert not story.body.startswith(story.title)
    assert "<h1>" not in story.html


def test_headings_list_and_quote_survive_as_blocks(story: Draft) -> None:
    html = story.html
    assert "<h2>What the engineers found</h2>" in html
    assert "<h2>Reaction on the waterfront</h2>" in html
    items = re.findall(r"<li>(.*?)</li>", html)
    assert items == [
        "Replacing four girder sections on the northern span",
        "Sealing three hundred riveted joints against corrosion",
        "Laying a new road surface and wider footpaths",
    ]
    assert html.count("<ul>") == 1
    quote = re.search(r"<blockquote>(.*?)</blockquote>", html, re.DOTALL)
    assert quote is not None
    assert "it feels like the town has its heart back" in quote.group(1)
    assert "What the engineers found" in story.body.splitlines()


def test_the_blocks_keep_the_page_order(story: Draft) -> None:
    html = story.html
    marks = [
        "The old harbour bridge opened",
        BRIDGE,
        "What the engineers found",
        "<ul>",
        "Reaction on the waterfront",
        "<blockquote>",
        "The mayor, who walked",
        CROWD,
        "Traffic was light",
    ]
    positions = [html.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_pictures_are_resolved_against_the_page_address(story: Draft) -> None:
    assert picture_urls(story.html) == [BRIDGE, CROWD]
    assert (
        f'<p class="picture"><img src="{BRIDGE}" alt="The harbour bridge at dawn on reopening day">'
        "<br>The harbour bridge at dawn on reopening day</p>"
    ) in story.html
    assert f'<img src="{CROWD}" alt="A crowd watches the first cars cross">' in story.html
    lines = story.body.splitlines()
    assert "The harbour bridge at dawn on reopening day" in lines  # the alt text is a line
    assert "A crowd watches the first cars cross" in lines


def test_the_draft_html_is_sanitised(story: Draft) -> None:
    assert set(tags(story.html)) <= {"p", "h2", "ul", "li", "blockquote", "img", "br", "a", "b"}
    assert "<script" not in story.html
    assert "style=" not in story.html
    assert "width=" not in story.html  # only src and alt are kept on a picture


def test_settling_the_draft_keeps_only_stored_pictures(story: Draft) -> None:
    out = settle(story.html, {CROWD: SHA})
    assert re.findall(r'<img src="([^"]*)"', out) == [f"{PICTURE_SCHEME}:{SHA}"]
    assert BRIDGE not in out
    assert '<p class="picture">The harbour bridge at dawn on reopening day</p>' in out
    for sentence in ARTICLE_SENTENCES:
        assert sentence in out


def test_a_local_file_has_no_pictures(local_story: Draft) -> None:
    assert "<img" not in local_story.html
    assert picture_urls(local_story.html) == []
    assert "images/bridge-morning.jpg" not in local_story.html
    assert "coastal-courier.example" not in local_story.html
    assert local_story.format == "html"
    assert local_story.source_url is None


def test_a_local_file_keeps_the_article_and_metadata(local_story: Draft) -> None:
    assert local_story.title == "Harbour bridge reopens after two years of repairs"
    assert local_story.author == "Maren Holt"
    for sentence in ARTICLE_SENTENCES:
        assert sentence in local_story.body
    for chrome in CHROME:
        assert chrome not in local_story.body
    assert "<h2>What the engineers found</h2>" in local_story.html
    assert "<blockquote>" in local_story.html


def test_text_and_bytes_give_the_same_article(story: Draft) -> None:
    again = extract_page(page("whole_page.html").decode("utf-8"), url=URL)
    assert again == story


# -- other pages ---------------------------------------------------------------------------------


def test_an_article_page_gives_its_article() -> None:
    draft = extract_page(page("article_page.html"), url=URL)
    assert draft is not None
    assert draft.title == "Night trains return to the northern line"
    assert draft.author == "Tomas Berg"
    assert draft.published is not None
    assert draft.published.startswith("2023-11-02")
    assert "Sleeper trains will run again on the northern line" in draft.body
    assert "<h2>Why now</h2>" in draft.html
    assert "Rail Weekly" not in draft.body


def test_a_page_of_links_keeps_absolute_safe_links() -> None:
    draft = extract_page(page("link_page.html"), url=URL)
    assert draft is not None
    assert draft.title == "Today's headlines"
    hrefs = re.findall(r'href="([^"]*)"', draft.html)
    assert hrefs
    assert all(href.startswith("http://127.0.0.1:1/news/") for href in hrefs)
    assert all(
        'rel="noopener noreferrer nofollow"' in a for a in re.findall(r"<a [^>]*>", draft.html)
    )


def test_a_local_page_of_links_loses_its_relative_links() -> None:
    draft = extract_page(page("link_page.html"), url=None)
    assert draft is not None
    assert "href=" not in draft.html  # relative links are denied without a base
    assert "Harbour bridge reopens after two years of repairs" in draft.body


def test_a_page_without_metadata_takes_its_title_tag() -> None:
    draft = extract_page(page("short_article.html"), url=URL)
    assert draft is not None
    assert draft.title == "A short note on tides"
    assert draft.author is None
    assert "The spring tides this week will be the highest of the year" in draft.body


def test_a_relative_or_hostile_picture_source_never_comes_through() -> None:
    body = " ".join(["The quick brown fox jumps over the lazy dog."] * 12)
    html = (
        "<html><head><title>Pictures</title></head><body><article>"
        f"<p>{body}</p>"
        '<p><img src="file:///etc/passwd" alt="local"></p>'
        '<p><img src="javascript:alert(1)" alt="script"></p>'
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline"></p>'
        '<p><img src="//cdn.test/scheme-relative.png" alt="cdn"></p>'
        '<p><img src="../up/one.png" alt="up"></p>'
        f"<p>{body}</p>"
        "</article></body></html>"
    )
    draft = extract_page(html, url=URL)
    assert draft is not None
    sources = picture_urls(draft.html)
    assert "file:" not in draft.html
    assert "javascript:" not in draft.html
    assert "data:" not in draft.html
    assert sources == ["http://cdn.test/scheme-relative.png", "http://127.0.0.1:1/up/one.png"]


# -- no article ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        page("not_html.bin"),
        b"\x00\x01\x02\x03" * 1000,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
        b"",
        "",
        "   \n\t  ",
        b"   \n\n",
        "<html><body></body></html>",
        "<html><head><title></title></head><body><div></div></body></html>",
    ],
)
def test_no_article_gives_none(data: bytes | str) -> None:
    assert extract_page(data, url=URL) is None
    assert extract_page(data, url=None) is None


def test_a_huge_page_gives_none() -> None:
    paragraph = "<p>" + "A sentence of an enormous page that goes on and on. " * 20 + "</p>"
    html = "<html><body><article>" + paragraph * (MAX_EXTRACT_CHARS // len(paragraph) + 2)
    html += "</article></body></html>"
    assert len(html) > MAX_EXTRACT_CHARS
    assert extract_page(html, url=URL) is None
    assert extract_page(html.encode(), url=URL) is None


# -- is_whole_page -------------------------------------------------------------------------------


def text(name: str) -> str:
    return page(name).decode("utf-8")


def test_a_page_with_site_chrome_is_a_whole_page() -> None:
    assert is_whole_page(text("whole_page.html"))


def test_a_page_with_an_article_element_is_not() -> None:
    assert not is_whole_page(text("article_page.html"))


def test_a_plain_short_article_is_not() -> None:
    assert not is_whole_page(text("short_article.html"))


def test_a_page_of_mostly_links_is_a_whole_page() -> None:
    html = text("link_page.html")
    assert not re.search(r"<(nav|aside|footer|header)\b", html)  # no chrome element: the links
    assert is_whole_page(html)


@pytest.mark.parametrize(
    ("html", "whole"),
    [
        ("<nav><a href='/'>Home</a></nav><p>Story.</p>", True),
        ("<footer>(c) 2024</footer><p>Story.</p>", True),
        ("<ASIDE>More</ASIDE><p>Story.</p>", True),
        ("<header/><p>Story.</p>", True),
        ("<main><nav>Menu</nav><p>Story.</p></main>", False),
        ("<nav>Menu</nav><article><p>Story.</p></article>", False),
        ("<p>A navigation aid, a header row and a footer note, all in words.</p>", False),
        ("<navigation>not a nav element</navigation><p>Story.</p>", False),
        ("<p>" + "<a href='/x'>one two</a> " * 40 + "</p>", True),
        ("<p>" + "<a href='/x'>one</a> " * 10 + "</p>", False),  # too few words to tell
        ("", False),
    ],
)
def test_is_whole_page_cases(html: str, whole: bool) -> None:
    assert is_whole_page(html) is whole


def test_a_huge_file_is_never_a_whole_page() -> None:
    assert not is_whole_page("<nav>menu</nav>" + "x" * MAX_EXTRACT_CHARS)
