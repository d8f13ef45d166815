"""Feeds in the window: subscribing by keys, the sidebar's Feeds section and its menu, the
refresh off the GUI thread with progress and Stop, saving pasted and dropped addresses, and
Open Original. Every address is on the local test server."""

from __future__ import annotations

import pytest
from feedmaker import HTML_TYPE, RSS_TYPE, Item, long_html, page, rss
from localweb import LocalWeb
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.actions import ActionId
from reader.ui.feeds.dialogs import AddFeedDialog
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import CTRL, SHIFT, K, activate, ids, press


def _items(n: int) -> list[Item]:
    return [
        Item(
            f"w{i}",
            f"Harbour story {i}",
            long_html(f"Harbour {i}."),
            link=f"https://example.org/w{i}",
        )
        for i in range(n)
    ]


def _sidebar_labels(window: MainWindow) -> list[tuple[str, int | None]]:
    model = window.sidebar.model()
    return [
        (model.index(r, 0).data(), model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2))
        for r in range(model.rowCount())
    ]


def _feed_row(window: MainWindow, feed_id: int) -> int:
    model = window.sidebar.sidebar_model()
    row = model.row_of(View("feed", feed=feed_id))
    assert row is not None
    return row


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_subscribing_by_keys_shows_the_feed_and_its_articles(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    web.route("/feed.xml", body=rss(_items(3)), headers=RSS_TYPE)
    window = activate(qtbot, make_window(empty_library))
    press(qtbot, K.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AddFeedDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddFeedDialog)
    dialog.url.setFocus()
    dialog.url.selectAll()
    qtbot.keyClicks(dialog.url, web.url("/feed.xml"))
    qtbot.keyClick(dialog.url, K.Key_Return)
    qtbot.waitUntil(
        lambda: window.feeds.adding.task is None and len(empty_library.feeds()) == 1, timeout=10000
    )
    feed = empty_library.feeds()[0]
    qtbot.waitUntil(lambda: window.sidebar.current_view() == View("feed", feed=feed.id))
    assert ("Test News", 3) in _sidebar_labels(window)
    assert ("Feeds", None) in _sidebar_labels(window)
    qtbot.waitUntil(lambda: len(ids(window)) == 3)
    assert "Following “Test News”" in window.status.currentMessage()


def test_reading_lowers_the_unread_count(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    web.route("/feed.xml", body=rss(_items(3)), headers=RSS_TYPE)
    feed = empty_library.add_feed(web.url("/feed.xml"))
    window = activate(qtbot, make_window(empty_library))
    window.sidebar.select_view(View("feed", feed=feed.id))
    window.article_list.setFocus()
    press(qtbot, K.Key_J)
    row = _feed_row(window, feed.id)
    model = window.sidebar.model()
    qtbot.waitUntil(lambda: model.index(row, 0).data(Qt.ItemDataRole.UserRole + 2) == 1)
    assert "1 unread" in model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_refresh_all_runs_off_the_gui_thread_and_reports(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    web.route("/feed.xml", body=rss(_items(1)), headers=RSS_TYPE)
    feed = empty_library.add_feed(web.url("/feed.xml"))
    window = activate(qtbot, make_window(empty_library))
    web.route("/feed.xml", handler=lambda _r: (200, RSS_TYPE, iter([0.5, rss(_items(3))])))
    press(qtbot, K.Key_R, SHIFT)
    assert window.feeds.refreshing is not None
    assert window.feeds.progress.isVisible()
    qtbot.waitUntil(lambda: window.feeds.refreshing is None, timeout=10000)
    assert not window.feeds.progress.isVisible()
    assert "Feeds refreshed: 2 new articles" in window.status.currentMessage()
    assert empty_library.feed(feed.id).total == 3  # type: ignore[union-attr]


def test_stop_ends_a_refresh_and_keeps_what_came(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    for n in range(4):
        web.route(f"/f{n}.xml", body=rss(_items(1)), headers=RSS_TYPE)
        empty_library.add_feed(web.url(f"/f{n}.xml"), refresh=False)
        web.route(f"/f{n}.xml", handler=lambda _r: (200, RSS_TYPE, iter([5.0, b"<rss/>"])))
    window = activate(qtbot, make_window(empty_library))
    assert window.feeds.refresh(None)
    qtbot.wait(200)
    window.registry.action(ActionId.STOP_REFRESH).trigger()
    qtbot.waitUntil(lambda: window.feeds.refreshing is None, timeout=4000)
    assert window.status.currentMessage().startswith("Refresh stopped")


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_the_sidebar_menu_of_a_feed_and_unsubscribing(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    web.route("/feed.xml", body=rss(_items(2)), headers=RSS_TYPE)
    feed = empty_library.add_feed(web.url("/feed.xml"), folder="News")
    window = activate(qtbot, make_window(empty_library))
    labels = [label for label, _count in _sidebar_labels(window)]
    assert labels.index("News") < labels.index("Test News")
    rect = window.sidebar.visualRect(window.sidebar.model().index(_feed_row(window, feed.id), 0))
    menu = window.feeds.sidebar_menu(rect.center())
    assert menu is not None
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    assert texts[:2] == ["Refresh Feed", "Rename Feed…"] and "Unsubscribe…" in texts
    box = window.feeds.unsubscribe(empty_library.feed(feed.id))  # type: ignore[arg-type]
    keep = next(b for b in box.buttons() if b.text() == "Keep Articles")
    keep.click()
    qtbot.waitUntil(lambda: empty_library.feeds() == [])
    assert empty_library.counts().all == 2
    qtbot.waitUntil(lambda: "Feeds" not in [label for label, _ in _sidebar_labels(window)])
    menu.close()


def test_pasting_an_address_saves_the_page_and_shows_it(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    story = ["The harbour reopened on Monday after a month of repairs to its old walls."] * 4
    web.route("/story", body=page("Harbour reopens", story), headers=HTML_TYPE)
    window = activate(qtbot, make_window(empty_library))
    QGuiApplication.clipboard().setText(web.url("/story"))
    press(qtbot, K.Key_V, CTRL)
    qtbot.waitUntil(lambda: window.current.article() is not None, timeout=10000)
    article = window.current.article()
    assert article is not None and article.title == "Harbour reopens"
    assert article.link == web.url("/story")


def test_open_original_opens_the_entry_link(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb, opened_urls: list[QUrl]
) -> None:
    web.route("/feed.xml", body=rss(_items(1)), headers=RSS_TYPE)
    empty_library.add_feed(web.url("/feed.xml"))
    window = activate(qtbot, make_window(empty_library))
    window.sidebar.select_view(View("all"))
    window.article_list.setFocus()
    press(qtbot, K.Key_J)
    press(qtbot, K.Key_O, SHIFT)
    assert [u.toString() for u in opened_urls] == ["https://example.org/w0"]


def test_a_dropped_link_is_saved(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    story = ["The bridge over the river will close for a week of repairs in spring."] * 4
    web.route("/bridge", body=page("Bridge to close", story), headers=HTML_TYPE)
    window = make_window(empty_library)
    data = QMimeData()
    data.setUrls([QUrl(web.url("/bridge"))])
    panes = window.centralWidget()  # links are dropped on the panes, like files
    buttons, modifiers = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, buttons, modifiers)
    QApplication.sendEvent(panes, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, buttons, modifiers)
    QApplication.sendEvent(panes, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: empty_library.counts().all == 1, timeout=10000)
    qtbot.waitUntil(lambda: window.current.article() is not None)
    assert window.current.article().title == "Bridge to close"  # type: ignore[union-attr]


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_a_bad_address_says_why(
    qtbot: QtBot, empty_library: Library, make_window, web: LocalWeb
) -> None:
    web.route("/missing", status=404)
    window = make_window(empty_library)
    assert window.feeds.adding.add_feed(web.url("/missing"))
    qtbot.waitUntil(lambda: window.feeds.last_message is not None, timeout=10000)
    box = window.feeds.last_message
    assert isinstance(box, QMessageBox) and "404" in box.text()
    assert window.sidebar.sidebar_model().row_of(View("feed", feed=1)) is None
