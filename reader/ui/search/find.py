"""Marking words in the reading pane and moving between them (F3 / Shift+F3, Ctrl+F).

`PaneFinder` marks every occurrence of some words in the pane's "found" layer (the document
itself is never changed, and the user's highlights, in their own layer, stay as they are),
in the accent colour, never a highlight's; it moves the current match forwards and
backwards, wrapping. Words are matched the way the index matches them, roughly: any case, as
a word start, with a plural `s` dropped so "climbers" also marks "climber". `FindBar` is
Ctrl+F's find-in-this-article strip under the reading pane.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from reader.library import query_words
from reader.ui.panes.reading_pane import ReadingPane
from reader.ui.style.colours import found_colours

KEY_PRESS = QEvent.Type.KeyPress


def is_escape(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape


def _pattern(words: list[str]) -> QRegularExpression:
    stems = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return QRegularExpression(
        rf"\b(?:{alternatives})\w*", QRegularExpression.PatternOption.CaseInsensitiveOption
    )


class PaneFinder:
    """The marked matches in one `QTextEdit` and which of them is current."""

    def __init__(self, pane: ReadingPane) -> None:
        self._pane = pane
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.words: list[str] = []

    def pane(self) -> ReadingPane:
        return self._pane

    def count(self) -> int:
        return len(self._matches)

    def current(self) -> int:
        """The 0-based index of the current match, or -1."""
        return self._current

    def mark(self, words: list[str]) -> int:
        """Mark every occurrence of `words` (none: clear the marks); returns how many."""
        self.words = [w for w in words if w][:32]
        self._matches, self._current = [], -1
        document = self._pane.document()
        if self.words:
            pattern = _pattern(self.words)
            cursor = document.find(pattern, 0)
            while not cursor.isNull() and len(self._matches) < 5000:
                self._matches.append(cursor)
                cursor = document.find(pattern, cursor)
        self._paint()
        return len(self._matches)

    def step(self, backwards: bool = False) -> bool:
        """Make the next (or previous) match current, wrapping round; False if none."""
        if not self._matches:
            return False
        if self._current < 0:
            self._current = self._first_visible(backwards)
        else:
            self._current = (self._current + (-1 if backwards else 1)) % len(self._matches)
        self._pane.setTextCursor(self._matches[self._current])
        self._pane.ensureCursorVisible()
        self._paint()
        return True

    def _first_visible(self, backwards: bool) -> int:
        top = self._pane.cursorForPosition(self._pane.viewport().rect().topLeft()).position()
        after = [i for i, c in enumerate(self._matches) if c.selectionStart() >= top]
        if backwards:
            return (after[0] - 1) % len(self._matches) if after else len(self._matches) - 1
        return after[0] if after else 0

    def _paint(self) -> None:
        palette = self._pane.palette()
        soft_paint, strong_paint = found_colours(palette)
        soft, strong = QTextCharFormat(), QTextCharFormat()
        for fmt in (soft, strong):
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(strong_paint)
        soft.setBackground(soft_paint)
        strong.setBackground(strong_paint)
        strong.setForeground(palette.highlightedText())
        selections = []
        for number, cursor in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = strong if number == self._current else soft
            selections.append(selection)
        self._pane.set_marks("found", selections)


class FindBar(QWidget):
    """Ctrl+F: find in the current article. Enter / Shift+Enter step, Esc closes."""

    closed = Signal()

    def __init__(self, finder: PaneFinder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName("Find bar")
        self.finder = finder
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findField")
        self.edit.setAccessibleName("Find in article")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName("Close the find bar")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.edit.textChanged.connect(self.refresh)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.finder.mark([])
        self.closed.emit()

    def refresh(self) -> None:
        """Mark the field's words in the article shown now."""
        found = self.finder.mark(query_words(self.edit.text()))
        if found:
            self.finder.step()
        self.show_count()

    def show_count(self) -> None:
        total, current = self.finder.count(), self.finder.current()
        text = "" if not self.edit.text().strip() else "No matches"
        if total:
            text = f"{current + 1} of {total}" if current >= 0 else f"{total} matches"
        self.count.setText(text)

    def eventFilter(self, watched: QObject, event: object) -> bool:
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and is_escape(event)
        ):
            event.accept()  # Esc closes this bar rather than running the window's shortcut
            return True
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == KEY_PRESS:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.finder.step(backwards)
                self.show_count()
                return True
        return False
