"""The keyboard side of highlighting: the one place where the highlight actions (H, H 1..5,
A) call the window's `highlight_selection`.

Highlighting itself (storing, painting, notes) belongs to the window's
`highlight_selection(color=None, *, open_note=False) -> bool`. Until a window has that
method, the actions stay disabled: `can_highlight` is the guard, and it also needs a
non-empty selection in the reading pane (made with the mouse, Shift+arrows or V in caret mode).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QTextBrowser

from reader.ui.actions import COLOR_ACTIONS, HIGHLIGHT_COLORS, ActionId, ActionRegistry


@runtime_checkable
class Highlighter(Protocol):
    def highlight_selection(self, color: str | None = None, *, open_note: bool = False) -> bool: ...


def can_highlight(window: object, pane: QTextBrowser) -> bool:
    """The highlight actions' enabled state."""
    return isinstance(window, Highlighter) and pane.textCursor().hasSelection()


def _highlight(window: object, color: str | None, open_note: bool) -> bool:
    """Highlight the pane's selection (in `color`, or the current colour for None)."""
    if not isinstance(window, Highlighter):
        return False
    return window.highlight_selection(color, open_note=open_note)


def _colour_handler(window: object, color: str) -> Callable[[], bool]:
    return lambda: _highlight(window, color, False)


def wire_highlight_actions(registry: ActionRegistry, window: object, pane: QTextBrowser) -> None:
    """Bind H, H 1..5 and A, and keep their enabled state in step with the selection."""
    registry.bind(ActionId.HIGHLIGHT, lambda: _highlight(window, None, False))
    for action, color in zip(COLOR_ACTIONS, HIGHLIGHT_COLORS, strict=True):
        registry.bind(action, _colour_handler(window, color))
    registry.bind(ActionId.ANNOTATE, lambda: _highlight(window, None, True))

    def update() -> None:
        enabled = can_highlight(window, pane)
        for action in (ActionId.HIGHLIGHT, ActionId.ANNOTATE, *COLOR_ACTIONS):
            registry.action(action).setEnabled(enabled)

    pane.selectionChanged.connect(update)
    update()
