"""Fitting the panes to the window, by priority: the text first.

`PaneFitter` shares the width of the window's splitter with `share_width` each time it
changes (the window resized, the notes panel shown, hidden or moved, the text zoomed): the
reading pane first gets its comfortable measure, the sidebar and the list give way down to
their minimums, then the sidebar collapses (its toggle, on the toolbar and in View, brings
it back). When even that leaves the text too narrow beside the notes panel, the panel moves
below the text, and back beside it once the window is wide enough again. A pane width the
reader drags is their preference and is kept (and saved); the sidebar the reader hides
stays hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QWidget

from reader.ui.panes.reading_pane import MEASURE_CHARS, NARROWEST_CHARS, ReadingPane
from reader.ui.window.layout import LIST_MIN, NOTES_GAP, share_width

NOTES_BELOW_SHARE = 0.38  # of the window's height, for the notes panel below the text


class PaneFitter(QObject):
    """Keeps `splitter` (sidebar | list | reading pane) and the `notes` dock fitted."""

    def __init__(
        self, window: QMainWindow, *, splitter: QSplitter, sidebar: QWidget, pane: ReadingPane,
        notes: QDockWidget, sidebar_action: QAction, preferred: tuple[int, int],
        sidebar_wanted: bool,
    ) -> None:  # fmt: skip
        super().__init__(window)
        self._window = window
        self._splitter = splitter
        self._sidebar = sidebar
        self._pane = pane
        self._notes = notes
        self._action = sidebar_action
        self.preferred = preferred  # the sidebar's and the list's widths, as the reader left them
        self.sidebar_wanted = sidebar_wanted
        self._forced = False  # the reader asked for the sidebar where it does not fit
        self._fitting = False
        self.notes_below = False  # moved below the text by the fitter (not by the reader)
        self._notes_width = notes.sizeHint().width()
        splitter.installEventFilter(self)
        splitter.splitterMoved.connect(self._dragged)
        notes.visibilityChanged.connect(lambda _shown: self._later())
        notes.dockLocationChanged.connect(lambda _area: self._later())
        pane.zoomChanged.connect(lambda _steps: self.fit())
        self._sidebar.setVisible(sidebar_wanted)
        self._sync_action()

    # -- what the reader chooses ------------------------------------------------------------

    def set_sidebar_wanted(self, wanted: bool) -> None:
        """The reader shows or hides the sidebar (View › Show Sidebar, its toolbar button):
        shown even where it does not fit (the list and the text make room) until the window
        is resized."""
        self.sidebar_wanted = wanted
        self._forced = wanted
        self.fit()

    def _dragged(self, _pos: int, _index: int) -> None:
        sizes = self._splitter.sizes()
        side = sizes[0] if not self._sidebar.isHidden() else self.preferred[0]
        self.preferred = (side, sizes[1])

    # -- fitting ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._splitter and event.type() == QEvent.Type.Resize:
            self._forced = False  # a new width: fitting decides again
            self.fit()
        return False

    def _later(self) -> None:
        QTimer.singleShot(0, self.fit)

    def fit(self) -> None:
        """Share the splitter's width now (see the module docstring)."""
        total = self._splitter.width()
        if self._fitting or total <= 0:
            return
        want, least = self._pane.width_for(MEASURE_CHARS), self._pane.width_for(NARROWEST_CHARS)
        side, articles, reading = share_width(
            total, self.preferred, want, least, self.sidebar_wanted, keep_sidebar=self._forced
        )
        self._fitting = True
        try:
            self._sidebar.setVisible(side > 0)
            self._sync_action()
            self._splitter.setSizes([side, articles, reading])
        finally:
            self._fitting = False
        self._fit_notes(side == 0 and reading < least)

    def _fit_notes(self, cramped: bool) -> None:
        notes, window = self._notes, self._window
        if notes.isHidden() or notes.isFloating():
            return
        area = window.dockWidgetArea(notes)
        least = self._pane.width_for(NARROWEST_CHARS)
        if area == Qt.DockWidgetArea.RightDockWidgetArea and cramped:
            self._notes_width = notes.width()
            self.notes_below = True
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, notes)
            height = round(window.height() * NOTES_BELOW_SHARE)
            window.resizeDocks([notes], [height], Qt.Orientation.Vertical)
        elif (
            area == Qt.DockWidgetArea.BottomDockWidgetArea
            and self.notes_below
            and window.width() - self._notes_width >= LIST_MIN + least + NOTES_GAP
        ):
            self.notes_below = False
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, notes)
            width = self._notes_width  # once the panel has laid itself out for the side again
            QTimer.singleShot(
                0, lambda: window.resizeDocks([notes], [width], Qt.Orientation.Horizontal)
            )

    def _sync_action(self) -> None:
        """The toggle shows whether the sidebar is on screen (without being a new wish)."""
        with QSignalBlocker(self._action):
            self._action.setChecked(not self._sidebar.isHidden())
