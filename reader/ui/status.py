"""The status bar's sentences, as plain functions of the library's counts."""

from __future__ import annotations

from reader.library import Counts


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def count_summary(counts: Counts) -> str:
    """ "4 articles · 3 unread · 1 bookmarked"."""
    return (
        f"{plural(counts.all, 'article')} · {counts.unread:,} unread · "
        f"{counts.bookmarked:,} bookmarked"
    )


def view_summary(title: str, count: int, noun: str = "article") -> str:
    """ "Unread: 3 articles" ("Notes: 5 annotations")."""
    return f"{title}: {plural(count, noun)}"
