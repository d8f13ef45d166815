"""`Library`'s annotation methods (a mixin): thin, committed-at-once writes that report
`Changes`, and the reads, export and import the window and the command line use. On a
protected library every write raises `LibraryReadOnly` (`reader.library.protection`).

Each write is its own transaction, committed before the method returns (the database runs
with `synchronous=full`), so a highlight or a note survives a crash right after the call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.library.annotations import export, webannotation
from reader.library.annotations import records as notes
from reader.library.annotations.records import AnnotationCounts, AnnotationInfo
from reader.library.changes import Changes
from reader.library.protection import write
from reader.library.store.models import database


class AnnotationMethods:
    """Mixed into `Library`, which provides `_report` (sends `Changes` to subscribers).
    Every write wears `@write`: on a protected library it raises `LibraryReadOnly`."""

    _report: Callable[[Changes], Changes]

    def _commit(self, action: Callable[[], AnnotationInfo], counts: bool) -> AnnotationInfo:
        """Run one annotation write as its own committed transaction and report it
        (`counts`: it changes how many annotations an article has)."""
        with database.atomic():
            info = action()
        self._report(Changes(annotations=frozenset([info.id]), counts=counts))
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
        """Delete one annotation because the user asked; returns it for `restore_annotation`."""
        return self._commit(lambda: notes.delete(annotation_id), counts=True)

    @write
    def restore_annotation(self, info: AnnotationInfo) -> AnnotationInfo:
        """Undo a delete: the same annotation, same id and uuid."""
        return self._commit(lambda: notes.restore(info), counts=True)

    @write
    def import_annotations(self, path: Path) -> webannotation.ImportResult:
        """Read a W3C Web Annotation file; all of it or nothing (see `webannotation`).
        Raises `LibraryReadOnly` on a protected library."""
        result = webannotation.import_file(path)
        if result.added:
            self._report(Changes(annotations=frozenset(result.added), counts=True))
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

    def annotation_counts(self) -> AnnotationCounts:
        return notes.counts()

    def export_annotations(self, fmt: str, article_id: int | None = None) -> str:
        """The annotations as `markdown`, `webannotation` (JSON-LD) or `csv` text."""
        return export.export(fmt, article_id)
