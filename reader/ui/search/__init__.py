"""Search: the search field and its worker thread, results, saved searches, find in article."""
