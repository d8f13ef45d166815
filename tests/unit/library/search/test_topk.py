"""Top-k search (`search.topk`): a query with more matches than `BROAD` ranks bounded candidate
sets (its title matches, its newest matches) instead of every match. The thresholds are made
tiny here so that a small library takes that path; the results must keep what matters: the
best title match wherever it is, the best recent body matches, the filters, `NOT`, phrases,
and the same answer as plain ranked FTS5 when there are few matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library, View
from reader.library.search import topk
from reader.library.store.models import database

FILLER = "The council met on Tuesday and talked about the schools and the roads for an hour."


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"{title}\n\n{body}\n\n{FILLER}\n", encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """An old title match and an old dense body match, then 40 newer body matches."""
    folder = tmp_path / "texts"
    folder.mkdir()
    library = Library.open(tmp_path / "library.db", import_corpus=False)
    library.import_paths([_write(folder, "a-title", "Harbour walls rebuilt at last", FILLER)])
    dense = "The harbour, the harbour master and the harbour boats. " * 4
    library.import_paths([_write(folder, "b-dense", "An old story of the sea", dense)])
    for n in range(40):
        body = f"Report {n} says the harbour was quiet, with wind from the west number {n}."
        library.import_paths([_write(folder, f"c-{n:02d}", f"Weather note {n}", body)])
    yield library
    library.close()


@pytest.fixture
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(topk, "BROAD", 10)
    monkeypatch.setattr(topk, "NEWEST", 5)  # fewer than a search asks for: it takes its limit
    monkeypatch.setattr(topk, "TITLES", 10)


def _titles(library: Library, text: str, limit: int = 10) -> list[str]:
    return [r.title for r in library.search(text, limit) if r.kind == "article"]


def test_few_matches_rank_exactly_as_fts5(library: Library) -> None:
    raw = database.execute_sql(
        "SELECT f.title FROM article_fts f WHERE article_fts MATCH 'harbour' "
        "ORDER BY f.rank LIMIT 10"
    ).fetchall()
    assert _titles(library, "harbour") == [title for (title,) in raw]  # 42 < BROAD (3,000)


@pytest.mark.usefixtures("small_bounds")
def test_many_matches_keep_the_old_title_match_first(library: Library) -> None:
    found = _titles(library, "harbour")
    assert found[0] == "Harbour walls rebuilt at last"  # the oldest article: found by title
    assert len(found) == 10 and len(set(found)) == 10  # each article once, as many as asked
    newest = {f"Weather note {n}" for n in range(30, 40)}
    assert set(found[1:]) <= newest  # the rest: the best of the newest body matches
    assert "An old story of the sea" not in found  # old, body only: not a candidate


@pytest.mark.usefixtures("small_bounds")
def test_many_matches_obey_filters_and_not(library: Library) -> None:
    everything = library.page(View("all"), limit=100)
    read = [r.id for r in everything if r.title.startswith("Weather note 3")]
    library.set_read(read, True)
    unread = _titles(library, "harbour is:unread", 50)
    assert unread and not any(t.startswith("Weather note 3") for t in unread)
    assert "Harbour walls rebuilt at last" in unread
    without = _titles(library, "harbour NOT walls", 50)
    assert without and "Harbour walls rebuilt at last" not in without


@pytest.mark.usefixtures("small_bounds")
def test_a_common_phrase_lists_title_matches_then_the_newest(library: Library) -> None:
    found = _titles(library, '"the harbour"', 50)
    assert found and len(found) == len(set(found))
    newest = [f"Weather note {n}" for n in range(39, 34, -1)]
    assert found[: len(newest)] == newest  # no title holds the phrase: newest first
    walls = _titles(library, '"harbour walls"', 5)
    assert walls == ["Harbour walls rebuilt at last"]  # a rare phrase: ranked exactly


@pytest.mark.usefixtures("small_bounds")
def test_odd_input_on_the_candidate_path_gives_results_or_nothing(library: Library) -> None:
    for text in ('harbour "', "harbour*", "harbour OR", "NEAR(harbour west)", "harbour -("):
        results = library.search(text, 20)
        assert isinstance(results, list)
    assert _titles(library, "harb*", 20)  # a prefix with many matches


@pytest.mark.usefixtures("small_bounds")
def test_a_word_in_most_of_a_large_library_is_listed_unranked(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = _titles(library, "harbour", 50)
    monkeypatch.setattr(topk, "COMMON", 20)  # 42 matches among 42 articles: more than that
    found = _titles(library, "harbour", 50)
    assert found[0] == "Harbour walls rebuilt at last"  # the title match first, still
    newest = [f"Weather note {n}" for n in range(39, 34, -1)]
    assert found[1 : 1 + len(newest)] == newest  # then the newest, none scored
    assert found != ranked and len(found) == len(set(found))
    monkeypatch.setattr(topk, "COMMON", 1000)
    assert _titles(library, "harbour", 50) == ranked  # fewer: ranked as before
