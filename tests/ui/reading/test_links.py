"""Links in the article: web and mail links open outside, every other one is refused,
and the pane never navigates."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from reader.ui.window.mainwindow import MainWindow


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
    assert not window.links.open(QUrl("javascript:alert(1)"))
    assert not window.links.open(QUrl("relative/path"))
    assert window.links.open(QUrl("mailto:desk@example.org"))


def test_a_mail_link_keeps_only_its_address(window: MainWindow, opened_urls: list) -> None:
    for hostile in (
        "mailto:ed@example.org?attach=/home/user/.ssh/id_rsa",
        "mailto:ed@example.org?subject=Hi&attachment=file:///etc/passwd",
        "MAILTO:ed@example.org?Attach=%2Fetc%2Fshadow",
    ):
        assert window.links.open(QUrl(hostile))
    assert [u.toString() for u in opened_urls] == ["mailto:ed@example.org"] * 3
