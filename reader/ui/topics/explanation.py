"""The "Why These Topics?" dialog: the rule terms that scored for an article's topics and what
was learned from the user's choices, as `Library.explain_topics` gives them, in plain text."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from reader.library import Library, LibraryError

NOTE = "Topics you chose or took off by hand stay as you left them, whatever this says."


def explanation_text(library: Library, article_id: int) -> str:
    """The explanation of one article's topics, a few lines per topic."""
    try:
        explanation = library.explain_topics(article_id)
    except LibraryError as error:
        return str(error)
    article = library.article(article_id)
    if explanation is None or article is None:
        return "The article is no longer in the library."
    under = ", ".join(t.label for t in article.topics) or "no topic"
    return "\n".join([f"Now under: {under}", "", *explanation.lines(), "", NOTE])


class ExplanationDialog(QDialog):
    """A small read-only text of why the article has its topics; Close closes it."""

    def __init__(self, library: Library, article_id: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("topicExplanation")
        self.setWindowTitle("Why These Topics?")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(explanation_text(library, article_id))
        self.text.setAccessibleName("Why the article has these topics")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 320)
