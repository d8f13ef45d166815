"""Derived titles name the article's subject: when the opening sentence only sets the scene,
a later sentence of the opening paragraph that starts with the commonest recurring name
gives the title instead."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library import Library, View
from reader.library.ingest.formats import parse
from reader.library.ingest.prose import TITLE_MAX, derive_title, opening_title, recurring_names
from tests.conftest import SEED

SCENE = (
    "Across the rugged mountains and fertile plains of the Middle East, a nation of an estimated "
    "30 to 45 million people endures a century-long struggle for self-determination. The Kurds, "
    "one of the world's largest ethnic groups without a sovereign state, are a people whose "
    "historical homeland, often referred to as Kurdistan, remains tragically divided across the "
    "borders of Turkey, Iraq, Iran, and Syria."
)


def test_the_bundled_titles_name_their_subjects() -> None:
    titles = [d.title for d in parse(SEED.read_text(encoding="utf-8"), "seed")]
    for title, subject in zip(titles, ("Ukraine", "Honnold", "Kurds", "Germany"), strict=True):
        assert subject in title, title
        assert len(title) <= TITLE_MAX and title[0].isupper()
    # the other three were already about their subject: they stay as they were
    assert (
        titles[2] == "The Kurds, one of the world's largest ethnic groups without a sovereign state"
    )


def test_a_new_library_shows_the_kurds_title(library: Library) -> None:
    titles = [row.title for row in library.page(View())]
    assert any(title.startswith("The Kurds") for title in titles)


def test_an_opening_that_only_sets_the_scene_gives_way_to_the_subject() -> None:
    assert opening_title(SCENE).startswith("A nation of an estimated")
    assert recurring_names(SCENE) == ["kurd"]  # "Kurds" and "Kurdistan" are one name
    assert derive_title(SCENE).startswith("The Kurds")


def test_an_opening_that_names_a_recurring_name_is_kept() -> None:
    body = (
        "The United States has invited Germany to join a new board. Berlin was cautious.\n"
        "Germany has said little since."
    )
    assert derive_title(body) == opening_title(body)


def test_a_name_said_once_is_no_subject() -> None:
    body = "A quiet town woke early to the news. The Smithsons had won the lottery."
    assert recurring_names(body) == []
    assert derive_title(body) == "A quiet town woke early to the news"


def test_a_sentence_that_refers_back_or_names_the_subject_late_is_not_taken() -> None:
    back = "A quiet town woke early to the news. It was Smithson's day.\nSmithson won."
    assert derive_title(back) == "A quiet town woke early to the news"
    late = (
        "A quiet town woke early to the news. The whole of the town cheered for Smithson.\n"
        "Smithson won."
    )
    assert derive_title(late) == "A quiet town woke early to the news"


def test_the_subject_sentence_must_be_in_the_opening_paragraph() -> None:
    body = "A quiet town woke early to the news.\nSmithson won. Smithson smiled."
    assert derive_title(body) == "A quiet town woke early to the news"


def test_abbreviations_do_not_split_the_subject_sentence() -> None:
    body = (
        "A quiet town woke early to the news. Mr. Smithson, the U.S. champion, won again. "
        "Fans cheered for Smithson."
    )
    assert derive_title(body) == "Mr. Smithson, the U.S. champion, won again"


LOWER = st.text(alphabet="abcdefg ,;:.!?\n", max_size=300)


@settings(max_examples=200, deadline=None, database=None)
@given(LOWER)
def test_without_names_the_title_is_the_openings(body: str) -> None:
    assert derive_title(body) == opening_title(body)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.sampled_from(["Kurds", "Iran", "the", "a", ". ", ", ", " ", "\n", "It"]),
                max_size=80))  # fmt: skip
def test_subject_titles_are_bounded_and_one_line(pieces: list[str]) -> None:
    title = derive_title("".join(pieces))
    assert 0 < len(title) <= TITLE_MAX and "\n" not in title
