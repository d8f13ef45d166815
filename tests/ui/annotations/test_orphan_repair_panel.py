"""Putting orphans right in the real window: the notes panel's candidates, attaching to one
or to the selection (undoable), dismissing into Recently Deleted, and the "moved" mark."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from reader.library import View
from reader.library.annotations.records import reanchor_article
from reader.library.store.models import Article, database
from reader.ui.commands.actions import ActionId
from reader.ui.panes.body_map import BodyMap
from reader.ui.window.mainwindow import MainWindow

SHOTS = os.environ.get("READER_SHOTS")  # a folder: save pictures of the panel there


def select(window: MainWindow, start: int, end: int) -> None:
    article = window.current.article()
    assert article is not None
    offsets = BodyMap(article.body, window.pane.document())
    cursor = window.pane.textCursor()
    cursor.setPosition(offsets.to_document(start))
    cursor.setPosition(offsets.to_document(end), QTextCursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)


def change_text(window: MainWindow, article_id: int, text: str) -> None:
    """The article's text changes behind the window's back (a re-import), then the window
    is told, as the library's change report would."""
    with database.atomic():
        Article.update(body=text).where(Article.id == article_id).execute()
        reanchor_article(article_id, text)
    window.current.show(None)
    window.current.show(article_id)
    window.sidebar.update_counts(window.library.counts())


def make_orphan(window: MainWindow) -> tuple[int, str]:
    """A highlight whose passage is reworded (every third letter upper case): its id and
    the article's new text."""
    article = window.current.article()
    assert article is not None
    text = article.body
    start = text.index(" ", 40) + 1
    end = text.index(" ", start + 60)
    select(window, start, end)
    assert window.annotations.highlight_selection("green")
    info = window.library.all_annotations()[0]
    quote = text[start:end]
    reworded = "".join(c.upper() if n % 3 == 0 else c for n, c in enumerate(quote))
    new = text[:start] + reworded + text[end:]
    change_text(window, article.id, new)
    assert window.library.annotation(info.id).orphan  # type: ignore[union-attr]
    return info.id, new


def choose_orphans(window: MainWindow) -> None:
    assert window.sidebar.select_view(View("orphans"))
    window.notes.show()
    number = next(n for n in range(window.notes.model.rowCount()) if window.notes.model.info_at(n))
    window.notes.list.setCurrentIndex(window.notes.model.index(number))


def test_an_orphan_shows_its_candidates_and_attaches_to_one(window: MainWindow) -> None:
    orphan, text = make_orphan(window)
    choose_orphans(window)
    repair = window.notes.repair
    assert not repair.isHidden() and repair.orphan() is not None
    assert repair.candidates.count() >= 1
    assert "% the same" in repair.candidates.item(0).text()
    repair.candidates.setCurrentRow(0)  # shown selected in the pane
    assert window.pane.textCursor().hasSelection()
    if SHOTS:
        for size, name in (((1400, 820), "orphan-repair"), ((900, 700), "orphan-repair-below")):
            window.resize(*size)
            for _turn in range(5):
                QApplication.processEvents()
            window.grab().save(os.path.join(SHOTS, f"{name}.png"))
    repair.attach_button.click()
    info = window.library.annotation(orphan)
    assert info is not None and not info.orphan and info.note == ""
    assert info.exact == text[info.start : info.end]  # type: ignore[misc]
    assert repair.isHidden()
    window.registry.action(ActionId.UNDO).trigger()
    assert window.library.annotation(orphan).orphan  # type: ignore[union-attr]
    window.registry.action(ActionId.REDO).trigger()
    assert not window.library.annotation(orphan).orphan  # type: ignore[union-attr]


def test_an_orphan_attaches_to_the_selection_from_the_context_menu(window: MainWindow) -> None:
    orphan, _text = make_orphan(window)
    choose_orphans(window)
    select(window, 5, 30)
    menu = window.annotations.context_menu(window.pane.viewport().rect().center())
    action = window.registry.action(ActionId.ATTACH_ORPHAN)
    assert action in menu.actions()
    menu.close()
    action.trigger()
    info = window.library.annotation(orphan)
    assert info is not None and not info.orphan and (info.start, info.end) == (5, 30)


def test_the_context_menu_offers_no_attaching_without_an_orphan(window: MainWindow) -> None:
    select(window, 5, 30)
    menu = window.annotations.context_menu(window.pane.viewport().rect().center())
    assert window.registry.action(ActionId.ATTACH_ORPHAN) not in menu.actions()
    menu.close()


def test_dismissing_an_orphan_puts_it_in_recently_deleted(window: MainWindow) -> None:
    orphan, _text = make_orphan(window)
    choose_orphans(window)
    window.notes.repair.dismiss_button.click()
    assert window.library.annotation(orphan) is None
    assert window.library.deleted_annotations()[0].reason == "dismissed"
    window.registry.action(ActionId.UNDO).trigger()
    assert window.library.annotation(orphan) is not None


def test_a_moved_highlight_is_marked_until_chosen(window: MainWindow) -> None:
    article = window.current.article()
    assert article is not None
    text = article.body
    select(window, 10, 90)
    assert window.annotations.highlight_selection("blue")
    info = window.library.all_annotations()[0]
    change_text(window, article.id, text[:20] + "Z" + text[21:])
    assert window.library.annotation(info.id).moved  # type: ignore[union-attr]
    window.notes.show()
    window.notes.refresh()
    number = window.notes.model.row_of(info.id)
    assert number is not None
    index = window.notes.model.index(number)
    assert "Moved" in str(index.data(Qt.ItemDataRole.AccessibleDescriptionRole))
    if SHOTS:
        window.resize(1400, 820)
        window.grab().save(os.path.join(SHOTS, "moved.png"))
    window.notes.list.setCurrentIndex(index)
    assert not window.library.annotation(info.id).moved  # type: ignore[union-attr]


def test_an_orphan_with_no_close_passage_says_what_to_do(window: MainWindow) -> None:
    article = window.current.article()
    assert article is not None
    select(window, 0, 60)
    assert window.annotations.highlight_selection("pink")
    change_text(window, article.id, "Entirely new text, nothing like the old one at all.")
    choose_orphans(window)
    repair = window.notes.repair
    assert repair.candidates.isHidden() and "Attach to Selection" in repair.hint.text()
    assert not repair.attach_button.isEnabled() and repair.dismiss_button.isEnabled()
    if SHOTS:
        for size, name in (((1400, 820), "no-candidates"), ((900, 700), "no-candidates-below")):
            window.resize(*size)
            for _turn in range(5):
                QApplication.processEvents()
            window.grab().save(os.path.join(SHOTS, f"{name}.png"))
