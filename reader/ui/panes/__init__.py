"""The three panes: the sidebar of views, the article list and the reading pane (with
caret mode), as widgets and item models that know nothing of each other."""
