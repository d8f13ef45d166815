"""`Library`'s tag methods (a mixin): tagging articles and annotations, listing tags with
counts, renaming and merging (each one transaction, undone by `restore_tags`).

Every write wears `@write` (on a protected library it raises `LibraryReadOnly`), runs in one
transaction and reports `Changes(tags=True, …)` naming the articles and annotations whose
tags changed. A bad name raises `TagError` (a `LibraryError`) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reader.library.changes import NOTHING, Changes
from reader.library.protection import write
from reader.library.store.models import database
from reader.library.tags import records
from reader.library.tags.records import Kind, TagInfo, TagSnapshot


class TagMethods:
    """Mixed into `Library`, which provides `_report`."""

    _report: Callable[[Changes], Changes]

    # -- reads -------------------------------------------------------------------------------

    def tags(self) -> list[TagInfo]:
        """Every tag with how many articles and annotations it (or a tag inside it) is on;
        parents before the tags inside them, A to Z ignoring case."""
        return records.listing()

    def article_tags(self, article_id: int) -> tuple[str, ...]:
        """An article's tags, A to Z."""
        return records.of("article", [article_id]).get(article_id, ())

    def tags_of_articles(self, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The tags of each of the articles that has any."""
        return records.of("article", list(ids))

    def annotation_tags(self, annotation_id: int) -> tuple[str, ...]:
        """An annotation's tags, A to Z."""
        return records.of("annotation", [annotation_id]).get(annotation_id, ())

    def tags_of_annotations(self, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The tags of each of the annotations that has any."""
        return records.of("annotation", list(ids))

    def find_tag(self, name: str) -> str:
        """The stored spelling of the tag `name` (any case); `TagError` if there is none."""
        return records.find(name)

    # -- writes ------------------------------------------------------------------------------

    @write
    def tag_articles(
        self, ids: Iterable[int], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> Changes:
        """Put the tags `add` on the articles `ids` and take `remove` off them, in one write
        (unknown articles are skipped). Raises `TagError` for a bad name."""
        return self._tag("article", list(ids), list(add), list(remove))

    @write
    def tag_annotations(
        self, ids: Iterable[int], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> Changes:
        """As `tag_articles`, for highlights and notes."""
        return self._tag("annotation", list(ids), list(add), list(remove))

    def _tag(self, kind: Kind, ids: list[int], add: list[str], remove: list[str]) -> Changes:
        with database.atomic():
            changed = records.add(kind, ids, add) | records.remove(kind, ids, remove)
        if not changed:
            return NOTHING
        items = frozenset(changed)
        if kind == "article":
            return self._report(Changes(articles=items, counts=True, tags=True))
        return self._report(Changes(annotations=items, tags=True))

    @write
    def rename_tag(self, old: str, new: str) -> TagSnapshot:
        """Rename a tag and the tags inside it (`work/x` becomes `new/x`); a new name that is
        a tag already merges the two. One write, however many articles; returns what undoes it
        (`restore_tags`). Raises `TagError` for an unknown tag or a bad name."""
        with database.atomic():
            before, _ = records.rename(old, new)
        return self._reported(before)

    @write
    def merge_tags(self, names: Iterable[str], into: str) -> TagSnapshot:
        """Fold the tags `names` (and the tags inside them) into `into`, made if new. One
        write; returns what undoes it (`restore_tags`)."""
        with database.atomic():
            before, _ = records.merge(list(names), into)
        return self._reported(before)

    @write
    def restore_tags(self, saved: TagSnapshot) -> Changes:
        """Put the tags back as a rename or merge found them (its undo); what was tagged
        then and has been removed since stays removed."""
        with database.atomic():
            records.restore(saved)
        return self._report(self._changes(saved))

    def _reported(self, before: TagSnapshot) -> TagSnapshot:
        self._report(self._changes(before))
        return before

    @staticmethod
    def _changes(snapshot: TagSnapshot) -> Changes:
        return Changes(articles=snapshot.articles, annotations=snapshot.annotations,
                       counts=True, tags=True)  # fmt: skip
