"""The first launch opens nothing (and marks nothing read); N and Space find every unread
article of the view, even one that became unread after the list was read; a move takes back
the "no other unread" message of an earlier key."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reader.library import Library, View
from tests.ui.conftest import K, WindowFactory, activate, ids, press


def test_the_first_launch_opens_no_article_and_marks_none_read(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = activate(qtbot, make_window(library, pick=False))
    qtbot.wait(50)  # a read mark would be written after the first paint
    assert window.current.id() is None
    assert library.counts().unread == library.counts().all == 4
    assert window.article_list.current_id() is None
    press(qtbot, K.Key_J)  # J opens the newest
    assert window.current.id() == ids(window)[0]
    assert window.article_list.selectionModel().isSelected(window.article_list.currentIndex())


def test_n_finds_an_article_that_became_unread_after_the_list_was_read(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = activate(qtbot, make_window(library, pick=False))
    every = ids(window)
    library.set_read(every, True)
    window.views.select_view(View("unread"))
    assert window.list_model.rowCount() == 0
    library.set_read([every[2]], False)  # (from another device, the CLI, an undo …)
    qtbot.wait(20)
    press(qtbot, K.Key_N)
    assert window.current.id() == every[2]


def test_a_move_takes_back_the_message_of_a_key_that_found_nothing(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = activate(qtbot, make_window(library))
    every = ids(window)
    library.set_read(every, True)
    press(qtbot, K.Key_N)
    assert window.status.currentMessage().startswith("No other unread article")
    library.set_read([every[3]], False)
    press(qtbot, K.Key_N)
    assert window.current.id() == every[3]
    assert window.status.currentMessage() == ""
    qtbot.waitUntil(lambda: library.counts().unread == 0)  # read once it was painted
    library.set_read([every[0]], False)
    press(qtbot, K.Key_N)  # round to the top: said, as it should be
    assert window.current.id() == every[0]
    assert "Went round" in window.status.currentMessage()
    qtbot.waitUntil(lambda: library.counts().unread == 0)  # each read once it was painted
    press(qtbot, K.Key_P)  # nothing unread is left: said again
    assert window.status.currentMessage().startswith("No other unread article")
