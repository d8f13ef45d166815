"""Saved searches: a query kept under a name, shown in the sidebar as a view with a count.

Names are trimmed, must not be empty, are at most `MAX_NAME` characters and unique
(ignoring case); a mistake raises `SavedSearchError` with a message for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from reader.library.errors import LibraryError
from reader.library.search.query import clean
from reader.library.store.models import SavedSearch, database

MAX_NAME = 80


class SavedSearchError(LibraryError):
    """A saved search cannot be made or renamed as asked (empty or taken name, unknown id)."""


@dataclass(frozen=True, slots=True)
class Saved:
    """A saved search as the sidebar shows it."""

    id: int
    name: str
    query: str


def all_saved() -> list[Saved]:
    """Every saved search, by name (case-insensitive). One plain statement: the sidebar asks
    after every change, a read mark included (peewee's query building took 1 ms of `J`)."""
    rows = database.execute_sql(
        "SELECT id, name, query FROM saved_search ORDER BY lower(name), id"
    ).fetchall()
    return [Saved(int(i), str(name), str(query)) for i, name, query in rows]


def save(name: str, query: str) -> Saved:
    """Keep `query` under `name`; saving under a name that exists replaces its query."""
    name = _valid_name(name)
    query = clean(query).strip()
    if not query:
        raise SavedSearchError("There is nothing to save: the search is empty.")
    with database.atomic():
        existing = _by_name(name)
        if existing is not None:
            SavedSearch.update(query=query, name=name).where(
                SavedSearch.id == existing.id
            ).execute()
            return Saved(existing.id, name, query)
        row = SavedSearch.create(name=name, query=query)
    return Saved(row.id, name, query)


def rename(saved_id: int, name: str) -> Saved:
    name = _valid_name(name)
    with database.atomic():
        row = SavedSearch.get_or_none(SavedSearch.id == saved_id)
        if row is None:
            raise SavedSearchError(f"There is no saved search {saved_id}.")
        other = _by_name(name)
        if other is not None and other.id != saved_id:
            raise SavedSearchError(f"A saved search is already called {other.name!r}.")
        SavedSearch.update(name=name).where(SavedSearch.id == saved_id).execute()
    return Saved(row.id, name, row.query)


def delete(saved_id: int) -> bool:
    """Forget a saved search (never anything else); False if it did not exist."""
    return bool(SavedSearch.delete().where(SavedSearch.id == saved_id).execute())


def _by_name(name: str) -> SavedSearch | None:
    return SavedSearch.get_or_none(fn.lower(SavedSearch.name) == name.lower())


def _valid_name(name: str) -> str:
    name = " ".join(clean(name).split())
    if not name:
        raise SavedSearchError("A saved search needs a name.")
    if len(name) > MAX_NAME:
        raise SavedSearchError(f"That name is too long (at most {MAX_NAME} characters).")
    return name
