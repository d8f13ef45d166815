"""Two-key chords ("G, A", "H, 1") with a popup that lists what may follow the first key.

Qt can match multi-key shortcuts itself, but it shows nothing after the first key and
cannot have "G" as an action and as the start of "G, A". `ChordEngine` therefore takes the
first key of every live chord before Qt's shortcut map sees it (an application event filter
accepts the `ShortcutOverride` and swallows the key press), shows `ChordPopup` listing the
continuations, and runs the action the second key names. If the first key is also an action
of its own, that action runs when no second key comes within `WAIT_MS`, or when another key
comes (which then does what it normally does). Esc, a click or a focus change cancel.

Chords are only live where their action's context is (see `active` in the constructor) and
while the action is enabled; keys typed into text fields are never taken.

An offer (`offer`) is the other way round: after a command has already run (H made a
highlight), a few keys do something more for a moment (1-5 recolour it), and any other key
ends the offer and does what it always does. Nothing ever waits for an offered key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.ui.commands.actions import SPEC_BY_ID, ActionId, ActionRegistry, Context, key_label

WAIT_MS = 1000
OFFER_MS = 2500  # how long an offer (the colours after H) stays open
MODIFIER_KEYS = frozenset(
    {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
)
PORTABLE = QKeySequence.SequenceFormat.PortableText
_KEYED = frozenset({QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress})
_PRESS = QEvent.Type.MouseButtonPress


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A key offered for a moment after a command: `key` (portable text) runs `run`."""

    key: str
    label: str
    run: Callable[[], object]


@dataclass(frozen=True, slots=True)
class Continuation:
    key: str  # the second stroke, portable text
    action: ActionId


def stroke_of(event: QKeyEvent) -> str:
    """One key press in Qt's portable text ("G", "Shift+A"), or "" for a lone modifier."""
    key = Qt.Key(event.key())
    if key in MODIFIER_KEYS or key == Qt.Key.Key_unknown:
        return ""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(QKeyCombination(modifiers, key)).toString(PORTABLE)


def is_text_input(widget: QWidget | None) -> bool:
    """Widgets where letters are typed, so single keys must reach them."""
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return True
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QTextEdit | QPlainTextEdit) and not widget.isReadOnly()


class ChordPopup(QFrame):
    """A small panel over the window's lower right corner: the first key and what may follow.
    It never takes the focus."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("chordPopup")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName("Key continuations")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.label)
        self.hide()

    def show_for(self, first: str, rows: list[tuple[str, str]], waiting: str | None) -> None:
        """After the first key of chords: the keys that may follow, and what Esc or a wait do."""
        note = f"or wait: {escape(waiting)}" if waiting else "Esc cancels"
        self._show(f"<b>{escape(key_label(first))}</b> then…", rows, f"<i>{note}</i>")

    def show_offer(self, title: str, rows: list[tuple[str, str]]) -> None:
        """A passing offer: what the next key may do (any other key just does its own)."""
        self._show(f"<b>{escape(title)}</b>", rows, "")

    def _show(self, header: str, rows: list[tuple[str, str]], footer: str) -> None:
        """`header` and `footer` are markup made here; `rows` are escaped."""
        cells = "".join(
            f"<tr><td style='padding-right:14px'><b>{escape(key)}</b></td>"
            f"<td>{escape(label)}</td></tr>"
            for key, label in rows
        )
        tail = f"<p style='margin-top:6px'>{footer}</p>" if footer else ""
        self.label.setText(f"<p style='margin-bottom:6px'>{header}</p><table>{cells}</table>{tail}")
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            margin = 18
            self.move(parent.width() - self.width() - margin, parent.height() - self.height() - 40)
        self.raise_()
        self.show()

    def rows(self) -> str:
        """The popup's text without markup (for tests and screen readers)."""
        return QTextEdit(self.label.text()).toPlainText()


class ChordEngine(QObject):
    """Handles chords in `window` (install with `QApplication.installEventFilter`).
    `active()` gives the contexts live at the focus; `pending` tells tests a chord is open."""

    pendingChanged = Signal(str)  # the first key, "" when no chord is open

    def __init__(
        self,
        registry: ActionRegistry,
        window: QWidget,
        active: Callable[[], set[Context]],
        say: Callable[[str], object],
    ) -> None:
        super().__init__(window)
        self._registry = registry
        self._window = window
        self._active = active
        self._say = say
        self.popup = ChordPopup(window)
        self.pending = ""
        self._exact: ActionId | None = None
        self._continuations: list[Continuation] = []
        self._taken = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WAIT_MS)
        self._timer.timeout.connect(self._timed_out)
        self._offer: list[FollowUp] = []
        self._chords: dict[str, list[Continuation]] | None = None  # by first key, all of them
        registry.keysChanged.connect(self._forget_chords)
        self._offer_timer = QTimer(self)
        self._offer_timer.setSingleShot(True)
        self._offer_timer.timeout.connect(self.end_offer)

    # -- offers -------------------------------------------------------------------------------

    def offer(self, title: str, choices: list[FollowUp], timeout_ms: int = OFFER_MS) -> None:
        """For a moment, the keys of `choices` run them; any other key ends the offer and
        then does what it always does, so nothing waits for the offer."""
        self.cancel()
        self._offer = list(choices)
        self.popup.show_offer(title, [(key_label(c.key), c.label) for c in choices])
        listed = ", ".join(f"{key_label(c.key)} {c.label}" for c in choices)
        self._say(f"{title}. Press now to change it: {listed}")
        self._offer_timer.start(timeout_ms)

    def offered(self) -> bool:
        return bool(self._offer)

    def end_offer(self) -> None:
        self._offer_timer.stop()
        if self._offer:
            self._offer = []
            self.popup.hide()

    def _take_offer(self, stroke: str) -> bool:
        """Whether `stroke` was one of the offered keys (and was run)."""
        choice = next((c for c in self._offer if c.key == stroke), None)
        self.end_offer()
        if choice is None:
            return stroke == "Esc"  # Esc just closes the offer
        choice.run()
        return True

    # -- what is live -------------------------------------------------------------------------

    def _live(self, action: ActionId) -> bool:
        spec = SPEC_BY_ID[action]
        return self._registry.action(action).isEnabled() and spec.context in self._active()

    def _chords_after(self, first: str) -> list[Continuation]:
        """The live chords that start with `first` (every key press asks: the chords of the
        keymap are listed once, until the keys change, and only their actions checked)."""
        if self._chords is None:
            self._chords = {}
            for spec in self._registry:
                for key in self._registry.keys(spec.id):
                    strokes = key.split(", ")
                    if len(strokes) == 2:
                        chord = Continuation(strokes[1], spec.id)
                        self._chords.setdefault(strokes[0], []).append(chord)
        return [c for c in self._chords.get(first, ()) if self._live(c.action)]

    def _forget_chords(self) -> None:
        self._chords = None

    def _exact_for(self, stroke: str) -> ActionId | None:
        for spec in self._registry:
            if stroke in self._registry.keys(spec.id) and self._live(spec.id):
                return spec.id
        return None

    # -- events -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # every event of the application passes here: most leave at once
        if kind not in _KEYED:
            if kind == _PRESS and (self.pending or self._offer):
                self.cancel()
                self.end_offer()
            return False
        if not isinstance(event, QKeyEvent) or not self._in_window(watched):
            return False
        stroke = stroke_of(event)
        if not stroke:
            return False
        if kind == QEvent.Type.KeyPress and self._taken == stroke:
            self._taken = ""  # the press of a key used at its override (the focus may have
            return True  # moved meanwhile, e.g. into the picker that key opened)
        if not self.pending and is_text_input(QApplication.focusWidget()):
            self.end_offer()
            return False
        used = (bool(self._offer) and self._take_offer(stroke)) or self._decide(stroke)
        if used and kind == QEvent.Type.ShortcutOverride:
            event.accept()
            self._taken = stroke
        return used

    def _in_window(self, watched: QObject) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and watched is focus and focus.window() is self._window

    def _decide(self, stroke: str) -> bool:
        """Act on one key; whether it was used (and must not reach anything else)."""
        if self.pending:
            return self._second(stroke)
        continuations = self._chords_after(stroke)
        if not continuations:
            return False
        self._open(stroke, continuations)
        return True

    def _open(self, first: str, continuations: list[Continuation]) -> None:
        self.pending = first
        self._continuations = continuations
        self._exact = self._exact_for(first)
        rows = [(key_label(c.key), self._registry.label(c.action)) for c in continuations]
        waiting = self._registry.label(self._exact) if self._exact else None
        self.popup.show_for(first, rows, waiting)
        self._say(f"{key_label(first)} … " + ", ".join(f"{k} {label}" for k, label in rows))
        if self._exact is not None:
            self._timer.start()
        self.pendingChanged.emit(first)

    def _second(self, stroke: str) -> bool:
        for continuation in self._continuations:
            if continuation.key == stroke:
                self.cancel()
                self._registry.run(continuation.action)
                return True
        if stroke == "Esc":
            self.cancel()
            return True
        exact = self._exact
        first = self.pending
        self.cancel()
        if exact is not None:
            self._registry.run(exact)
            return False  # the other key goes on to do what it does
        self._say(f"{key_label(first)} {key_label(stroke)} is not a key")
        return True

    def _timed_out(self) -> None:
        exact = self._exact
        self.cancel()
        if exact is not None:
            self._registry.run(exact)

    def cancel(self) -> None:
        """Close an open chord without running anything."""
        self._timer.stop()
        was = self.pending
        self.pending = ""
        self._exact = None
        self._continuations = []
        self.popup.hide()
        if was:
            self._say("")
            self.pendingChanged.emit("")
