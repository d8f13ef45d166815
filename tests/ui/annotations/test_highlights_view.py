"""The sidebar's Highlights view: every highlight in the middle pane, filtered by colour,
topic and time, each opening its article at the passage, and Export of what it shows."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from reader.library import View
from reader.ui.annotations import exchange
from reader.ui.annotations.highlights_view import since
from reader.ui.panes.body_map import BodyMap
from reader.ui.window.mainwindow import MainWindow

SHOTS = os.environ.get("READER_SHOTS")  # a folder: save a picture of the view there


def highlight(window: MainWindow, article_id: int, start: int, end: int, color: str) -> None:
    window.current.show(article_id)
    article = window.current.article()
    assert article is not None
    offsets = BodyMap(article.body, window.pane.document())
    cursor = window.pane.textCursor()
    cursor.setPosition(offsets.to_document(start))
    cursor.setPosition(offsets.to_document(end), QTextCursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    assert window.annotations.highlight_selection(color)


@pytest.fixture
def shown(window: MainWindow) -> MainWindow:
    """Three highlights on two articles, and the Highlights view chosen."""
    ids = sorted(window.library.rows(list(range(1, 10))))
    highlight(window, ids[0], 0, 40, "yellow")
    highlight(window, ids[0], 60, 120, "pink")
    highlight(window, ids[1], 10, 50, "yellow")
    window.sidebar.update_counts(window.library.counts())
    assert window.sidebar.select_view(View("highlights"))
    return window


def test_the_view_lists_every_highlight_in_the_middle_pane(shown: MainWindow) -> None:
    pane = shown.highlights.pane
    assert shown.middle.showing_highlights() and shown.middle.shown_list() is pane.list
    assert len(pane.shown_ids()) == 3 and pane.model.rowCount() == 5  # two article headers
    assert pane.title.text() == "Highlights · 3"
    assert shown.sidebar.sidebar_model().row_of(View("highlights")) is not None
    if SHOTS:
        shown.resize(1400, 820)
        shown.grab().save(os.path.join(SHOTS, "highlights-view.png"))


def test_filters_narrow_what_is_shown(shown: MainWindow) -> None:
    pane = shown.highlights.pane
    pane.colour.setCurrentIndex(pane.colour.findData("pink"))
    assert len(pane.shown_ids()) == 1 and pane.title.text() == "Highlights · 1"
    pane.colour.setCurrentIndex(0)
    pane.time.setCurrentIndex(pane.time.findData(0))  # today: all of them
    assert len(pane.shown_ids()) == 3
    if pane.topic.count() > 1:
        pane.topic.setCurrentIndex(1)
        assert len(pane.shown_ids()) <= 3


def test_choosing_a_row_opens_its_article_at_the_passage(shown: MainWindow) -> None:
    pane = shown.highlights.pane
    shown.current.show(None)
    assert pane.list.step(1)  # J: the first highlight, not its article's header
    info = pane.current_info()
    assert info is not None and shown.current.id() == info.article_id
    assert pane.list.step(1) and pane.list.step(1)
    assert not pane.list.step(1)  # the end


def test_export_writes_only_what_is_shown(
    shown: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    chosen = "CSV, one row per annotation (*.csv)"
    monkeypatch.setattr(exchange, "save_file_name", lambda *_args: (str(target), chosen))
    pane = shown.highlights.pane
    pane.colour.setCurrentIndex(pane.colour.findData("yellow"))
    pane.export_button.click()
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert len(rows) == 2 and {r["color"] for r in rows} == {"yellow"}


def test_since_counts_days_back_from_local_midnight() -> None:
    now = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)
    today = since(0, now)
    assert today is not None and today <= now.replace(tzinfo=None)
    week = since(7, now)
    assert week is not None and (today - week) == dt.timedelta(days=7)
    assert since(None, now) is None


def test_a_tag_filter_keeps_highlights_tagged_or_on_tagged_articles(shown: MainWindow) -> None:
    pane = shown.highlights.pane
    first = shown.library.highlights()[-1]  # on the other article than the newest
    shown.library.tag_annotations([first.id], add=["reading/later"])
    pane.refresh(topics=True)
    assert pane.tag.findData("reading/later") > 0
    pane.tag.setCurrentIndex(pane.tag.findData("reading"))
    assert pane.shown_ids() == [first.id]
