"""The notes panel's details: rows as tall as their text, no empty preview box, a colour
filter that also empties the editor and says what it shows, previews styled like the
reading pane, a note on the article made only once something is typed, and a context menu
that says which of overlapping highlights it acts on (and offers the ones underneath)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from reader.library import AnnotationInfo, View
from reader.ui.commands.actions import ActionId
from reader.ui.panes.body_map import BodyMap
from reader.ui.window.mainwindow import MainWindow


def body_map(window: MainWindow) -> BodyMap:
    article = window.current.article()
    assert article is not None
    return BodyMap(article.body, window.pane.document())


def highlight(window: MainWindow, start: int, end: int, color: str) -> AnnotationInfo:
    cursor = window.pane.textCursor()
    cursor.setPosition(body_map(window).to_document(start))
    cursor.setPosition(body_map(window).to_document(end), QTextCursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)
    assert window.annotations.highlight_selection(color)
    made = [i for i in window.library.annotations(window.current.id() or 0) if not i.is_note]
    return max(made, key=lambda i: i.id)


def point_at(window: MainWindow, offset: int) -> QPoint:
    cursor = QTextCursor(window.pane.document())
    cursor.setPosition(body_map(window).to_document(offset))
    return window.pane.cursorRect(cursor).center()


def test_rows_are_as_tall_as_their_text(window: MainWindow, qtbot: QtBot) -> None:
    window.notes.show()
    short = highlight(window, 0, 6, "yellow")
    long = highlight(window, 40, 400, "green")
    window.library.set_annotation_note(long.id, "A note with more words than fit on one line " * 4)
    window.notes.refresh()
    qtbot.wait(20)
    view, model = window.notes.list, window.notes.model

    def height(info: AnnotationInfo) -> int:
        row = model.row_of(info.id)
        assert row is not None
        return view.visualRect(model.index(row)).height()

    line = view.fontMetrics().height()
    assert height(short) <= 2 * line + 24  # a line of quote and the date: no blank band
    assert height(long) >= height(short) + 2 * line  # two lines of quote, two of note
    assert height(long) <= 5 * line + 24


def test_no_preview_box_without_a_note(window: MainWindow) -> None:
    window.notes.show()
    info = highlight(window, 0, 12, "yellow")
    window.notes.select_annotation(info.id)
    assert window.notes.preview.isHidden()
    window.notes.editor.setPlainText("> a quote and `code`")
    window.notes._render_preview()
    assert not window.notes.preview.isHidden()
    css = window.notes.preview.document().defaultStyleSheet()
    assert "blockquote" in css and "code" in css and "background-color" in css


def test_a_colour_filter_empties_the_editor_and_says_what_it_shows(window: MainWindow) -> None:
    window.notes.show()
    pink = highlight(window, 0, 12, "pink")
    highlight(window, 30, 50, "green")
    window.notes.edit_note(pink.id)
    assert window.notes.editing() is not None
    window.notes.editor.setPlainText("typed before filtering")
    window.notes.filter.setCurrentIndex(window.notes.filter.findData("green"))
    assert window.notes.editing() is None  # the pink one is not shown: not edited either
    assert window.notes.editor.toPlainText() == ""
    assert window.library.annotation(pink.id).note == "typed before filtering"  # saved first
    assert window.notes.scope_label.text() == "This Article · Green · 1"
    window.sidebar.select_view(View("notes"))
    assert window.status_text().endswith("Notes: 1 annotation (Green)")
    window.notes.edit_note(pink.id)  # editing a filtered-out note shows every colour again
    assert window.notes.colour_filter() is None
    assert window.notes.editing() is not None and window.notes.editing().id == pink.id  # type: ignore[union-attr]


def test_note_on_article_makes_nothing_until_something_is_typed(window: MainWindow) -> None:
    article_id = window.current.id()
    assert article_id is not None
    window.registry.action(ActionId.NOTE_ARTICLE).trigger()
    assert window.notes.isVisible() and window.notes.editor.isEnabled()
    assert window.notes.editor_label.text() == "New note on the article"
    window.notes.flush()
    window.registry.action(ActionId.NEXT_ARTICLE).trigger()  # leaves it empty
    assert [i for i in window.library.annotations(article_id) if i.is_note] == []
    window.current.show(article_id)
    window.registry.action(ActionId.NOTE_ARTICLE).trigger()
    window.notes.editor.setPlainText("the whole piece")
    window.notes.flush()
    notes = [i for i in window.library.annotations(article_id) if i.is_note]
    assert [n.note for n in notes] == ["the whole piece"]
    window.notes.editor.setPlainText("the whole piece, and more")
    window.notes.flush()  # the same note is edited from now on, not another made
    notes = [i for i in window.library.annotations(article_id) if i.is_note]
    assert [n.note for n in notes] == ["the whole piece, and more"]
    window.registry.action(ActionId.NOTE_ARTICLE).trigger()  # opens that one
    assert window.notes.editing() is not None and window.notes.editing().id == notes[0].id  # type: ignore[union-attr]


def test_the_menu_says_which_overlapping_highlight_it_acts_on(window: MainWindow) -> None:
    under = highlight(window, 0, 80, "pink")
    window.library.set_annotation_note(under.id, "the pink one's note")
    top = highlight(window, 10, 30, "purple")
    where = point_at(window, 20)
    menu = window.annotations.context_menu(where)
    texts = [a.text() for a in menu.actions()]
    header = next(t for t in texts if "(on top)" in t)
    assert header.startswith("Purple highlight")
    assert window.annotations.target().id == top.id  # type: ignore[union-attr]  # painted on top
    drawn = window.pane.marks("highlights")
    assert drawn[-1].cursor.selectedText() == window.current.article().body[10:30]  # type: ignore[union-attr]
    others = [a.menu() for a in menu.actions() if isinstance(a.menu(), QMenu)]
    pink_menu = next(m for m in others if m.title().startswith("Pink highlight"))
    pink_menu.aboutToShow.emit()  # opening its submenu aims the menu at the pink one
    assert window.annotations.target().id == under.id  # type: ignore[union-attr]
    window.registry.action(ActionId.DELETE_HIGHLIGHT).trigger()
    left = window.library.annotations(window.current.id() or 0)
    assert [i.id for i in left] == [top.id]
    menu.close()
