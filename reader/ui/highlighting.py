"""The keyboard side of highlighting: the one place where the highlight actions (H, H 1..5,
A) call the window's `highlight_selection`.

Highlighting itself (storing, painting, notes) belongs to `MainWindow.highlight_selection`
(`reader.ui.annotator`). The actions are enabled while the reading pane has a selection, made
with the mouse, Shift+arrows, or V and the movement keys in caret mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTextBrowser

from reader.ui.actions import COLOR_ACTIONS, HIGHLIGHT_COLORS, ActionId, ActionRegistry

if TYPE_CHECKING:
    from reader.ui.mainwindow import MainWindow


def can_highlight(pane: QTextBrowser) -> bool:
    """The highlight actions' enabled state."""
    return pane.textCursor().hasSelection()


def _colour_handler(window: MainWindow, color: str) -> Callable[[], bool]:
    return lambda: window.highlight_selection(color)


def wire_highlight_actions(
    registry: ActionRegistry, window: MainWindow, pane: QTextBrowser
) -> None:
    """Bind H, H 1..5 and A, and keep their enabled state in step with the selection."""
    registry.bind(ActionId.HIGHLIGHT, lambda: window.highlight_selection(None))
    for action, color in zip(COLOR_ACTIONS, HIGHLIGHT_COLORS, strict=True):
        registry.bind(action, _colour_handler(window, color))
    registry.bind(ActionId.ANNOTATE, lambda: window.highlight_selection(None, open_note=True))

    def update() -> None:
        enabled = can_highlight(pane)
        for action in (ActionId.HIGHLIGHT, ActionId.ANNOTATE, *COLOR_ACTIONS):
            registry.action(action).setEnabled(enabled)

    pane.selectionChanged.connect(update)
    update()
