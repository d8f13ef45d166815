"""The notes panel's item model: annotations as rows, with article headers in the library
views (Notes, Orphans) where annotations of many articles are listed together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from reader.library import AnnotationInfo
from reader.ui.panes.list_views import FlatListModel

InfoRole = Qt.ItemDataRole.UserRole + 1
HeaderRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
ORPHAN_TIP = "Its passage was not found after the article changed; kept with its note."
MOVED_TIP = (
    "The article changed and its passage was found nearly, not word for word: check it "
    "(choosing it clears the mark)"
)


@dataclass(frozen=True, slots=True)
class Row:
    """An article header (`info` None) or an annotation."""

    title: str
    info: AnnotationInfo | None = None


def describe(info: AnnotationInfo) -> str:
    """One line for people and screen readers."""
    if info.is_note:
        what = "Note on the article"
    else:
        quote = " ".join((info.exact or "").split())
        what = f"{(info.color or '').capitalize()} highlight: “{quote[:200]}”"
        if info.orphan:
            what += " (orphan: not found in the current text)"
        elif info.moved:
            what += " (moved: placed where the text is nearly the same)"
    note = " ".join(info.note.split())
    return f"{what}. {note[:200]}" if note else what


def stamp(info: AnnotationInfo) -> str:
    """When an annotation was last changed, in words (the row's muted bottom line)."""
    when = f"{info.updated.day} {info.updated:%b %Y %H:%M} UTC"
    if info.orphan:
        return f"Orphan, updated {when}"
    return f"Moved, updated {when}" if info.moved else f"Updated {when}"


class AnnotationListModel(FlatListModel):
    """Rows of annotations; `set_rows` replaces them, `update_info` refreshes one in place."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[Row] = []

    def items(self) -> Sequence[object]:
        return self._rows

    def selectable(self, item: object) -> bool:
        return getattr(item, "info", None) is not None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.item(index)
        if not isinstance(row, Row):
            return None
        info = row.info
        if info is None:  # an article header
            values: dict[int, object] = {
                Qt.ItemDataRole.DisplayRole: row.title,
                Qt.ItemDataRole.AccessibleTextRole: f"Annotations on {row.title}",
            }
        else:
            values = {
                Qt.ItemDataRole.DisplayRole: describe(info),
                Qt.ItemDataRole.AccessibleTextRole: describe(info),
                Qt.ItemDataRole.AccessibleDescriptionRole: stamp(info),
            }
            if info.orphan:
                values[Qt.ItemDataRole.ToolTipRole] = ORPHAN_TIP
            elif info.moved:
                values[Qt.ItemDataRole.ToolTipRole] = MOVED_TIP
        values[InfoRole] = info
        values[HeaderRole] = info is None
        return values.get(role)

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_of(self, annotation_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.info is not None and row.info.id == annotation_id:
                return number
        return None

    def info_at(self, row: int) -> AnnotationInfo | None:
        return self._rows[row].info if 0 <= row < len(self._rows) else None

    def ids(self) -> list[int]:
        return [r.info.id for r in self._rows if r.info is not None]


def grouped(infos: list[AnnotationInfo], titles: dict[int, str], headers: bool) -> list[Row]:
    """Rows for `infos` (already grouped by article), with a header before each article."""
    rows: list[Row] = []
    current = None
    for info in infos:
        if headers and info.article_id != current:
            current = info.article_id
            rows.append(Row(titles.get(current, f"Article {current}")))
        rows.append(Row("", info))
    return rows
