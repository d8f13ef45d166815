"""Pictures of feed entries and saved pages: fetched once at refresh or save time, checked
by Qt's image reader (`reader.pictures`), stored in the library and pointed at from the
article; a picture that fails any check is left out with its alt text, and with pictures
turned off nothing is fetched."""

from __future__ import annotations

import re
import struct
import zlib

from feedmaker import HTML_TYPE, RSS_TYPE, Item, long_html, rss
from localweb import LocalWeb

from reader.library import MAX_PICTURE_BYTES, Library, View
from reader.pictures import check_picture

PNG_TYPE = {"Content-Type": "image/png"}


def png(width: int, height: int) -> bytes:
    """A real, valid PNG of one grey colour (made without Qt, compressed to almost nothing)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = (b"\x00" + b"\x80" * width) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _serve_pictures(web: LocalWeb) -> None:
    good = png(40, 30)
    web.route("/pic/good.png", body=good, headers=PNG_TYPE)
    web.route("/pic/huge-pixels.png", body=png(5000, 5000), headers=PNG_TYPE)
    web.route("/pic/cut.png", body=good[: len(good) // 2], headers=PNG_TYPE)
    web.route("/pic/not-a-picture.png", body=b"<html>hello</html>", headers=PNG_TYPE)
    web.route(
        "/pic/too-many-bytes.png", body=b"\x89PNG" + b"\0" * MAX_PICTURE_BYTES, headers=PNG_TYPE
    )
    web.route("/pic/missing.png", status=404)


BAD = ("huge-pixels", "cut", "not-a-picture", "too-many-bytes", "missing")


def _figures(web: LocalWeb, names: tuple[str, ...]) -> str:
    return "".join(
        f'<p><img src="{web.url(f"/pic/{name}.png")}" alt="Picture {name}"></p>' for name in names
    )


def _entry_html(web: LocalWeb) -> str:
    return long_html("Harbour works.") + _figures(web, ("good", *BAD))


def _refresh_one(lib: Library, web: LocalWeb, pictures: bool = True) -> int:
    item = Item("p-1", "Harbour works begin", _entry_html(web), link="https://example.org/p1")
    web.route("/feed.xml", body=rss([item]), headers=RSS_TYPE)
    feed = lib.add_feed(web.url("/feed.xml"), refresh=False).id
    lib.refresh_feeds([feed], pictures=check_picture if pictures else None)
    (row,) = lib.page(View("feed", feed=feed))
    return row.id


def test_a_good_picture_is_stored_and_the_bad_ones_leave_their_alt_text(
    empty_library: Library, web: LocalWeb
) -> None:
    _serve_pictures(web)
    article = empty_library.article(_refresh_one(empty_library, web))
    assert article is not None and article.body_html is not None
    stored = re.findall(r'src="reader-picture:([0-9a-f]{64})"', article.body_html)
    assert len(stored) == 1
    data, mime = empty_library.picture(stored[0])  # type: ignore[misc]
    assert mime == "image/png" and data == png(40, 30)
    assert "127.0.0.1" not in article.body_html  # no picture is shown from the web
    for name in BAD:
        assert f"Picture {name}" in article.body_html  # left out, its alt text shown
    assert "Picture good" in article.body_html  # a stored picture keeps its caption too
    shown = article.html()
    assert f"reader-picture:{stored[0]}" in shown and "<img" in shown


def test_each_picture_is_fetched_once(empty_library: Library, web: LocalWeb) -> None:
    _serve_pictures(web)
    items = [
        Item(f"s-{n}", f"Story {n}", long_html(f"Story {n}.") + _figures(web, ("good",)))
        for n in range(3)
    ]
    web.route("/feed.xml", body=rss(items), headers=RSS_TYPE)
    feed = empty_library.add_feed(web.url("/feed.xml"), refresh=False).id
    empty_library.refresh_feeds([feed], pictures=check_picture)
    assert len(web.requests_to("/pic/good.png")) == 1
    empty_library.refresh_feeds([feed], pictures=check_picture)  # nothing changed
    assert len(web.requests_to("/pic/good.png")) == 1
    for row in empty_library.page(View("feed", feed=feed)):
        assert "reader-picture:" in (empty_library.article(row.id).body_html or "")  # type: ignore[union-attr]


def test_with_pictures_off_nothing_is_fetched(empty_library: Library, web: LocalWeb) -> None:
    _serve_pictures(web)
    article = empty_library.article(_refresh_one(empty_library, web, pictures=False))
    assert article is not None and article.body_html is not None
    assert not [r for r in web.requests if r.path.startswith("/pic/")]
    assert "<img" not in article.body_html and "Picture good" in article.body_html


def test_a_saved_page_keeps_its_pictures(empty_library: Library, web: LocalWeb) -> None:
    _serve_pictures(web)
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story about the harbour works, told at length for the "
        "reader who wants to know what the council decided and why it matters.</p>"
        for n in range(8)
    )
    body = (
        "<!doctype html><html><head><title>Harbour | Example</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article>'
        f"<h1>Harbour works begin</h1>{paragraphs}"
        '<figure><img src="/pic/good.png" alt="The harbour at dawn"></figure>'
        '<figure><img src="/pic/cut.png" alt="A broken picture"></figure>'
        f"{paragraphs}</article></main><footer>Example News</footer></body></html>"
    ).encode()
    web.route("/news/harbour.html", body=body, headers=HTML_TYPE)
    article_id = empty_library.save_page(web.url("/news/harbour.html"), pictures=check_picture)
    article = empty_library.article(article_id)
    assert article is not None and article.body_html is not None
    stored = re.findall(r"reader-picture:([0-9a-f]{64})", article.body_html)
    assert len(stored) == 1 and empty_library.picture(stored[0]) is not None
    assert "Home" not in article.body and "Example News" not in article.body
