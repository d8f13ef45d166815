"""What the app's lists share: `FlatListModel` (a Python list of items, no children, rows
selectable unless an item says otherwise), `set_up_list_view` (how the views behave) and
`SteadyRowsView` (a list whose rows keep their heights when their data changes)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView

Index = QModelIndex | QPersistentModelIndex
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class FlatListModel(QAbstractListModel):
    """A list model over `items()`; subclasses give `items` and `data` (via `item`)."""

    def items(self) -> Sequence[object]:
        """The rows, in order (the subclass's own list)."""
        return ()

    def selectable(self, item: object) -> bool:
        """Whether a row can be chosen (section headers cannot)."""
        return True

    def item(self, index: Index) -> object | None:
        """The item at `index`, or None for an invalid or stale index."""
        items = self.items()
        if not index.isValid() or not 0 <= index.row() < len(items):
            return None
        return items[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items())

    def flags(self, index: Index) -> Qt.ItemFlag:
        found = self.item(index)
        if found is None or not self.selectable(found):
            return Qt.ItemFlag.NoItemFlags
        return ROW_FLAGS


def set_up_list_view(view: QListView) -> None:
    """How every list of the window behaves: one row chosen at a time, nothing edited in
    place, no frame, no horizontal scrolling, smooth vertical scrolling."""
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setFrameShape(QListView.Shape.NoFrame)


class SteadyRowsView(QListView):
    """A list view whose rows keep their heights when their data changes (every article row
    is as tall; a sidebar entry changes only its count or state, else its model resets).

    QListView's list mode lays out every row of the view again on any `dataChanged`
    (`QListModeViewBase::dataChanged`): after each read mark, 10,000 calls into the model at
    the next `J` on 5,000 rows. Here a changed row is only repainted."""

    def dataChanged(self, top_left: Index, bottom_right: Index, roles: Sequence[int] = ()) -> None:
        QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))
