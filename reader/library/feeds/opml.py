"""OPML 2.0, the file every feed reader exchanges subscriptions in: reading an export
(NetNewsWire, Feedly, newsboat, Miniflux...) into `OpmlFeed`s with their folders, and writing
ours. Read with defusedxml, so entity declarations and external references are refused."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from reader.library.feeds.parse import safe_link

MAX_DEPTH = 50  # folders nested deeper than this are flattened into their ancestor


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: its feed URL, title, website and folder ("News/World" when nested)."""

    url: str
    title: str | None
    site_url: str | None
    folder: str | None


class OpmlError(Exception):
    """The file is not OPML we can read, or was refused; `str(exc)` is one sentence."""


def read_opml(data: bytes, *, problems: list[str] | None = None) -> list[OpmlFeed]:
    """The feeds of an OPML file, in file order, each URL once. Outlines whose `xmlUrl` is not
    http(s) (or `feed:`) are skipped; if `problems` is given, one sentence is appended for each
    skipped outline. Raises `OpmlError`."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True)
    except EntitiesForbidden:
        raise OpmlError("refused: the OPML file declares XML entities") from None
    except DTDForbidden:
        raise OpmlError("refused: the OPML file has a document type declaration") from None
    except DefusedXmlException:
        raise OpmlError("refused: the OPML file refers to external resources") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise OpmlError(
            f"not OPML: the file is not well-formed XML (line {line}, column {column})"
        ) from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not OPML: the document is <{_local(root.tag)}>, not <opml>")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not OPML: the file has no <body>")
    notes = problems if problems is not None else []
    feeds: dict[str, OpmlFeed] = {}
    _walk(body, [], feeds, notes, 0)
    return list(feeds.values())


def _walk(
    node: ET.Element, folders: list[str], feeds: dict[str, OpmlFeed], notes: list[str], depth: int
) -> None:
    for outline in node:
        if _local(outline.tag) != "outline":
            continue
        attrs = {_local(k).lower(): v for k, v in outline.attrib.items()}
        label = _clean(attrs.get("title") or attrs.get("text") or "")
        raw_url = (attrs.get("xmlurl") or "").strip()
        if raw_url:
            _add(raw_url, label, attrs=attrs, folders=folders, feeds=feeds, notes=notes)
            inner = folders
        else:
            inner = [*folders, label] if label and depth < MAX_DEPTH else folders
        _walk(outline, inner, feeds, notes, depth + 1)


def _add(
    raw_url: str,
    label: str,
    *,
    attrs: dict[str, str],
    folders: list[str],
    feeds: dict[str, OpmlFeed],
    notes: list[str],
) -> None:
    url = _feed_url(raw_url)
    name = label or raw_url
    if url is None:
        notes.append(f"skipped “{name}”: {raw_url} is not an http or https address")
        return
    if url in feeds:
        notes.append(f"“{name}” is listed more than once; kept the first")
        return
    site = attrs.get("htmlurl")
    feeds[url] = OpmlFeed(
        url=url,
        title=label if label and label != raw_url else None,
        site_url=safe_link(site.strip(), url) if site else None,
        folder="/".join(folders) or None,
    )


def _feed_url(raw: str) -> str | None:
    """An http(s) feed URL; `feed://host/x` and `feed:https://host/x` become http(s)."""
    if raw[:5].lower() == "feed:":
        rest = raw[5:]
        raw = rest if rest.lower().startswith(("http:", "https:")) else "http:" + rest
    return safe_link(raw, raw) if "://" in raw else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(text: str) -> str:
    return " ".join(text.split())


# --- writing -----------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (not even as references): C0 controls but tab, LF
# and CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def write_opml(feeds: Iterable[OpmlFeed], *, title: str = "Reader subscriptions") -> str:
    """An OPML 2.0 document of `feeds`, folders as nested outlines (a folder "A/B" is outline B
    inside outline A), in the order folders and feeds first appear."""
    tree = _Folder()
    for feed in feeds:
        place = tree
        for part in (p.strip() for p in (feed.folder or "").split("/")):
            if part:
                place = place.folders.setdefault(part, _Folder())
        place.feeds.append(feed)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{escape(_xml_text(title))}</title>",
        f"    <dateCreated>{format_datetime(dt.datetime.now(dt.UTC), usegmt=True)}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    _write_folder(tree, lines, 2)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


class _Folder:
    __slots__ = ("feeds", "folders")

    def __init__(self) -> None:
        self.folders: dict[str, _Folder] = {}
        self.feeds: list[OpmlFeed] = []


def _write_folder(folder: _Folder, lines: list[str], depth: int) -> None:
    pad = "  " * depth
    for feed in folder.feeds:
        attrs = [("type", "rss"), ("text", feed.title or feed.url)]
        if feed.title:
            attrs.append(("title", feed.title))
        attrs.append(("xmlUrl", feed.url))
        if feed.site_url:
            attrs.append(("htmlUrl", feed.site_url))
        lines.append(f"{pad}<outline {_attributes(attrs)}/>")
    for name, inner in folder.folders.items():
        lines.append(f"{pad}<outline {_attributes([('text', name), ('title', name)])}>")
        _write_folder(inner, lines, depth + 1)
        lines.append(f"{pad}</outline>")


def _attributes(pairs: list[tuple[str, str]]) -> str:
    return " ".join(f"{k}={quoteattr(_xml_text(v), _ATTR_ENTITIES)}" for k, v in pairs)


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)
