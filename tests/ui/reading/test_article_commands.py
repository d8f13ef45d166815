"""Commands on one article in the real window: bookmark, read, mark all read (undoable),
the row menu (acting on its row), topics, removing an annotated article."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reader.library import View
from reader.ui.commands.actions import ActionId
from reader.ui.panes.article_list import IdRole
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import CTRL, SHIFT, K, ids, press


def test_bookmark_toggle_via_the_action(window: MainWindow, qtbot: QtBot) -> None:
    action = window.registry.action(ActionId.TOGGLE_BOOKMARK)
    current = window.article_list.current_id()
    action.trigger()
    assert window.library.article(current).bookmarked
    assert action.isChecked()
    assert "1 bookmarked" in window.status_text()
    window.sidebar.select_view(View("bookmarked"))
    assert ids(window) == [current]
    action.trigger()
    assert not window.library.article(current).bookmarked
    assert not action.isChecked()
    assert ids(window) == [current]  # stays listed until the view is chosen again


def test_enter_o_b_s_m_and_shift_a(win: MainWindow, qtbot: QtBot) -> None:
    current = win.article_list.current_id()
    press(qtbot, K.Key_B)
    assert win.library.article(current).bookmarked
    press(qtbot, K.Key_S)
    assert not win.library.article(current).bookmarked
    press(qtbot, K.Key_M)
    assert not win.library.article(current).read
    press(qtbot, K.Key_O)
    assert win.pane.hasFocus()
    win.article_list.setFocus()
    press(qtbot, K.Key_Enter)
    assert win.pane.hasFocus()
    press(qtbot, K.Key_A, SHIFT)
    assert win.library.counts().unread == 0
    assert "Undo" in win.statusBar().currentMessage()
    press(qtbot, K.Key_Z, CTRL)
    assert win.library.counts().unread > 0
    press(qtbot, K.Key_Z, CTRL | SHIFT)
    assert win.library.counts().unread == 0


def test_undo_of_mark_all_read_touches_only_what_it_marked(win: MainWindow) -> None:
    rows = ids(win)
    already = {r for r in rows if win.library.article(r).read}
    win.registry.run(ActionId.MARK_ALL_READ)
    win.registry.run(ActionId.UNDO)
    assert {r for r in rows if win.library.article(r).read} == already


def test_the_row_menu_acts_on_its_row(window: MainWindow) -> None:
    shown = window.current.id()
    article_id = window.list_model.index(3, 0).data(IdRole)
    assert shown is not None and article_id != shown
    act = window.registry.action
    menu = window.articles.row_menu(article_id)
    assert menu is not None
    entries = [a for a in menu.actions() if not a.isSeparator()]
    assert [a.text() for a in entries] == [
        "&Open Article", "&Bookmark", "Mark as &Read", "&Topics", "Ta&gs…",
        "Remo&ve from Library…",
    ]  # fmt: skip
    assert entries[:3] == [act(a) for a in (ActionId.OPEN_ARTICLE, ActionId.TOGGLE_BOOKMARK,
                                            ActionId.TOGGLE_READ)]  # fmt: skip
    assert not entries[1].isChecked()
    menu.actions()[2].trigger()
    assert window.library.rows([article_id])[article_id].bookmarked
    assert not window.library.rows([shown])[shown].bookmarked  # its row, not the one shown
    menu = window.articles.row_menu(article_id)
    assert menu is not None
    assert menu.actions()[2].isChecked()  # shown as bookmarked
    menu.actions()[3].trigger()
    assert window.library.rows([article_id])[article_id].read
    menu.actions()[0].trigger()
    assert window.article_list.current_id() == article_id
    assert window.current.id() == article_id


def test_the_row_menu_puts_an_article_under_a_topic_and_takes_it_out(window) -> None:  # type: ignore[no-untyped-def]
    menu = window.articles.row_menu(2)
    topics = next(a.menu() for a in menu.actions() if a.menu() is not None)
    by_label = {a.text(): a for a in topics.actions()}
    assert by_label["Sport"].isChecked()
    assert not by_label["Lifestyle"].isChecked()
    by_label["Lifestyle"].trigger()
    by_label["Sport"].trigger()
    codes = {t.code for t in window.library.article(2).topics}
    assert "10000000" in codes
    assert "15000000" not in codes
    window.library.reclassify()
    assert {t.code for t in window.library.article(2).topics} == codes


def test_removing_an_annotated_article_asks_first_naming_how_many(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.library.add_highlight(1, 0, 20, "yellow")
    window.library.add_highlight(1, 30, 40, "green", "a note")
    window.article_list.select_article(1)
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def ask(box: QMessageBox) -> QMessageBox.StandardButton:
        asked.append(box.text())
        return answer

    monkeypatch.setattr(QMessageBox, "exec", ask)
    window.article_list.setFocus()
    qtbot.keyClick(window.article_list, Qt.Key.Key_Delete)
    assert "Its 2 highlights and notes will go with it" in asked[0]
    assert window.library.article(1) is not None
    answer = QMessageBox.StandardButton.Yes
    assert window.current.id() == 1
    assert window.articles.remove(window.current.id())
    assert window.library.article(1) is None
    assert window.pane.article_id() != 1
    assert window.list_model.row_of(1) is None
