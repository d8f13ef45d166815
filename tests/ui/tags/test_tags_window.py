"""Tags in the window: the sidebar's Tags section with counts and its tag view, tagging the
article and a highlight, Go › Tag, rename and merge from the sidebar as one undoable step,
the completer, and hostile tag names shown as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reader.library import Library, View
from reader.ui.commands.specs import ActionId
from reader.ui.panes.sidebar import CountRole, ViewRole
from reader.ui.tags.dialog import TagCompleter, TagDialog, split_tags
from reader.ui.window.mainwindow import MainWindow
from tests.ui.conftest import ids

DATA = Path("/work/shared/testdata")


def _tag_rows(window: MainWindow) -> dict[str, tuple[str, int]]:
    model = window.sidebar.sidebar_model()
    found = {}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        view = index.data(ViewRole)
        if isinstance(view, View) and view.kind == "tag":
            found[view.tag or ""] = (str(index.data()), int(index.data(CountRole)))
    return found


def test_the_sidebar_lists_tags_with_counts(
    window: MainWindow, library: Library, qtmodeltester: ModelTester
) -> None:
    first, second, *_ = ids(window)
    library.tag_articles([first, second], add=["work/project-x"])
    library.tag_articles([first], add=["later"])
    assert _tag_rows(window) == {
        "later": ("later", 1), "work": ("work", 2), "work/project-x": ("project-x", 2),
    }  # fmt: skip
    qtmodeltester.check(window.sidebar.sidebar_model(), force_py=True)
    assert window.sidebar.select_view(View("tag", tag="work"))
    assert sorted(ids(window)) == sorted([first, second])
    assert window.windowTitle().startswith("work")


def test_tagging_the_article_from_its_action(window: MainWindow, library: Library) -> None:
    shown = window.current.id()
    assert shown is not None
    tags = window.tags
    asked: list[tuple] = []

    def answer(*args: object, **kwargs: object) -> list[str]:
        asked.append(args)
        return ["read later", "work"]

    tags.ask = answer
    window.registry.action(ActionId.EDIT_TAGS).trigger()
    assert library.article_tags(shown) == ("read later", "work")
    tags.ask = lambda *a, **k: ["work"]  # the line without a name takes that tag off
    window.registry.action(ActionId.EDIT_TAGS).trigger()
    assert library.article_tags(shown) == ("work",)
    assert asked[0][3] == ""  # the line started with the article's tags (none yet)
    assert "work" in _tag_rows(window)


def test_tagging_is_undone_and_redone(window: MainWindow, library: Library) -> None:
    shown = window.current.id()
    assert shown is not None
    assert window.tags.edit_article_tags(["work", "read later"])
    assert window.tags.edit_article_tags(["work", "keep"])
    assert "takes them back" in window.status.currentMessage()
    undo, redo = window.registry.action(ActionId.UNDO), window.registry.action(ActionId.REDO)
    undo.trigger()
    assert library.article_tags(shown) == ("read later", "work")
    undo.trigger()
    assert library.article_tags(shown) == ()
    redo.trigger()
    redo.trigger()
    assert library.article_tags(shown) == ("keep", "work")
    assert not window.tags.edit_article_tags(["keep", "work"])  # no change: no step
    assert window.status.currentMessage() == "Tags unchanged"


def test_a_bad_name_is_said_and_changes_nothing(window: MainWindow, library: Library) -> None:
    shown = window.current.id()
    assert shown is not None
    assert not window.tags.edit_article_tags(["a//b"])
    assert library.article_tags(shown) == ()
    assert "empty part" in window.status.currentMessage()


def test_tagging_a_highlight(window: MainWindow, library: Library) -> None:
    shown = window.current.id()
    assert shown is not None
    info = library.add_highlight(shown, 0, 8, "yellow")
    cursor = window.pane.textCursor()
    window.annotations.paint()
    window.tags._highlight_target = lambda: library.annotation(info.id)  # the one at the cursor
    assert window.tags.edit_highlight_tags(["quote/best"])
    assert library.annotation_tags(info.id) == ("quote/best",)
    assert _tag_rows(window)["quote"] == ("quote", 0)
    del cursor


def test_go_to_tag_by_name(window: MainWindow, library: Library) -> None:
    first = ids(window)[0]
    library.tag_articles([first], add=["Work"])
    assert window.tags.go_to_tag("work")
    assert window.sidebar.current_view() == View("tag", tag="Work")
    assert ids(window) == [first]
    assert not window.tags.go_to_tag("nothing")


def test_rename_and_merge_are_one_undoable_step(window: MainWindow, library: Library) -> None:
    first, second, third, *_ = ids(window)
    library.tag_articles([first, second], add=["work/x"])
    library.tag_articles([third], add=["job"])
    window.sidebar.select_view(View("tag", tag="work"))
    assert window.tags.rename("work", "job")
    assert set(_tag_rows(window)) == {"job", "job/x"}
    assert window.sidebar.current_view() == View("tag", tag="job")  # it follows the rename
    window.registry.action(ActionId.UNDO).trigger()
    assert set(_tag_rows(window)) == {"job", "work", "work/x"}
    assert library.article_tags(third) == ("job",)
    window.registry.action(ActionId.REDO).trigger()
    assert set(_tag_rows(window)) == {"job", "job/x"}
    window.registry.action(ActionId.UNDO).trigger()
    assert window.tags.merge("work/x", "job")
    assert library.article_tags(first) == ("job",)
    window.registry.action(ActionId.UNDO).trigger()
    assert library.article_tags(first) == ("work/x",)


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_the_sidebar_menu_of_a_tag(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    library.tag_articles([ids(window)[0]], add=["later"])
    model = window.sidebar.sidebar_model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(ViewRole) == View("tag", tag="later"))  # fmt: skip
    rect = window.sidebar.visualRect(model.index(row, 0))
    menu = window.tags.sidebar_menu(rect.center())
    assert menu is not None
    labels = [a.text() for a in menu.actions()]
    assert any("Rename" in t for t in labels) and any("Merge" in t for t in labels)
    window.tags.ask = lambda *a, **k: ["soon"]
    window.registry.action(ActionId.RENAME_TAG).trigger()
    menu.close()
    assert "soon" in _tag_rows(window)


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_the_dialog_completes_the_name_being_typed(qtbot: QtBot) -> None:
    dialog = TagDialog(None, "Tags", "Tags:", "work, pro", ["work/project-x", "later"])
    qtbot.addWidget(dialog)
    completer = dialog.edit.completer()
    assert isinstance(completer, TagCompleter)
    assert completer.splitPath("work, pro") == ["pro"]
    completer.setCompletionPrefix("pro")
    assert completer.currentCompletion() == "work, work/project-x"  # the line it makes
    assert dialog.names() == ["work", "pro"]
    assert split_tags(" a , ,b ") == ["a", "b"]


def test_hostile_tag_names_are_shown_as_plain_text(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    first = ids(window)[0]
    lines = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    lines += [
        line for line in (DATA / "blns.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ][:300]  # fmt: skip
    for line in lines:
        window.tags.edit_article_tags([*library.article_tags(first), line.replace(",", " ")])
    rows = _tag_rows(window)
    assert len(rows) > 100
    window.sidebar.select_view(View("tag", tag=next(iter(rows))))
    window.grab()
    qtbot.wait(10)


def test_undoing_a_delete_brings_the_highlights_tags_back(
    window: MainWindow, library: Library
) -> None:
    shown = window.current.id()
    assert shown is not None
    info = library.add_highlight(shown, 0, 8, "yellow")
    library.tag_annotations([info.id], add=["quote"])
    window.annotations.delete(info)
    assert library.tags() == []
    window.registry.action(ActionId.UNDO).trigger()
    assert library.annotation_tags(info.id) == ("quote",)


def test_tags_show_on_the_row_in_the_pane_and_to_a_screen_reader(
    window: MainWindow, library: Library
) -> None:
    from reader.ui.panes.article_delegate import accessible_text, meta_text

    shown = window.current.id()
    assert shown is not None
    assert window.tags.edit_article_tags(["work/project-x"])
    row = library.rows([shown])[shown]
    assert row.tags == ("work/project-x",)
    assert meta_text(row).endswith("#work/project-x")
    assert "tag work/project-x" in accessible_text(row)
    assert "#work/project-x" in window.pane.toPlainText().split("\n")[1]  # the meta line
