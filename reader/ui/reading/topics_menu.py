"""The Topics menu of an article: every IPTC topic, checked where the article stands, so the
user can put it under a topic or take it out. Choices are the user's and survive
re-classification and re-import, and the classifier learns from them. The menu stays open
while topics are ticked (Enter or a click ticks one; Esc or a click elsewhere closes it). Its
last entry, "Why These Topics?", shows the rule terms and what was learned behind them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu, QWidget

from reader.library import Library, LibraryError
from reader.ui.style.plain_text import tooltip
from reader.ui.topics.explanation import ExplanationDialog


class TopicsMenu(QMenu):
    """A checkable entry per topic; toggling one adds or removes it for `article_id`."""

    def __init__(self, library: Library, article_id: int, parent: QWidget) -> None:
        super().__init__("&Topics", parent)
        self._library = library
        self._article_id = article_id
        row = library.rows([article_id]).get(article_id)  # the list's row: not the body
        current = {t.code for t in row.topics} if row is not None else set()
        for topic in sorted(library.topics(), key=lambda t: t.label):
            action = self.addAction(topic.label.replace("&", "&&"))  # not a mnemonic here
            action.setCheckable(True)
            action.setChecked(topic.code in current)
            action.setToolTip(tooltip(topic.name) or "")
            action.setData(topic.code)
            action.toggled.connect(lambda on, code=topic.code: self._choose(code, on))
        self.addSeparator()
        why = self.addAction("&Why These Topics?…")
        why.setObjectName("why-topics")
        why.setToolTip("The rule terms that scored and what was learned from your choices")
        why.triggered.connect(self.explain)
        self.explanation: ExplanationDialog | None = None

    def explain(self) -> ExplanationDialog:
        """Show why the article has its topics, in a small dialog of the window."""
        host = self.parentWidget()
        self.explanation = ExplanationDialog(self._library, self._article_id, host)
        self.explanation.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.explanation.show()
        return self.explanation

    def _choose(self, code: str, on: bool) -> None:
        try:
            (self._library.add_topic if on else self._library.remove_topic)(self._article_id, code)
        except LibraryError as error:
            self.setToolTip(tooltip(str(error)) or "")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if isinstance(action, QAction) and action.isCheckable() and action.isEnabled():
            action.toggle()  # tick it and keep the menu open for the next one
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
            and isinstance(action, QAction)
            and action.isCheckable()
        ):
            action.toggle()
            return
        super().keyPressEvent(event)
