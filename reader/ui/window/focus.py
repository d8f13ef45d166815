"""Where the keyboard focus goes back to: the pane that had it.

`FocusKeeper` remembers the last of the three panes that had the focus. When a dock (the
notes panel) or a popup closes, Qt hands the focus to the next widget in the focus chain,
which is the toolbar's search field, so the next `j` would be typed into it. Instead the
focus goes back to the pane that had it. The search field still takes the focus whenever
the user asks for it (a click, Tab, `/`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

ASKED = frozenset(
    {
        Qt.FocusReason.MouseFocusReason,
        Qt.FocusReason.TabFocusReason,
        Qt.FocusReason.BacktabFocusReason,
        Qt.FocusReason.ShortcutFocusReason,
        Qt.FocusReason.ActiveWindowFocusReason,  # the window came back: where it was
        Qt.FocusReason.PopupFocusReason,  # a menu of its own closed
    }
)


class FocusKeeper(QObject):
    """Gives the focus back to the last pane when it would land somewhere unasked."""

    def __init__(
        self, panes: Sequence[QWidget], guarded: Sequence[QWidget], docks: Sequence[QDockWidget],
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._panes = list(panes)
        self._last: QWidget | None = None
        for widget in guarded:
            widget.installEventFilter(self)
        for dock in docks:
            dock.visibilityChanged.connect(lambda shown, d=dock: self._dock_changed(d, shown))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._moved)

    def last_pane(self) -> QWidget | None:
        return self._last

    def _pane_of(self, widget: QWidget | None) -> QWidget | None:
        for pane in self._panes:
            if widget is not None and (widget is pane or pane.isAncestorOf(widget)):
                return pane
        return None

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        pane = self._pane_of(new)
        if pane is not None:
            self._last = pane

    def give_back(self) -> None:
        """Put the focus in the pane that had it last (if it can take it)."""
        pane = self._last
        if pane is not None and pane.isVisible() and pane.isEnabled():
            pane.setFocus(Qt.FocusReason.OtherFocusReason)

    def _dock_changed(self, dock: QDockWidget, shown: bool) -> None:
        if shown:
            return
        focus = QApplication.focusWidget()
        if focus is None or focus is dock or dock.isAncestorOf(focus):
            QTimer.singleShot(0, self.give_back)
        else:
            QTimer.singleShot(0, self._unless_asked)

    def _unless_asked(self) -> None:
        if self._pane_of(QApplication.focusWidget()) is None:
            self.give_back()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusIn
            and event.reason() not in ASKED
            and self._last is not None
            and self._last.isVisible()
        ):
            QTimer.singleShot(0, self.give_back)  # not asked for: back where the reader was
        return False
