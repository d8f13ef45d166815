"""Marking words in the reading pane and moving between them (F3 / Shift+F3, Ctrl+F).

`PaneFinder` marks every occurrence of some words in the pane's document with an extra
selection (the document itself is never changed) and moves the current match forwards and
backwards, wrapping. Words are matched the way the index matches them, roughly: any case,
as a word start, with a plural `s` dropped so "climbers" also marks "climber".
`scroll_to_offset` shows the place in the article that a highlight's `start` names.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from reader.library import ArticleText

FIRST_BODY_BLOCK = 2  # the title block, then the meta line


def _pattern(words: list[str]) -> QRegularExpression:
    stems = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return QRegularExpression(
        rf"\b(?:{alternatives})\w*", QRegularExpression.PatternOption.CaseInsensitiveOption
    )


class PaneFinder:
    """The marked matches in one `QTextEdit` and which of them is current."""

    def __init__(self, pane: QTextEdit) -> None:
        self._pane = pane
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.words: list[str] = []

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
        soft, strong = QTextCharFormat(), QTextCharFormat()
        soft.setBackground(QColor(255, 214, 0, 90))
        strong.setBackground(QColor(255, 170, 0, 200))
        strong.setForeground(palette.text())
        selections = []
        for number, cursor in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = strong if number == self._current else soft
            selections.append(selection)
        self._pane.setExtraSelections(selections)


def body_position(document: QTextDocument, article: ArticleText, offset: int) -> int:
    """The document position of character `offset` of `article.body` (clamped)."""
    offset = min(max(0, offset), len(article.body))
    before = article.body[:offset]
    line = before.count("\n")
    column = offset - (before.rfind("\n") + 1)
    if line == 0 and article.dateline:
        column += len(article.dateline) + len(" – ")
    block = document.findBlockByNumber(FIRST_BODY_BLOCK + line)
    if not block.isValid():
        return max(0, document.characterCount() - 1)
    return block.position() + min(column, max(0, block.length() - 1))


def scroll_to_offset(pane: QTextEdit, article: ArticleText, start: int, end: int | None) -> None:
    """Bring character `start` of the body near the top of the pane and select to `end`."""
    document = pane.document()
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()  # from the end, the target lands at the top edge
    cursor.setPosition(body_position(document, article, start))
    if end is not None and end > start:
        cursor.setPosition(body_position(document, article, end), QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()
