"""The middle pane: the article list, or search results or the Highlights view in its place."""

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
        self.highlights: QWidget | None = None  # the Highlights view, once added
        self._highlights_list: QListView | None = None

    def show_articles(self) -> None:
        self.setCurrentWidget(self.articles)

    def show_results(self) -> None:
        self.setCurrentWidget(self.results)

    def showing_results(self) -> bool:
        return self.currentWidget() is self.results

    def add_highlights(self, view: QWidget, listing: QListView) -> None:
        """The Highlights view (`listing` is its list, for the keys that move in a list)."""
        self.highlights, self._highlights_list = view, listing
        self.addWidget(view)

    def show_highlights(self) -> None:
        if self.highlights is not None:
            self.setCurrentWidget(self.highlights)

    def showing_highlights(self) -> bool:
        return self.highlights is not None and self.currentWidget() is self.highlights

    def shown_list(self) -> QListView:
        widget = self.currentWidget()
        if self._highlights_list is not None and self.showing_highlights():
            return self._highlights_list
        return widget if isinstance(widget, QListView) else self.articles
