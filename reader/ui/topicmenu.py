"""The Topics menu of an article: every IPTC topic, checked where the article stands, so the
user can put it under a topic or take it out. Choices are the user's (`origin` user or
removed) and survive re-classification and re-import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QWidget

from reader.library import Library

if TYPE_CHECKING:
    from reader.ui.mainwindow import MainWindow


def topics_menu(library: Library, article_id: int, parent: QWidget) -> QMenu:
    """A checkable entry per topic; toggling one adds or removes it for this article."""
    menu = QMenu("&Topics", parent)
    row = library.rows([article_id]).get(article_id)  # the list's row: no need for the body
    current = {t.code for t in row.topics} if row is not None else set()
    for topic in sorted(library.topics(), key=lambda t: t.label):
        action = menu.addAction(topic.label.replace("&", "&&"))  # "&" is not a mnemonic here
        action.setCheckable(True)
        action.setChecked(topic.code in current)
        action.setToolTip(topic.name)
        action.toggled.connect(
            lambda on, code=topic.code: (library.add_topic if on else library.remove_topic)(
                article_id, code
            )
        )
    return menu


def popup_topics(window: MainWindow) -> QMenu | None:
    """Article › Topics…: the menu at the current row of the list (keyboard reachable)."""
    article_id = window.article_list.current_id()
    if article_id is None:
        window.say("Choose an article first")
        return None
    menu = topics_menu(window.library, article_id, window)
    rect = window.article_list.visualRect(window.article_list.currentIndex())
    menu.popup(window.article_list.viewport().mapToGlobal(rect.topLeft() + QPoint(24, 24)))
    return menu
