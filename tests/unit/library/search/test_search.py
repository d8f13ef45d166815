"""Search: ranking, snippets, filters, annotations, the index kept in step, and bad input."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.library import Library
from reader.library.search.results import SearchResult, split_marks
from reader.library.store.models import Annotation, Article, database

DATA = Path(__file__).resolve().parents[3] / "data"
AddNote = Callable[..., int]


def naughty_strings() -> list[str]:
    lines = (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


# fmt: off
ODD_QUERIES = [
    '"', '"unbalanced', 'climber"', "((", "))", "AND", "OR", "NOT", "AND OR NOT", "*", "^",
    "NEAR(", "NEAR(a b", "a NEAR b", "nocolumn:word", "body:taipei", "{title body}:x",
    "title:", "title:-", "-", "--", "- -x", "don't", "c++", "e-mail", "x" * 10_000,
    "taipei " * 2_000, "\x00", "tai\x00pei", "😀", "🏔️ climber 🧗", "topic:", 'topic:"',
    "is:", "is:nonsense", "color:", "has:everything", "-is:read -is:unread", "(((((((((((x",
    "rank:1", "rowid:1", "article_fts:x", "\\", "'", "%", "_", "?1", ":x", "@x", "$x",
]
OPERATOR_PARTS = [
    '"', "(", ")", "-", "*", "^", ":", "AND", "OR", "NOT", "NEAR", "title", "topic:", "is:",
    "taipei", "free", "{", "}", " ", "+", "\x00",
]
# fmt: on
NO_DEADLINE = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def add_note(library: Library) -> AddNote:
    """Write an annotation row the way the annotation layer does (one row, committed)."""

    def add(article_id: int, exact: str | None, note: str = "", **fields: object) -> int:
        with database.atomic():
            row = Annotation.create(
                uuid=str(uuid.uuid4()), article=article_id, exact=exact, note=note,
                kind=fields.pop("kind", "highlight" if exact else "note"), **fields,
            )  # fmt: skip
        return int(row.id)

    return add


def test_a_word_finds_its_article_ranked_with_a_marked_snippet(library: Library) -> None:
    results = library.search("taipei")
    assert [r.id for r in results] == [2]
    hit = results[0]
    assert hit.kind == "article" and hit.article_id == 2 and hit.score > 0
    assert "**Taipei**" in hit.marked()
    assert all(hit.snippet[s:e].lower() == "taipei" for s, e in hit.marks)


def test_stemming_and_diacritics(library: Library) -> None:
    assert [r.id for r in library.search("climbers")] == [r.id for r in library.search("climber")]
    assert library.search("TAÏPEÍ")  # diacritics removed on both sides


def test_all_words_must_match_and_or_widens(library: Library) -> None:
    both = {r.id for r in library.search("taipei ukraine")}
    either = {r.id for r in library.search("taipei OR ukraine")}
    assert both == set()
    assert {2} < either


def test_phrase_exclude_and_prefix(library: Library) -> None:
    assert [r.id for r in library.search('"free solo"')] == [2]
    assert library.search('"solo free"') == []
    assert library.search("taipei -solo") == []
    assert 2 not in {r.id for r in library.search("(taipei OR ukraine) -taipei")}
    assert [r.id for r in library.search("taip*")] == [2]


def test_title_matches_rank_above_body_matches(library: Library) -> None:
    word = library.article(2).title.split()[0].lower()  # a word of #2's title
    results = library.search(word)
    assert results[0].id == 2 and results[0].title_marks


def test_title_filter_searches_titles_only(library: Library, add_note: AddNote) -> None:
    article = library.article(1)
    body_only = next(
        w for w in article.body.split() if w.isalpha() and len(w) > 6
        and w.lower() not in article.title.lower()
    )  # fmt: skip
    add_note(2, None, note=f"see {body_only}")
    assert library.search(f"title:{body_only}") == []
    title_word = max(article.title.split(), key=len).strip(",.")
    assert 1 in {r.id for r in library.search(f"title:{title_word}")}


def test_filters(library: Library) -> None:
    library.set_bookmarked([2], True)
    library.set_read([1], True)
    assert [r.id for r in library.search("is:bookmarked")] == [2]
    assert 1 not in {r.id for r in library.search("is:unread")}
    assert {r.id for r in library.search("is:read")} == {1}
    assert {r.id for r in library.search("-is:bookmarked")} == {1, 3, 4}
    assert [r.id for r in library.search("topic:sport")] == [2]
    assert [r.id for r in library.search("topic:15000000 taipei")] == [2]
    assert library.search("topic:politics taipei") == []
    assert library.search("topic:nosuchtopic") == []
    assert library.search("taipei -topic:sport") == []


def test_notes_and_highlights_are_results(library: Library, add_note: AddNote) -> None:
    high = add_note(2, "free solo", color="yellow", start=120, end=129)
    note = add_note(1, None, note="Remember to compare with the **Baltic** mission")
    results = library.search("baltic")
    hit = next(r for r in results if r.kind == "annotation")
    assert (hit.id, hit.article_id, hit.annotation_id) == (note, 1, note)
    assert "**Baltic**" in hit.marked()
    found = [r for r in library.search("solo") if r.kind == "annotation"]
    assert [(r.id, r.start, r.color) for r in found] == [(high, 120, "yellow")]
    assert {r.id for r in library.search("color:yellow") if r.kind == "annotation"} == {high}
    assert {r.article_id for r in library.search("has:note")} == {1}
    assert library.search("color:green") == []


def test_annotation_index_follows_edits_and_deletes(library: Library, add_note: AddNote) -> None:
    note = add_note(3, None, note="quarantine")
    assert library.search("quarantine")
    Annotation.update(note="lighthouse").where(Annotation.id == note).execute()
    assert library.search("quarantine") == []
    assert [r.id for r in library.search("lighthouse")] == [note]
    Annotation.delete().where(Annotation.id == note).execute()
    assert library.search("lighthouse") == []
    assert library.check().ok


def test_article_index_follows_changes(library: Library) -> None:
    Article.update(title="Zanzibar ferry").where(Article.id == 3).execute()
    assert [r.id for r in library.search("zanzibar")] == [3]
    assert library.check().ok


def test_imported_articles_are_indexed_in_the_same_transaction(
    empty_library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("OSLO – The quokka census finished early.\n", encoding="utf-8")
    report = empty_library.import_paths([path])
    assert [r.id for r in empty_library.search("quokka")] == report.added_ids
    assert empty_library.check().ok


def test_limit_and_count(library: Library) -> None:
    assert len(library.search("the", limit=2)) == 2
    assert library.search("the", limit=0) == []
    assert library.search_count("the") == 4
    assert library.search_count("is:unread") == 4
    assert library.search_count("") == 0


def test_empty_query_finds_nothing(library: Library) -> None:
    assert library.search("") == []
    assert library.search("   ") == []


def test_split_marks() -> None:
    assert split_marks("a \ue000b\ue001 c") == ("a b c", ((2, 3),))
    assert split_marks("\ue001x\ue000") == ("x", ())
    result = SearchResult("article", 1, 1, "t", 1.0, "a b c", ((2, 3),))
    assert result.marked("[", "]") == "a [b] c"


@pytest.mark.parametrize("text", ODD_QUERIES)
def test_odd_queries_give_results_or_nothing(library: Library, text: str) -> None:
    assert isinstance(library.search(text), list)
    assert library.search_count(text) >= 0


def test_every_naughty_string_is_harmless(library: Library) -> None:
    for text in naughty_strings():
        assert isinstance(library.search(text), list), text
        assert isinstance(library.search(f'title:"{text}" OR -{text}*'), list), text


def test_user_text_never_reaches_match_unparsed(library: Library) -> None:
    seen: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(seen.append)
    try:
        library.search('hello") OR rowid:1 --')
    finally:
        connection.set_trace_callback(None)
    assert seen and not any('hello")' in sql for sql in seen)


@NO_DEADLINE
@given(st.text(max_size=80))
def test_any_text_is_harmless(library: Library, text: str) -> None:
    assert isinstance(library.search(text), list)


@NO_DEADLINE
@given(st.lists(st.sampled_from(OPERATOR_PARTS), max_size=20))
def test_any_mix_of_operators_is_harmless(library: Library, parts: list[str]) -> None:
    assert isinstance(library.search("".join(parts)), list)
    assert isinstance(library.search(" ".join(parts)), list)


def test_library_from_before_search_is_indexed_on_open_with_progress(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    steps: list[tuple[int, int]] = []
    with Library.open(path, index_progress=lambda done, total: steps.append((done, total))) as lib:
        assert steps[-1] == (4, 4)
        assert [r.id for r in lib.search("taipei")] == [2]
        assert lib.check().ok
    steps.clear()
    with Library.open(path, index_progress=lambda d, t: steps.append((d, t))):
        assert steps == []  # nothing left to index


def test_an_interrupted_fill_carries_on(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "library-v1.db", path)
    with Library.open(path) as lib:
        database.execute_sql(
            "INSERT INTO article_fts(article_fts, rowid, title, body) "
            "SELECT 'delete', id, title, body FROM article WHERE id > 2"
        )
        assert not lib.check().ok
    with Library.open(path) as lib:
        assert lib.check().ok and lib.search_count("the") == 4


def test_check_reports_a_damaged_index_and_reindex_repairs_it(library: Library) -> None:
    database.execute_sql("DELETE FROM article_fts_data WHERE id > 10")  # damage the index
    report = library.check()
    assert not report.ok and any("search index" in p for p in report.problems)
    steps: list[tuple[int, int]] = []
    assert library.reindex(lambda d, t: steps.append((d, t))) == 4
    assert steps[-1] == (4, 4)
    assert library.check().ok
    assert [r.id for r in library.search("taipei")] == [2]


def test_check_of_a_sound_library(library: Library) -> None:
    report = library.check()
    assert report.ok and report.problems == ()
    conn = sqlite3.connect(library.path)
    assert conn.execute("SELECT COUNT(*) FROM article_fts_docsize").fetchone()[0] == 4
    conn.close()


def test_reindex_remakes_an_index_too_damaged_to_empty(library: Library) -> None:
    database.execute_sql("UPDATE article_fts_data SET block = x'ffff' WHERE id = 1")
    assert not library.check().ok
    assert isinstance(library.search("taipei"), list)  # results or nothing, never an error
    assert library.reindex() == 4
    assert library.check().ok and [r.id for r in library.search("taipei")] == [2]


def test_title_marks_follow_the_typed_words_and_the_matched_forms() -> None:
    from reader.library.search.results import title_marks

    title = "Governments fall as climbers climb; the topic: sport"
    marks = title_marks(title, '"the government" OR clim* topic:sport', set())
    assert [title[a:b] for a, b in marks] == ["Governments", "climbers", "climb", "the"]
    assert title_marks("Storms batter the coast", "weather", {"storms"}) == ((0, 6),)
    assert title_marks("Nothing here", "zebra", set()) == ()


def test_article_titles_are_marked_where_the_query_matched(library: Library) -> None:
    result = library.search("honnold")[0]
    assert result.kind == "article"
    assert [result.title[a:b] for a, b in result.title_marks] == ["Honnold"]
