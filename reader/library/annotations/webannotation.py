"""Importing annotations from W3C Web Annotation JSON: read, check every field, then anchor
and store them all in one transaction, or none.

Annotations are matched by id, so a second import of a file adds nothing but the tags an
annotation already in the library lacks (its tags come back); a file aimed at
articles this library lacks imports nothing and says why.

Accepts one `Annotation`, a JSON array of them, an `AnnotationPage` (with embedded `next`
pages) or an `AnnotationCollection` whose `first` page is embedded. A target is an IRI or a
`SpecificResource` with a `source` and selectors; the note is the `TextualBody` (or
`bodyValue`); each `TextualBody` with purpose `tagging` is a tag, checked as every tag name is
(`reader.library.tags.names`). The JSON is read strictly (`strictjson`) and every field
Reader uses is checked for its type, size and range; each problem is reported on one line
with the annotation's place in the file, its id and the field, and any problem rejects the
whole file, so an import never stops half way. Nothing named in a file is ever opened:
`target.source` only picks the article (by its uri), and a `file:` source is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid as uuidlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.library.annotations import records as notes
from reader.library.annotations.anchoring import PieceIndex, Selector
from reader.library.annotations.colours import COLORS
from reader.library.annotations.records import MAX_NOTE_CHARS, AnnotationInfo
from reader.library.annotations.strictjson import JsonError, first_flaw, kind, loads, shown
from reader.library.errors import LibraryError
from reader.library.store.models import Article, database, utcnow
from reader.library.tags import records as tag_records
from reader.library.tags.names import TagError, clean_tag, clean_tags

MAX_ANNOTATIONS = 100_000
MAX_PAGES = 10_000
MAX_PROBLEMS_SHOWN = 3
MAX_IMPORT_BYTES = 20_000_000
MAX_DEPTH = 12  # within one annotation (Reader writes 4 levels; others a few more)
MAX_IRI_CHARS = 2000
MAX_CONTEXT_CHARS = 4096  # prefix or suffix (Reader and Hypothesis write 32)
MAX_OFFSET = 1_000_000_000  # a character offset past any article Reader can import
MAX_DATE_CHARS = 64
SOURCE_SCHEMES = ("urn", "http", "https")  # the uris an article can have
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class AnnotationImportError(LibraryError):
    """A Web Annotation file cannot be imported; nothing of it was."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One annotation read from a file, not yet anchored; `label` names it in messages
    (its place in the file and its id)."""

    uuid: str
    source: str
    kind: str  # "highlight" or "note"
    selector: Selector
    color: str
    note: str
    created: dt.datetime
    updated: dt.datetime
    label: str = ""
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class ImportResult:
    """What an import did: new annotation ids, ones already present, and new orphans."""

    added: list[int] = field(default_factory=list)
    duplicates: int = 0
    orphans: list[AnnotationInfo] = field(default_factory=list)
    tagged: list[int] = field(default_factory=list)  # annotations that got a tag back

    def summary(self) -> str:
        n = len(self.added)
        return (
            f"Imported {n} annotation{'s' * (n != 1)}; {self.duplicates} already in the "
            f"library; {len(self.orphans)} could not be placed (orphans)."
        )


class Problem(ValueError):
    """One thing wrong with one annotation: where in it (a field path) and why."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}" if where else why)


def parse_annotations(text: str, origin: str) -> list[Incoming]:
    """Every annotation in `text`, or `AnnotationImportError` naming what is wrong."""
    try:
        data = loads(text)
    except JsonError as exc:
        raise _refuse(origin, str(exc)) from exc
    raw = _items(data, origin)
    if not raw:
        raise _refuse(origin, "it holds no annotations")
    if len(raw) > MAX_ANNOTATIONS:
        raise _refuse(origin, f"more than {MAX_ANNOTATIONS:,} annotations")
    found: list[Incoming] = []
    problems: list[str] = []
    first: dict[str, tuple[int, Incoming]] = {}  # by uuid: where it was first seen
    now = utcnow()  # for annotations without dates: one time, so repeats stay equal
    for number, item in enumerate(raw, 1):
        label = f"annotation {number} ({_ident_shown(item)})"
        try:
            incoming = _annotation(item, now)
        except Problem as exc:
            problems.append(f"{label}: {exc}")
            continue
        seen, earlier = first.setdefault(incoming.uuid, (number, incoming))
        if seen != number and earlier != incoming:
            problems.append(f"{label}: has the id of annotation {seen} but says something "
                            "else (which one is meant?)")  # fmt: skip
            continue
        found.append(replace(incoming, label=label))
    if problems:
        raise _refuse(origin, _listed(problems))
    return found


def _listed(problems: list[str]) -> str:
    shown_ = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    n = len(problems)
    return f"{n} invalid annotation{'s' * (n != 1)}: {shown_}" + f" (and {more} more)" * (more > 0)


def _refuse(origin: str, why: str) -> AnnotationImportError:
    return AnnotationImportError(f"{origin}: {why}. Nothing was imported.")


def _ident_shown(item: object) -> str:
    ident = item.get("id", item.get("@id")) if isinstance(item, dict) else None
    return f"id {shown(ident)}" if isinstance(ident, str) and ident else "no id"


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("type", node.get("@type"))
    values = value if isinstance(value, list) else [value]
    return {v for v in values if isinstance(v, str)}


def _items(data: object, origin: str) -> list[object]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise _refuse(origin, "expected a JSON object or array of Web Annotations")
    kinds = _types(data)
    if "Annotation" in kinds:
        return [data]
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        if first is None and isinstance(data.get("items"), list):
            return list(data["items"])
        if not isinstance(first, dict):
            raise _refuse(origin, "the collection's first page is not included in the file")
        return _page_items(first, origin)
    if "AnnotationPage" in kinds:
        return _page_items(data, origin)
    raise _refuse(origin, "not a Web Annotation, AnnotationPage or AnnotationCollection")


def _page_items(page: dict[str, Any], origin: str) -> list[object]:
    items: list[object] = []
    for number in range(1, MAX_PAGES + 1):
        found = page.get("items")
        if not isinstance(found, list):
            raise _refuse(origin, f"AnnotationPage {number} has no list of items")
        items += found
        following = page.get("next")
        if following is None:
            return items
        if not isinstance(following, dict):
            raise _refuse(origin, f"the page after page {number} is not included in the file")
        page = following
    raise _refuse(origin, f"more than {MAX_PAGES:,} pages")


# -- one annotation -------------------------------------------------------------------------


def _annotation(item: object, now: dt.datetime) -> Incoming:
    if not isinstance(item, dict):
        raise Problem("", f"not a JSON object (it is {kind(item)})")
    flaw = first_flaw(item, MAX_DEPTH)
    if flaw is not None:
        where, why = flaw
        raise Problem("", f"{where or 'it'} {why}")
    if "Annotation" not in _types(item):
        raise Problem("", 'its "type" is not "Annotation"')
    _motivation(item.get("motivation"))
    source, selector, color = _target(item.get("target"))
    note = _note(item)
    tags = _tags(item.get("body"))
    created = _time(item.get("created"), "created") or now
    updated = _time(item.get("modified"), "modified") or created
    return Incoming(
        uuid=_uuid(item), source=source, kind="highlight" if selector else "note",
        selector=selector or Selector("", "", ""), color=color, note=note,
        created=created, updated=updated, tags=tags,
    )  # fmt: skip


def _motivation(value: object) -> None:
    values = value if isinstance(value, list) else [value]
    if value is not None and not all(isinstance(v, str) for v in values):
        raise Problem("", '"motivation" is not a string or a list of strings')


def _uuid(item: dict[str, Any]) -> str:
    key = "id" if "id" in item else "@id"
    ident = item.get(key)
    if ident is not None:
        if not isinstance(ident, str):
            raise Problem("", f'"{key}" is not a string (it is {kind(ident)})')
        _plain(ident, key, MAX_IRI_CHARS)
    if ident:
        tail = ident.removeprefix("urn:uuid:")
        try:
            return str(uuidlib.UUID(tail))
        except ValueError:
            return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, ident))
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, "reader:" + canonical))


def _plain(value: str, where: str, limit: int) -> None:
    """An id or uri: a line of at most `limit` characters, no control characters."""
    if len(value) > limit:
        raise Problem("", f'"{where}" is too long ({len(value):,} characters; at most {limit:,})')
    if _CONTROL.search(value):
        raise Problem("", f'"{where}" holds control characters: {shown(value)}')


def _target(target: object) -> tuple[str, Selector | None, str]:
    where = "target"
    if isinstance(target, list):
        if not target:
            raise Problem("", "its target list is empty")
        if len(target) > 1:
            raise Problem("", f"it has {len(target)} targets; Reader keeps one per annotation")
        target, where = target[0], "target[0]"
    if target is None:
        raise Problem("", "it has no target")
    if isinstance(target, str):
        return _source(target, where), None, COLORS[0]
    if not isinstance(target, dict):
        raise Problem("", f"it has no target ({where} is {kind(target)})")
    key = "source" if "source" in target else "id"
    source = _source(target.get(key), f"{where}.{key}")
    style = target.get("styleClass")
    if style is not None and not isinstance(style, str):
        raise Problem(where, f'"styleClass" is not a string (it is {kind(style)})')
    color = style if isinstance(style, str) and style in COLORS else COLORS[0]
    selectors = target.get("selector")
    if selectors is None:
        return source, None, color
    return source, _selector(selectors, f"{where}.selector"), color


def _source(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Problem("", f"its target has no source ({where} is {kind(value)})"
                      if value is not None else "its target has no source")  # fmt: skip
    value = value.strip()
    _plain(value, where, MAX_IRI_CHARS)
    scheme = _SCHEME.match(value)
    if scheme is None:
        raise Problem("", f'"{where}" is not a uri: {shown(value)}')
    name = scheme.group(1).lower()
    if name == "file":
        raise Problem("", f'"{where}" is a file: URL ({shown(value)}); a target names an '
                      "article by its uri (urn:sha256:…), and Reader never opens a file an "
                      "annotation file names")  # fmt: skip
    if name not in SOURCE_SCHEMES:
        raise Problem("", f'"{where}" is a {name}: uri ({shown(value)}); an article\'s uri '
                      "is a urn:, http: or https: one")  # fmt: skip
    return value


def _selector(raw: object, where: str) -> Selector:
    options = raw if isinstance(raw, list) else [raw]
    quote: tuple[dict[str, Any], str] | None = None
    position: tuple[dict[str, Any], str] | None = None
    for number, option in enumerate(options):
        here = f"{where}[{number}]" if isinstance(raw, list) else where
        if not isinstance(option, dict):
            raise Problem(here, f"a selector is not a JSON object (it is {kind(option)})")
        kinds = _types(option)
        for name, current in (("TextQuoteSelector", quote), ("TextPositionSelector", position)):
            if name in kinds and current is not None:
                raise Problem(here, f"a second {name} (which one is meant?)")
        if "TextQuoteSelector" in kinds:
            quote = (option, here)
        elif "TextPositionSelector" in kinds:
            position = (option, here)
    if quote is None and position is None:
        raise Problem(where, "it has no TextQuoteSelector or TextPositionSelector")
    start, end = _position(*position) if position is not None else (None, None)
    exact, prefix, suffix = "", "", ""
    if quote is not None:
        node, here = quote
        exact = _text(node, "exact", here, MAX_NOTE_CHARS, required=True)
        prefix = _text(node, "prefix", here, MAX_CONTEXT_CHARS)
        suffix = _text(node, "suffix", here, MAX_CONTEXT_CHARS)
        if not exact.strip():
            raise Problem(here, 'its quote ("exact") is empty')
    if start == end:  # an empty range cannot hold the quote (earlier Reader exports wrote
        if quote is None:  # 0, 0 for an orphan): the quote alone places it
            raise Problem(where, "its TextPositionSelector selects no text (start equals end)")
        start = end = None
    return Selector(exact, prefix, suffix, start, end)


def _text(node: dict[str, Any], key: str, where: str, limit: int, required: bool = False) -> str:
    if key not in node and required:
        raise Problem(where, f'"{key}" is missing')
    value = node.get(key, "")
    if not isinstance(value, str):
        raise Problem(where, f'"{key}" is not a string (it is {kind(value)})')
    if len(value) > limit:
        raise Problem(where, f'"{key}" is too long ({len(value):,} characters; at most {limit:,})')
    return value


def _position(node: dict[str, Any], where: str) -> tuple[int, int]:
    values = []
    for key in ("start", "end"):
        value = node.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            found = shown(value) if isinstance(value, str) else kind(value)
            raise Problem(where, f'"{key}" is {found}, but start and end must be whole numbers')
        if not 0 <= value <= MAX_OFFSET:
            raise Problem(where, f'"{key}" is {value:,}; an offset is 0 to {MAX_OFFSET:,}')
        values.append(value)
    start, end = values
    if start > end:
        raise Problem(where, f"its TextPositionSelector ends ({end:,}) before it starts "
                      f"({start:,})")  # fmt: skip
    return start, end


def _note(item: dict[str, Any]) -> str:
    if "bodyValue" in item:
        return _text(item, "bodyValue", "", MAX_NOTE_CHARS).replace("\x00", "")
    body = item.get("body")
    if body is None:
        return ""
    parts = body if isinstance(body, list) else [body]
    texts = []
    for number, part in enumerate(parts):
        where = f"body[{number}]" if isinstance(body, list) else "body"
        if isinstance(part, str):  # an IRI: a body elsewhere, which Reader never fetches
            continue
        if not isinstance(part, dict):
            raise Problem(where, f"the body is not a JSON object (it is {kind(part)})")
        for key in ("purpose", "format", "language"):
            if key in part and not isinstance(part[key], (str, list)):
                raise Problem(where, f'"{key}" is not a string (it is {kind(part[key])})')
        if part.get("purpose") == "tagging":
            continue
        if "TextualBody" in _types(part) or "value" in part:
            texts.append(_text(part, "value", where, MAX_NOTE_CHARS))
    note = "\n\n".join(t for t in texts if t).replace("\x00", "")
    if len(note) > MAX_NOTE_CHARS:
        raise Problem("body", f"the note is too long ({len(note):,} characters)")
    return note


def _tags(body: object) -> tuple[str, ...]:
    """The names of the `tagging` bodies (checked by `_note` for their shape)."""
    parts = body if isinstance(body, list) else [body]
    names: list[str] = []
    for number, part in enumerate(parts):
        if not isinstance(part, dict):
            continue
        purpose = part.get("purpose")
        if purpose != "tagging" and not (isinstance(purpose, list) and "tagging" in purpose):
            continue
        where = f"body[{number}]" if isinstance(body, list) else "body"
        value = part.get("value")
        if not isinstance(value, str):
            raise Problem(where, f'a tag\'s "value" is not a string (it is {kind(value)})')
        try:
            names.append(clean_tag(value))
        except TagError as exc:
            raise Problem(where, str(exc)) from None
    return tuple(clean_tags(names))


def _time(value: object, key: str) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Problem("", f'"{key}" is not a date string (it is {kind(value)})')
    if len(value) > MAX_DATE_CHARS:
        raise Problem("", f'"{key}" is not a date: {shown(value)}')
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Problem("", f'"{key}" is not a date: {shown(value)}') from None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:
            raise Problem("", f'"{key}" is {shown(value)}, which is outside the years '
                          "1 to 9999 in UTC") from None  # fmt: skip
    return parsed


# -- storing ------------------------------------------------------------------------------


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
            f"(first: {shown(unknown[0], 200)}). Import those articles first. Nothing was "
            "imported."
        )
    problems = [p for item in incoming if (p := _unplaceable(item, known[item.source].body))]
    if problems:
        raise _refuse(origin, _listed(problems))
    result = ImportResult()
    indexes: dict[str, PieceIndex] = {}  # one per article, built when a quote needs it
    with database.atomic():
        seen = notes.present_uuids([item.uuid for item in incoming])
        for item in incoming:
            if item.uuid in seen:
                result.duplicates += 1
                _tag_again(item, result)
                continue
            seen.add(item.uuid)
            article = known[item.source]
            index = indexes.setdefault(item.source, PieceIndex(article.body))
            info = notes.insert_incoming(item, article.id, index.text, index)
            tag_records.add("annotation", [info.id], item.tags)
            result.added.append(info.id)
            if info.orphan:
                result.orphans.append(info)
    return result


def _tag_again(item: Incoming, result: ImportResult) -> None:
    """Give an annotation already in the library the tags the file has for it."""
    present = notes.get_by_uuid(item.uuid) if item.tags else None
    if present is not None and tag_records.add("annotation", [present.id], item.tags):
        result.tagged.append(present.id)


def _unplaceable(item: Incoming, body: str) -> str | None:
    """Why a highlight given by position alone names no text of its article (None if it
    does): with no quote to keep, it could not even be an orphan."""
    selector = item.selector
    if item.kind != "highlight" or selector.exact or selector.end is None:
        return None
    if selector.end > len(body):
        return (f"{item.label}: its TextPositionSelector ({selector.start:,} to "
                f"{selector.end:,}) lies outside the article's text ({len(body):,} "
                "characters) and it has no quote")  # fmt: skip
    if not body[selector.start : selector.end].strip():
        return f"{item.label}: its TextPositionSelector selects only spaces and it has no quote"
    return None
