"""What a write changed, so that each view can decide whether and what to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    """The report every library write returns (and sends to its subscribers).

    `articles`: existing articles whose shown data changed (flags, topics, text).
    `added`: articles that are new. `counts`: the sidebar's numbers may differ.
    `topics`: which topics have articles may differ. `reading`: only a scroll position moved.
    `annotations`: annotations created, changed or deleted (their ids).
    `removed`: articles that are no longer in the library.
    `feeds`: subscriptions changed (added, renamed, moved, paused, removed, refreshed).
    `trash`: the removed annotations kept for restoring (`Library.deleted_annotations`)
    changed: one went in, came back or was purged.
    `tags`: tags were put on or taken off something, renamed or merged (the sidebar's Tags).
    """

    articles: frozenset[int] = field(default_factory=frozenset)
    added: frozenset[int] = field(default_factory=frozenset)
    counts: bool = False
    topics: bool = False
    reading: bool = False
    annotations: frozenset[int] = field(default_factory=frozenset)
    removed: frozenset[int] = field(default_factory=frozenset)
    trash: bool = False
    feeds: bool = False
    tags: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.articles or self.added or self.counts or self.topics or self.reading
            or self.annotations or self.removed or self.trash or self.feeds or self.tags
        )  # fmt: skip

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.articles | other.articles,
            self.added | other.added,
            self.counts or other.counts,
            self.topics or other.topics,
            self.reading or other.reading,
            self.annotations | other.annotations,
            self.removed | other.removed,
            self.trash or other.trash,
            self.feeds or other.feeds,
            self.tags or other.tags,
        )


NOTHING = Changes()
