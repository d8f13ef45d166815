"""The time and origin filters of the search syntax, parsed without a library: spans of UTC
days (relative, absolute, ranges, `>`/`<`), `source:`, `feed:`, `tag:`, `sort:`, and
nonsense, which becomes words or a filter that matches nothing and never raises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library import Sort
from reader.library.search.filters import NOTHING, Days, span
from reader.library.search.query import parse

TODAY = dt.date(2026, 3, 18)  # a Wednesday
D = dt.date
TESTDATA = Path("/work/shared/testdata")
BLNS = Path(__file__).resolve().parents[3] / "data" / "blns.txt"


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("today", D(2026, 3, 18), D(2026, 3, 19)),
        ("YESTERDAY", D(2026, 3, 17), D(2026, 3, 18)),
        ("this-week", D(2026, 3, 16), D(2026, 3, 19)),
        ("last-week", D(2026, 3, 9), D(2026, 3, 16)),
        ("this-month", D(2026, 3, 1), D(2026, 3, 19)),
        ("last-month", D(2026, 2, 1), D(2026, 3, 1)),
        ("this-year", D(2026, 1, 1), D(2026, 3, 19)),
        ("1d", D(2026, 3, 18), D(2026, 3, 19)),
        ("7d", D(2026, 3, 12), D(2026, 3, 19)),
        ("2w", D(2026, 3, 5), D(2026, 3, 19)),
        ("3m", D(2025, 12, 19), D(2026, 3, 19)),
        ("1y", D(2025, 3, 19), D(2026, 3, 19)),
        ("2026", D(2026, 1, 1), D(2027, 1, 1)),
        ("2026-03", D(2026, 3, 1), D(2026, 4, 1)),
        ("2026-12", D(2026, 12, 1), D(2027, 1, 1)),
        ("2026-03-01", D(2026, 3, 1), D(2026, 3, 2)),
        ("2026-3-1", D(2026, 3, 1), D(2026, 3, 2)),
        ("2026-03-01..2026-03-15", D(2026, 3, 1), D(2026, 3, 16)),
        ("2026-01..2026-02", D(2026, 1, 1), D(2026, 3, 1)),
        ("2026-03..", D(2026, 3, 1), None),
        ("..2026-03", None, D(2026, 4, 1)),
        ("yesterday..today", D(2026, 3, 17), D(2026, 3, 19)),
        (">2026-03-01", D(2026, 3, 2), None),
        (">=2026-03-01", D(2026, 3, 1), None),
        ("<2026-03", None, D(2026, 3, 1)),
        ("<=2026-03", None, D(2026, 4, 1)),
        ("<30d", None, D(2026, 2, 17)),
        (">yesterday", D(2026, 3, 18), None),
        ("9999-12-31", D(9999, 12, 31), None),  # its end is past the calendar: open
        ("999999y", None, D(2026, 3, 19)),  # since before the calendar: open
    ],
)
def test_time_values_are_spans_of_utc_days(value: str, start: D | None, end: D | None) -> None:
    assert span(value, TODAY) == Days(start, end)


def test_a_month_back_from_a_late_day_lands_on_the_last_day_of_a_short_month() -> None:
    assert span("1m", D(2026, 3, 30)) == Days(D(2026, 2, 28), D(2026, 3, 31))
    assert span("1m", D(2026, 3, 31)) == Days(D(2026, 3, 1), D(2026, 4, 1))
    assert span("1m", D(2024, 3, 28)) == Days(D(2024, 2, 29), D(2024, 3, 29))


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "2026-13", "2026-00", "0000-01-01", "2026-03-15..2026-03-01", "0d",
     ">9999-12-31", "20260301", "-5", "2026-03-01..2026-02-30", "12345"],
)  # fmt: skip
def test_date_shaped_values_that_name_no_day_are_nothing(value: str) -> None:
    assert span(value, TODAY) == NOTHING
    assert NOTHING.empty


@pytest.mark.parametrize(
    "value",
    ["", "banana", "..", "7x", "today!", "next-week", ">", "<=", ">banana", "1e3", "d7",
     "2026-03-01;DROP TABLE article", "'; --", "x" * 100, "७d"],
)  # fmt: skip
def test_values_that_are_no_time_are_not_filters(value: str) -> None:
    assert span(value, TODAY) is None


def test_a_filter_that_names_no_day_makes_the_query_impossible_and_its_negation_a_no_op() -> None:
    assert parse("added:2026-02-30", today=TODAY).impossible
    assert parse("storm read:2026-13", today=TODAY).impossible
    negated = parse("-added:2026-02-30 storm", today=TODAY)
    assert not negated.impossible and negated.filters == () and negated.articles == '"storm"'
    both = parse("topic:nowhere -topic:nowhere added:2026-02-30")
    assert both.impossible  # one impossible filter is enough, whatever follows it


def test_unknown_values_are_searched_as_words() -> None:
    query = parse("added:banana published:", today=TODAY)
    assert query.filters == () and not query.impossible
    assert query.articles is not None and "banana" in query.articles


def test_filters_parse_with_their_kind_sign_and_days() -> None:
    query = parse('storm added:7d -read:today published:"2026-03" sort:-title', today=TODAY)
    assert [(f.kind, f.negated, f.days) for f in query.filters] == [
        ("added", False, Days(D(2026, 3, 12), D(2026, 3, 19))),
        ("read", True, Days(D(2026, 3, 18), D(2026, 3, 19))),
        ("published", False, Days(D(2026, 3, 1), D(2026, 4, 1))),
    ]
    assert query.articles == '"storm"'
    assert query.sort == Sort("title", reverse=True)


def test_relative_times_count_from_today_in_utc_when_not_told() -> None:
    today = dt.datetime.now(dt.UTC).date()
    assert parse("added:today").filters[0].days == Days(today, today + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("source:/home/me/news/", "source", "/home/me/news"),
        ('source:"/home/me/My News"', "source", "/home/me/My News"),
        ("source:/", "source", "/"),
        ("source:///", "source", "/"),
        ("source:/Home/Me", "source", "/Home/Me"),  # paths keep their case
        ('feed:"Le Monde"', "feed", "Le Monde"),
        ("feed:https://example.org/rss", "feed", "https://example.org/rss"),
        ("tag:work", "tag", "work"),
        ("tag:#work/project-x/", "tag", "work/project-x"),
        ("TAG:Work", "tag", "Work"),
    ],
)
def test_origin_filters(text: str, kind: str, value: str) -> None:
    (found,) = parse(text).filters
    assert (found.kind, found.value, found.negated) == (kind, value, False)


def test_a_source_under_home_is_expanded() -> None:
    (found,) = parse("source:~/news").filters
    assert found.value == str(Path.home() / "news")


def test_negated_origin_filters_and_empty_values() -> None:
    assert parse("-tag:work").filters[0].negated
    assert parse("-feed:x").filters[0].negated
    for text in ("tag:", "tag:#", "tag:/", "source:", "feed:", 'feed:""'):
        assert parse(text).filters == ()


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("is:unread sort:added", Sort("added")),
        ("is:unread sort:published", Sort("published")),
        ("is:unread sort:TITLE", Sort("title")),
        ("is:unread sort:-length", Sort("length", reverse=True)),
        ("is:unread -sort:title", Sort("title", reverse=True)),
        ("is:unread sort:title sort:-added", Sort("added", reverse=True)),  # the last wins
        ("is:unread", None),
    ],
)
def test_sort(text: str, sort: Sort | None) -> None:
    query = parse(text)
    assert query.sort == sort and query.articles is None


def test_an_unknown_sort_is_words_and_a_sort_alone_is_no_search() -> None:
    assert parse("sort:banana").articles is not None
    assert parse("sort:title").empty


def test_naughty_strings_as_filter_values_never_raise() -> None:
    lines = BLNS.read_text(encoding="utf-8").splitlines()
    extra = TESTDATA / "blns.txt"
    if extra.exists():
        lines += extra.read_text(encoding="utf-8").splitlines()
    for line in lines:
        for key in ("added", "published", "read", "source", "feed", "tag", "sort"):
            for text in (f"{key}:{line}", f'-{key}:"{line}"', f"{key}:>{line}..{line}"):
                parse(text, today=TODAY)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789-.<>=dwmy:todayesrthiskla \"'"), max_size=30))
def test_any_time_value_parses_to_days_or_none(value: str) -> None:
    days = span(value, TODAY)
    assert days is None or isinstance(days, Days)
    if days is not None and not days.empty:
        start, end = days.bounds()
        assert start is None or len(start) == 10
        assert end is None or len(end) == 10
    query = parse(f"added:{value} x", today=TODAY)
    assert query.text


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)),
    st.integers(0, 10**6 - 1),
    st.sampled_from("dwmy"),
)
def test_a_relative_span_ends_tomorrow_and_never_starts_after_it(
    today: D, count: int, unit: str
) -> None:
    days = span(f"{count}{unit}", today)
    assert days is not None
    if count == 0:
        assert days.empty
    elif days.end is not None:
        assert days.end == today + dt.timedelta(days=1)
        assert days.start is None or days.start < days.end


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 30)), st.dates())
def test_a_day_is_one_day_and_a_range_covers_both_ends(first: D, last: D) -> None:
    assert span(first.isoformat(), TODAY) == Days(first, first + dt.timedelta(days=1))
    ranged = span(f"{first.isoformat()}..{last.isoformat()}", TODAY)
    if last < first:
        assert ranged == NOTHING
    else:
        assert ranged is not None and ranged.start == first
