"""Full-text search: the search box's syntax (`query`), running a query into ranked results
with marked snippets (`results`), keeping and checking the FTS5 indexes (`index`), saved
searches (`saved`), and `Library`'s search methods (`methods`)."""
