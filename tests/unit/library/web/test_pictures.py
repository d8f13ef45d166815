"""Web articles' pictures: what the first bytes say, which addresses an article shows, the HTML
pointed at the library's copies, and the strict sanitising that lets only those through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.library.display.sanitize import sanitize_html
from reader.library.web.pictures import (
    PICTURE_SCHEME,
    picture_urls,
    replace_pictures,
    settle,
    sniff_picture,
)

DATA = Path(__file__).resolve().parents[3] / "data"
SHA = "0123456789abcdef" * 4
OTHER = "fedcba9876543210" * 4
STORED = f"{PICTURE_SCHEME}:{SHA}"
CAT = "http://news.test/cat.png"
DOG = "https://cdn.news.test/dog.jpg"
ONE_PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
# Anything in the output that could make Qt (or anything else) fetch or run something.
LOADS = re.compile(
    r"<(svg|image|picture|source|object|embed|iframe|video|audio|link|style|script|base)\b"
    r"|srcset|onerror|onload|style=|background|href=\"(?!https?:|mailto:)|file:|javascript:"
    r"|data:|/etc/passwd",
    re.IGNORECASE,
)


def picture_block(src: str, alt: str) -> str:
    """A picture block as `reader.library.ingest.blocks.blocks_html` writes it."""
    return f'<p class="picture"><img src="{src}" alt="{alt}"><br>{alt}</p>'


def img_sources(html: str) -> list[str]:
    return re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)


# -- sniff_picture ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"\xff\xd8\xff\xdb", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "image/gif"),
        (b"GIF87a\x01\x00\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    ],
)
def test_sniff_names_the_four_picture_types(data: bytes, mime: str) -> None:
    assert sniff_picture(data) == mime


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html><body>not a picture</body></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"<?xml version='1.0'?><svg/>",
        b"BM\x36\x00\x00\x00",  # BMP
        b"II*\x00\x08\x00\x00\x00",  # TIFF
        b"\x00\x00\x01\x00\x01\x00",  # ICO
        b"RIFF\x24\x00\x00\x00WAVEfmt ",  # a RIFF that is sound
        b"RIFF\x24\x00\x00\x00WEB",  # cut off before the WebP tag ends
        b"RIFF",
        b"\x89PNG\r\n",  # a PNG signature cut short
        b"\x89png\r\n\x1a\n",  # the signature is case-sensitive
        b"\xff\xd8",  # a JPEG marker cut short
        b"GIF88a",
        b"gif89a",
        b"%PDF-1.7",
        b"\x1f\x8b\x08\x00",  # gzip
        b"PK\x03\x04",  # zip
        b" \x89PNG\r\n\x1a\n",  # the signature must come first
    ],
)
def test_sniff_refuses_everything_else(data: bytes) -> None:
    assert sniff_picture(data) is None


# -- picture_urls -------------------------------------------------------------------------------


def test_picture_urls_are_the_absolute_addresses_in_order_each_once() -> None:
    html = (
        picture_block(DOG, "dog")
        + picture_block(CAT, "cat")
        + picture_block(DOG, "the dog again")
        + '<p>text <img src="  http://news.test/spaced.gif  "> more</p>'
        + '<img src="HTTPS://NEWS.TEST/LOUD.WEBP">'
    )
    assert picture_urls(html) == [
        DOG,
        CAT,
        "http://news.test/spaced.gif",
        "HTTPS://NEWS.TEST/LOUD.WEBP",
    ]


@pytest.mark.parametrize(
    "img",
    [
        '<img src="/images/a.png">',
        '<img src="images/a.png">',
        '<img src="../a.png">',
        '<img src="//cdn.news.test/a.png">',  # scheme-relative: not absolute
        f'<img src="{ONE_PIXEL}">',
        '<img src="file:///etc/passwd">',
        '<img src="file://attacker.test/share/pixel.png">',
        '<img src="javascript:alert(1)">',
        '<img src="JaVaScRiPt:alert(1)">',
        '<img src="ftp://news.test/a.png">',
        f'<img src="{STORED}">',
        '<img src="\\\\attacker.test\\share\\pixel.png">',
        '<img src="">',
        "<img>",
        '<img data-src="http://news.test/lazy.png">',
        '<img srcset="http://news.test/a.png 2x">',
    ],
)
def test_picture_urls_ignore_anything_but_absolute_http(img: str) -> None:
    assert picture_urls(f"<p>before</p>{img}<p>after</p>") == []


def test_picture_urls_keep_only_the_web_ones_from_a_mixed_article() -> None:
    html = (
        '<img src="file:///etc/passwd">'
        + picture_block(CAT, "cat")
        + f'<img src="{ONE_PIXEL}">'
        + '<img src="javascript:alert(1)">'
        + '<img src="/relative.png">'
        + picture_block(DOG, "dog")
    )
    assert picture_urls(html) == [CAT, DOG]


def test_picture_urls_of_an_article_without_pictures() -> None:
    assert picture_urls("") == []
    assert picture_urls("<p>No pictures here, only words about an image.</p>") == []


# -- replace_pictures ---------------------------------------------------------------------------


def test_stored_pictures_point_at_the_library_copy() -> None:
    html = picture_block(CAT, "A cat on a wall")
    out = replace_pictures(html, {CAT: SHA})
    assert img_sources(out) == [STORED]
    assert 'alt="A cat on a wall"' in out
    assert out.count("<br>") == 1  # the line break before the alt text stays
    assert out.endswith("A cat on a wall</p>")
    assert CAT not in out


def test_pictures_not_stored_are_removed_and_their_alt_text_kept() -> None:
    html = picture_block(CAT, "A cat on a wall") + picture_block(DOG, "A dog in a boat")
    out = replace_pictures(html, {DOG: OTHER})
    assert img_sources(out) == [f"{PICTURE_SCHEME}:{OTHER}"]
    assert CAT not in out
    assert '<p class="picture">A cat on a wall</p>' in out  # no <br> left before the alt line
    assert out.count("<br>") == 1  # the stored picture's line break
    assert "A dog in a boat</p>" in out


def test_nothing_stored_leaves_only_the_words() -> None:
    html = "<p>Intro.</p>" + picture_block(CAT, "cat") + picture_block(DOG, "dog")
    out = replace_pictures(html, {})
    assert "<img" not in out
    assert "<br>" not in out
    assert out == '<p>Intro.</p><p class="picture">cat</p><p class="picture">dog</p>'


def test_the_same_address_twice_points_both_at_the_copy() -> None:
    html = picture_block(CAT, "one") + picture_block(CAT, "two")
    assert img_sources(replace_pictures(html, {CAT: SHA})) == [STORED, STORED]


def test_a_picture_inside_a_paragraph_goes_but_its_other_line_breaks_stay() -> None:
    html = f'<p>first line<br>second line <img src="{CAT}" alt="x"> end</p>'
    out = replace_pictures(html, {})
    assert "<img" not in out
    assert out == "<p>first line<br>second line  end</p>"  # only a leading <br> is the alt's


def test_replace_pictures_leaves_html_without_pictures_alone() -> None:
    html = "<p>Just <b>words</b>.</p>"
    assert replace_pictures(html, {CAT: SHA}) == html


def test_the_address_is_matched_after_trimming() -> None:
    html = f'<p class="picture"><img src=" {CAT} " alt="cat"><br>cat</p>'
    assert img_sources(replace_pictures(html, {CAT: SHA})) == [STORED]


# -- settle: replace, then sanitise strictly ---------------------------------------------------


def test_settle_keeps_stored_pictures_and_their_alt_text() -> None:
    html = "<h2>Heading</h2>" + picture_block(CAT, "cat") + picture_block(DOG, "dog")
    out = settle(html, {CAT: SHA})
    assert img_sources(out) == [STORED]
    assert "<h2>Heading</h2>" in out
    assert 'alt="cat"' in out
    assert "dog</p>" in out
    assert DOG not in out
    assert "http" not in out


def test_settle_drops_a_web_address_left_in_the_article() -> None:
    html = picture_block(CAT, "cat") + f'<p><img src="{DOG}" alt="dog"></p>'
    out = settle(html, {CAT: SHA, DOG: "not-a-sha"})  # a bad copy name is not let through
    assert img_sources(out) == [STORED]
    assert DOG not in out
    assert "not-a-sha" not in out


HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<img src="/etc/passwd">',
    '<img src="../../../../etc/passwd">',
    '<img src="javascript:alert(1)">',
    '<img src=" javascript:alert(1)">',
    f'<img src="{ONE_PIXEL}">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    f'<img src="{CAT}">',
    f'<img src="{DOG}" width="1" height="1">',
    '<img src="qrc:/icons/app.png">',
    f'<img src="{PICTURE_SCHEME}:{"g" * 64}">',  # not hex
    f'<img src="{PICTURE_SCHEME}:{SHA.upper()}">',  # not the lower-case hex the library writes
    f'<img src="{PICTURE_SCHEME}:{SHA[:-1]}">',  # one short
    f'<img src="{PICTURE_SCHEME}:{SHA}0">',  # one long
    f'<img src="{PICTURE_SCHEME}:">',
    f'<img src="{PICTURE_SCHEME}:../../etc/passwd">',
    f'<img src="{PICTURE_SCHEME}:{SHA}?file=/etc/passwd">',
    f'<img src="{PICTURE_SCHEME}:{SHA}#x">',
    f'<img src="{PICTURE_SCHEME}://{SHA}">',
    f'<img src="{PICTURE_SCHEME.upper()}:{SHA}">',
    f'<img src="file:///{SHA}">',
    "<img>",
    '<img alt="no source at all">',
    '<img src="">',
    f'<img data-src="{CAT}" alt="lazy">',
    f'<img srcset="{CAT} 1x, {DOG} 2x" alt="srcset only">',
    "<img src=x onerror=alert(1)>",
    '<svg><image href="file:///etc/passwd"/></svg>',
    f'<svg><image xlink:href="{CAT}" width="10" height="10"/></svg>',
    f'<svg width="10" height="10"><image href="{STORED}"/></svg>',
    f'<picture><source srcset="{CAT}" type="image/webp"></picture>',
    f'<object data="{CAT}" type="image/png">fallback</object>',
    '<object data="file:///etc/passwd"></object>',
    f'<embed src="{CAT}">',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    f'<iframe src="{CAT}"></iframe>',
    '<iframe srcdoc="&lt;img src=file:///etc/passwd&gt;"></iframe>',
    f'<p style="background:url({CAT})">css</p>',
    '<p style="background-image: url(file:///etc/passwd)">css</p>',
    f'<div style="background: url(&quot;{STORED}&quot;)">css</div>',
    f'<table background="{CAT}"><tr><td>cell</td></tr></table>',
    f'<body background="{CAT}"><p>body</p></body>',
    f"<style>p {{ background: url({CAT}) }}</style><p>styled</p>",
    f'<link rel="stylesheet" href="{CAT}">',
    f'<video poster="{CAT}" src="{DOG}"></video>',
    f'<input type="image" src="{CAT}">',
    f'<base href="http://attacker.test/"><img src="{SHA}">',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_nothing_but_the_library_copy_survives_settle(html: str) -> None:
    out = settle(f"<p>before</p>{html}<p>after</p>", {})
    assert "<img" not in out, out
    assert not LOADS.search(out), out
    assert "<p>before</p>" in out
    assert "<p>after</p>" in out


@pytest.mark.parametrize("html", HOSTILE)
def test_nothing_but_the_library_copy_survives_the_library_sanitiser(html: str) -> None:
    out = sanitize_html(html, pictures="library")
    assert "<img" not in out, out
    assert not LOADS.search(out), out


@pytest.mark.parametrize(
    "html",
    [
        f'<img src="{STORED}" srcset="{CAT} 2x" alt="cat">',
        f'<img src="{STORED}" onerror="alert(1)" onload="alert(2)" alt="cat">',
        f'<img src="{STORED}" style="background:url({CAT})" alt="cat">',
        f'<img src="{STORED}" title="&lt;img src={CAT}&gt;" alt="cat">',
        f'<img src="{STORED}" longdesc="{CAT}" usemap="#m" width="100000" alt="cat">',
        f'<img src="{STORED}" data-src="{DOG}" alt="cat">',
        f'<picture><source srcset="{CAT}"><img src="{STORED}" alt="cat"></picture>',
        f'<a href="javascript:alert(1)"><img src="{STORED}" alt="cat"></a>',
    ],
)
def test_a_library_copy_keeps_only_its_source_and_alt_text(html: str) -> None:
    out = sanitize_html(html, pictures="library")
    assert re.findall(r"<img[^>]*>", out) == [f'<img src="{STORED}" alt="cat">']
    assert not LOADS.search(out), out
    assert CAT not in out
    assert DOG not in out


def test_the_library_sanitiser_keeps_a_valid_copy() -> None:
    out = sanitize_html(
        f'<p class="picture"><img src="{STORED}" alt="a"><br>a</p>', pictures="library"
    )
    assert out == f'<p class="picture"><img src="{STORED}" alt="a"><br>a</p>'


def test_an_img_without_a_source_is_dropped_even_if_its_alt_mentions_one() -> None:
    html = '<p><img alt="see src=here" src="javascript:alert(1)">words</p>'
    for mode in ("library", "web"):
        out = sanitize_html(html, pictures=mode)
        assert "<img" not in out, (mode, out)
        assert "words" in out


def test_the_web_sanitiser_keeps_absolute_http_pictures_only() -> None:
    html = (
        f'<img src="{CAT}" alt="cat">'
        f'<img src="{STORED}">'
        '<img src="file:///etc/passwd">'
        f'<img src="{ONE_PIXEL}">'
        '<img src="/relative.png">'
    )
    out = sanitize_html(html, pictures="web")
    assert img_sources(out) == [CAT]


@pytest.mark.parametrize(
    "html",
    [
        f'<img src="{STORED}" alt="copy">',
        f'<img src="{CAT}" alt="web">',
        f'<img src="{ONE_PIXEL}">',
        '<img src="file:///etc/passwd">',
        "<img>",
        f'<p class="picture"><img src="{STORED}" alt="copy"><br>copy</p>',
    ],
)
def test_the_default_sanitiser_drops_every_picture(html: str) -> None:
    for out in (sanitize_html(html), sanitize_html(html, note=True)):
        assert "<img" not in out, out
        assert "reader-picture" not in out


def test_xss_vectors_come_out_without_resources() -> None:
    vectors = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    vectors = [v for v in vectors if v.strip()]
    assert len(vectors) > 50
    for vector in vectors:
        for out in (settle(vector, {}), sanitize_html(vector, pictures="library")):
            assert "<img" not in out, (vector, out)
            assert not re.search(r"<(svg|object|embed|iframe|script|style)\b", out, re.I), out
            assert not re.search(r"\s(on\w+|style|srcset|background)=", out, re.I), out
            assert "javascript:" not in out.lower(), (vector, out)


def test_xss_vectors_with_a_stored_copy_alongside() -> None:
    vectors = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    for vector in (v for v in vectors if v.strip()):
        out = settle(picture_block(CAT, "cat") + vector, {CAT: SHA})
        sources = img_sources(out)
        assert sources == [STORED], (vector, out)
        assert len(re.findall(r"<img\b", out)) == 1, (vector, out)
