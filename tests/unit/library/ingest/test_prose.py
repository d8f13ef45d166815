"""Datelines, derived titles, word counts, reading time and excerpts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.library.ingest.prose import (
    TITLE_MAX,
    derive_title,
    excerpt,
    first_sentence,
    reading_minutes,
    split_dateline,
    word_count,
)


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("TAIPEI – In an unprecedented display", "TAIPEI", "In an unprecedented display"),
        ("BERLIN – The United States has", "BERLIN", "The United States has"),
        ("WASHINGTON, D.C. — The Senate voted", "WASHINGTON, D.C.", "The Senate voted"),
        ("NEW YORK (Reuters) - Stocks fell", "NEW YORK (Reuters)", "Stocks fell"),
        ("KYIV, Ukraine (AP) — Drones struck", "KYIV, Ukraine (AP)", "Drones struck"),
        ("SÃO PAULO — Rain fell", "SÃO PAULO", "Rain fell"),
    ],
)
def test_dateline_is_split_from_the_body(paragraph: str, dateline: str, rest: str) -> None:
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The prospect of European troops – a debate – continues.",
        "I – think – therefore I am.",
        "A – b",
        "TAIPEI",
        "– TAIPEI",
        "",
    ],
)
def test_text_without_a_dateline_is_left_alone(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


def test_first_sentence_is_not_fooled_by_abbreviations() -> None:
    assert first_sentence("The U.S. Army said so. Then it left.") == "The U.S. Army said so."
    assert first_sentence("Dr. Smith spoke. Others did not.") == "Dr. Smith spoke."
    assert first_sentence("No full stop at all") == "No full stop at all"


def test_short_first_sentence_is_the_title() -> None:
    assert (
        derive_title("Markets rallied on Friday.\nSecond paragraph.") == "Markets rallied on Friday"
    )


def test_introductory_phrase_and_weekday_date_are_dropped() -> None:
    body = (
        "In an unprecedented display of human endurance and mental fortitude, American rock "
        "climber Alex Honnold on Sunday, January 25, 2026, became the first person to free solo "
        "the iconic Taipei 101 skyscraper. The audacious ascent followed."
    )
    title = derive_title(body)
    assert title.startswith("American rock climber Alex Honnold became the first person")
    assert "Sunday" not in title


def test_long_sentence_is_cut_at_a_word_without_a_dangling_function_word() -> None:
    body = (
        "The prospect of European troops deploying to Ukraine has emerged as a significant point "
        "of discussion among allied nations, reflecting a profound shift in strategic thinking."
    )
    title = derive_title(body)
    assert len(title) <= TITLE_MAX
    assert title.endswith("…")
    last = title.rstrip("…").split()[-1]
    assert last not in {"of", "a", "the", "to", "and"}
    assert body.startswith(title.rstrip("…"))


def test_clause_boundary_is_preferred_to_a_cut_word() -> None:
    body = (
        "Central banks across Europe raised interest rates again this week, signalling that the "
        "fight against stubborn inflation is far from over for households and businesses alike."
    )
    assert derive_title(body) == "Central banks across Europe raised interest rates again this week"


def test_empty_body_has_a_readable_title() -> None:
    assert derive_title("") == "Untitled article"


@given(st.text(max_size=600))
def test_derived_title_is_always_bounded(body: str) -> None:
    title = derive_title(body)
    assert 0 < len(title) <= TITLE_MAX
    assert "\n" not in title


def test_word_count_and_reading_time() -> None:
    assert word_count("one two  three\nfour") == 4
    assert reading_minutes(0) == 1
    assert reading_minutes(230) == 1
    assert reading_minutes(231) == 2
    assert reading_minutes(1209) == 6


def test_excerpt_is_one_line_and_cut_at_a_word() -> None:
    text = "word " * 100
    out = excerpt(text, 50)
    assert len(out) <= 51
    assert out.endswith("…")
    assert "\n" not in excerpt("a\nb")
