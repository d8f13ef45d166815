"""Annotations in and out of the library, in open formats.

Export: Markdown (front matter Obsidian reads, one section per article, quotes as block
quotes followed by their notes), W3C Web Annotation JSON-LD (an `AnnotationCollection`
whose annotations target the article's `uri` with a TextQuoteSelector and a
TextPositionSelector, the note a `TextualBody` in `text/markdown`, the colour the target's
`styleClass`), and CSV (one row per annotation).

Import reads Web Annotation JSON (one annotation, an array, a collection or a page), also
from tools that give only a TextQuoteSelector. The whole file is checked before anything is
written: a malformed file, or one aimed at articles this library lacks, imports nothing and
says why. Annotations are matched by id, so a second import adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader import __version__
from reader.library.annotations import records as notes
from reader.library.annotations.records import AnnotationInfo
from reader.library.annotations.webannotation import (
    AnnotationImportError,
    Incoming,
    parse_annotations,
)
from reader.library.errors import LibraryError
from reader.library.store.models import Article, database

FORMATS = ("markdown", "webannotation", "csv")
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MAX_IMPORT_BYTES = 20_000_000
CSV_FIELDS = (
    "id", "uuid", "article_id", "article_uri", "article_title", "kind", "color", "quote",
    "prefix", "suffix", "start", "end", "note", "orphan", "created", "updated",
)  # fmt: skip


@dataclass(slots=True)
class ImportResult:
    """What an import did: new annotation ids, ones already present, and new orphans."""

    added: list[int] = field(default_factory=list)
    duplicates: int = 0
    orphans: list[AnnotationInfo] = field(default_factory=list)

    def summary(self) -> str:
        n = len(self.added)
        return (
            f"Imported {n} annotation{'s' * (n != 1)}; {self.duplicates} already in the "
            f"library; {len(self.orphans)} could not be placed (orphans)."
        )


def stamp(value: dt.datetime) -> str:
    """A stored (UTC, naive) time as xsd:dateTime."""
    return value.isoformat(timespec="microseconds") + "Z"


# -- export --------------------------------------------------------------------------------


def export(fmt: str, article_id: int | None = None) -> str:
    if fmt not in FORMATS:
        raise LibraryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if article_id is not None and Article.get_or_none(Article.id == article_id) is None:
        raise LibraryError(f"there is no article {article_id}")
    infos = notes.listing(article_id)
    articles = _articles({i.article_id for i in infos})
    if fmt == "markdown":
        return to_markdown(infos, articles)
    if fmt == "csv":
        return to_csv(infos, articles)
    return json.dumps(to_webannotation(infos, articles), ensure_ascii=False, indent=2) + "\n"


def _articles(ids: Iterable[int]) -> dict[int, Article]:
    wanted = list(ids)
    found: dict[int, Article] = {}
    for start in range(0, len(wanted), 500):
        query = Article.select().where(Article.id.in_(wanted[start : start + 500]))
        found.update({a.id: a for a in query})
    return found


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def to_markdown(infos: list[AnnotationInfo], articles: dict[int, Article]) -> str:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    lines = [
        "---", f"title: {_yaml('Reader annotations')}", f"exported: {now}",
        f"generator: {_yaml(f'Reader {__version__}')}", f"articles: {len(articles)}",
        f"annotations: {len(infos)}", "tags:", "  - reader", "  - annotations", "---", "",
    ]  # fmt: skip
    current = None
    for info in infos:
        if info.article_id != current:
            current = info.article_id
            article = articles[current]
            lines += [f"## {_one_line(article.title)}", "", f"- Source: `{article.uri}`"]
            lines += [f"- File: `{_one_line(article.source_path)}`", ""]
        lines += _markdown_entry(info)
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _markdown_entry(info: AnnotationInfo) -> list[str]:
    when = info.updated.strftime("%Y-%m-%d %H:%M")
    if info.is_note:
        out = [f"**Note on the article** ({when})", ""]
    else:
        quote = (info.exact or "").split("\n")
        out = [f"> {line}" if line else ">" for line in quote]
        tags = [info.color or ""] + (["orphan"] if info.orphan else [])
        out += ["", f"*{', '.join(t for t in tags if t)} · {when}*", ""]
    if info.note.strip():
        out += [info.note.rstrip("\n"), ""]
    return out


def to_csv(infos: list[AnnotationInfo], articles: dict[int, Article]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for i in infos:
        article = articles[i.article_id]
        writer.writerow([
            i.id, i.uuid, i.article_id, article.uri, article.title, i.kind, i.color or "",
            i.exact or "", i.prefix or "", i.suffix or "", _blank(i.start), _blank(i.end),
            i.note, int(i.orphan), stamp(i.created), stamp(i.updated),
        ])  # fmt: skip
    return buffer.getvalue()


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def to_webannotation(
    infos: list[AnnotationInfo], articles: dict[int, Article]
) -> dict[str, object]:
    items = [web_annotation(i, articles[i.article_id].uri) for i in infos]
    return {
        "@context": CONTEXT, "type": "AnnotationCollection", "label": "Reader annotations",
        "generator": {"type": "Software", "name": f"Reader {__version__}"},
        "total": len(items), "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }  # fmt: skip


def web_annotation(info: AnnotationInfo, uri: str) -> dict[str, object]:
    target: dict[str, object] = {"source": uri}
    if not info.is_note:
        target["selector"] = [
            {"type": "TextQuoteSelector", "exact": info.exact or "", "prefix": info.prefix or "",
             "suffix": info.suffix or ""},
            {"type": "TextPositionSelector", "start": info.start or 0, "end": info.end or 0},
        ]  # fmt: skip
        target["styleClass"] = info.color or "yellow"
    item: dict[str, object] = {
        "id": f"urn:uuid:{info.uuid}", "type": "Annotation",
        "motivation": "commenting" if info.is_note else "highlighting",
        "created": stamp(info.created), "modified": stamp(info.updated), "target": target,
    }  # fmt: skip
    if info.note:
        item["body"] = {"type": "TextualBody", "value": info.note, "format": "text/markdown",
                        "purpose": "commenting"}  # fmt: skip
    return item


# -- import --------------------------------------------------------------------------------


def import_file(path: Path) -> ImportResult:
    """Import every annotation in `path`, or none (raising `AnnotationImportError`)."""
    incoming = parse_annotations(_read(path), str(path))
    return store(incoming, str(path))


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise AnnotationImportError(
                f"{path}: the file is too large ({size:,} bytes; at most "
                f"{MAX_IMPORT_BYTES:,}). Nothing was imported."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise AnnotationImportError(f"{path}: cannot read it ({exc.strerror or exc}).") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationImportError(
            f"{path}: not UTF-8 text, so not a Web Annotation file. Nothing was imported."
        ) from exc


def store(incoming: list[Incoming], origin: str) -> ImportResult:
    """Anchor and insert parsed annotations in one transaction (all or nothing)."""
    uris = {item.source for item in incoming}
    known = {a.uri: a for a in Article.select().where(Article.uri.in_(list(uris)))}
    unknown = sorted(uris - set(known))
    if unknown:
        raise AnnotationImportError(
            f"{origin}: {len(unknown)} target{'s' * (len(unknown) != 1)} not in this library "
            f"(first: {unknown[0][:200]}). Import those articles first. Nothing was imported."
        )
    result = ImportResult()
    with database.atomic():
        seen: set[str] = set()
        for item in incoming:
            if item.uuid in seen or notes.get_by_uuid(item.uuid) is not None:
                result.duplicates += 1
                continue
            seen.add(item.uuid)
            info = notes.insert_incoming(item, known[item.source].id, known[item.source].body)
            result.added.append(info.id)
            if info.orphan:
                result.orphans.append(info)
    return result
