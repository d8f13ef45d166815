"""Every control a user can reach with the keyboard has an accessible name: the window is
walked widget by widget (`findChildren(QWidget)`) with the notes panel, the find bar and the
search results shown, and each name is read back through Qt's accessibility interface."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reader.ui.commands.actions import ActionId
from reader.ui.window.mainwindow import MainWindow


@pytest.fixture(autouse=True)
def _accessibility() -> Iterator[None]:
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


def unnamed(window: MainWindow) -> list[str]:
    """The focusable widgets on screen that assistive technology cannot name."""
    missing = []
    for widget in window.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            continue
        if widget.window() is not window:  # a popup of its own (a combo box's list)
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        spoken = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not widget.accessibleName() or not spoken:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_focusable_control_has_a_name(qtbot: QtBot, window: MainWindow) -> None:
    assert unnamed(window) == []
    window.registry.action(ActionId.TOGGLE_NOTES).trigger()
    qtbot.waitUntil(window.notes.isVisible, timeout=3000)
    window.find_bar.open_bar()
    assert window.find_bar.isVisible()
    assert unnamed(window) == []
    window.search.set_query("the")
    qtbot.waitUntil(lambda: not window.search.results.searching, timeout=5000)
    assert window.results.isVisible()
    assert unnamed(window) == []


def test_the_panes_and_splitter_are_named(window: MainWindow) -> None:
    for widget in (
        window.splitter,
        window.sidebar,
        window.article_list,
        window.results,
        window.pane,
        window.search_field,
        window.find_bar.edit,
        window.notes.editor,
        window.notes.list,
    ):
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None
        assert interface.text(QAccessible.Text.Name) == widget.accessibleName() != ""
