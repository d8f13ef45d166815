"""Text from files, notes and annotation files is never taken for markup outside the pane
(issue #11): a canary picture named by an article's title, a saved search, a note and an
annotation file's target is never read by Qt, wherever that text is shown."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.library.display.sanitize import sanitize_html
from reader.ui.app import show_error
from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory


class Canary:
    """A picture whose reading shows in its access time (set long before its change time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        image = QImage(8, 8, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.red)
        assert image.save(str(path), "PNG")
        self.reset()
        path.read_bytes()
        if os.stat(path).st_atime_ns == 0:
            pytest.skip("this filesystem does not record reads (noatime)")
        self.reset()

    def reset(self) -> None:
        os.utime(self.path, ns=(0, time.time_ns()))

    def read(self) -> bool:
        return os.stat(self.path).st_atime_ns != 0

    def markup(self, words: str = "canary") -> str:
        return f'<img src="{self.path}"> {words}'


@pytest.fixture
def canary(tmp_path: Path) -> Canary:
    return Canary(tmp_path / "canary.png")


def hover(qtbot: QtBot, view: QWidget, where: QPoint) -> None:
    """What resting the mouse on a row does: a tooltip event, then its painting."""
    viewport = getattr(view, "viewport", lambda: view)()
    event = QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where))
    QApplication.sendEvent(viewport, event)
    qtbot.wait(150)
    QToolTip.hideText()


def close_boxes_soon() -> None:
    def close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                widget.grab()  # painted, as on screen
                widget.done(0)

    QTimer.singleShot(150, close)


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_no_text_outside_the_pane_loads_a_picture(
    canary: Canary, tmp_path: Path, make_window: WindowFactory, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    source = tmp_path / "hostile.txt"
    source.write_text(f"{canary.markup('hover title')}\n\nBody of it.\n\nMore of it.\n")
    library = Library.open(tmp_path / "library.db")
    library.import_paths([source])
    article = next(r.id for r in library.page(View("all"), limit=10) if "hover" in r.title)
    library.save_search("Canary", canary.markup("search"))  # its tooltip is the query
    window: MainWindow = make_window(library)
    canary.reset()

    # the article list's tooltip (the row's title) and the sidebar's (a saved search)
    assert window.article_list.select_article(article)
    rect = window.article_list.visualRect(window.article_list.currentIndex())
    hover(qtbot, window.article_list, rect.center())
    saved = window.sidebar.sidebar_model().rowCount() - 1
    sidebar_row = window.sidebar.visualRect(window.sidebar.model().index(saved, 0))
    hover(qtbot, window.sidebar, sidebar_row.center())
    # search results: a result's tooltip is its title and snippet
    window.search.set_query("hover")
    qtbot.waitUntil(lambda: window.results.model().rowCount() > 0)
    result_row = window.results.visualRect(window.results.model().index(0, 0))
    hover(qtbot, window.results, result_row.center())
    # the Remove Article question names the title
    close_boxes_soon()
    window.articles.remove(article)
    # an annotation file whose target names the canary: the error box quotes it
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps({"type": "Annotation", "target": {"source": canary.markup()}}))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    close_boxes_soon()
    window.registry.action(ActionId.IMPORT_ANNOTATIONS).trigger()
    # a start-up error naming a path
    close_boxes_soon()
    show_error(f"cannot open {canary.markup()}")
    qtbot.wait(50)
    assert not canary.read(), "Qt read the canary picture: some text was taken for markup"
    window.close()
    library.close()


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_a_title_in_an_article_gives_the_pane_no_tooltip_to_load(
    canary: Canary, window: MainWindow, qtbot: QtBot
) -> None:
    """Whatever HTML an article brings, what the sanitiser lets through makes no tooltip in
    the reading pane (Qt would take a `title` for markup and load its picture itself)."""
    hostile = (
        f"<p>See <a href='https://example.org' title='{canary.markup()}'>the link</a> and "
        f"<abbr title='{canary.markup()}'>an abbr</abbr> and "
        f"<span title='{canary.markup()}'>a span</span> here.</p>"
    )
    window.pane.setHtml(sanitize_html(hostile))
    canary.reset()
    for words in ("the link", "an abbr", "a span"):
        cursor = window.pane.document().find(words)
        assert not cursor.isNull()
        cursor.setPosition(cursor.selectionStart() + 2)
        assert not cursor.charFormat().toolTip()  # no title reached the document
        hover(qtbot, window.pane, window.pane.cursorRect(cursor).center())
    assert not canary.read()
