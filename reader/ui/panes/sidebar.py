"""The sidebar: the library's views (All, Unread, Bookmarked), its feeds in their folders
(with unread counts), its topics, tags (nested by `/`) and searches, with counts.

`SidebarModel` is a flat list model with section headers that cannot be selected;
`Sidebar` is the list view that paints it, skips the headers when moved with the keys and
reports the chosen `View`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reader.library import Counts, FeedInfo, TagInfo, View
from reader.ui.panes.list_views import FlatListModel, SteadyRowsView, set_up_list_view
from reader.ui.search.results import SearchView
from reader.ui.style import icons, theme
from reader.ui.style.icons import paint_annotation_mark
from reader.ui.style.plain_text import tooltip

LIVE_SEARCH = SearchView("", None, "Search")  # the sidebar entry of the field's search

ViewRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
HeaderRole = Qt.ItemDataRole.UserRole + 3
IndentRole = Qt.ItemDataRole.UserRole + 4
StateRole = Qt.ItemDataRole.UserRole + 5  # "", "paused" or "failed"
INDENT = 14  # pixels per folder level

Index = QModelIndex | QPersistentModelIndex
LIBRARY_VIEWS: tuple[tuple[View, str], ...] = (
    (View("all"), "All Articles"),
    (View("unread"), "Unread"),
    (View("bookmarked"), "Bookmarked"),
    (View("annotated"), "Annotated"),
    (View("highlights"), "Highlights"),
    (View("notes"), "Notes"),
    (View("orphans"), "Orphans"),
)
ANNOTATION_TIPS = {
    "annotated": "Articles you highlighted or wrote notes on",
    "highlights": "Every highlight in the library, filtered by colour, topic and time, to export",
    "notes": "Every highlight and note, grouped by article, in the notes panel",
    "orphans": "Highlights whose passage was not found after their article changed",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One row: a section header (no view) or a view with its article count."""

    label: str
    view: View | SearchView | None = None
    count: int = 0
    tooltip: str = ""
    indent: int = 0  # folder depth of a feed or folder
    state: str = ""  # a feed's: "paused", "failed" or ""


def view_title(view: View, names: dict[str, str]) -> str:
    """A view's name as the sidebar shows it (`names`: topic codes and feed and folder view
    keys to their names, from `SidebarModel.labels`)."""
    if view.kind == "topic":
        return names.get(view.topic or "", view.topic or "Topic")
    if view.kind == "feed":
        return names.get(view.key, "Feed")
    if view.kind == "folder":
        return names.get(view.key, (view.folder or "Folder").rsplit("/", 1)[-1])
    if view.kind == "tag":
        return view.tag or "Tag"
    return dict((v.kind, label) for v, label in LIBRARY_VIEWS)[view.kind]


def spoken(entry: Entry) -> str:
    """An entry in words for assistive technology: its name, what it is and its count
    ("Politics, topic, 3 articles"; "Tech news, feed, 2 unread, failed")."""
    view = entry.view
    if view is None:
        return f"{entry.label} section"
    if isinstance(view, SearchView):
        if view.saved_id is None:
            return f"{entry.label}, the search in the toolbar"
        return f"{entry.label}, saved search, {entry.count} result{'s' * (entry.count != 1)}"
    what = {"topic": ", topic", "feed": ", feed", "folder": ", folder", "tag": ", tag"}.get(
        view.kind, ""
    )
    unread = view.kind in ("feed", "folder")
    noun = "unread" if unread else f"article{'s' * (entry.count != 1)}"
    state = f", {entry.state}" if entry.state else ""
    return f"{entry.label}{what}, {entry.count} {noun}{state}"


def described(entry: Entry) -> str:
    """An entry's tooltip on one line, unless it only repeats the name."""
    lines = [line.strip() for line in entry.tooltip.splitlines() if line.strip()]
    return (
        "" if [line.casefold() for line in lines] == [entry.label.casefold()] else "; ".join(lines)
    )


def feed_entries(feeds: Sequence[FeedInfo]) -> list[Entry]:
    """The "Feeds" section: each folder (nested by "/") before its feeds, with the unread
    count of everything inside it; feeds are listed in the order given (by folder, name)."""
    if not feeds:
        return []
    entries = [Entry("Feeds")]
    unread: dict[str, int] = {}
    for feed in feeds:
        parts = (feed.folder or "").split("/") if feed.folder else []
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            unread[path] = unread.get(path, 0) + feed.unread
    shown: set[str] = set()
    for feed in sorted(feeds, key=lambda f: (f.folder is not None, (f.folder or "").casefold(),
                                             f.title.casefold())):  # fmt: skip
        parts = feed.folder.split("/") if feed.folder else []
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            if path not in shown:
                shown.add(path)
                tip = f"Folder {path}: {unread[path]:,} unread"
                entries.append(Entry(parts[depth - 1], View("folder", folder=path),
                                     unread[path], tip, indent=depth - 1))  # fmt: skip
        state = "paused" if feed.paused else ("failed" if feed.last_error else "")
        tip = f"{feed.title}\n{feed.url}\n{feed.status}"
        entries.append(Entry(feed.title, View("feed", feed=feed.id), feed.unread, tip,
                             indent=len(parts), state=state))  # fmt: skip
    return entries


class SidebarModel(FlatListModel):
    """The sidebar's rows. `update()` refreshes the counts and the topics shown."""

    def __init__(self, topics: tuple, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._topics = {t.code: t for t in topics}
        self._entries: list[Entry] = []
        self._searches: list[Entry] = []
        self._feeds: list[Entry] = []
        self._tags: list[Entry] = []

    def set_searches(self, live: bool, saved: list[tuple[SearchView, int]]) -> None:
        """The "Searches" section: the live search (if `live`) and saved searches with
        counts; shown from the next `update`."""
        entries = [Entry(LIVE_SEARCH.name, LIVE_SEARCH, 0, "The search in the toolbar")] * live
        entries += [Entry(v.name, v, n, v.query) for v, n in saved]
        self._searches = [Entry("Searches"), *entries] if entries else []

    def set_feeds(self, feeds: Sequence[FeedInfo]) -> None:
        """The "Feeds" section, shown from the next `update`."""
        self._feeds = feed_entries(feeds)

    def set_tags(self, tags: Sequence[TagInfo]) -> None:
        """The "Tags" section (each tag under the one it is nested in), shown from the next
        `update`, which gives each its count of articles."""
        entries = [
            Entry(t.leaf, View("tag", tag=t.name), t.articles,
                  f"Tag {t.name}: {t.articles:,} articles, {t.annotations:,} highlights and notes",
                  indent=t.depth)
            for t in tags
        ]  # fmt: skip
        self._tags = [Entry("Tags"), *entries] if entries else []

    def labels(self) -> dict[str, str]:
        """Topic codes, and feed and folder view keys, to the names shown."""
        names = {code: t.label for code, t in self._topics.items()}
        names.update({e.view.key: e.label for e in self._feeds if isinstance(e.view, View)})
        return names

    def items(self) -> Sequence[object]:
        return self._entries

    def selectable(self, item: object) -> bool:
        return getattr(item, "view", None) is not None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.item(index)
        if not isinstance(entry, Entry):
            return None
        header = entry.view is None
        values: dict[int, object] = {
            Qt.ItemDataRole.DisplayRole: entry.label,
            Qt.ItemDataRole.ToolTipRole: tooltip(entry.tooltip),
            Qt.ItemDataRole.AccessibleTextRole: spoken(entry),
            Qt.ItemDataRole.AccessibleDescriptionRole: described(entry),
            ViewRole: entry.view,
            CountRole: None if header else entry.count,
            HeaderRole: header,
            IndentRole: entry.indent,
            StateRole: entry.state,
        }
        return values.get(role)

    def update(self, counts: Counts, keep: View | SearchView | None = None) -> None:
        """Show `counts`; topics without articles are left out, except the one in `keep`."""
        entries = [Entry("Library")]
        entries += [
            Entry(label, view, counts.of(view), ANNOTATION_TIPS.get(view.kind, ""))
            for view, label in LIBRARY_VIEWS
            if view.kind != "orphans" or counts.orphans or (keep is not None and keep == view)
        ]
        entries += self._feeds
        shown = [
            t
            for code, t in self._topics.items()
            if counts.topics.get(code, 0) > 0 or (isinstance(keep, View) and keep.topic == code)
        ]
        if shown:
            entries.append(Entry("Topics"))
        for topic in sorted(shown, key=lambda t: t.label.casefold()):
            view = View("topic", topic.code)
            entries.append(Entry(topic.label, view, counts.of(view), topic.name.capitalize()))
        entries += [
            Entry(e.label, e.view, counts.of(e.view), e.tooltip, e.indent)
            if isinstance(e.view, View) else e
            for e in self._tags
        ]  # fmt: skip
        entries += self._searches
        if [(e.label, e.view) for e in entries] == [(e.label, e.view) for e in self._entries]:
            for row, entry in enumerate(entries):
                if entry != self._entries[row]:
                    index = self.index(row)
                    self._entries[row] = entry
                    self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def row_of(self, view: View | SearchView) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry.view == view:
                return row
        return None


class SidebarDelegate(QStyledItemDelegate):
    """Paints headers as small capitals and entries as label, icon and count."""

    ROW = 30
    HEADER = 34
    PAD = 12

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = self.HEADER if index.data(HeaderRole) else self.ROW
        return QSize(160, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect)
        palette = option.palette
        if index.data(HeaderRole):
            self._paint_header(painter, rect, palette, str(index.data()))
        else:
            self._paint_entry(painter, option, rect, index)
        painter.restore()

    def _paint_header(self, painter: QPainter, rect: QRectF, palette: QPalette, text: str) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(font.pointSizeF() * 0.8)
        font.setWeight(QFont.Weight.DemiBold)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        painter.setFont(font)
        painter.setPen(theme.mix(theme.muted(palette), palette.color(QPalette.ColorRole.Text), 0.2))
        text_rect = rect.adjusted(self.PAD + 4, 0, -self.PAD, -5)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)

    def _paint_entry(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRectF, index: Index
    ) -> None:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        active = bool(option.state & QStyle.StateFlag.State_HasFocus) or bool(
            option.widget is not None and option.widget.hasFocus()
        )
        pill = rect.adjusted(6, 1, -6, -1)
        text_color = palette.color(QPalette.ColorRole.Text)
        if selected:
            if active:
                fill = palette.color(QPalette.ColorRole.Highlight)
                text_color = palette.color(QPalette.ColorRole.HighlightedText)
            else:
                fill = theme.mix(
                    palette.color(QPalette.ColorRole.Base),
                    palette.color(QPalette.ColorRole.Text),
                    0.12,
                )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(pill, 6, 6)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(
                theme.mix(
                    theme.sidebar_background(palette), palette.color(QPalette.ColorRole.Text), 0.06
                )
            )
            painter.drawRoundedRect(pill, 6, 6)
        on_accent = selected and active
        if option.state & QStyle.StateFlag.State_HasFocus and not on_accent:
            theme.paint_focus_ring(painter, pill.adjusted(-2, -1, 2, 1), palette)
        shift = float((index.data(IndentRole) or 0) * INDENT)
        state = index.data(StateRole) or ""
        if state == "paused" and not on_accent:
            text_color = theme.muted(palette)
        self._paint_icon(
            painter,
            view=index.data(ViewRole),
            pill=pill.adjusted(shift, 0, 0, 0),
            palette=palette,
            on_accent=on_accent,
            text_color=text_color,
        )
        count = index.data(CountRole)
        count_text = f"{count:,}" if count else ""
        metrics = painter.fontMetrics()
        count_width = metrics.horizontalAdvance(count_text) if count_text else 0
        if state == "failed":
            mark = QRectF(pill.right() - count_width - 30, pill.center().y() - 6, 12, 12)
            icons.paint_warning(painter, mark, text_color if on_accent else theme.warning(palette))
            count_width += 18
        label_rect = pill.adjusted(34 + shift, 0, -(count_width + 16), 0)
        painter.setPen(text_color)
        label = metrics.elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, int(label_rect.width())
        )
        painter.drawText(
            label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label
        )
        if count_text:
            painter.setPen(text_color if on_accent else theme.muted(palette))
            count_rect = pill.adjusted(0, 0, -10, 0)
            painter.drawText(
                count_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count_text
            )

    def _paint_icon(
        self,
        painter: QPainter,
        *,
        view: View | SearchView | None,
        pill: QRectF,
        palette: QPalette,
        on_accent: bool,
        text_color: QColor,
    ) -> None:
        if view is None:
            return
        box = QRectF(pill.left() + 10, pill.center().y() - 8, 16, 16)
        colour = text_color if on_accent else theme.accent(palette)
        if isinstance(view, SearchView):
            painter.setPen(QPen(colour, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(box.left() + 2, box.top() + 2, 9, 9))
            painter.drawLine(
                QPointF(box.left() + 10, box.top() + 10), box.bottomRight() - QPointF(2, 2)
            )
        elif view.kind == "unread":
            icons.paint_dot(painter, box.center(), 4.0, colour)
        elif view.kind == "bookmarked":
            icons.paint_bookmark(painter, box.adjusted(2, 1, -2, -1), colour, filled=True)
        elif view.kind in ("annotated", "highlights", "notes", "orphans"):
            paint_annotation_mark(painter, box, colour, view.kind)
        elif view.kind == "feed":
            icons.paint_feed(painter, box, colour)
        elif view.kind == "folder":
            icons.paint_folder(painter, box, colour)
        elif view.kind == "tag":
            _paint_tag(painter, box, colour)
        elif view.kind == "all":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            for offset in (-4.5, 0.0, 4.5):
                painter.drawRoundedRect(
                    QRectF(box.left() + 2, box.center().y() + offset - 1, 12, 2), 1, 1
                )
        else:
            hue = (int(view.topic or "0") // 1_000_000 * 47) % 360
            dot = QColor.fromHsl(hue, 140, 130) if not on_accent else text_color
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot)
            painter.drawRoundedRect(QRectF(box.center() - QPointF(4.5, 4.5), QSize(9, 9)), 2.5, 2.5)


def _paint_tag(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A luggage label: a pointed tag with a hole."""
    left, top, right, bottom = box.left() + 2, box.top() + 3, box.right() - 1, box.bottom() - 3
    middle = box.center().y()
    shape = QPolygonF([QPointF(left, top), QPointF(right - 5, top), QPointF(right, middle),
                       QPointF(right - 5, bottom), QPointF(left, bottom)])  # fmt: skip
    painter.setPen(QPen(colour, 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolygon(shape)
    painter.drawEllipse(QPointF(right - 5.5, middle), 1.3, 1.3)


class Sidebar(SteadyRowsView):
    """The sidebar view; emits `viewChosen(View)` when the user picks an entry."""

    viewChosen = Signal(object)

    def __init__(self, model: SidebarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setModel(model)
        self.setItemDelegate(SidebarDelegate(self))
        set_up_list_view(self)
        self.setMouseTracking(True)
        self.setAccessibleName("Sidebar")
        self.setAccessibleDescription("The library's views and topics, with article counts")
        self.setMinimumWidth(150)
        self._quiet = False
        self.selectionModel().currentChanged.connect(self._current_changed)

    def sidebar_model(self) -> SidebarModel:
        model = self.model()
        assert isinstance(model, SidebarModel)
        return model

    def current_view(self) -> View | SearchView | None:
        view = self.currentIndex().data(ViewRole)
        return view if isinstance(view, View | SearchView) else None

    def select_view(self, view: View | SearchView) -> bool:
        """Make `view` the current entry (emitting `viewChosen` if it changes)."""
        row = self.sidebar_model().row_of(view)
        if row is None:
            return False
        self.setCurrentIndex(self.model().index(row, 0))
        return True

    def select_quietly(self, view: View | SearchView) -> bool:
        """Make `view` the current entry without announcing it (the view is shown already)."""
        self._quiet = True
        try:
            return self.select_view(view)
        finally:
            self._quiet = False

    def popup_menu(self, menu: QMenu, pos: QPoint, closed: Callable[[], object]) -> QMenu:
        """Show a context menu of an entry at `pos` (viewport coordinates); `closed` runs
        once it has closed and its action, if one was chosen, has run (the controllers keep
        the entry the menu is about until then)."""
        menu.aboutToHide.connect(lambda: QTimer.singleShot(0, closed))
        if self.isVisible():
            menu.popup(self.viewport().mapToGlobal(pos))
        return menu

    def update_counts(self, counts: Counts) -> None:
        current = self.current_view()
        self._quiet = True
        try:
            self.sidebar_model().update(counts, keep=current)
            if current is not None and self.current_view() != current:
                self.select_view(current)
        finally:
            self._quiet = False
        # no repaint of the whole sidebar: entries whose count changed repaint themselves
        # (`dataChanged`), a changed list of entries resets the model, which repaints all

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        step = (
            -1
            if action
            in (
                self.CursorAction.MoveUp,
                self.CursorAction.MovePageUp,
                self.CursorAction.MoveHome,
                self.CursorAction.MovePrevious,
            )
            else 1
        )
        if action in (self.CursorAction.MoveHome, self.CursorAction.MoveEnd):
            step = -step
        model = self.model()
        while index.isValid() and index.data(HeaderRole):
            row = index.row() + step
            if not 0 <= row < model.rowCount():
                return self.currentIndex()
            index = model.index(row, 0)
        return index

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = current.data(ViewRole)
        if isinstance(view, View | SearchView) and not self._quiet:
            self.viewChosen.emit(view)
