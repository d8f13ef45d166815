"""One owner of the article on screen (issue #10): whatever shows an article, highlights,
notes and the notes panel are about that article; search and find never hide highlights;
state kept for one library is never restored in another."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.actions import ActionId
from reader.ui.panes.body_map import HEADER_BLOCKS
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory


def article_with(library: Library, word: str) -> int:
    for row in library.page(View("all"), limit=50):
        article = library.article(row.id)
        if article is not None and word in article.body:
            return row.id
    raise AssertionError(f"no article mentions {word}")


def focus(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def select_in_body(window: MainWindow, paragraph: int, length: int) -> None:
    block = window.pane.document().findBlockByNumber(HEADER_BLOCKS + paragraph)
    cursor = window.pane.textCursor()
    cursor.setPosition(block.position())
    cursor.setPosition(block.position() + length, cursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)


def search_and_open_first(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """/ text Enter (the first result is chosen) and Enter again, by keys alone."""
    key(qtbot, Qt.Key.Key_Slash)
    assert QApplication.focusWidget() is window.search_field
    qtbot.keyClicks(window.search_field, text)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.model().rowCount() > 0)
    if QApplication.focusWidget() is not window.results:
        key(qtbot, Qt.Key.Key_Return)  # the results arrived after Enter: Enter takes us there
    qtbot.waitUntil(lambda: window.results.currentIndex().isValid())


def test_a_search_result_is_what_highlights_notes_and_the_panel_are_about(
    window: MainWindow, qtbot: QtBot
) -> None:
    library = window.library
    ukraine, taipei = article_with(library, "Szijjarto"), article_with(library, "Honnold")
    focus(qtbot, window)
    assert window.article_list.select_article(ukraine)
    assert window.current.id() == ukraine
    search_and_open_first(qtbot, window, "Honnold")
    assert window.current.id() == taipei
    assert window.pane.article_id() == taipei

    window.pane.setFocus()
    select_in_body(window, 0, 20)
    key(qtbot, Qt.Key.Key_H)
    made = library.annotations(taipei)
    assert len(made) == 1 and not made[0].is_note
    assert library.annotations(ukraine) == []

    window.registry.action(ActionId.NOTE_ARTICLE).trigger()
    qtbot.keyClicks(window.notes.editor, "about Taipei")
    window.notes.flush()
    notes = [a for a in library.annotations(taipei) if a.is_note]
    assert [n.note for n in notes] == ["about Taipei"]
    assert library.annotations(ukraine) == []
    shown = [window.notes.model.info_at(r) for r in range(window.notes.model.rowCount())]
    assert {i.article_id for i in shown if i is not None} == {taipei}


def test_search_and_find_never_hide_the_highlights(window: MainWindow, qtbot: QtBot) -> None:
    focus(qtbot, window)
    article = window.current.id()
    assert article is not None
    window.pane.setFocus()
    select_in_body(window, 0, 30)
    assert window.annotations.highlight_selection("green")
    assert len(window.pane.marks("highlights")) == 1

    key(qtbot, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search_field, "zzzz")
    key(qtbot, Qt.Key.Key_Escape)
    assert len(window.pane.marks("highlights")) == 1

    window.pane.setFocus()
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.edit, "the")
    assert window.pane.marks("found")  # found words are marked beside the highlight
    assert len(window.pane.marks("highlights")) == 1
    found = window.pane.marks("found")[0].format.background().color()
    highlight = window.pane.marks("highlights")[0].format.background().color()
    assert found.rgb() != highlight.rgb()
    key(qtbot, Qt.Key.Key_Escape)
    assert window.pane.marks("found") == []
    assert len(window.pane.marks("highlights")) == 1

    window.search.set_query("the")
    qtbot.waitUntil(lambda: window.results.model().rowCount() > 0)
    window.results.step(1)
    window.search.find_next()  # F3
    assert window.pane.marks("found")
    assert len(window.pane.marks("highlights")) == (1 if window.current.id() == article else 0)
    window.current.show(article)
    assert len(window.pane.marks("highlights")) == 1
    assert window.annotations.target() is None or window.annotations.target().color == "green"


def test_every_action_has_exactly_one_handler(window: MainWindow) -> None:
    assert window.registry.unbound() == []
    with pytest.raises(ValueError, match="next-article"):
        window.registry.bind(ActionId.NEXT_ARTICLE, lambda: None)


def test_context_menus_are_the_registry_s_actions_and_follow_rebinding(
    window: MainWindow,
) -> None:
    article = window.current.id()
    assert article is not None
    menu = window.articles.row_menu(article)
    assert menu is not None
    bookmark = window.registry.action(ActionId.TOGGLE_BOOKMARK)
    assert bookmark in menu.actions()
    keymap = window.registry.keymap()
    keymap[ActionId.TOGGLE_BOOKMARK] = ("F8",)
    window.registry.apply(keymap)
    assert bookmark.shortcut().toString() == "F8"
    select_in_body(window, 0, 10)
    pane_menu = window.annotations.context_menu(window.pane.viewport().rect().center())
    entries = [a for a in pane_menu.actions()]
    assert window.registry.action(ActionId.ANNOTATE) in entries
    assert window.registry.action(ActionId.NOTE_ARTICLE) in entries


def test_window_state_stays_with_its_library(
    tmp_path: Path, make_window: WindowFactory, settings_path: Path, seed
) -> None:
    first = Library.open(tmp_path / "first.db")
    window = make_window(first)
    shown = first.page(View("all"), limit=10)[2].id
    first.set_bookmarked([shown], True)
    window.sidebar.select_view(View("bookmarked"))
    assert window.article_list.select_article(shown)
    assert window.current.id() == shown
    window.close()
    first.close()

    other_source = seed(tmp_path / "other.txt", 12)
    second = Library.open(tmp_path / "second.db", import_corpus=False)
    second.import_paths([other_source])
    window = make_window(second)
    assert window.sidebar.current_view() == View("all")  # not the first library's view
    newest = second.page(View("all"), limit=1)[0].id
    assert window.current.id() == newest  # its own first launch, not article `shown`
    window.close()
    second.close()

    # the first library's state is still there for it
    first = Library.open(tmp_path / "first.db")
    window = make_window(first)
    assert window.sidebar.current_view() == View("bookmarked")
    assert window.current.id() == shown
    window.close()
    first.close()


def test_an_article_id_of_a_replaced_library_opens_nothing_unrelated(
    tmp_path: Path, make_window: WindowFactory, settings_path: Path, seed
) -> None:
    path = tmp_path / "library.db"
    library = Library.open(path)
    window = make_window(library)
    window.current.show(3)
    window.close()
    library.close()
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    remembered = [k for k in settings.allKeys() if k.endswith("/article")]
    assert remembered  # kept under the library's key
    for name in ("library.db", "library.db-wal", "library.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    replacement = Library.open(path, import_corpus=False)  # another library at the same path
    replacement.import_paths([seed(tmp_path / "new.txt", 5)])
    window = make_window(replacement)
    assert replacement.article(3) is not None  # the id exists, as another article
    uri = settings.value(remembered[0].replace("/article", "/articleUri"))
    assert window.current.article() is None or window.current.article().uri != uri
    window.close()
    replacement.close()
