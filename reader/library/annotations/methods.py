"""`Library`'s annotation methods (a mixin): thin, committed-at-once writes that report
`Changes`, and the reads, export and import the window and the command line use. On a
protected library every write raises `LibraryReadOnly` (`reader.library.protection`).

Each write is its own transaction, committed before the method returns (the database runs
with `synchronous=full`), so a highlight or a note survives a crash right after the call.
A removed annotation goes to the trash in the same transaction (`trash`): it can be brought
back for `trash.KEEP_DAYS` days, after a restart too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from reader.library.annotations import export, trash, webannotation
from reader.library.annotations import records as notes
from reader.library.annotations.anchoring import Selector
from reader.library.annotations.candidates import MOST, Candidate, candidates
from reader.library.annotations.records import AnnotationCounts, AnnotationInfo
from reader.library.annotations.trash import DeletedAnnotation
from reader.library.changes import Changes
from reader.library.protection import write
from reader.library.store.models import database
from reader.library.tags import records as tag_records


class AnnotationMethods:
    """Mixed into `Library`, which provides `_report` (sends `Changes` to subscribers) and
    `_clock` (the time now, UTC). Every write wears `@write`: on a protected library it
    raises `LibraryReadOnly`."""

    _report: Callable[[Changes], Changes]
    _clock: Callable[[], dt.datetime]

    def _commit(
        self, action: Callable[[], AnnotationInfo], counts: bool, trashed: bool = False
    ) -> AnnotationInfo:
        """Run one annotation write as its own committed transaction and report it
        (`counts`: it changes how many annotations an article has; `trashed`: the trash)."""
        with database.atomic():
            info = action()
        self._report(Changes(annotations=frozenset([info.id]), counts=counts, trash=trashed))
        return info

    # -- writes ------------------------------------------------------------------------------

    @write
    def add_highlight(
        self, article_id: int, start: int, end: int, color: str, note: str = ""
    ) -> AnnotationInfo:
        """Highlight `body[start:end]` of an article; raises `AnnotationError` if it cannot."""
        return self._commit(
            lambda: notes.create_highlight(article_id, start, end, color, note), counts=True
        )

    @write
    def add_article_note(self, article_id: int, note: str) -> AnnotationInfo:
        """A note on the whole article."""
        return self._commit(lambda: notes.create_note(article_id, note), counts=True)

    @write
    def set_annotation_note(self, annotation_id: int, note: str) -> AnnotationInfo:
        """Replace an annotation's note (Markdown)."""
        return self._commit(lambda: notes.set_note(annotation_id, note), counts=False)

    @write
    def set_annotation_color(self, annotation_id: int, color: str) -> AnnotationInfo:
        """Give a highlight another colour (one of `COLORS`)."""
        return self._commit(lambda: notes.set_color(annotation_id, color), counts=False)

    @write
    def delete_annotation(self, annotation_id: int) -> AnnotationInfo:
        """Delete one annotation (the user's Delete, or undoing its creation): it goes to the
        trash in the same transaction. Returns it, for `restore_annotation`."""

        def delete() -> AnnotationInfo:
            trash.keep(annotation_id, "deleted", self._clock())
            return notes.delete(annotation_id)

        return self._commit(delete, counts=True, trashed=True)

    @write
    def restore_annotation(self, info: AnnotationInfo) -> AnnotationInfo:
        """Undo a delete (or redo a creation): the same annotation, same id and uuid, taken
        out of the trash again."""
        with database.atomic():
            restored = notes.restore(info)
            taken = trash.take(info.uuid)
        self._report(Changes(annotations=frozenset([restored.id]), counts=True, trash=taken))
        return restored

    @write
    def restore_deleted(self, trash_id: int) -> AnnotationInfo:
        """Bring a removed annotation back from the trash, into the article that has its uri
        now (re-imported articles too), re-anchored in its current text; an orphan if its
        quote is gone. Raises `LibraryError` naming the article if it is not in the library
        (import it again first), `AnnotationError` for an unknown `trash_id`."""
        with database.atomic():
            info = trash.restore(trash_id)
            tagged = bool(tag_records.of("annotation", [info.id]))  # its tags came back too
        changes = Changes(annotations=frozenset([info.id]), counts=True, trash=True, tags=tagged)
        self._report(changes)
        return info

    @write
    def purge_deleted(self, now: dt.datetime | None = None) -> int:
        """Forget removed annotations older than `trash.KEEP_DAYS` days (counted back from
        `now`, UTC; default the library's clock); returns how many. Writes nothing if none
        is that old. `Library.open` runs it on a writable library."""
        before = (now or self._clock()) - dt.timedelta(days=trash.KEEP_DAYS)
        with database.atomic():
            purged = trash.purge(before)
        if purged:
            self._report(Changes(trash=True))
        return purged

    @write
    def reattach_annotation(self, annotation_id: int, start: int, end: int) -> AnnotationInfo:
        """Attach a highlight (an orphan) to `body[start:end]` of its article, as the user
        chose; returns it as it is now. Undo with `put_annotation_place(old)`."""
        return self._commit(lambda: notes.reattach(annotation_id, start, end), counts=True)

    @write
    def put_annotation_place(self, info: AnnotationInfo) -> AnnotationInfo:
        """Give a highlight back the place (and orphan and moved marks) it had in `info`."""
        return self._commit(lambda: notes.put_place(info), counts=True)

    @write
    def dismiss_orphan(self, annotation_id: int) -> AnnotationInfo:
        """Put an orphan away: it goes to the trash (reason "dismissed"), from which
        `restore_annotation` or `restore_deleted` brings it back; never simply deleted."""

        def dismiss() -> AnnotationInfo:
            trash.keep(annotation_id, "dismissed", self._clock())
            return notes.delete(annotation_id)

        return self._commit(dismiss, counts=True, trashed=True)

    @write
    def mark_annotation_seen(self, annotation_id: int) -> bool:
        """The user has seen a moved highlight: clear its mark (False: it had none, and
        nothing was written or reported)."""
        with database.atomic():
            cleared = notes.seen(annotation_id)
        if cleared:
            self._report(Changes(annotations=frozenset([annotation_id])))
        return cleared

    @write
    def import_annotations(self, path: Path) -> webannotation.ImportResult:
        """Read a W3C Web Annotation file; all of it or nothing (see `webannotation`).
        Raises `LibraryReadOnly` on a protected library."""
        result = webannotation.import_file(path)
        if result.added or result.tagged:
            changed = frozenset(result.added + result.tagged)
            self._report(Changes(annotations=changed, counts=bool(result.added), tags=True))
        return result

    # -- reads -------------------------------------------------------------------------------

    def annotation(self, annotation_id: int) -> AnnotationInfo | None:
        return notes.get(annotation_id)

    def annotations(self, article_id: int) -> list[AnnotationInfo]:
        """An article's annotations in document order."""
        return notes.for_article(article_id)

    def all_annotations(
        self, article_id: int | None = None, color: str | None = None, orphans: bool = False
    ) -> list[AnnotationInfo]:
        """Annotations grouped by article; optionally of one article, colour, or orphans."""
        return notes.listing(article_id, color, orphans)

    def orphan_candidates(self, annotation_id: int, most: int = MOST) -> list[Candidate]:
        """The passages of the article's current text nearest a highlight's quote (an
        orphan's, usually), the most similar first, each with its `similarity` (0 to 1)."""
        info = notes.get(annotation_id)
        if info is None or info.is_note:
            return []
        selector = Selector(info.exact or "", info.prefix or "", info.suffix or "", info.start)
        return candidates(notes.article_body(info.article_id), selector, most)

    def highlights(
        self, color: str | None = None, topic: str | None = None,
        since: dt.datetime | None = None, tag: str | None = None,
    ) -> list[AnnotationInfo]:  # fmt: skip
        """Every highlight in the library grouped by article (the most recently highlighted
        first); optionally of one colour, of articles under a topic, made since (UTC), or
        with a tag (or one inside it) on the highlight or its article."""
        return notes.highlights(color, topic, since, tag)

    def deleted_annotations(self) -> list[DeletedAnnotation]:
        """The trash: removed highlights and notes, the most recently removed first."""
        return trash.entries()

    def annotation_counts(self) -> AnnotationCounts:
        return notes.counts()

    def export_annotations(self, fmt: str, article_id: int | None = None) -> str:
        """The annotations as `markdown`, `webannotation` (JSON-LD) or `csv` text."""
        return export.export(fmt, article_id)

    def export_annotation_list(self, fmt: str, annotation_ids: list[int]) -> str:
        """These annotations (those a view shows, in its order) as `fmt` text."""
        return export.export_these(fmt, annotation_ids)
