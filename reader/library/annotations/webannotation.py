"""Importing annotations from W3C Web Annotation JSON: read, check every part, then anchor
and store them all in one transaction, or none.

Annotations are matched by id, so a second import of a file adds nothing; a file aimed at
articles this library lacks imports nothing and says why.

Accepts one `Annotation`, a JSON array of them, an `AnnotationPage` (with embedded `next`
pages) or an `AnnotationCollection` whose `first` page is embedded. A target is an IRI or a
`SpecificResource` with a `source` and selectors; the note is the `TextualBody` (or
`bodyValue`). Every problem is collected with the annotation's place in the file, and any
problem rejects the whole file, so an import never stops half way.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuidlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library.annotations import records as notes
from reader.library.annotations.anchoring import Selector
from reader.library.annotations.colours import COLORS
from reader.library.annotations.records import MAX_NOTE_CHARS, AnnotationInfo
from reader.library.errors import LibraryError
from reader.library.store.models import Article, database, utcnow

MAX_ANNOTATIONS = 100_000
MAX_PAGES = 10_000
MAX_PROBLEMS_SHOWN = 3
MAX_IMPORT_BYTES = 20_000_000


class AnnotationImportError(LibraryError):
    """A Web Annotation file cannot be imported; nothing of it was."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One annotation read from a file, not yet anchored."""

    uuid: str
    source: str
    kind: str  # "highlight" or "note"
    selector: Selector
    color: str
    note: str
    created: dt.datetime
    updated: dt.datetime


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


class Problem(ValueError):
    """One thing wrong with one annotation."""


def parse_annotations(text: str, origin: str) -> list[Incoming]:
    """Every annotation in `text`, or `AnnotationImportError` naming what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse(origin, f"not valid JSON (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise _refuse(origin, "the JSON is nested too deeply") from exc
    raw = _items(data, origin)
    if not raw:
        raise _refuse(origin, "it holds no annotations")
    if len(raw) > MAX_ANNOTATIONS:
        raise _refuse(origin, f"more than {MAX_ANNOTATIONS:,} annotations")
    found: list[Incoming] = []
    problems: list[str] = []
    for number, item in enumerate(raw, 1):
        try:
            found.append(_annotation(item))
        except Problem as exc:
            problems.append(f"annotation {number}: {exc}")
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        more = f" (and {len(problems) - MAX_PROBLEMS_SHOWN} more)" * (
            len(problems) > MAX_PROBLEMS_SHOWN
        )
        raise _refuse(origin, f"{len(problems)} invalid annotation(s): {shown}{more}")
    return found


def _refuse(origin: str, why: str) -> AnnotationImportError:
    return AnnotationImportError(f"{origin}: {why}. Nothing was imported.")


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type", node.get("@type"))
    values = kind if isinstance(kind, list) else [kind]
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
    for _ in range(MAX_PAGES):
        found = page.get("items")
        if not isinstance(found, list):
            raise _refuse(origin, "an AnnotationPage has no list of items")
        items += found
        page = page.get("next")  # type: ignore[assignment]
        if not isinstance(page, dict):
            return items
    raise _refuse(origin, "too many pages")


def _annotation(item: object) -> Incoming:
    if not isinstance(item, dict):
        raise Problem("not a JSON object")
    if "Annotation" not in _types(item):
        raise Problem('its "type" is not "Annotation"')
    source, selector, color = _target(item.get("target"))
    note = _note(item)
    created = _time(item.get("created"), "created") or utcnow()
    updated = _time(item.get("modified"), "modified") or created
    return Incoming(
        uuid=_uuid(item), source=source, kind="highlight" if selector else "note",
        selector=selector or Selector("", "", ""), color=color, note=note,
        created=created, updated=updated,
    )  # fmt: skip


def _uuid(item: dict[str, Any]) -> str:
    ident = item.get("id", item.get("@id"))
    if ident is not None and not isinstance(ident, str):
        raise Problem('its "id" is not a string')
    if ident:
        tail = ident.removeprefix("urn:uuid:")
        try:
            return str(uuidlib.UUID(tail))
        except ValueError:
            return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, ident))
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, "reader:" + canonical))


def _target(target: object) -> tuple[str, Selector | None, str]:
    if isinstance(target, list):
        if not target:
            raise Problem("its target list is empty")
        target = target[0]
    if isinstance(target, str):
        return _source(target), None, COLORS[0]
    if not isinstance(target, dict):
        raise Problem("it has no target")
    source = _source(target.get("source", target.get("id")))
    style = target.get("styleClass")
    color = style if isinstance(style, str) and style in COLORS else COLORS[0]
    selectors = target.get("selector")
    if selectors is None:
        return source, None, color
    return source, _selector(selectors), color


def _source(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Problem("its target has no source")
    if len(value) > 2000:
        raise Problem("its target source is too long")
    return value.strip()


def _selector(raw: object) -> Selector:
    options = raw if isinstance(raw, list) else [raw]
    quote: dict[str, Any] | None = None
    position: dict[str, Any] | None = None
    for option in options:
        if not isinstance(option, dict):
            raise Problem("a selector is not a JSON object")
        kinds = _types(option)
        if "TextQuoteSelector" in kinds:
            quote = option
        elif "TextPositionSelector" in kinds:
            position = option
    if quote is None and position is None:
        raise Problem("it has no TextQuoteSelector or TextPositionSelector")
    start, end = _position(position)
    exact, prefix, suffix = "", "", ""
    if quote is not None:
        exact, prefix, suffix = (_text(quote, k) for k in ("exact", "prefix", "suffix"))
        if not exact.strip():
            raise Problem("its quote (exact) is empty")
    if start == end:  # an empty range cannot hold the quote (earlier Reader exports wrote
        if quote is None:  # 0, 0 for an orphan): the quote alone places it
            raise Problem("its TextPositionSelector selects no text (start equals end)")
        start = end = None
    return Selector(exact, prefix, suffix, start, end)


def _text(node: dict[str, Any], key: str) -> str:
    value = node.get(key, "")
    if not isinstance(value, str):
        raise Problem(f'its "{key}" is not a string')
    if len(value) > MAX_NOTE_CHARS:
        raise Problem(f'its "{key}" is too long')
    return value


def _position(node: dict[str, Any] | None) -> tuple[int | None, int | None]:
    if node is None:
        return None, None
    start, end = node.get("start"), node.get("end")
    for value in (start, end):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise Problem("its TextPositionSelector needs whole numbers start and end")
    assert isinstance(start, int) and isinstance(end, int)
    if start > end:
        raise Problem("its TextPositionSelector ends before it starts")
    return start, end


def _note(item: dict[str, Any]) -> str:
    if "bodyValue" in item:
        return _text(item, "bodyValue")
    body = item.get("body")
    if body is None:
        return ""
    parts = body if isinstance(body, list) else [body]
    texts = []
    for part in parts:
        if isinstance(part, str):  # an IRI: a body we cannot show
            continue
        if not isinstance(part, dict):
            raise Problem("its body is not a JSON object")
        if part.get("purpose") == "tagging":
            continue
        if "TextualBody" in _types(part) or "value" in part:
            texts.append(_text(part, "value"))
    return "\n\n".join(t for t in texts if t)


def _time(value: object, key: str) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Problem(f'its "{key}" is not a date string')
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Problem(f'its "{key}" is not a date: {value[:40]!r}') from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
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
