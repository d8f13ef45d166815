"""Highlights and notes in the real window: selection, painting, notes panel, undo, views,
the context menu and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.library.annotations.records import reanchor_article
from reader.library.store.models import Article, database
from reader.ui.annotations.exchange import export_to
from reader.ui.annotations.notes_model import AnnotationListModel, grouped
from reader.ui.commands.actions import ActionId
from reader.ui.panes.body_map import BodyMap
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import WindowFactory

PARAGRAPH_SEPARATOR = "\u2029"  # how QTextCursor.selectedText() shows a block break


def body_map(window: MainWindow) -> BodyMap:
    """Body offsets <-> positions in the pane's document, for the article on screen."""
    article = window.current.article()
    assert article is not None
    return BodyMap(article.body, window.pane.document())


def select(window: MainWindow, start: int, end: int) -> None:
    cursor = window.pane.textCursor()
    cursor.setPosition(body_map(window).to_document(start))
    cursor.setPosition(body_map(window).to_document(end), QTextCursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)


def painted(window: MainWindow) -> list[str]:
    """The highlights drawn in the pane (no words are found here, so all it draws)."""
    assert window.pane.marks("found") == []
    drawn = [s.cursor.selectedText() for s in window.pane.extraSelections()]
    assert drawn == [s.cursor.selectedText() for s in window.pane.marks("highlights")]
    return drawn


def body(window: MainWindow) -> str:
    article = window.pane.article()
    assert article is not None
    return article.body


def test_a_mouse_selection_is_highlighted_and_painted(window: MainWindow) -> None:
    pane, text, offsets = window.pane, body(window), body_map(window)
    points = []
    for offset in (4, 30):
        cursor = QTextCursor(pane.document())
        cursor.setPosition(offsets.to_document(offset))
        points.append(QPointF(pane.cursorRect(cursor).center()))
    viewport = pane.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, point, buttons in (
        (QEvent.Type.MouseButtonPress, points[0], left),
        (QEvent.Type.MouseMove, points[1], left),
        (QEvent.Type.MouseButtonRelease, points[1], none),
    ):
        event = QMouseEvent(kind, point, viewport.mapToGlobal(point), left, buttons,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(viewport, event)
    assert window.annotations.highlight_selection("pink")
    (info,) = window.library.annotations(pane.article_id())  # type: ignore[arg-type]
    assert (info.start, info.end, info.color) == (4, 30, "pink")
    assert painted(window) == [text[4:30]]
    assert not pane.textCursor().hasSelection()


def test_empty_and_whitespace_selections_are_refused(window: MainWindow) -> None:
    select(window, 10, 10)
    assert not window.annotations.highlight_selection()
    assert "Select some text" in window.statusBar().currentMessage()
    space = body(window).index(" ")
    select(window, space, space + 1)
    assert not window.annotations.highlight_selection("green")
    assert window.library.counts().notes == 0 and painted(window) == []


def test_overlapping_and_cross_paragraph_highlights(window: MainWindow) -> None:
    text = body(window)
    brk = text.index("\n")
    select(window, 0, 50)
    window.annotations.highlight_selection("yellow")
    select(window, 30, 90)
    window.annotations.highlight_selection("blue")
    select(window, brk - 20, brk + 25)
    window.annotations.highlight_selection("green")
    expected = [  # a highlight never starts or ends on a space
        text[0:50].strip(),
        text[30:90].strip(),
        text[brk - 20 : brk + 25].strip().replace("\n", PARAGRAPH_SEPARATOR),
    ]
    assert sorted(painted(window)) == sorted(expected)
    window.pane.set_zoom(3)  # reflow, and the stylesheet re-set (setHtml) keep them exact
    QApplication.sendEvent(window.pane, QEvent(QEvent.Type.PaletteChange))  # the stylesheet
    QApplication.processEvents()
    assert sorted(painted(window)) == sorted(expected)


def test_emoji_and_rtl_before_a_highlight(
    empty_library: Library, make_window: WindowFactory, tmp_path: Path
) -> None:
    seed = tmp_path / "intl.txt"
    seed.write_text(
        "CAIRO – Crowds 👋🏽🎉 gathered; مرحبا بالعالم said one sign.\n"
        "A second 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 paragraph follows with the target phrase here.\n",
        encoding="utf-8",
    )
    (article_id,) = empty_library.import_paths([seed]).added_ids
    window = make_window(empty_library)
    window.article_list.select_article(article_id)
    text = body(window)
    start = text.index("target phrase")
    select(window, start, start + len("target phrase"))
    assert window.annotations.highlight_selection("purple")
    rtl = text.index("مرحبا")
    select(window, rtl, rtl + 5)
    assert window.annotations.highlight_selection("green")
    assert sorted(painted(window)) == sorted(["target phrase", "مرحبا"])


def test_undo_and_redo_every_kind_of_change(window: MainWindow) -> None:
    stack, library = window.history.stack, window.library
    select(window, 0, 40)
    window.annotations.highlight_selection("yellow")
    (info,) = library.all_annotations()
    window.annotations.recolour(info, "green")
    window.annotations.edit_note(info, "", "a note")
    assert library.annotation(info.id).color == "green"  # type: ignore[union-attr]
    stack.undo()
    assert library.annotation(info.id).note == ""  # type: ignore[union-attr]
    stack.undo()
    assert library.annotation(info.id).color == "yellow"  # type: ignore[union-attr]
    stack.undo()
    assert library.all_annotations() == [] and painted(window) == []
    stack.redo()
    (back,) = library.all_annotations()
    assert back.uuid == info.uuid and painted(window) == [body(window)[0:40]]
    stack.redo()
    stack.redo()
    window.annotations.delete(library.annotation(info.id))  # type: ignore[arg-type]
    assert library.all_annotations() == []
    window.registry.action(ActionId.UNDO).trigger()  # Edit > Undo, Ctrl+Z
    (restored,) = library.all_annotations()
    assert (restored.uuid, restored.color, restored.note) == (info.uuid, "green", "a note")


def test_notes_panel_lists_edits_and_autosaves(window: MainWindow, qtbot: QtBot) -> None:
    text = body(window)
    select(window, 300, 340)
    window.annotations.highlight_selection("blue")
    select(window, 10, 30)
    assert window.annotations.highlight_selection("yellow", open_note=True)
    dock = window.notes
    assert dock.isVisible()
    listed = [dock.model.info_at(r) for r in range(dock.model.rowCount())]
    assert [i.start for i in listed if i is not None] == [10, 300]  # document order
    editing = dock.editing()
    assert editing is not None and editing.exact == text[10:30]
    qtbot.keyClicks(dock.editor, "Saved *soon*")
    qtbot.waitUntil(lambda: window.library.annotation(editing.id).note == "Saved *soon*",  # type: ignore[union-attr]
                    timeout=1000)  # fmt: skip
    qtbot.waitUntil(lambda: dock.preview.toPlainText().strip() == "Saved soon", timeout=1000)
    qtbot.keyClicks(dock.editor, "!")
    window.article_list.setFocus()  # focus change saves at once
    dock.editor.clearFocus()
    assert window.library.annotation(editing.id).note == "Saved *soon*!"  # type: ignore[union-attr]


def test_quitting_saves_a_note_being_typed(window: MainWindow, qtbot: QtBot) -> None:
    select(window, 0, 20)
    window.annotations.highlight_selection(open_note=True)
    qtbot.keyClicks(window.notes.editor, "last words")
    window.close()
    assert window.library.all_annotations()[0].note == "last words"


def test_article_note_and_library_views(window: MainWindow) -> None:
    window.annotations.note_article()
    window.notes.editor.setPlainText("about the whole piece")
    window.notes.flush()
    select(window, 0, 20)
    window.annotations.highlight_selection("green")
    counts = window.library.counts()
    assert (counts.annotated, counts.notes) == (1, 2)
    window.sidebar.select_view(View("notes"))
    assert window.notes.scope == "library"
    rows = [window.notes.model.index(r).data() for r in range(window.notes.model.rowCount())]
    assert rows[0] == window.pane.article().title  # type: ignore[union-attr]  # a header
    window.notes.filter.setCurrentIndex(window.notes.filter.findData("green"))
    assert window.notes.model.rowCount() == 2  # header + the green one
    assert window.list_model.rowCount() == 1
    assert window.status_text().endswith("Notes: 1 annotation (Green)")  # what is shown
    window.notes.filter.setCurrentIndex(0)
    assert window.status_text().endswith("Notes: 2 annotations")


def test_orphans_view_appears_when_there_are_orphans(window: MainWindow) -> None:
    article_id = window.pane.article_id()
    select(window, 0, 60)
    window.annotations.highlight_selection("yellow")
    assert window.sidebar.sidebar_model().row_of(View("orphans")) is None
    with database.atomic():
        Article.update(body="Entirely new text.").where(Article.id == article_id).execute()
        assert reanchor_article(article_id, "Entirely new text.") == (0, 1)  # type: ignore[arg-type]
    window.sidebar.update_counts(window.library.counts())
    assert window.sidebar.select_view(View("orphans"))
    assert window.notes.scope == "orphans" and window.notes.model.rowCount() == 2


def test_context_menu_offers_highlighting(window: MainWindow) -> None:
    act = window.registry.action
    select(window, 0, 30)
    menu = window.annotations.context_menu(window.pane.viewport().rect().center())
    texts = [a.text() for a in menu.actions()]
    assert "&Highlight" in texts and act(ActionId.ANNOTATE) in menu.actions()
    window.annotations.highlight_selection("yellow")
    cursor = QTextCursor(window.pane.document())
    cursor.setPosition(body_map(window).to_document(5))
    on_it = window.pane.cursorRect(cursor).center()
    menu = window.annotations.context_menu(on_it)
    texts = [a.text() for a in menu.actions()]
    assert act(ActionId.DELETE_HIGHLIGHT) in menu.actions() and "&Recolour Highlight" in texts


def test_annotation_list_model_passes_the_model_tester(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    for start in (0, 50, 100):
        select(window, start, start + 20)
        window.annotations.highlight_selection("yellow")
    model = AnnotationListModel()
    infos = window.library.all_annotations()
    model.set_rows(grouped(infos, {infos[0].article_id: "Title"}, headers=True))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 4 and model.info_at(0) is None


def test_export_from_the_window(window: MainWindow, tmp_path: Path) -> None:
    select(window, 0, 30)
    window.annotations.highlight_selection("yellow")
    target = tmp_path / "out.md"
    message = export_to(window.library, target, "markdown")
    assert message.startswith("Exported 1 annotation to") and target.read_text().startswith("---")
    menu = window.findChild(QMenu, "menu-file")
    assert window.registry.action(ActionId.EXPORT_ANNOTATIONS) in menu.actions()


def test_choosing_a_row_scrolls_to_it_and_clicking_a_highlight_chooses_its_row(
    window: MainWindow, qtbot: QtBot
) -> None:
    text = body(window)
    far = len(text) - 80
    select(window, far, far + 40)
    window.annotations.highlight_selection("pink", open_note=True)
    select(window, 0, 20)
    window.annotations.highlight_selection("green")
    bar = window.pane.verticalScrollBar()
    bar.setValue(0)
    dock = window.notes
    dock.list.setCurrentIndex(dock.model.index(0))  # the user chooses the first (top) one
    dock.list.setCurrentIndex(dock.model.index(1))  # and then the one near the end
    assert bar.value() > 0
    cursor = QTextCursor(window.pane.document())
    cursor.setPosition(body_map(window).to_document(far))
    where = window.pane.cursorRect(cursor).center()
    assert window.pane.viewport().rect().contains(where)
    scrolled = bar.value()
    first = dock.model.info_at(0)
    assert first is not None and dock.select_annotation(first.id)  # quietly: no scrolling
    assert bar.value() == scrolled and dock.editing() == first
    qtbot.mouseClick(window.pane.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert dock.editing() is not None and dock.editing().start == far  # type: ignore[union-attr]
    assert bar.value() == scrolled  # a click names the highlight; it does not scroll


def test_a_one_megabyte_note_in_the_panel(window: MainWindow, qtbot: QtBot) -> None:
    select(window, 0, 20)
    window.annotations.highlight_selection(open_note=True)
    huge = "مرحبا 👋🏽 <script>alert(1)</script> " * 30_000
    window.notes.editor.setPlainText(huge)
    window.notes.flush()
    assert window.library.all_annotations()[0].note == huge
    qtbot.waitUntil(lambda: "more characters" in window.notes.preview.toPlainText(), timeout=3000)
