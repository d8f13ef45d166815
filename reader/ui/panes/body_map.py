"""Where an article's body offsets are in the reading pane's document, and back.

`BodyMap` maps character offsets of `Article.body` (what annotations and search store) to
positions in the pane's `QTextDocument` and back, block by block (the document is: a title
block, a meta block, then one block per body paragraph, the first perhaps led by the
dateline), counting UTF-16 code units as Qt does, so an emoji before a highlight does not
shift it. `scroll_to_body` brings an offset into view.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

HEADER_BLOCKS = 2  # the title and the meta line come before the body's paragraphs


def _units(text: str) -> int:
    """Length in UTF-16 code units (Qt's positions)."""
    return len(text.encode("utf-16-le")) // 2


def _wide(text: str) -> bool:
    return any(ord(c) > 0xFFFF for c in text)


class BodyMap:
    """Body offsets <-> document positions for one article shown in one document."""

    def __init__(self, body: str, document: QTextDocument) -> None:
        self._paragraphs = body.split("\n")
        self._starts: list[int] = []
        self._bases: list[int] = []
        offset = 0
        for number, paragraph in enumerate(self._paragraphs):
            block = document.findBlockByNumber(HEADER_BLOCKS + number)
            text = block.text() if block.isValid() else ""
            lead = _units(text) - _units(paragraph) if text.endswith(paragraph) else 0
            base = block.position() + lead if block.isValid() else document.characterCount() - 1
            self._starts.append(offset)
            self._bases.append(base)
            offset += len(paragraph) + 1
        self._length = len(body)

    def body_start(self) -> int:
        """The document position where the body begins (after the title and meta line)."""
        return self._bases[0] if self._bases else 0

    def to_document(self, offset: int) -> int:
        """The document position of body offset `offset` (clamped to the body)."""
        offset = max(0, min(offset, self._length))
        number = bisect_right(self._starts, offset) - 1
        paragraph = self._paragraphs[number]
        column = min(offset - self._starts[number], len(paragraph))
        if _wide(paragraph):
            column = _units(paragraph[:column])
        return self._bases[number] + column

    def to_body(self, position: int) -> int:
        """The body offset at document position `position` (clamped into the body)."""
        number = bisect_right(self._bases, position) - 1
        if number < 0:
            return 0
        paragraph = self._paragraphs[number]
        units = max(0, min(position - self._bases[number], _units(paragraph)))
        if _wide(paragraph):
            units = _column_of_units(paragraph, units)
        return self._starts[number] + units

    def selection(self, cursor: QTextCursor) -> tuple[int, int]:
        """A cursor's selection as body offsets (start, end); equal when nothing of the body
        is selected."""
        return self.to_body(cursor.selectionStart()), self.to_body(cursor.selectionEnd())


def _column_of_units(paragraph: str, units: int) -> int:
    count = 0
    for column, char in enumerate(paragraph):
        if count >= units:
            return column
        count += 2 if ord(char) > 0xFFFF else 1
    return len(paragraph)


def scroll_to_body(pane: QTextEdit, body_map: BodyMap, offset: int) -> None:
    """Bring body offset `offset` into view, a third of the way down the pane."""
    cursor = QTextCursor(pane.document())
    cursor.setPosition(body_map.to_document(offset))
    bar = pane.verticalScrollBar()
    top = pane.cursorRect(cursor).top() + bar.value()
    bar.setValue(max(0, top - pane.viewport().height() // 3))
