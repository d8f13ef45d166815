"""Learning topics in the real window: learning again after choices (off the GUI thread),
Re-classify All Articles with progress and Stop, Forget What Topics Learned (asking first), and
the Topics menu's "Why These Topics?"."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from reader.ui.commands.actions import ActionId
from reader.ui.topics import controller
from reader.ui.topics.explanation import ExplanationDialog
from reader.ui.window.mainwindow import MainWindow

SPORT, LIFESTYLE = "15000000", "10000000"


def test_a_choice_makes_the_window_learn_on_a_worker_thread(
    window: MainWindow, qtbot: QtBot
) -> None:
    learning = window.topic_learning
    learning._learn_timer.setInterval(10)
    window.library.add_topic(2, LIFESTYLE)
    assert not window.library.learning_is_current()
    qtbot.waitUntil(lambda: learning.learning is not None or window.library.learning_is_current())
    qtbot.waitUntil(lambda: learning.learning is None, timeout=10000)
    assert window.library.learning_is_current()


def test_reclassify_all_runs_off_the_gui_thread_and_reports(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controller, "ask", lambda *args: True)
    window.library.add_topic(2, LIFESTYLE)
    window.library.remove_topic(2, SPORT)
    window.registry.action(ActionId.RECLASSIFY_ALL).trigger()
    learning = window.topic_learning
    assert learning.running is not None
    assert not window.registry.action(ActionId.RECLASSIFY_ALL).isEnabled()
    qtbot.waitUntil(lambda: learning.running is None, timeout=10000)
    assert "Re-classified 4 articles" in window.statusBar().currentMessage()
    assert window.registry.action(ActionId.RECLASSIFY_ALL).isEnabled()
    codes = {t.code for t in window.library.article(2).topics}
    assert LIFESTYLE in codes and SPORT not in codes  # the user's choices stay


def test_stop_keeps_what_was_done(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    learning = window.topic_learning
    assert learning.start_reclassify()
    learning.stop()
    qtbot.waitUntil(lambda: learning.running is None, timeout=10000)
    assert "e-classified" in window.statusBar().currentMessage()
    assert not learning.progress.isVisible()


def test_forget_asks_first_and_keeps_the_choices(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    forget = window.registry.action(ActionId.FORGET_LEARNED)
    forget.trigger()
    assert "learned nothing" in window.statusBar().currentMessage()
    window.library.add_topic(2, LIFESTYLE)
    monkeypatch.setattr(controller, "ask", lambda *args: False)
    forget.trigger()
    assert window.library.learned_examples() == 1
    monkeypatch.setattr(controller, "ask", lambda *args: True)
    forget.trigger()
    assert window.library.learned_examples() == 0
    assert LIFESTYLE in {t.code for t in window.library.article(2).topics}


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_why_these_topics_explains_in_a_dialog(window: MainWindow, qtbot: QtBot) -> None:
    menu = window.articles.row_menu(2)
    assert menu is not None
    topics = next(a.menu() for a in menu.actions() if a.menu() is not None)
    why = next(a for a in topics.actions() if a.objectName() == "why-topics")
    assert why.text() == "&Why These Topics?…"
    why.trigger()
    dialog = window.findChild(ExplanationDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert text.startswith("Now under: ") and "Sport (" in text and "rules: '" in text
    assert "by hand stay" in text
    dialog.close()
