"""A search interrupted while its rows are being fetched (sqlite3 raises there, outside
peewee's wrapper) is cancelled like one interrupted in its statement: never an error."""

from __future__ import annotations

import sqlite3

import pytest

from reader.library import Library, SearchCancelled
from reader.library.search import results


def test_an_interrupt_during_the_fetch_cancels_the_search(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object) -> list[object]:
        raise sqlite3.OperationalError("interrupted")

    monkeypatch.setattr(results, "_articles", interrupted)
    with pytest.raises(SearchCancelled):
        library.search("climber", 50)


def test_another_fetch_error_falls_back_to_the_words(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def refused(match: object, *_args: object) -> list[object]:
        calls.append(match)
        if len(calls) == 1:
            raise sqlite3.OperationalError("fts5: syntax error")
        return []

    monkeypatch.setattr(results, "_articles", refused)
    assert isinstance(library.search("climber", 50), list)  # no error reaches the caller
    assert len(calls) == 2  # the query, then its plain words
