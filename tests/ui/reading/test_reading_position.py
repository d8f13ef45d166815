"""Where the reader was in each article: saved while scrolling, on leaving it and on quit,
and restored."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from reader.ui.window.mainwindow import MainWindow


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
    article = window.library.article(long_id)
    assert article is not None and window.settings.article() == (long_id, article.uri)
