"""View › Sort By on the real window: each order and its reverse from the menu, the palette
and the keys (Shift+S, then A/P/T/L/R), the check marks, the article being read still
selected after the list is read again, J/K and N/P in the new order, and the order kept in
the settings for the next window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from reader.library import Library, Sort, View
from reader.ui.commands.actions import ActionId
from reader.ui.commands.palette import action_items
from reader.ui.commands.specs import SORT_ACTIONS
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import SHIFT, K, WindowFactory, activate, ids, press

SORTS = (*SORT_ACTIONS.values(), ActionId.SORT_REVERSE)


def titles(window: MainWindow) -> list[str]:
    model = window.list_model
    return [model.article_at(r).title for r in range(model.rowCount())]  # type: ignore[union-attr]


def checked(window: MainWindow) -> set[ActionId]:
    return {a for a in SORTS if window.registry.action(a).isChecked()}


def test_the_menu_holds_each_order_checked_as_chosen(win: MainWindow) -> None:
    menu = win.menuBar().findChild(type(win.menuBar().actions()[0].menu()), "menu-view-sort-by")
    assert menu is not None and menu.title() == "Sort &By"
    assert [a for a in menu.actions() if not a.isSeparator()] == [
        win.registry.action(a) for a in SORTS
    ]
    assert checked(win) == {ActionId.SORT_ADDED}
    by_date = ids(win)
    assert win.registry.run(ActionId.SORT_TITLE)
    assert titles(win) == sorted(titles(win), key=str.lower)
    assert checked(win) == {ActionId.SORT_TITLE}
    assert "Sorted by title, A to Z" in win.statusBar().currentMessage()
    assert "A to Z" in win.article_list.accessibleDescription()
    assert win.registry.run(ActionId.SORT_TITLE)  # chosen again: stays checked, same order
    assert checked(win) == {ActionId.SORT_TITLE}
    assert win.registry.run(ActionId.SORT_REVERSE)
    assert titles(win) == sorted(titles(win), key=str.lower, reverse=True)
    assert checked(win) == {ActionId.SORT_TITLE, ActionId.SORT_REVERSE}
    assert win.registry.run(ActionId.SORT_LENGTH)  # reverse stays: longest first
    words = [win.list_model.article_at(r).words for r in range(4)]  # type: ignore[union-attr]
    assert words == sorted(words, reverse=True)
    assert win.registry.run(ActionId.SORT_REVERSE)
    assert win.registry.run(ActionId.SORT_ADDED)
    assert ids(win) == by_date and checked(win) == {ActionId.SORT_ADDED}


def test_the_palette_offers_every_order(win: MainWindow) -> None:
    items = {item.label: item for item in action_items(win.registry)}
    assert "View: Sort by Title" in items and "View: Reverse Sort Order" in items
    items["View: Sort by Title"].run()
    assert win.list_model.order() == Sort("title")


def test_keys_choose_the_order(win: MainWindow, qtbot: QtBot) -> None:
    for key, sort in (
        (K.Key_T, Sort("title")),
        (K.Key_R, Sort("title", True)),
        (K.Key_L, Sort("length", True)),
        (K.Key_P, Sort("published", True)),
        (K.Key_R, Sort("published")),
        (K.Key_A, Sort("added")),
    ):
        press(qtbot, K.Key_S, SHIFT)
        press(qtbot, key)
        qtbot.waitUntil(lambda s=sort: win.list_model.order() == s, timeout=2000)


def test_the_article_being_read_stays_selected_and_keys_follow_the_new_order(
    win: MainWindow, qtbot: QtBot
) -> None:
    press(qtbot, K.Key_J)
    press(qtbot, K.Key_J)
    reading = win.pane.article_id()
    assert reading is not None
    win.registry.run(ActionId.SORT_TITLE)
    assert win.article_list.current_id() == reading == win.current.id()
    assert win.article_list.currentIndex().isValid()
    rows = ids(win)
    at = rows.index(reading)
    press(qtbot, K.Key_K if at else K.Key_J)
    assert win.pane.article_id() == rows[at - 1 if at else at + 1]
    # N goes to the next unread in title order
    win.library.set_read(rows, True)
    win.library.set_read([rows[-1]], False)
    win.article_list.select_article(rows[0])
    press(qtbot, K.Key_N)
    assert win.pane.article_id() == rows[-1]


def test_pages_load_in_the_new_order_around_a_kept_article(
    library: Library, make_window: WindowFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    from tests.ui.conftest import write_seed

    library.import_paths([write_seed(tmp_path / "many.txt", 300)])
    window = activate(qtbot, make_window(library))
    window.registry.run(ActionId.SORT_LENGTH)
    shortest = window.library.neighbour(View(), None, sort=Sort("length"))
    assert shortest is not None and ids(window)[0] == shortest
    window.current.show(shortest)
    window.registry.run(ActionId.SORT_REVERSE)  # the longest first: it is the last row now
    assert window.article_list.current_id() == shortest
    assert window.article_list.currentIndex().row() == window.list_model.rowCount() - 1 == 303
    window.registry.run(ActionId.SORT_REVERSE)
    assert window.article_list.currentIndex().row() == 0
    root = window.list_model.index(0, 0).parent()
    while window.list_model.canFetchMore(root):
        window.list_model.fetchMore(root)
    everything = ids(window)
    assert len(everything) == len(set(everything)) == 304
    words = [window.list_model.article_at(r).words for r in range(304)]  # type: ignore[union-attr]
    assert words == sorted(words)


def test_the_order_is_kept_for_the_next_window(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    first = make_window(library)
    first.registry.run(ActionId.SORT_PUBLISHED)
    first.registry.run(ActionId.SORT_REVERSE)
    first.close()
    second = make_window(library)
    assert second.list_model.order() == Sort("published", True)
    assert checked(second) == {ActionId.SORT_PUBLISHED, ActionId.SORT_REVERSE}
    assert ids(second) == [
        r.id for r in library.page(View(), limit=10, sort=Sort("published", True))
    ]
