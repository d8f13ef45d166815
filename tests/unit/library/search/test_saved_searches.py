"""Saved searches: save, list, rename, delete, with clear errors and change reports."""

from __future__ import annotations

import pytest

from reader.library import Changes, Library
from reader.library.search.saved import SavedSearchError


def test_save_list_rename_delete(library: Library) -> None:
    reports: list[Changes] = []
    library.subscribe(reports.append)
    first = library.save_search("  Climbing  ", "taipei")
    library.save_search("alpha", "is:unread")
    assert first.name == "Climbing"
    assert [(s.name, s.query) for s in library.saved_searches()] == [
        ("alpha", "is:unread"),
        ("Climbing", "taipei"),
    ]
    renamed = library.rename_search(first.id, "Skyscrapers")
    assert renamed.query == "taipei"
    assert "Skyscrapers" in [s.name for s in library.saved_searches()]
    assert library.delete_search(first.id)
    assert [s.name for s in library.saved_searches()] == ["alpha"]
    assert not library.delete_search(first.id)
    assert len(reports) == 4 and all(r.counts for r in reports)
    assert library.counts().all == 4  # deleting a search deletes nothing else


def test_saving_under_an_existing_name_replaces_its_query(library: Library) -> None:
    library.save_search("News", "taipei")
    library.save_search("news", "ukraine")
    assert [(s.name, s.query) for s in library.saved_searches()] == [("news", "ukraine")]


@pytest.mark.parametrize("name", ["", "   ", "\x00", "x" * 81])
def test_bad_names_are_refused(library: Library, name: str) -> None:
    with pytest.raises(SavedSearchError):
        library.save_search(name, "taipei")


def test_empty_query_and_taken_name_are_refused(library: Library) -> None:
    with pytest.raises(SavedSearchError, match="empty"):
        library.save_search("x", "  ")
    a = library.save_search("a", "taipei")
    library.save_search("b", "ukraine")
    with pytest.raises(SavedSearchError, match="already"):
        library.rename_search(a.id, "B")
    with pytest.raises(SavedSearchError, match="no saved search"):
        library.rename_search(999, "c")


def test_saved_searches_survive_reopening(library_path, library: Library) -> None:  # type: ignore[no-untyped-def]
    library.save_search("kept", "taipei")
    library.close()
    with Library.open(library_path) as again:
        assert [s.name for s in again.saved_searches()] == ["kept"]
        assert again.search_count("taipei") == 1
