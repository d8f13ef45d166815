"""Painting highlights in the reading pane, and the marks drawn like them elsewhere.

Highlights are painted as `QTextEdit.ExtraSelection`s (the pane's "highlights" layer): they
never touch the document, follow zoom and reflow, overlap (translucent colours blend) and
span paragraphs; a highlight with a note is underlined with dots. `annotations_at` finds the
highlights under a position.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import (
    QColor,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit

from reader.library import AnnotationInfo
from reader.ui.panes.body_map import BodyMap
from reader.ui.style.colours import paint_colour


def extra_selections(
    infos: Sequence[AnnotationInfo], body_map: BodyMap, document: QTextDocument,
    palette: QPalette,
) -> list[QTextEdit.ExtraSelection]:  # fmt: skip
    """One translucent selection per placed highlight; a note adds a dotted underline.
    Longer highlights are drawn first, so where highlights overlap the innermost is on top:
    the one `annotations_at` names first, and so the one a command acts on."""
    out = []
    for info in sorted(infos, key=lambda i: -((i.end or 0) - (i.start or 0))):
        if info.is_note or info.orphan or info.start is None or info.end is None:
            continue
        cursor = QTextCursor(document)
        cursor.setPosition(body_map.to_document(info.start))
        cursor.setPosition(body_map.to_document(info.end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        paint = paint_colour(info.color, palette)
        fmt.setBackground(paint)
        if info.note.strip():
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(paint.red(), paint.green(), paint.blue()).darker(160))
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        out.append(selection)
    return out


def annotations_at(
    infos: Sequence[AnnotationInfo], body_map: BodyMap, position: int
) -> list[AnnotationInfo]:
    """The placed highlights under a document position, innermost (shortest) first."""
    offset = body_map.to_body(position)
    hits = [
        i for i in infos
        if not i.is_note and not i.orphan and i.start is not None and i.end is not None
        and i.start <= offset < i.end
    ]  # fmt: skip
    return sorted(hits, key=lambda i: (i.end or 0) - (i.start or 0))
