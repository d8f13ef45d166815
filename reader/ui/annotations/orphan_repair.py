"""Putting an orphan right, in the notes panel: its quote, the passages of the article's
current text nearest it (how close each is, from `Library.orphan_candidates`), and three ways
out: attach it to a chosen passage, attach it to the passage selected in the reading pane,
or dismiss it (into Recently Deleted, from which it comes back).

The box writes nothing: it asks by signals (`attachRequested(info, start, end)`,
`attachSelectionRequested(info)`, `dismissRequested(info)`), and the annotation controller
makes each an undoable step. Moving through the candidates emits `candidateShown(info, start,
end)`, so that the reading pane can show each passage where it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reader.library import AnnotationInfo, OrphanCandidate

SpanRole = Qt.ItemDataRole.UserRole + 1
QUOTE_CHARS = 240  # of the orphan's quote shown above its candidates
PASSAGE_CHARS = 160  # of each candidate
LIST_MIN = 52  # pixels: the list of candidates is never shorter


def _flat(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, most: int, keep_end: bool = False) -> str:
    flat = _flat(text)
    if len(flat) <= most:
        return flat
    return "…" + flat[-(most - 1) :] if keep_end else flat[: most - 1].rstrip() + "…"


def candidate_text(candidate: OrphanCandidate) -> str:
    """ "87% the same: …before «passage» after…" on one line (plain text)."""
    before = _short(candidate.before, 24, keep_end=True)
    after = _short(candidate.after, 24)
    passage = _short(candidate.passage, PASSAGE_CHARS)
    return f"{candidate.percent}% the same: {before} «{passage}» {after}".strip()


class OrphanRepair(QWidget):
    """See the module docstring. `show_orphan(info, candidates)` fills it; `clear()`
    empties it (then the panel hides it)."""

    attachRequested = Signal(object, int, int)
    attachSelectionRequested = Signal(object)
    dismissRequested = Signal(object)
    candidateShown = Signal(object, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orphanRepair")
        self.setAccessibleName("Put the orphan right")
        self._info: AnnotationInfo | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.heading = QLabel("This highlight’s passage was not found in the current text", self)
        self.heading.setObjectName("orphanHeading")
        self.heading.setWordWrap(True)
        bold = self.heading.font()
        bold.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(bold)
        self.quote = QLabel(self)
        self.quote.setObjectName("orphanQuote")
        self.quote.setTextFormat(Qt.TextFormat.PlainText)  # text from files: never markup
        self.quote.setWordWrap(True)
        font = self.quote.font()
        font.setItalic(True)
        self.quote.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.candidates = QListWidget(self)
        self.candidates.setObjectName("orphanCandidates")
        self.candidates.setAccessibleName("Closest passages in the current text")
        self.candidates.setWordWrap(True)
        self.candidates.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.candidates.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.candidates.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.candidates.setMinimumHeight(LIST_MIN)  # a row, so the panel below stays low
        self.candidates.currentItemChanged.connect(lambda item, _old: self._shown(item))
        self.candidates.itemActivated.connect(lambda _item: self._attach())
        for widget in (self.heading, self.quote, self.hint, self.candidates):
            layout.addWidget(widget)
        layout.addLayout(self._buttons())
        layout.addStretch(1)  # given more height than it needs, it stays packed at the top
        self._enable()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.attach_button = QPushButton("A&ttach Here", self)
        self.attach_button.setToolTip(
            "Attach the highlight to the chosen passage (Undo makes it an orphan again)"
        )
        self.attach_button.clicked.connect(self._attach)
        self.selection_button = QPushButton("Attach to &Selection", self)
        self.selection_button.setToolTip(
            "Attach the highlight to the text selected in the reading pane"
        )
        self.selection_button.clicked.connect(self._attach_selection)
        self.dismiss_button = QPushButton("&Dismiss", self)
        self.dismiss_button.setToolTip(
            "Put the orphan away: View › Recently Deleted Notes brings it back"
        )
        self.dismiss_button.clicked.connect(self._dismiss)
        row.addWidget(self.attach_button)
        row.addWidget(self.selection_button)
        row.addStretch(1)
        row.addWidget(self.dismiss_button)
        return row

    def orphan(self) -> AnnotationInfo | None:
        return self._info

    def show_orphan(self, info: AnnotationInfo, candidates: list[OrphanCandidate]) -> None:
        same = self._info is not None and self._info.id == info.id
        self._info = info
        self.quote.setText(f"“{_short(info.exact or '', QUOTE_CHARS)}”")
        if not same or self.candidates.count() != len(candidates):
            self.candidates.blockSignals(True)
            self.candidates.clear()
            for candidate in candidates:
                item = QListWidgetItem(candidate_text(candidate))
                item.setData(SpanRole, (candidate.start, candidate.end))
                item.setToolTip(_short(candidate.passage, 600))
                self.candidates.addItem(item)
            self.candidates.blockSignals(False)
            self._fit_list()
        self.candidates.setVisible(bool(candidates))
        self.hint.setText(
            "Closest passages in the current text (choose one, then Attach Here):"
            if candidates
            else "No passage of the current text is close to it: select one in the article "
            "and choose Attach to Selection, or dismiss it."
        )
        self._enable()

    def _fit_list(self) -> None:
        """As tall as its rows (no blank band under one candidate), scrolled past three."""
        rows = [self.candidates.sizeHintForRow(n) for n in range(self.candidates.count())]
        frame = 2 * self.candidates.frameWidth()
        self.candidates.setMaximumHeight(max(LIST_MIN, sum(rows[:3]) + frame + 4))

    def clear(self) -> None:
        self._info = None
        self.candidates.clear()
        self._enable()

    def set_selection_available(self, available: bool) -> None:
        """Whether the reading pane has a selection to attach to."""
        self.selection_button.setEnabled(available and self._info is not None)

    def chosen_span(self) -> tuple[int, int] | None:
        item = self.candidates.currentItem()
        span = item.data(SpanRole) if item is not None else None
        return (int(span[0]), int(span[1])) if span else None

    def _enable(self) -> None:
        self.attach_button.setEnabled(self._info is not None and self.chosen_span() is not None)
        self.dismiss_button.setEnabled(self._info is not None)

    def _shown(self, item: QListWidgetItem | None) -> None:
        self._enable()
        span = item.data(SpanRole) if item is not None else None
        if self._info is not None and span:
            self.candidateShown.emit(self._info, int(span[0]), int(span[1]))

    def _attach(self) -> None:
        span = self.chosen_span()
        if self._info is not None and span is not None:
            self.attachRequested.emit(self._info, *span)

    def _attach_selection(self) -> None:
        if self._info is not None:
            self.attachSelectionRequested.emit(self._info)

    def _dismiss(self) -> None:
        if self._info is not None:
            self.dismissRequested.emit(self._info)
