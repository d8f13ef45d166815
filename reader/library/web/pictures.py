"""Pictures of web articles: which addresses an article shows, what counts as a picture,
and the article's HTML pointed at the library's own copies.

A web article's blocks keep each picture's absolute address (`reader.library.ingest.blocks`).
Before the article is stored, every picture is fetched once and checked: its first bytes must
say PNG, JPEG, GIF or WebP (`sniff`), it must be at most `MAX_PICTURE_BYTES`, and the
`PictureCheck` the window or the command line hands in (`reader.pictures`, which decodes it
with Qt's image reader under an allocation limit, at most `MAX_PIXELS`) must accept it. Then
`settle` rewrites each `<img>` to `reader-picture:<sha256>`, drops the ones that failed (their
alt text stays, as the line below the picture), and sanitises the HTML strictly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from reader.library.display.sanitize import sanitize_html

MB = 1 << 20
PICTURE_SCHEME = "reader-picture"
MAX_PICTURE_BYTES = 4 * MB
MAX_PIXELS = 16_000_000  # e.g. 4000 x 4000
TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


@dataclass(frozen=True, slots=True)
class PictureFacts:
    """What the check found: the media type and size in pixels."""

    mime: str
    width: int
    height: int


PictureCheck = Callable[[bytes], PictureFacts | str]  # facts, or why it was refused


def sniff_picture(data: bytes) -> str | None:
    """The media type the first bytes say, for the four picture types Reader shows."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def picture_urls(html: str) -> list[str]:
    """The absolute http(s) addresses of the pictures in `html`, in order, each once."""
    if "<img" not in html:
        return []
    seen: dict[str, None] = {}
    tree = LexborHTMLParser(html)
    for node in tree.css("img"):
        src = (node.attributes.get("src") or "").strip()
        if src.lower().startswith(("http://", "https://")):
            seen.setdefault(src, None)
    return list(seen)


def replace_pictures(html: str, stored: dict[str, str]) -> str:
    """`html` with each `<img>` whose address is in `stored` (address -> SHA-256) pointed at
    the library's copy, and every other `<img>` removed (its alt text is the line below)."""
    if "<img" not in html:
        return html
    tree = LexborHTMLParser(html)
    for node in tree.css("img"):
        sha = stored.get((node.attributes.get("src") or "").strip())
        if sha is None:
            parent = node.parent
            node.decompose()
            if parent is not None and parent.tag == "p":
                first = parent.child
                if first is not None and first.tag == "br":
                    first.decompose()  # the line break before the alt text goes too
        else:
            node.attrs["src"] = f"{PICTURE_SCHEME}:{sha}"
    body = tree.body
    return (body.inner_html or "") if body is not None else ""


def settle(html: str, stored: dict[str, str]) -> str:
    """The HTML to store for a web article: pictures pointed at the library's copies (or
    left out), then sanitised strictly (only `reader-picture:` sources survive)."""
    return sanitize_html(replace_pictures(html, stored), pictures="library")
