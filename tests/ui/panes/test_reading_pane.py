"""The reading pane: it never reads a file by itself; it keeps a readable measure, zooms, shows
an empty state, and lets a selection be copied."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtWidgets import QApplication, QTextBrowser
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.actions import ActionId
from reader.ui.panes.reading_pane import MIN_SIDE, ReadingPane
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "big.png"
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    assert image.save(str(path))
    return path


def document_height(browser: QTextBrowser) -> float:
    browser.document().setTextWidth(600)
    return browser.document().size().height()


def show(qtbot: QtBot, widget: QTextBrowser) -> QTextBrowser:
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize(
    "html",
    [
        '<p>x</p><img src="{png}">',
        '<p>x</p><img src="file://{png}">',
        '<p style="background-image: url({png})">x</p><p>y</p>',
        '<table background="{png}"><tr><td>x</td></tr></table>',
    ],
)
def test_the_pane_loads_no_resources(qtbot: QtBot, picture: Path, html: str) -> None:
    markup = html.format(png=picture)
    plain = show(qtbot, QTextBrowser())
    plain.setHtml(markup)
    pane = show(qtbot, ReadingPane())
    pane.setHtml(markup)
    pane.grab()  # paint it: backgrounds are only fetched when drawn
    if "<img" in html:  # proof that the test would notice: a plain browser reads the file
        assert document_height(plain) >= 300
        assert document_height(pane) < 100
    assert any(str(picture) in url for url in pane.blocked)


@pytest.mark.parametrize("kind", [1, 2, 3, 5, 100])  # html, image, stylesheet, markdown, user
def test_every_resource_type_gets_a_placeholder(qtbot: QtBot, kind: int) -> None:
    pane = ReadingPane()
    qtbot.addWidget(pane)
    result = pane.loadResource(kind, QUrl("file:///etc/passwd"))
    assert result is not None
    if isinstance(result, QImage):
        assert result.size().width() == 1 and not result.isNull()
    else:
        assert bytes(result) == b""


def test_the_pane_reads_no_file_even_for_etc_passwd(qtbot: QtBot) -> None:
    pane = show(qtbot, ReadingPane())
    pane.setHtml('<img src="/etc/passwd"><p>text</p>')
    pane.grab()
    assert "/etc/passwd" in pane.blocked
    assert pane.searchPaths() == []
    assert not pane.openLinks() and not pane.openExternalLinks()


def test_the_text_keeps_a_readable_measure(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(2400, 900)
    qtbot.waitUntil(lambda: window.pane.viewport().width() > 1500)
    frame = window.pane.document().rootFrame().frameFormat()
    column = window.pane.viewport().width() - frame.leftMargin() - frame.rightMargin()
    assert frame.leftMargin() > MIN_SIDE
    assert abs(frame.leftMargin() - frame.rightMargin()) < 1
    assert 450 < column < 900
    window.resize(900, 700)
    qtbot.waitUntil(
        lambda: window.pane.document().rootFrame().frameFormat().leftMargin() <= MIN_SIDE
    )


def test_zoom_changes_the_text_size_and_is_kept(window: MainWindow) -> None:
    pane = window.pane
    size = pane.document().defaultFont().pointSizeF()
    window.registry.action(ActionId.ZOOM_IN).trigger()
    assert pane.document().defaultFont().pointSizeF() > size
    assert window.settings.zoom() == 1
    for _ in range(40):
        pane.set_zoom(pane.zoom() - 1)
    assert pane.zoom() >= -5
    pane.set_zoom(0)
    assert pane.document().defaultFont().pointSizeF() == size


def test_the_empty_state_shows_when_nothing_is_chosen(window: MainWindow) -> None:
    window.pane.show_article(None)
    assert window.pane.toPlainText() == ""
    assert window.pane.article() is None
    assert not window.pane.grab().isNull()


def test_selection_can_be_copied(window: MainWindow) -> None:
    cursor = window.pane.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    assert window.pane.textCursor().hasSelection()


def test_a_long_article_after_another_is_laid_out_at_one_width(
    library: Library, make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    """Replacing the document empties it first: the scroll bar must not go and come back,
    or the text is laid out at two widths and the whole pane painted twice."""
    paragraph = "The council met again on Tuesday to discuss the harbour and the schools. " * 6
    for name in ("first", "second"):
        (tmp_path / f"{name}.txt").write_text(
            f"A long {name} report\n\n" + "\n\n".join([paragraph] * 40), encoding="utf-8"
        )
    report = library.import_paths([tmp_path / "first.txt", tmp_path / "second.txt"])
    first, second = report.added_ids
    window = make_window(library)
    pane = window.pane
    window.current.show(first)
    QApplication.processEvents()
    assert pane.verticalScrollBar().isVisible()
    widths: list[int] = []
    watch = _Resizes(widths)
    pane.viewport().installEventFilter(watch)
    window.current.show(second)
    QApplication.processEvents()
    assert widths == []
    assert pane.verticalScrollBar().isVisible()
    short = min(window.library.page(View("all")), key=lambda row: row.words)
    window.current.show(short.id)  # a short article: the bar goes once its text is painted
    qtbot.waitUntil(lambda: not pane.verticalScrollBar().isVisible())


class _Resizes(QObject):
    def __init__(self, widths: list[int]) -> None:
        super().__init__()
        self.widths = widths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.widths.append(watched.width())  # type: ignore[attr-defined]
        return False
