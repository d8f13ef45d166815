"""`Library`'s search methods (a mixin): ranked search over articles, highlights and notes,
saved searches, and the integrity check and rebuild of the search indexes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.library.changes import NOTHING, Changes
from reader.library.protection import write
from reader.library.search import index, results, saved
from reader.library.search.index import CheckReport, IndexProgress
from reader.library.search.query import parse as parse_query
from reader.library.search.results import SearchResult
from reader.library.search.saved import Saved
from reader.library.store.models import database

if TYPE_CHECKING:
    from reader.library.topics.rules import TopicRules


class SearchMethods:
    """Mixed into `Library`, which provides `rules` and `_report`. Every write wears
    `@write`: on a protected library it raises `LibraryReadOnly`."""

    rules: TopicRules
    _report: Callable[[Changes], Changes]

    def search(self, text: str, limit: int = 50) -> list[SearchResult]:
        """The best `limit` articles, notes and highlights for what was typed (any text: an
        odd query gives results or an empty list, never an error; see
        `reader.library.search.query`).
        Raises `SearchCancelled` if `interrupter()` stopped it from another thread."""
        return results.run(parse_query(text, self._topic_code), limit)

    def search_is_ranked(self, text: str) -> bool:
        """Whether `text` has words to match (ranked by FTS5, which can take a while on a
        big library); a query of filters alone lists articles in the order of an index, a
        few milliseconds whatever the library's size."""
        return parse_query(text, self._topic_code).articles is not None

    def search_count(self, text: str) -> int:
        """How many results `text` has in all."""
        return results.count(parse_query(text, self._topic_code))

    def interrupter(self) -> Callable[[], None]:
        """A function that stops what the calling thread's connection is running (a search
        on a worker thread), callable from any thread."""
        return database.connection().interrupt

    def saved_searches(self) -> list[Saved]:
        return saved.all_saved()

    @write
    def save_search(self, name: str, text: str) -> Saved:
        """Save `text` under `name` (replacing the query of a search with that name).
        Raises `LibraryReadOnly` on a protected library."""
        result = saved.save(name, text)
        self._report(Changes(counts=True))
        return result

    @write
    def rename_search(self, saved_id: int, name: str) -> Saved:
        """Rename a saved search. Raises `LibraryReadOnly` on a protected library."""
        result = saved.rename(saved_id, name)
        self._report(Changes(counts=True))
        return result

    @write
    def delete_search(self, saved_id: int) -> Changes:
        """Forget a saved search. Raises `LibraryReadOnly` on a protected library."""
        if not saved.delete(saved_id):
            return NOTHING
        return self._report(Changes(counts=True))

    def check(self) -> CheckReport:
        """SQLite's quick check and the search indexes' integrity checks."""
        return index.check()

    @write
    def reindex(self, progress: IndexProgress | None = None) -> int:
        """Rebuild the search indexes from the articles and annotations; returns the count.
        Raises `LibraryReadOnly` on a protected library."""
        return index.rebuild(progress)

    def _topic_code(self, text: str) -> str | None:
        topic = self.rules.find(text)
        return topic.code if topic is not None else None
