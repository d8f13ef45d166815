"""The one undo history of the window, which never changes an article that is not on screen.

`UndoHistory` wraps a `QUndoStack`. Before undoing or redoing a step that changes another
article than the one shown, it shows that article and says what the next press will do, so
Ctrl+Z can never empty or delete a note out of sight; every undo and redo says in the status
bar what it did ("Undid: Delete Note on “Taipei…”"). What an undo deletes is kept by the
library among the recently deleted annotations, so it survives a restart.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from reader.library import Library
from reader.ui.commands.actions import ActionId, ActionRegistry
from reader.ui.reading.current import CurrentArticle
from reader.ui.undo.steps import Step

Say = Callable[[str], object]
TITLE_CHARS = 48


class UndoHistory(QObject):
    """Undo and redo over the library's writes, guarded by what is on screen."""

    def __init__(
        self, library: Library, current: CurrentArticle, say: Say, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._current = current
        self._say = say
        self.stack = QUndoStack(self)
        self._titles: dict[int, str] = {}

    def push(self, step: Step) -> None:
        """Make the step's change now (a `LibraryError` propagates, and nothing enters the
        history), then keep it for undo."""
        step.do()
        if step.article_id is not None:
            self._titles.setdefault(step.article_id, self._title_of(step.article_id))
        self.stack.push(step)

    def undo(self) -> bool:
        index = self.stack.index()
        step = self.stack.command(index - 1) if index > 0 else None
        if not isinstance(step, Step):
            self._say("Nothing to undo")
            return False
        if not self._on_screen(step, "undo"):
            return False
        text = self.describe(step)
        self.stack.undo()
        self._say(f"Undid: {text}")
        return True

    def redo(self) -> bool:
        index = self.stack.index()
        step = self.stack.command(index) if index < self.stack.count() else None
        if not isinstance(step, Step):
            self._say("Nothing to redo")
            return False
        if not self._on_screen(step, "redo"):
            return False
        self.stack.redo()
        self._say(f"Redid: {self.describe(step)}")
        return True

    def describe(self, step: Step) -> str:
        """ "Delete Note on “Taipei…”", or the step's own text for a step over a view."""
        if step.article_id is None:
            return step.text()
        return f"{step.text()} on “{self._titles.get(step.article_id, 'an article')}”"

    def bind(self, registry: ActionRegistry) -> None:
        """Edit › Undo and Redo run this history; their state and labels follow it."""
        registry.bind(ActionId.UNDO, self.undo)
        registry.bind(ActionId.REDO, self.redo)
        undo, redo = registry.action(ActionId.UNDO), registry.action(ActionId.REDO)
        stack = self.stack
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        self._actions = (undo, redo)
        stack.undoTextChanged.connect(self._label)
        stack.redoTextChanged.connect(self._label)
        undo.setEnabled(False)
        redo.setEnabled(False)

    def _label(self, _text: str = "") -> None:
        # the stack is cleared as the window is destroyed, after its actions may be gone
        undo, redo = self._actions
        if shiboken6.isValid(undo) and shiboken6.isValid(redo):
            undo.setText(f"&Undo {self.stack.undoText()}".strip())
            redo.setText(f"&Redo {self.stack.redoText()}".strip())

    def _on_screen(self, step: Step, verb: str) -> bool:
        """Whether the step changes only what is on screen; if not, show its article first
        and say that the next press will do it."""
        if step.article_id is None or step.article_id == self._current.id():
            return True
        self._current.show(step.article_id)
        if self._current.id() != step.article_id:
            self._say(f"Cannot {verb} “{step.text()}”: its article is no longer in the library")
            return False
        self._say(
            f"Showing “{self._titles.get(step.article_id, 'the article')}”, where "
            f"“{step.text()}” was done: press {verb.capitalize()} again to {verb} it"
        )
        return False

    def _title_of(self, article_id: int) -> str:
        row = self._library.rows([article_id]).get(article_id)
        title = row.title if row is not None else f"article {article_id}"
        return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
