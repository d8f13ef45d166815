"""The command palette (Ctrl+K) and the topic picker (G T): a search field over a list.

`Picker` is a small popup window: type to filter (fuzzy: the letters in order, word starts
and runs count most), Up/Down or Ctrl+N/Ctrl+P to move, Enter to run, Esc to close. The
palette lists every action of the registry by its current label, with its keys; the topic
picker lists the sidebar's topics. Filtering re-ranks a few dozen rows, well under a frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.commands.actions import ActionRegistry
from reader.ui.style import theme
from reader.ui.style.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex
PICKER_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
     Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape}
)  # fmt: skip
DetailRole = Qt.ItemDataRole.UserRole + 1
WIDTH = 560


@dataclass(frozen=True, slots=True)
class PickerItem:
    label: str
    detail: str  # shown on the right: keys, or a count
    run: Callable[[], object]
    enabled: bool = True
    words: str = ""  # extra text the filter matches (a description)


def fuzzy_score(query: str, text: str) -> int | None:
    """How well `query` matches `text` (higher is better), or None if its letters are not
    all in `text` in order. Word starts and consecutive letters score most."""
    if not query:
        return 0
    text_folded = text.casefold()
    score = 0
    position = 0
    previous = -2
    for char in query.casefold():
        if char == " ":
            continue
        found = text_folded.find(char, position)
        if found < 0:
            return None
        starts_word = found == 0 or not text_folded[found - 1].isalnum()
        score += 1 + (8 if starts_word else 0) + (5 if found == previous + 1 else 0)
        score -= min(found - position, 6) // 2
        previous = found
        position = found + 1
    return score * 4 - len(text) // 8


def rank(query: str, items: Sequence[PickerItem]) -> list[PickerItem]:
    """The items that match `query`, best first (ties keep their order)."""
    scored = []
    for number, item in enumerate(items):
        score = fuzzy_score(query, item.label)
        if score is None and item.words:
            words = fuzzy_score(query, item.words)
            score = None if words is None else words - 40
        if score is not None:
            scored.append((-score, number, item))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _score, _number, item in scored]


class PickerModel(QAbstractListModel):
    def __init__(self, items: Sequence[PickerItem], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all = list(items)
        self._shown = list(items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        item = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label
        if role == DetailRole:
            return item.detail
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.label}, {item.detail}" if item.detail else item.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(item.words)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return flags | Qt.ItemFlag.ItemIsEnabled if self._shown[index.row()].enabled else flags

    def filter(self, query: str) -> None:
        self.beginResetModel()
        self._shown = rank(query, self._all)
        self.endResetModel()

    def item(self, row: int) -> PickerItem | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None


class PickerDelegate(QStyledItemDelegate):
    """The label on the left, the keys (or count) muted on the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        detail = str(index.data(DetailRole) or "")
        super().paint(painter, option, index)
        if not detail:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.setPen(
            palette.color(QPalette.ColorRole.HighlightedText) if selected else theme.muted(palette)
        )
        rect = QRect(option.rect).adjusted(0, 0, -12, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, detail)
        painter.restore()


class Picker(QFrame):
    """A panel of `items` over `parent`'s top centre (a child of the window, so it needs no
    window manager and cannot get lost behind it); Enter runs the chosen one. It closes
    when the focus leaves it."""

    def __init__(
        self, parent: QWidget, items: Sequence[PickerItem], *, title: str, placeholder: str
    ) -> None:
        super().__init__(parent)
        self.setObjectName("picker")
        self.setAutoFillBackground(True)
        self.setAccessibleName(title)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = PickerModel(items, self)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(placeholder)
        self.field.setAccessibleName(f"{title}: search")
        self.field.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(PickerDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setAccessibleName(f"{title}: results")
        self.list.clicked.connect(lambda index: self.run_row(index.row()))
        self.hint = QLabel("↑↓ move · Enter run · Esc close", self)
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.field.textChanged.connect(self._filter)
        self.field.installEventFilter(self)
        self._select(0)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def open(self) -> None:
        """Show it over the top centre of the parent window, with the focus in the field."""
        parent = self.parentWidget()
        assert parent is not None
        self.resize(min(WIDTH, max(320, parent.width() - 40)), min(440, parent.height() - 80))
        self.move((parent.width() - self.width()) // 2, 56)
        self.show()
        self.raise_()
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and (new is None or not self.isAncestorOf(new)):
            self.close()

    def _filter(self, text: str) -> None:
        self.model.filter(text)
        self._select(0)

    def _select(self, row: int) -> None:
        count = self.model.rowCount()
        if count:
            self.list.setCurrentIndex(self.model.index(max(0, min(row, count - 1)), 0))

    def current_row(self) -> int:
        return self.list.currentIndex().row()

    def run_row(self, row: int) -> bool:
        """Close and run the item in `row` (if it is enabled)."""
        item = self.model.item(row)
        if item is None or not item.enabled:
            return False
        self.close()
        item.run()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.field or not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.ShortcutOverride and self._handles(event):
            event.accept()  # Esc, Enter and the arrows are the picker's, not the window's
            return True
        return event.type() == QEvent.Type.KeyPress and self._key(event)

    def _handles(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        return key in PICKER_KEYS or bool(ctrl and key in (Qt.Key.Key_N, Qt.Key.Key_P))

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        moves = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                 Qt.Key.Key_PageUp: -8}  # fmt: skip
        if key in moves:
            self._select(self.current_row() + moves[Qt.Key(key)])
        elif ctrl and key in (Qt.Key.Key_N, Qt.Key.Key_P):
            self._select(self.current_row() + (1 if key == Qt.Key.Key_N else -1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.run_row(self.current_row())
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            return False
        return True


def action_items(registry: ActionRegistry, exclude: Sequence[object] = ()) -> list[PickerItem]:
    """Every action (but `exclude`) as a palette item: current label, keys, description."""
    items = []
    for spec in registry:
        if spec.id in exclude:
            continue
        action = registry.action(spec.id)
        items.append(
            PickerItem(
                label=f"{spec.menu}: {registry.label(spec.id)}",
                detail=registry.key_text(spec.id),
                run=action.trigger,
                enabled=action.isEnabled(),
                words=spec.description,
            )
        )
    return items
