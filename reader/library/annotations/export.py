"""Exporting annotations in open formats (a new export format goes here).

Markdown (front matter Obsidian reads, one section per article, quotes as block
quotes followed by their notes), W3C Web Annotation JSON-LD (an `AnnotationCollection`
whose annotations target the article's `uri` with a TextQuoteSelector and a
TextPositionSelector, the note a `TextualBody` in `text/markdown`, the colour the target's
`styleClass`), and CSV (one row per annotation).

Tags go into every format: each tag of an annotation is a `TextualBody` with purpose
`tagging` in Web Annotation (and comes back from it on import), the article's and the
highlights' tags are the Markdown front matter's `tags` and inline `#tags` as Obsidian reads
them (`obsidian_tag`: spaces become `-`, other characters Obsidian's tags cannot hold are
dropped; the front matter keeps the exact names), and CSV has a `tags` column (names joined
by ", ").

An orphan (a highlight whose quote is no longer in its article's text) has no place, so no
format claims one for it: its Web Annotation carries the TextQuoteSelector alone (a position
selector would name characters that are not the quote, and tools that trust positions would
highlight them; the W3C model has no way to flag one as stale), and its CSV row leaves `start`
and `end` blank. Imported again, a quote-only annotation is anchored by its quote, so an
orphan stays an orphan in the same text and is placed if its quote is back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable

from reader import __version__
from reader.library.annotations import records as notes
from reader.library.annotations.records import AnnotationInfo
from reader.library.errors import LibraryError
from reader.library.store.models import Article
from reader.library.tags import records as tag_records

FORMATS = ("markdown", "webannotation", "csv")
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CSV_FIELDS = (
    "id", "uuid", "article_id", "article_uri", "article_title", "kind", "color", "quote",
    "prefix", "suffix", "start", "end", "note", "orphan", "created", "updated", "tags",
)  # fmt: skip
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}
_NOT_IN_TAG = re.compile(r"[^\w/-]")


def stamp(value: dt.datetime) -> str:
    """A stored (UTC, naive) time as xsd:dateTime."""
    return value.isoformat(timespec="microseconds") + "Z"


# -- export --------------------------------------------------------------------------------


def export(fmt: str, article_id: int | None = None) -> str:
    _check_format(fmt)
    if article_id is not None and Article.get_or_none(Article.id == article_id) is None:
        raise LibraryError(f"there is no article {article_id}")
    return _written(fmt, notes.listing(article_id))


def export_these(fmt: str, annotation_ids: list[int]) -> str:
    """Like `export`, of these annotations only, in this order (a view's: what it shows)."""
    _check_format(fmt)
    return _written(fmt, [i for i in map(notes.get, annotation_ids) if i is not None])


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise LibraryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _written(fmt: str, infos: list[AnnotationInfo]) -> str:
    """`infos` in format `fmt`, with their articles' titles and addresses."""
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


def _yaml_tag(name: str) -> str:
    """A tag in the front matter: bare when YAML reads it back as that very string."""
    plain = re.fullmatch(r"[^\W\d][\w/-]*", name) and name.lower() not in _YAML_WORDS
    return name if plain else _yaml(name)


def obsidian_tag(name: str) -> str | None:
    """`#name` as Obsidian reads an inline tag (letters, digits, `_`, `-`, `/`; not only
    digits), or None if nothing of it would be a tag."""
    text = _NOT_IN_TAG.sub("", "-".join(name.split()))
    return f"#{text}" if text.strip("/") and not text.replace("/", "").isdigit() else None


def _inline(tags: Iterable[str]) -> str:
    return " ".join(t for t in map(obsidian_tag, tags) if t)


def to_markdown(infos: list[AnnotationInfo], articles: dict[int, Article]) -> str:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    article_tags = tag_records.of("article", list(articles))
    note_tags = tag_records.of("annotation", [i.id for i in infos])
    every = dict.fromkeys(["reader", "annotations"])
    for tags in [*article_tags.values(), *note_tags.values()]:
        every.update(dict.fromkeys(tags))
    lines = [
        "---", f"title: {_yaml('Reader annotations')}", f"exported: {now}",
        f"generator: {_yaml(f'Reader {__version__}')}", f"articles: {len(articles)}",
        f"annotations: {len(infos)}", "tags:", *(f"  - {_yaml_tag(t)}" for t in every), "---", "",
    ]  # fmt: skip
    current = None
    for info in infos:
        if info.article_id != current:
            current = info.article_id
            article = articles[current]
            lines += [f"## {_one_line(article.title)}", "", f"- Source: `{article.uri}`"]
            lines += [f"- File: `{_one_line(article.source_path)}`"]
            if _inline(article_tags.get(current, ())):
                lines += [f"- Tags: {_inline(article_tags[current])}"]
            lines += [""]
        lines += _markdown_entry(info, note_tags.get(info.id, ()))
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _markdown_entry(info: AnnotationInfo, tags: tuple[str, ...] = ()) -> list[str]:
    when = info.updated.strftime("%Y-%m-%d %H:%M")
    inline = _inline(tags)
    if info.is_note:
        out = [f"**Note on the article** ({when})" + f" {inline}" * bool(inline), ""]
    else:
        quote = (info.exact or "").split("\n")
        out = [f"> {line}" if line else ">" for line in quote]
        marks = [info.color or ""] + (["orphan"] if info.orphan else [])
        out += ["", f"*{', '.join(t for t in marks if t)} · {when}*" + f" {inline}" * bool(inline),
                ""]  # fmt: skip
    if info.note.strip():
        out += [info.note.rstrip("\n"), ""]
    return out


def to_csv(infos: list[AnnotationInfo], articles: dict[int, Article]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    tags = tag_records.of("annotation", [i.id for i in infos])
    for i in infos:
        article = articles[i.article_id]
        writer.writerow([
            i.id, i.uuid, i.article_id, article.uri, article.title, i.kind, i.color or "",
            i.exact or "", i.prefix or "", i.suffix or "", *_position(i),
            i.note, int(i.orphan), stamp(i.created), stamp(i.updated),
            ", ".join(tags.get(i.id, ())),
        ])  # fmt: skip
    return buffer.getvalue()


def _position(info: AnnotationInfo) -> tuple[str, str]:
    """`start` and `end` for CSV: blank for a note, an orphan or a highlight without them."""
    if info.orphan or info.start is None or info.end is None:
        return "", ""
    return str(info.start), str(info.end)


def to_webannotation(
    infos: list[AnnotationInfo], articles: dict[int, Article]
) -> dict[str, object]:
    tags = tag_records.of("annotation", [i.id for i in infos])
    items = [web_annotation(i, articles[i.article_id].uri, tags.get(i.id, ())) for i in infos]
    return {
        "@context": CONTEXT, "type": "AnnotationCollection", "label": "Reader annotations",
        "generator": {"type": "Software", "name": f"Reader {__version__}"},
        "total": len(items), "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }  # fmt: skip


def web_annotation(info: AnnotationInfo, uri: str, tags: Iterable[str] = ()) -> dict[str, object]:
    target: dict[str, object] = {"source": uri}
    if not info.is_note:
        selectors: list[dict[str, object]] = [
            {"type": "TextQuoteSelector", "exact": info.exact or "", "prefix": info.prefix or "",
             "suffix": info.suffix or ""},
        ]  # fmt: skip
        if not info.orphan and info.start is not None and info.end is not None:
            selectors.append({"type": "TextPositionSelector", "start": info.start,
                              "end": info.end})  # fmt: skip
        target["selector"] = selectors
        target["styleClass"] = info.color or "yellow"
    item: dict[str, object] = {
        "id": f"urn:uuid:{info.uuid}", "type": "Annotation",
        "motivation": "commenting" if info.is_note else "highlighting",
        "created": stamp(info.created), "modified": stamp(info.updated), "target": target,
    }  # fmt: skip
    bodies: list[dict[str, object]] = []
    if info.note:
        bodies.append({"type": "TextualBody", "value": info.note, "format": "text/markdown",
                       "purpose": "commenting"})  # fmt: skip
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags]
    if bodies:
        item["body"] = bodies[0] if len(bodies) == 1 else bodies
    return item
