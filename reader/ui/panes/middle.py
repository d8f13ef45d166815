"""The middle pane: the article list, or search results in its place."""

from __future__ import annotations

from PySide6.QtWidgets import QListView, QStackedWidget, QWidget

from reader.ui.panes.article_list import ArticleList


class MiddlePane(QStackedWidget):
    """Holds the article list and the search results list; one of them is shown."""

    def __init__(self, articles: ArticleList, results: QListView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("middlePane")
        self.setAccessibleName("Article list or search results")
        self.articles = articles
        self.results = results
        self.addWidget(articles)
        self.addWidget(results)

    def show_articles(self) -> None:
        self.setCurrentWidget(self.articles)

    def show_results(self) -> None:
        self.setCurrentWidget(self.results)

    def showing_results(self) -> bool:
        return self.currentWidget() is self.results

    def shown_list(self) -> QListView:
        widget = self.currentWidget()
        return widget if isinstance(widget, QListView) else self.articles
