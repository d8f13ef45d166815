"""The reading pane: it never reads a file or follows a link by itself; it keeps a readable
measure, zooms, and remembers where the reader was in each article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow
from reader.ui.panes.reading_pane import MIN_SIDE, ReadingPane


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


def click_text(qtbot: QtBot, pane: QTextBrowser, text: str) -> None:
    cursor = pane.document().find(text)
    assert not cursor.isNull()
    cursor.setPosition(cursor.selectionStart() + 2)
    where = pane.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_a_file_link_does_not_navigate(window: MainWindow, qtbot: QtBot, opened_urls: list) -> None:
    pane = window.pane
    pane.setHtml('<p>Go <a href="file:///etc/passwd">to the secret</a> now.</p>')
    before = pane.toPlainText()
    with qtbot.waitSignal(pane.anchorClicked) as clicked:
        click_text(qtbot, pane, "the secret")
    assert clicked.args[0].scheme() == "file"
    assert pane.toPlainText() == before
    assert pane.source().isEmpty()
    assert opened_urls == []
    pane.setSource(QUrl.fromLocalFile("/etc/passwd"))  # even a direct call goes nowhere
    assert pane.toPlainText() == before


def test_web_links_open_outside(window: MainWindow, qtbot: QtBot, opened_urls: list) -> None:
    window.pane.setHtml('<p>See <a href="https://example.org/story">the story</a>.</p>')
    click_text(qtbot, window.pane, "the story")
    assert [u.toString() for u in opened_urls] == ["https://example.org/story"]
    assert not window.open_link(QUrl("javascript:alert(1)"))
    assert not window.open_link(QUrl("relative/path"))
    assert window.open_link(QUrl("mailto:desk@example.org"))


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


def test_the_scroll_position_is_saved_and_restored(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.pane
    rows = window.library.page(window.list_model.view())
    long_id = max(rows, key=lambda r: r.words).id
    other_id = next(r.id for r in rows if r.id != long_id)
    window.article_list.select_article(long_id)
    bar = pane.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    with qtbot.waitSignal(pane.positionChanged, timeout=3000) as saved:
        bar.setValue(bar.maximum() // 2)  # debounced while scrolling
    assert saved.args[0] == long_id
    assert saved.args[1] == pytest.approx(0.5, abs=0.02)
    assert window.library.article(long_id).scroll == pytest.approx(0.5, abs=0.02)

    bar.setValue(bar.maximum() // 4)
    window.article_list.select_article(other_id)
    assert window.library.article(long_id).scroll == pytest.approx(0.25, abs=0.02)  # on change
    window.article_list.select_article(long_id)
    qtbot.waitUntil(lambda: abs(pane.fraction() - 0.25) < 0.02)


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


def test_the_position_is_saved_on_quit(window: MainWindow, qtbot: QtBot) -> None:
    rows = window.library.page(window.list_model.view())
    long_id = max(rows, key=lambda r: r.words).id
    window.article_list.select_article(long_id)
    bar = window.pane.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 3)
    fraction = window.pane.fraction()
    window.close()  # before the debounce timer fires
    assert window.library.article(long_id).scroll == pytest.approx(fraction, abs=0.01)
    assert window.settings.article() == long_id
