"""The meta line of an article says where it came from: a link to its web page, shown by
its host (what Open Original opens), or else the name of the file it was imported from;
neither can carry markup or a script."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from reader.library.display.article import article_html


def meta(html: str) -> str:
    return html.split('<p class="meta">', 1)[1].split("</p>", 1)[0]


def test_a_link_is_shown_by_its_host_and_opens_the_page() -> None:
    line = meta(article_html("T", None, "text", 1, (), link="https://www.example.com/a?b=1&c=2"))
    assert line.endswith(">example.com</a>")
    assert 'href="https://www.example.com/a?b=1&amp;c=2"' in line


def test_a_file_is_shown_by_its_name() -> None:
    assert meta(article_html("T", None, "t", 1, (), source="/home/me/news/story.txt")).endswith(
        "· story.txt"
    )


def test_hostile_origins_carry_no_markup() -> None:
    line = meta(
        article_html("T", None, "t", 1, (), link='https://x.org/"><script>alert(1)</script>')
    )
    assert "<script" not in line and "x.org" in line
    line = meta(article_html("T", None, "t", 1, (), source="/tmp/<img src=x onerror=alert(1)>.txt"))
    assert "<img" not in line and "&lt;img" in line


def test_imported_articles_name_their_file_and_pages_their_host(
    empty_library: Library, tmp_path: Path
) -> None:
    page = tmp_path / "saved.html"
    page.write_text(
        '<html><head><title>Saved</title><link rel="canonical" href="https://news.example.org/x">'
        '<meta property="og:url" content="https://news.example.org/x"></head>'
        "<body><article><h1>Saved</h1><p>"
        + "Words of the page. " * 30
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    text = tmp_path / "plain.txt"
    text.write_text(
        "A headline\n\nA paragraph of plain text that is long enough.\n", encoding="utf-8"
    )
    empty_library.import_paths([page, text])
    by_title = {}
    for row in empty_library.rows(range(1, 10)).values():
        article = empty_library.article(row.id)
        assert article is not None
        by_title[article.title] = meta(article.html())
    assert by_title["A headline"].endswith("plain.txt")
    saved = by_title["Saved"]
    assert saved.endswith(">news.example.org</a>")  # its canonical address
