"""A feed's bytes to its entries: RSS 0.9x/1.0/2.0 and Atom 1.0 through feedparser, JSON Feed
1.0/1.1 through the standard json module, all mapped to one shape (`ParsedFeed`, `ParsedEntry`).

Safety, before anything is parsed:

- feedparser is only ever handed an in-memory stream (`io.BytesIO`). Given a `str` it fetches
  URLs itself (http, ftp, file...), and given `str` *or* `bytes` it first tries `open()` on
  them as a file name, so a feed body of `b"/etc/passwd"` would read that file. A stream takes
  its `hasattr(..., "read")` branch, which reads the stream and nothing else.
- a document type declaration that declares entities is refused (billion laughs, external
  entities such as `SYSTEM "file:///etc/passwd"`): the prolog is scanned, bounded, before the
  XML parser sees the document, so the refusal takes microseconds and no memory.
- the bytes are decoded here (declared charset, XML declaration, BOM, then UTF-8 and cp1252
  fallbacks, with a warning when the declaration was wrong) and feedparser gets UTF-8 labelled
  as such; the prolog scan therefore reads exactly the text the XML parser will read, whatever
  exotic encoding a feed claims.
- links must be absolute http(s) URLs; anything else (`javascript:`, `file:`, `data:`) is
  dropped. Entry HTML is *not* sanitised here (the importer's sanitiser does that).
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html as htmlmod
import io
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from selectolax.lexbor import LexborHTMLParser

PROLOG_LIMIT = 1 << 20  # characters of prolog scanned for a DOCTYPE; a real feed has < 1 KB
SHORT_WORDS = 80  # content with fewer words than this is a summary
_ELLIPSES = ("…", "...", "[…", "[...")  # what a text ends with, closing brackets stripped
_TEASER_WORDS = ("read more", "continue reading", "read the full story", "read the rest")
_TRAILING_JUNK = " \t\r\n\u00a0»›→>)]}:!-–—"


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry of a feed, whatever its format."""

    key: str  # identity: id/guid, else link, else "sha256:" + hash of title and content
    title: str  # plain text ("" if none)
    link: str | None  # absolute http(s) URL or None
    author: str | None
    published: str | None  # ISO 8601 UTC "2026-03-01T12:00:00Z" (published, else updated)
    html: str  # the richest content, as HTML; not sanitised here
    summary_only: bool  # no full content, or short, or ends like a teaser ("…", "Read more")


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's title, website and entries, with what was odd about it in words."""

    title: str
    site_url: str | None
    entries: list[ParsedEntry]
    warnings: list[str]


class FeedError(Exception):
    """The bytes are not a feed we read, or were refused; `str(exc)` is one sentence."""


def parse_feed(
    data: bytes, *, url: str, content_type: str = "", charset: str | None = None
) -> ParsedFeed:
    """Parse a feed fetched from `url` (the base for relative links). `content_type` and
    `charset` are the response's, if known. Raises `FeedError`."""
    if not data.strip():
        raise FeedError("not a feed: the response is empty")
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    if _is_json(data, media):
        return _parse_json_feed(data, url)
    text, warnings = _decode(data, charset)
    _refuse_entities(text)
    return _parse_xml_feed(text, url, warnings)


# --- decoding -----------------------------------------------------------------------------

_XML_ENCODING = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_LATIN = {"iso8859-1", "latin-1", "ascii", "cp1252", "iso8859-15"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec(name: str | None) -> str | None:
    """Python's name for an encoding label, or None if unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _sniff_unicode(data: bytes) -> str | None:
    """UTF-16/32 from a BOM or from the NULs around the first `<`; UTF-8 from its BOM."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4]
    if head.startswith(b"<\x00\x00\x00"):
        return "utf-32-le"
    if head.startswith(b"\x00\x00\x00<"):
        return "utf-32-be"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    return None


def _decode(data: bytes, charset: str | None) -> tuple[str, list[str]]:
    """The feed's text, and a warning if what it declared was wrong."""
    unicode = _sniff_unicode(data)
    if unicode:
        try:
            return data.decode(unicode).lstrip("\ufeff"), []
        except UnicodeDecodeError:
            pass
    match = _XML_ENCODING.match(data[:1024].decode("latin-1"))
    label = charset or (match.group(1) if match else None)
    declared = _codec(label)
    warnings: list[str] = []
    if label and declared is None:
        warnings.append(f"declared an unknown encoding {label!r}")
    if declared in _LATIN or declared is None:
        # Valid UTF-8 with non-ASCII in it is practically never meant as Latin-1: read it as
        # UTF-8 (a server's default "charset=iso-8859-1" is the usual culprit).
        text = _utf8_or_none(data)
        if text is not None:
            if label and declared is not None and not text.isascii():
                warnings.append(f"declared {label.upper()} but was read as UTF-8")
            return text, warnings
        if declared == "iso8859-1":
            declared = "cp1252"  # as browsers do: the C1 range holds cp1252's quotes and dashes
    for name in (declared, "utf-8", "cp1252"):
        if name is None:
            continue
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if label and name != declared:
            warnings.append(f"declared {label.upper()} but was read as {_display(name)}")
        elif not label and name != "utf-8":
            warnings.append(f"declared no encoding and was read as {_display(name)}")
        return text, warnings
    warnings.append("the encoding could not be determined; some characters were replaced")
    return data.decode("utf-8", "replace"), warnings


def _utf8_or_none(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _display(codec_name: str) -> str:
    return {"utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(codec_name, codec_name.upper())


# --- refusing entities ------------------------------------------------------------------------

_DOCTYPE_TOKEN = re.compile(r"\"[^\"]*\"|'[^']*'|<!--.*?-->|[\[\]>]", re.S)
_ENTITY = re.compile(r"<!\s*ENTITY", re.I)


def _refuse_entities(text: str) -> None:
    """Raise FeedError if the prolog's DOCTYPE declares entities. Linear and bounded: only the
    prolog (what comes before the first element) is read, at most PROLOG_LIMIT characters."""
    limit = min(len(text), PROLOG_LIMIT)
    i = 0
    while True:
        while i < limit and text[i] in " \t\r\n\ufeff":
            i += 1
        if i >= limit:
            break
        if text.startswith("<?", i):
            end = text.find("?>", i + 2, limit)
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4, limit)
            i = end + 3
        elif text[i : i + 9].upper() == "<!DOCTYPE":
            end = _doctype_end(text, i + 9, limit)
            if _ENTITY.search(text, i, end if end > 0 else limit):
                raise FeedError("refused: the feed declares XML entities")
            i = end
        else:
            return  # the root element (or not XML at all): the prolog is over
        if end < 0:
            break
    if limit < len(text):
        raise FeedError("refused: the feed's prolog is longer than 1 MB")


def _doctype_end(text: str, start: int, limit: int) -> int:
    """The index after the DOCTYPE's closing `>` (quoted strings, comments and the internal
    subset skipped), or -1 if it does not close before `limit`."""
    depth = 0
    for token in _DOCTYPE_TOKEN.finditer(text, start, limit):
        mark = token.group()
        if mark == "[":
            depth += 1
        elif mark == "]":
            depth = max(0, depth - 1)
        elif mark == ">" and depth == 0:
            return token.end()
    return -1


# --- RSS and Atom -----------------------------------------------------------------------------


def _parse_xml_feed(text: str, url: str, warnings: list[str]) -> ParsedFeed:
    # A stream, never str/bytes (see the module docstring); the text is already decoded, so
    # feedparser is told it is UTF-8; Content-Location is the base for relative URIs.
    parsed = feedparser.parse(
        io.BytesIO(text.encode("utf-8", "surrogatepass")),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": url,
        },
        resolve_relative_uris=True,
        sanitize_html=False,
    )
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        raise FeedError(_not_a_feed(text))
    if parsed.get("bozo"):
        warnings.append(_bozo_warning(parsed.get("bozo_exception")))
    feed = parsed.get("feed") or {}
    return ParsedFeed(
        title=_detail_text(feed, "title"),
        site_url=safe_link(feed.get("link"), url),
        entries=[_xml_entry(entry, url) for entry in entries],
        warnings=warnings,
    )


def _not_a_feed(text: str) -> str:
    head = text[:4096].lower()
    if "<html" in head or "<!doctype html" in head:
        return "not a feed: the address gives a web page (HTML), not RSS, Atom or JSON Feed"
    return "not a feed: the response is neither RSS, Atom nor JSON Feed"


def _bozo_warning(exc: object) -> str:
    line = getattr(exc, "getLineNumber", None)
    where = f" (line {line()})" if callable(line) else ""
    message = getattr(exc, "getMessage", None)
    what = message() if callable(message) else str(exc)
    return f"the feed is not well-formed XML{where}: {what}; it was read leniently"


def _xml_entry(entry: Mapping[str, Any], url: str) -> ParsedEntry:
    base = (entry.get("title_detail") or {}).get("base") or url
    link = safe_link(entry.get("link"), base)
    summary = entry.get("summary") or ""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    richest: Mapping[str, Any] = max(contents, key=lambda c: len(c.get("value") or ""), default={})
    full = bool(richest)  # feedparser copies an Atom entry's lone <content> into summary
    body = (richest.get("value") or "") if full else summary
    # Atom's type="text" (content or summary) is plain text, not markup: "a <b>" stays words.
    if (richest if full else entry.get("summary_detail") or {}).get("type") == "text/plain":
        body = _text_to_html(body)
    body = _with_pictures(body, _entry_pictures(entry, base))
    title = _detail_text(entry, "title")
    author = entry.get("author_detail", {}).get("name") or entry.get("author")
    return ParsedEntry(
        key=_key(entry.get("id"), link or _raw_link(entry.get("link"), base), title, body),
        title=title,
        link=link,
        author=(_plain(author) or None) if author else None,
        published=_iso_struct(entry.get("published_parsed") or entry.get("updated_parsed")),
        html=body,
        summary_only=_summary_only(body, has_content=full),
    )


def _entry_pictures(entry: Mapping[str, Any], base: str) -> list[str]:
    """Image enclosures and Media RSS pictures, absolute http(s)."""
    found: list[str] = []
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            found.append(link.get("href") or "")
    for media in entry.get("media_content") or []:
        kind = str(media.get("type") or "")
        if media.get("medium") == "image" or kind.startswith("image/"):
            found.append(media.get("url") or "")
    return [u for u in (safe_link(f, base) for f in found) if u]


def _detail_text(node: Mapping[str, Any], name: str) -> str:
    value = node.get(name) or ""
    kind = (node.get(f"{name}_detail") or {}).get("type", "text/plain")
    if kind in ("text/html", "application/xhtml+xml"):
        return _plain(value)
    return " ".join(value.split())


def _iso_struct(value: time.struct_time | None) -> str | None:
    if not value:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    except (ValueError, OverflowError, TypeError):
        return None


# --- JSON Feed --------------------------------------------------------------------------------

_JSON_TYPES = {"application/feed+json", "application/json"}


def _is_json(data: bytes, media: str) -> bool:
    head = data[:64].lstrip(b" \t\r\n").removeprefix(codecs.BOM_UTF8).lstrip()
    return media in _JSON_TYPES or head.startswith(b"{")


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    # feedparser 6.0.x has no JSON Feed support (it arrives in the 6.1 development line), so
    # JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1) is read with json here.
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FeedError(f"not a feed: the JSON is malformed ({_short(exc)})") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise FeedError("not a feed: the JSON has no JSON Feed version")
    warnings: list[str] = []
    items = doc.get("items")
    if not isinstance(items, list):
        warnings.append("the JSON Feed has no list of items")
        items = []
    entries = [_json_entry(item, url) for item in items if isinstance(item, dict)]
    feed_url = _str(doc.get("feed_url"))
    base = url if not feed_url else (safe_link(feed_url, url) or url)
    return ParsedFeed(
        title=_plain(_str(doc.get("title"))),
        site_url=safe_link(_str(doc.get("home_page_url")), base),
        entries=entries,
        warnings=warnings,
    )


def _json_entry(item: Mapping[str, Any], url: str) -> ParsedEntry:
    link = safe_link(_str(item.get("url")), url) or safe_link(_str(item.get("external_url")), url)
    content_html = _str(item.get("content_html"))
    content_text = _str(item.get("content_text"))
    summary = _str(item.get("summary"))
    if content_html.strip():
        body, full = _absolute_html(content_html, url), True
    elif content_text.strip():
        body, full = _text_to_html(content_text), True
    else:
        body, full = _text_to_html(summary), False
    if full and summary and _plain(body) == summary.strip():
        full = False
    pictures = [safe_link(_str(item.get(k)), url) for k in ("image", "banner_image")]
    body = _with_pictures(body, [p for p in pictures if p])
    title = _plain(_str(item.get("title")))
    raw_id = item.get("id")
    ident = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
    return ParsedEntry(
        key=_key(ident, link, title, body),
        title=title,
        link=link,
        author=_json_author(item),
        published=_iso_text(_str(item.get("date_published")) or _str(item.get("date_modified"))),
        html=body,
        summary_only=_summary_only(body, has_content=full),
    )


def _json_author(item: Mapping[str, Any]) -> str | None:
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item.get("author")]  # JSON Feed 1.0
    names = [_plain(_str(a.get("name"))) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None


def _iso_text(value: str) -> str | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


# --- shared helpers ---------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # dropped, as browsers drop tabs and newlines


def safe_link(value: object, base: str) -> str | None:
    """`value` made absolute against `base`, if it is an http(s) URL with a host; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    absolute = _raw_link(value, base)
    try:
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return absolute


def _raw_link(value: object, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    # a space inside an address is percent-encoded, as browsers do, not dropped ("a b" is not "ab")
    cleaned = _CONTROL.sub("", value).strip().replace(" ", "%20")
    try:
        return urljoin(base, cleaned)
    except ValueError:
        return None


def _key(ident: object, link: str | None, title: str, body: str) -> str:
    if isinstance(ident, str) and ident.strip():
        return ident.strip()
    if link:
        return link
    digest = hashlib.sha256(f"{title}\n{body}".encode("utf-8", "surrogatepass")).hexdigest()
    return "sha256:" + digest


def _plain(markup: str) -> str:
    """Plain text of an HTML fragment: tags stripped, entities unescaped, spaces collapsed."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return " ".join(markup.split())
    tree = LexborHTMLParser(f"<body>{markup}</body>")
    for node in tree.css("script, style, template"):
        node.decompose()
    body = tree.body
    text = body.text(separator=" ") if body is not None else htmlmod.unescape(markup)
    return " ".join(text.split())


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        f"<p>{htmlmod.escape(p, quote=False).replace(chr(10), '<br>')}</p>" for p in paragraphs
    )


def _absolute_html(markup: str, base: str) -> str:
    """`<a href>` and `<img src>` of `markup` made absolute against `base` (unsafe schemes
    are left for the sanitiser)."""
    if "href" not in markup and "src" not in markup:
        return markup
    tree = LexborHTMLParser(f"<body>{markup}</body>")
    changed = False
    for node in tree.css("a[href], img[src]"):
        name = "href" if node.tag == "a" else "src"
        value = node.attributes.get(name) or ""
        absolute = safe_link(value, base)
        if absolute and absolute != value:
            node.attrs[name] = absolute
            changed = True
    inner = tree.body.inner_html if changed and tree.body is not None else None
    return inner if inner is not None else markup


def _with_pictures(body: str, pictures: list[str]) -> str:
    """`body` with the entry's own pictures put first, unless it shows them already."""
    extra = [p for p in dict.fromkeys(pictures) if p not in body]
    figures = "".join(f'<p><img src="{htmlmod.escape(p)}" alt=""></p>' for p in extra)
    return figures + body


def _summary_only(body: str, *, has_content: bool) -> bool:
    """Whether an entry carries only a summary: no content beyond its summary, fewer than
    SHORT_WORDS words, or an ending that sends the reader elsewhere ("…", "Read more")."""
    if not has_content:
        return True
    text = _plain(body)
    if len(text.split()) < SHORT_WORDS:
        return True
    return _ends_like_a_teaser(text)


def _ends_like_a_teaser(text: str) -> bool:
    tail = text[-60:].lower().rstrip(_TRAILING_JUNK)
    return tail.endswith(_ELLIPSES) or tail.rstrip(".").endswith(_TEASER_WORDS)
