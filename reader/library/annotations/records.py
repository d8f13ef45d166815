"""Highlights and notes: creating, editing, listing and re-anchoring annotations.

A highlight is a passage of `Article.body` (offsets count its characters) with a colour and
an optional Markdown note; a note on a whole article is an annotation of kind "note" with no
selectors. Every write here is one transaction; `Library` wraps each in a `Changes` report.
Nothing in this module deletes an annotation except `delete()`, which the user asks for.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from reader.library.annotations.anchoring import PieceIndex, Selector, anchor, describe
from reader.library.annotations.colours import COLORS
from reader.library.errors import LibraryError
from reader.library.store.models import Annotation, Article, ArticleTopic, database, utcnow
from reader.library.tags.records import tagged_with

if TYPE_CHECKING:
    from reader.library.annotations.webannotation import Incoming

MAX_NOTE_CHARS = 5_000_000  # a note is text typed or pasted by a person: 5 MB is plenty


class AnnotationError(LibraryError):
    """An annotation cannot be made or changed; the message says why."""


@dataclass(frozen=True, slots=True)
class AnnotationInfo:
    """One annotation as the app and the command line see it (a snapshot: restoring it
    after a delete brings back the same annotation, with the same id and uuid)."""

    id: int
    uuid: str
    article_id: int
    kind: str
    color: str | None
    exact: str | None
    prefix: str | None
    suffix: str | None
    start: int | None
    end: int | None
    note: str
    orphan: bool
    created: dt.datetime
    updated: dt.datetime
    moved: bool = False  # re-anchored by an approximate match, not yet seen by the user

    @property
    def is_note(self) -> bool:
        """A note on the whole article (no quote)."""
        return self.kind == "note"


@dataclass(frozen=True, slots=True)
class AnnotationCounts:
    """Articles with annotations, annotations with notes, orphans and highlights."""

    annotated: int
    notes: int
    orphans: int
    highlights: int = 0


def _info(row: Annotation) -> AnnotationInfo:
    values = {f.name: getattr(row, f.name) for f in fields(AnnotationInfo)
              if f.name not in ("article_id",)}  # fmt: skip
    values["article_id"] = row.article_id  # type: ignore[attr-defined]
    values["orphan"] = bool(row.orphan)
    values["moved"] = bool(row.moved)
    return AnnotationInfo(**values)


def _check_color(color: str) -> str:
    if color not in COLORS:
        raise AnnotationError(f"unknown colour {color!r}; choose one of {', '.join(COLORS)}")
    return color


def _check_note(note: str) -> str:
    if len(note) > MAX_NOTE_CHARS:
        raise AnnotationError(f"the note is too long ({len(note):,} characters)")
    return note.replace("\x00", "")


def _body(article_id: int) -> str:
    row = Article.select(Article.body).where(Article.id == article_id).first()
    if row is None:
        raise AnnotationError(f"there is no article {article_id}")
    return str(row.body)


def article_body(article_id: int) -> str:
    """An article's plain text (raises `AnnotationError` if there is no such article)."""
    return _body(article_id)


def get(annotation_id: int) -> AnnotationInfo | None:
    row = Annotation.get_or_none(Annotation.id == annotation_id)
    return _info(row) if row is not None else None


def get_by_uuid(uuid: str) -> AnnotationInfo | None:
    row = Annotation.get_or_none(Annotation.uuid == uuid)
    return _info(row) if row is not None else None


def present_uuids(uuids: list[str]) -> set[str]:
    """Those of `uuids` that an annotation has (one query per 500)."""
    present: set[str] = set()
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        present.update(row.uuid for row in Annotation.select(Annotation.uuid)
                       .where(Annotation.uuid.in_(chunk)))  # fmt: skip
    return present


def create_highlight(
    article_id: int, start: int, end: int, color: str, note: str = ""
) -> AnnotationInfo:
    """Highlight `body[start:end]`; refuses an empty or whitespace-only passage."""
    body = _body(article_id)
    if not 0 <= start < end <= len(body):
        raise AnnotationError("the selection is outside the article's text")
    selector = describe(body, start, end)
    if not selector.exact.strip():
        raise AnnotationError("nothing to highlight: the selection is empty or only spaces")
    now = utcnow()
    row = Annotation.create(
        uuid=str(uuidlib.uuid4()), article=article_id, kind="highlight",
        color=_check_color(color), exact=selector.exact, prefix=selector.prefix,
        suffix=selector.suffix, start=selector.start, end=selector.end,
        note=_check_note(note), created=now, updated=now,
    )  # fmt: skip
    return _info(row)


def create_note(article_id: int, note: str) -> AnnotationInfo:
    """A note on the whole article."""
    _body(article_id)
    now = utcnow()
    row = Annotation.create(
        uuid=str(uuidlib.uuid4()), article=article_id, kind="note", note=_check_note(note),
        created=now, updated=now,
    )  # fmt: skip
    return _info(row)


def _require(annotation_id: int) -> Annotation:
    row = Annotation.get_or_none(Annotation.id == annotation_id)
    if row is None:
        raise AnnotationError(f"there is no annotation {annotation_id}")
    return row


def set_note(annotation_id: int, note: str) -> AnnotationInfo:
    row = _require(annotation_id)
    row.note = _check_note(note)
    row.updated = utcnow()
    row.save()
    return _info(row)


def set_color(annotation_id: int, color: str) -> AnnotationInfo:
    row = _require(annotation_id)
    if row.kind != "highlight":
        raise AnnotationError("only a highlight has a colour")
    row.color = _check_color(color)
    row.updated = utcnow()
    row.save()
    return _info(row)


def delete(annotation_id: int) -> AnnotationInfo:
    """Delete one annotation (the user asked); returns it so that it can be restored."""
    row = _require(annotation_id)
    info = _info(row)
    row.delete_instance()
    return info


def restore(info: AnnotationInfo) -> AnnotationInfo:
    """Put a deleted annotation back exactly as it was (same id and uuid). Restoring one that
    is back already changes nothing; if its id was given meanwhile to another annotation
    (SQLite reuses the highest id), it comes back under a new id rather than not at all."""
    _body(info.article_id)
    present = get_by_uuid(info.uuid)
    if present is not None:
        return present
    values = {f.name: getattr(info, f.name) for f in fields(AnnotationInfo)}
    values["article"] = values.pop("article_id")
    if get(info.id) is not None:
        del values["id"]
    return _info(Annotation.get_by_id(Annotation.insert(**values).execute()))


_ANY_SQL = "SELECT 1 FROM annotation WHERE article_id = ? LIMIT 1"


def for_article(article_id: int) -> list[AnnotationInfo]:
    """An article's annotations in document order: article notes, highlights, orphans."""
    if not database.execute_sql(_ANY_SQL, (article_id,)).fetchone():
        return []  # most articles have none: one index probe, not peewee's query building
    rows = Annotation.select().where(Annotation.article == article_id)
    infos = [_info(r) for r in rows]
    return sorted(infos, key=document_order)


def document_order(info: AnnotationInfo) -> tuple[int, int, int, int]:
    if info.is_note:
        return (0, 0, 0, info.id)
    if info.orphan:
        return (2, 0, 0, info.id)
    return (1, info.start or 0, info.end or 0, info.id)


def listing(
    article_id: int | None = None, color: str | None = None, orphans: bool = False
) -> list[AnnotationInfo]:
    """Annotations of one article or all, grouped by article (newest import first)."""
    query = Annotation.select(Annotation).join(Article)
    if article_id is not None:
        query = query.where(Annotation.article == article_id)
    if color is not None:
        query = query.where(Annotation.color == color)
    if orphans:
        query = query.where(Annotation.orphan == True)  # noqa: E712
    rows = query.order_by(Article.added.desc(), Article.id)
    infos = [_info(r) for r in rows]
    rank = {aid: n for n, aid in enumerate(dict.fromkeys(i.article_id for i in infos))}
    return sorted(infos, key=lambda i: (rank[i.article_id], document_order(i)))


def counts() -> AnnotationCounts:
    sql = """SELECT COUNT(DISTINCT article_id), COUNT(*), COALESCE(SUM(orphan), 0),
             COALESCE(SUM(kind = 'highlight'), 0) FROM annotation"""
    annotated, total, orphans, highlights = database.execute_sql(sql).fetchone()
    return AnnotationCounts(int(annotated), int(total), int(orphans), int(highlights))


def reanchor_article(article_id: int, new_body: str) -> tuple[int, int]:
    """Place an article's highlights in its new text; returns (placed, orphaned).

    Runs inside the caller's transaction (the importer's, when a re-import changes an
    article). A highlight that cannot be placed becomes an orphan: it keeps its quote and
    note and is listed in the Orphans view; it is never deleted. An orphan that fits the new
    text again is placed again.
    """
    placed = orphaned = 0
    query = (
        Annotation.select()
        .where((Annotation.article == article_id) & (Annotation.kind == "highlight"))
        .order_by(Annotation.start, Annotation.id)
    )
    shift = 0  # how far the last placed highlight moved: the next is looked for as far on
    index = PieceIndex(new_body)  # built on first need, shared by the article's highlights
    updates: list[tuple[object, ...]] = []  # written together: one statement, many rows
    with database.atomic():
        for row in list(query):  # read first: updating `start` moves rows in the index
            old = row.start
            found, update = _place(row, new_body, shift, index)
            if update is not None:
                updates.append(update)
            if found is None:
                orphaned += 1
            else:
                placed += 1
                shift = found - old if old is not None else shift
        if updates:
            database.cursor().executemany(_PLACE_SQL, updates)
    return placed, orphaned


_PLACE_SQL = (
    'UPDATE annotation SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, '
    "orphan = ?, moved = ? WHERE id = ?"
)


def _place(
    row: Annotation, body: str, shift: int, index: PieceIndex
) -> tuple[int | None, tuple[object, ...] | None]:
    """Re-anchor one stored highlight in `body`: its new start (None: an orphan), and the
    values of `_PLACE_SQL` that store its new place (None: nothing changed)."""
    selector = Selector(row.exact or "", row.prefix or "", row.suffix or "", row.start, row.end)
    expected = row.start + shift if row.start is not None else None
    found = anchor(body, selector, expected, index)
    if found is None:
        if row.orphan:
            return None, None
        kept = (row.exact, row.prefix, row.suffix, row.start, row.end, True, bool(row.moved))
        return None, (*kept, row.id)
    fresh = describe(body, *found)
    moved = bool(row.moved) or fresh.exact != selector.exact  # only nearly the same text
    new = (fresh.exact, fresh.prefix, fresh.suffix, fresh.start, fresh.end, False, moved)
    if new == (row.exact, row.prefix, row.suffix, row.start, row.end, row.orphan, row.moved):
        return found[0], None
    return found[0], (*new, row.id)


def selector_without_place(selector: Selector) -> Selector:
    """The quote and context of a selector that could not be placed, with no position."""
    return Selector(selector.exact, selector.prefix, selector.suffix)


def insert_incoming(
    item: Incoming, article_id: int, body: str, index: PieceIndex | None = None
) -> AnnotationInfo:
    """Store one imported annotation, anchored in `body` (an orphan if it cannot be);
    `index` is `PieceIndex(body)`, shared by the annotations of one article."""
    values: dict[str, object] = {
        "uuid": item.uuid, "article": article_id, "kind": item.kind, "note": item.note,
        "created": item.created, "updated": item.updated,
    }  # fmt: skip
    if item.kind == "highlight":
        selector = item.selector
        if not selector.exact and selector.start is not None and selector.end is not None:
            selector = describe(body, selector.start, selector.end)  # position only
        found = anchor(body, selector, index=index)
        # an orphan has no place in this text: a position from the file would name other text
        fresh = describe(body, *found) if found is not None else selector_without_place(selector)
        values.update(
            color=item.color, exact=fresh.exact, prefix=fresh.prefix, suffix=fresh.suffix,
            start=fresh.start, end=fresh.end, orphan=found is None,
            moved=found is not None and fresh.exact != selector.exact,
        )  # fmt: skip
    return _info(Annotation.create(**values))


# -- orphans put right, and the Highlights view ----------------------------------------------


def reattach(annotation_id: int, start: int, end: int) -> AnnotationInfo:
    """Attach a highlight (an orphan, usually) to `body[start:end]` of its article, chosen
    by the user: its quote becomes that passage; it is neither an orphan nor moved."""
    row = _require(annotation_id)
    if row.kind != "highlight":
        raise AnnotationError("only a highlight can be attached to a passage")
    body = _body(row.article_id)  # type: ignore[attr-defined]
    if not 0 <= start < end <= len(body):
        raise AnnotationError("the passage is outside the article's text")
    fresh = describe(body, start, end)
    if not fresh.exact.strip():
        raise AnnotationError("nothing to attach to: the passage is empty or only spaces")
    row.exact, row.prefix, row.suffix = fresh.exact, fresh.prefix, fresh.suffix
    row.start, row.end, row.orphan, row.moved = fresh.start, fresh.end, False, False
    row.updated = utcnow()
    row.save()
    return _info(row)


def put_place(info: AnnotationInfo) -> AnnotationInfo:
    """Give a highlight back the place it had in `info` (quote, context, offsets, orphan
    and moved): undoing `reattach`."""
    row = _require(info.id)
    row.exact, row.prefix, row.suffix = info.exact, info.prefix, info.suffix
    row.start, row.end, row.orphan, row.moved = info.start, info.end, info.orphan, info.moved
    row.updated = info.updated
    row.save()
    return _info(row)


def seen(annotation_id: int) -> bool:
    """The user has looked at a moved highlight: it is not marked moved any more. False
    (nothing written) if it was not."""
    query = Annotation.update(moved=False).where(
        (Annotation.id == annotation_id) & (Annotation.moved == True)  # noqa: E712
    )
    return bool(query.execute())


def highlights(
    color: str | None = None, topic: str | None = None, since: dt.datetime | None = None,
    tag: str | None = None,
) -> list[AnnotationInfo]:  # fmt: skip
    """Every highlight (orphans too), grouped by article, the article highlighted most
    recently first and each article's in reading order; optionally of one colour, of
    articles under one topic, made since a time (UTC), or with a tag (or one inside it)
    on the highlight or on its article."""
    query = Annotation.select(Annotation).where(Annotation.kind == "highlight")
    if tag is not None:
        on_articles, on_highlights = tagged_with("article", tag), tagged_with("annotation", tag)
        query = query.where(Annotation.article.in_(on_articles) | Annotation.id.in_(on_highlights))
    if color is not None:
        query = query.where(Annotation.color == color)
    if since is not None:
        query = query.where(Annotation.created >= since)
    if topic is not None:
        query = query.where(Annotation.article.in_(ArticleTopic.select(ArticleTopic.article).where(
            (ArticleTopic.topic == topic) & (ArticleTopic.origin != "removed"))))  # fmt: skip
    infos = [_info(r) for r in query]
    latest: dict[int, dt.datetime] = {}
    for info in infos:
        latest[info.article_id] = max(info.created, latest.get(info.article_id, info.created))
    return sorted(infos, key=lambda i: (-latest[i.article_id].timestamp(), i.article_id,
                                        document_order(i)))  # fmt: skip
