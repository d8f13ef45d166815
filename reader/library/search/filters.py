"""The values of the time and origin filters, read without SQL: a span of UTC days for
`added:`, `published:` and `read:`, a path for `source:`, an order for `sort:`.

A time value is one term, a term after `>`, `>=`, `<` or `<=`, or a range `A..B` (either end
may be left out: `2026-03..`). A term is a span of whole UTC days:

    today  yesterday  this-week  last-week  this-month  last-month  this-year  last-year
    7d  2w  3m  1y     the last N days, weeks, months or years, today included
    2026  2026-03  2026-03-01                     a year, a month, a day

`>X` is after X's span, `<X` before it (`added:<30d`: more than 30 days ago), `>=` and `<=`
include it; `A..B` runs from the start of A to the end of B. Weeks start on Monday.

`span` answers None for a value that is not a time at all (the query then searches it as
words), and `NOTHING` for one that is shaped like a date but names no day (`2026-02-30`,
`2026-13`, a range that ends before it starts): a filter that matches nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass

from reader.library.articles.views import SORT_KEYS, Sort

_RELATIVE = re.compile(r"(\d{1,6})([dwmy])", re.ASCII)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", re.ASCII)
_DATE_SHAPED = re.compile(r"[0-9-]+")
_OPERATORS = (">=", "<=", ">", "<")


@dataclass(frozen=True, slots=True)
class Days:
    """UTC days from `start` (included) to `end` (excluded); None leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def empty(self) -> bool:
        """No day at all: the filter matches nothing."""
        return self.start is not None and self.end is not None and self.start >= self.end

    def bounds(self) -> tuple[str | None, str | None]:
        """`start` and `end` as `YYYY-MM-DD`, which compare as text with stored timestamps
        (`2026-03-01 09:30:00`, `2026-03-01T09:30:00Z`)."""
        return (
            self.start.isoformat() if self.start else None,
            self.end.isoformat() if self.end else None,
        )


NOTHING = Days(dt.date.min, dt.date.min)


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def span(value: str, today: dt.date | None = None) -> Days | None:
    """The days `value` names (see the module docstring); None: not a time value."""
    today = today or utc_today()
    text = value.strip().lower()
    if not text or len(text) > 40:
        return None
    if ".." in text:
        return _range(text, today)
    for operator in _OPERATORS:
        if text.startswith(operator):
            return _compare(operator, text[len(operator) :], today)
    return _term(text, today)


def _range(text: str, today: dt.date) -> Days | None:
    first, _, last = text.partition("..")
    if not first and not last:
        return None
    start = _term(first, today) if first else Days()
    end = _term(last, today) if last else Days()
    if start is None or end is None:
        return None
    if NOTHING in (start, end):
        return NOTHING
    days = Days(start.start, end.end)
    return NOTHING if days.empty else days


def _compare(operator: str, text: str, today: dt.date) -> Days | None:
    term = _term(text.strip(), today)
    if term is None or term == NOTHING:
        return term
    if operator == ">=":
        return Days(term.start, None)
    if operator == "<=":
        return Days(None, term.end)
    edge = term.end if operator == ">" else term.start
    if edge is None:
        return NOTHING  # after the end of time, before its start
    return Days(edge, None) if operator == ">" else Days(None, edge)


def _term(text: str, today: dt.date) -> Days | None:
    named = _named(text, today)
    if named is not None:
        return named
    relative = _RELATIVE.fullmatch(text)
    if relative is not None:
        return _last(int(relative.group(1)), relative.group(2), today)
    date = _DATE.fullmatch(text)
    if date is not None:
        return _calendar(*date.groups())
    return NOTHING if _DATE_SHAPED.fullmatch(text) and any(c.isdigit() for c in text) else None


def _named(text: str, today: dt.date) -> Days | None:
    tomorrow = _plus(today, 1)
    monday = today - dt.timedelta(days=today.weekday())
    month = today.replace(day=1)
    year = today.replace(month=1, day=1)
    spans = {
        "today": (today, tomorrow),
        "yesterday": (_plus(today, -1), today),
        "this-week": (monday, tomorrow),
        "last-week": (_plus(monday, -7), monday),
        "this-month": (month, tomorrow),
        "last-month": (_months_back(month, 1), month),
        "this-year": (year, tomorrow),
        "last-year": (_months_back(year, 12), year),
    }
    found = spans.get(text) or spans.get(text.replace("this", "this-").replace("last", "last-"))
    return Days(*found) if found else None


def _last(count: int, unit: str, today: dt.date) -> Days:
    """The last `count` units, today included: `7d` is today and the six days before it."""
    tomorrow = _plus(today, 1)
    if count == 0:
        return NOTHING
    if unit in ("d", "w"):
        back = _plus(tomorrow, -count * (7 if unit == "w" else 1)) if tomorrow else None
    else:
        back = _months_back(tomorrow, count * (12 if unit == "y" else 1)) if tomorrow else None
    return Days(back, tomorrow)


def _calendar(year: str, month: str | None, day: str | None) -> Days:
    try:
        y = int(year)
        if month is None:
            start = dt.date(y, 1, 1)
            return Days(start, _next_year(start))
        start = dt.date(y, int(month), int(day) if day else 1)
    except ValueError:
        return NOTHING
    if day is None:
        return Days(start, _months_forward(start, 1))
    return Days(start, _plus(start, 1))


def _plus(day: dt.date | None, days: int) -> dt.date | None:
    """`day` moved by `days`; None past either end of the calendar."""
    if day is None:
        return None
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _months_back(day: dt.date | None, months: int) -> dt.date | None:
    return _months_forward(day, -months)


def _months_forward(day: dt.date | None, months: int) -> dt.date | None:
    if day is None:
        return None
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_year(day: dt.date) -> dt.date | None:
    return _months_forward(day, 12)


def sort_order(value: str) -> Sort | None:
    """`added`, `published`, `title` or `length`, reversed by a leading `-`; None otherwise."""
    text = value.strip().lower()
    reverse = text.startswith("-")
    key = text.removeprefix("-")
    for known in SORT_KEYS:
        if key == known:
            return Sort(known, reverse)
    return None


def source_prefix(value: str) -> str | None:
    """The folder or file `source:` names: `~` expanded, trailing slashes dropped."""
    path = value.strip()
    if path.startswith("~"):
        path = os.path.expanduser(path)
    if path and not path.strip("/"):
        return "/"
    path = path.rstrip("/")
    return path or None


def tag_name(value: str) -> str | None:
    """A tag as typed (`#work/`, ` Work `): without `#` and slashes at either end."""
    name = value.strip().lstrip("#").strip("/").strip()
    return name or None
