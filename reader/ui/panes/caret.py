"""Caret mode: a visible text cursor in the read-only reading pane, as in browsers (F7).

The movement keys move it (arrows, Ctrl+arrows, Home/End, PageUp/PageDown, all handled by
Qt's text control once the pane is selectable by keyboard); with Shift they extend a
selection. `start_selection` (V) anchors a selection at the cursor the vim way: after it the
plain movement keys extend it too, until Esc. Turning caret mode on puts the cursor at the
start of the first line of the article's text on screen (never in the title or the meta
line), so it starts where the reader is looking, and draws it at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QTextBrowser

from reader.ui.panes.body_map import HEADER_BLOCKS

MOVEMENT_KEYS = frozenset(
    {
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }
)
CURSOR_WIDTH = 2


class CaretController(QObject):
    """Turns caret mode on and off in `pane`. Signals: `changed(bool)`; `visualChanged(bool)`
    when a V selection starts or ends."""

    changed = Signal(bool)
    visualChanged = Signal(bool)

    def __init__(self, pane: QTextBrowser) -> None:
        super().__init__(pane)
        self._pane = pane
        self._active = False
        self._visual = False
        pane.installEventFilter(self)
        pane.textChanged.connect(self._new_text)

    def active(self) -> bool:
        return self._active

    def visual(self) -> bool:
        return self._visual

    def set_active(self, on: bool) -> None:
        """Show (and focus) or hide the text cursor."""
        if on == self._active:
            return
        pane = self._pane
        flags = pane.textInteractionFlags()
        self._active = on
        if on:
            pane.setTextInteractionFlags(flags | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            pane.setCursorWidth(CURSOR_WIDTH)
            pane.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._put_cursor_on_screen()
        else:
            self._set_visual(False)
            pane.setTextInteractionFlags(flags & ~Qt.TextInteractionFlag.TextSelectableByKeyboard)
        pane.viewport().update()
        self.changed.emit(on)

    def start_selection(self) -> None:
        """Anchor a selection at the cursor; movement keys now extend it (caret mode turns
        on if it was off)."""
        self.set_active(True)
        cursor = self._pane.textCursor()
        cursor.clearSelection()
        self._pane.setTextCursor(cursor)
        self._set_visual(True)

    def back_out(self) -> bool:
        """Esc: end a V selection first, then caret mode; whether there was anything to end."""
        if self._visual:
            cursor = self._pane.textCursor()
            cursor.clearSelection()
            self._pane.setTextCursor(cursor)
            self._set_visual(False)
            return True
        if self._active:
            self.set_active(False)
            return True
        return False

    def _set_visual(self, on: bool) -> None:
        if on != self._visual:
            self._visual = on
            self.visualChanged.emit(on)

    def _put_cursor_on_screen(self) -> None:
        """Put the cursor at the start of the first body line on screen (never in the title
        or the meta line, which cannot be highlighted), unless it is on screen in the body
        already, and draw it at once."""
        pane = self._pane
        cursor = pane.textCursor()
        visible = pane.viewport().rect().contains(pane.cursorRect().center())
        if not visible or cursor.block().blockNumber() < HEADER_BLOCKS:
            pane.document().size()  # lay it out: mid-layout, a hit test answers its end
            cursor = pane.cursorForPosition(QPoint(0, 0))
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            body = pane.document().findBlockByNumber(HEADER_BLOCKS)
            if cursor.block().blockNumber() < HEADER_BLOCKS and body.isValid():
                cursor.setPosition(body.position())
        pane.setTextCursor(cursor)  # (re)setting it draws it now, not on the next move
        pane.viewport().update(pane.cursorRect().adjusted(-2, -2, 2, 2))

    def _new_text(self) -> None:
        self._set_visual(False)
        if self._active:
            self._put_cursor_on_screen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In a V selection, plain movement keys act as if Shift were held."""
        if (
            watched is self._pane
            and self._visual
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and Qt.Key(event.key()) in MOVEMENT_KEYS
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            shifted = QKeyEvent(
                QEvent.Type.KeyPress,
                event.key(),
                event.modifiers() | Qt.KeyboardModifier.ShiftModifier,
                event.text(),
                event.isAutoRepeat(),
                event.count(),
            )
            QApplication.sendEvent(self._pane, shifted)
            return True
        return False
