"""Removed highlights and notes, kept so that they can be brought back (migration 0006).

Whatever removes an annotation (the user's Delete, undoing its creation, removing its article)
first copies it whole into `annotation_trash`, in the same transaction: its row with id and
uuid, its article's id, uri and title, when and why it was removed. Undoing a delete takes
the entry out again (`take`); `restore` brings one back after any time, into the article
that now has its uri (it may have been imported again under another id), re-anchored in the
article's current text the way a re-import re-anchors. Entries are kept `KEEP_DAYS` days and
purged after that; a purge with nothing to purge writes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from peewee import JOIN, ModelSelect

from reader.library.annotations.anchoring import Selector, anchor, describe
from reader.library.annotations.records import AnnotationError, AnnotationInfo, get, get_by_uuid
from reader.library.errors import LibraryError
from reader.library.store.models import Annotation, AnnotationTrash, Article, database
from reader.library.tags import records as tag_records
from reader.library.tags.names import TagError

KEEP_DAYS = 30
Reason = Literal["deleted", "article removed", "dismissed"]
_COPY_SQL = (
    "INSERT INTO annotation_trash (annotation_id, uuid, article_id, article_uri, article_title, "
    'kind, color, exact, prefix, suffix, start, "end", note, orphan, created, updated, removed, '
    "reason, tags) SELECT n.id, n.uuid, n.article_id, a.uri, a.title, n.kind, n.color, n.exact, "
    'n.prefix, n.suffix, n.start, n."end", n.note, n.orphan, n.created, n.updated, ?, ?, '
    "COALESCE((SELECT json_group_array(t.name) FROM annotation_tag l JOIN tag t "
    "ON t.id = l.tag_id WHERE l.annotation_id = n.id), '[]') "
    "FROM annotation n JOIN article a ON a.id = n.article_id WHERE {where}"
)


@dataclass(frozen=True, slots=True)
class DeletedAnnotation:
    """One entry of the trash. `annotation` is the annotation as it was removed (its
    `article_id` the article's id then); `removed` is in UTC (naive, like every stored time);
    `current_article_id` is the article that has `article_uri` now (None: not in the
    library, so the annotation cannot be restored until it is imported again)."""

    trash_id: int
    annotation: AnnotationInfo
    article_uri: str
    article_title: str
    removed: dt.datetime
    reason: str
    current_article_id: int | None

    @property
    def article_present(self) -> bool:
        """Whether its article is in the library now (under any id)."""
        return self.current_article_id is not None


def keep(annotation_id: int, reason: Reason, now: dt.datetime) -> None:
    """Copy one annotation into the trash (call inside the transaction that deletes it)."""
    database.execute_sql(_COPY_SQL.format(where="n.id = ?"), (str(now), reason, annotation_id))


def keep_of_articles(article_ids: Sequence[int], reason: Reason, now: dt.datetime) -> None:
    """Copy every annotation of these articles into the trash (inside the transaction that
    removes them)."""
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        where = f"n.article_id IN ({','.join('?' * len(chunk))})"
        database.execute_sql(_COPY_SQL.format(where=where), (str(now), reason, *chunk))


def take(uuid: str) -> bool:
    """Take the entries of the annotation `uuid` out of the trash (it is back); False if it
    had none."""
    return bool(AnnotationTrash.delete().where(AnnotationTrash.uuid == uuid).execute())


def entries() -> list[DeletedAnnotation]:
    """Everything in the trash, the most recently removed first."""
    query = _query().order_by(AnnotationTrash.removed.desc(), AnnotationTrash.id.desc())
    return [_entry(row) for row in query]


def entry(trash_id: int) -> DeletedAnnotation | None:
    row = _query().where(AnnotationTrash.id == trash_id).first()
    return _entry(row) if row is not None else None


def restore(trash_id: int) -> AnnotationInfo:
    """Bring one entry back (inside the caller's transaction): into the article that has its
    uri now, re-anchored in that article's text (an orphan if its quote is not found), with
    its old id if that is free and always its uuid. If an annotation with its uuid is
    already in the library (imported again meanwhile), the entry just leaves the trash and
    that annotation is returned. Raises `LibraryError` if the article is not in the library.
    """
    found = entry(trash_id)
    if found is None:
        raise AnnotationError(f"there is no removed note or highlight {trash_id}")
    old = found.annotation
    present = get_by_uuid(old.uuid)
    if present is None:
        if found.current_article_id is None:
            raise LibraryError(
                f"the article of removed note {trash_id}, “{_short(found.article_title)}” "
                f"({found.article_uri}), is not in the library; import it again, then restore "
                "the note"
            )
        present = _insert(old, found.current_article_id)
        _put_tags_back(trash_id, present.id)
    AnnotationTrash.delete().where(AnnotationTrash.id == trash_id).execute()
    return present


def _put_tags_back(trash_id: int, annotation_id: int) -> None:
    """The tags the annotation had when it was removed (a name no longer valid is left)."""
    row = AnnotationTrash.select(AnnotationTrash.tags).where(AnnotationTrash.id == trash_id)
    stored = row.scalar() or "[]"
    try:
        names = [n for n in json.loads(stored) if isinstance(n, str)]
    except ValueError:
        return
    for name in names:
        with contextlib.suppress(TagError):
            tag_records.add("annotation", [annotation_id], [name])


def purge(before: dt.datetime) -> int:
    """Forget entries removed before `before`; returns how many. Writes nothing when there
    is nothing to forget (it looks first), so opening a library stays a read."""
    old = AnnotationTrash.select().where(AnnotationTrash.removed < before)
    if not old.exists():
        return 0
    return int(AnnotationTrash.delete().where(AnnotationTrash.removed < before).execute())


def _insert(old: AnnotationInfo, article_id: int) -> AnnotationInfo:
    article = Article.select(Article.body).where(Article.id == article_id).get()
    values: dict[str, object] = {
        "uuid": old.uuid, "article": article_id, "kind": old.kind, "color": old.color,
        "note": old.note, "created": old.created, "updated": old.updated,
        "exact": old.exact, "prefix": old.prefix, "suffix": old.suffix, "start": old.start,
        "end": old.end, "orphan": old.orphan,
    }  # fmt: skip
    if old.kind == "highlight":
        selector = Selector(old.exact or "", old.prefix or "", old.suffix or "", old.start, old.end)
        placed = anchor(article.body, selector, old.start)
        fresh = describe(article.body, *placed) if placed is not None else selector
        values.update(
            exact=fresh.exact, prefix=fresh.prefix, suffix=fresh.suffix, start=fresh.start,
            end=fresh.end, orphan=placed is None,
            moved=placed is not None and fresh.exact != selector.exact,
        )  # fmt: skip
    if get(old.id) is None:
        values["id"] = old.id
    new_id = Annotation.insert(**values).execute()
    info = get(int(new_id))
    assert info is not None
    return info


def _query() -> ModelSelect[AnnotationTrash]:
    """Trash rows, each with `present`: the id of the article that has its uri now."""
    return (
        AnnotationTrash.select(AnnotationTrash, Article.id.alias("present"))
        .join(Article, JOIN.LEFT_OUTER, on=(Article.uri == AnnotationTrash.article_uri))
        .objects()
    )


def _entry(row: Any) -> DeletedAnnotation:
    info = AnnotationInfo(
        id=row.annotation_id, uuid=row.uuid, article_id=row.article_id, kind=row.kind,
        color=row.color, exact=row.exact, prefix=row.prefix, suffix=row.suffix,
        start=row.start, end=row.end, note=row.note, orphan=bool(row.orphan),
        created=row.created, updated=row.updated,
    )  # fmt: skip
    present = getattr(row, "present", None)
    return DeletedAnnotation(
        trash_id=row.id, annotation=info, article_uri=row.article_uri,
        article_title=row.article_title, removed=row.removed, reason=row.reason,
        current_article_id=int(present) if present is not None else None,
    )  # fmt: skip


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
