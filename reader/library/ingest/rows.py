"""The SQL that writes an article and its topics, shared by every way articles come in
(files by `reader.library.ingest.importer`, feed entries and saved pages by
`reader.library.feeds.entries`): one statement for a new article, one for an article whose
text changed in place, and the topic rows of the classifier's scores and the source's own."""

from __future__ import annotations

from collections.abc import Sequence

from reader.library.ingest.draft import Draft

ARTICLE_SQL = (
    "INSERT INTO article (uri, content_hash, source_file_id, source_path, source_index, title, "
    "title_derived, dateline, body, words, added, updated, html, published, author, "
    "source_url, format) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
TOPIC_SQL = (
    "INSERT OR IGNORE INTO article_topic (article_id, topic_id, score, origin, added) "
    "VALUES (?, ?, ?, ?, ?)"
)
UPDATE_SQL = (
    "UPDATE article SET content_hash=?, source_path=?, source_index=?, title=?, "
    "title_derived=?, dateline=?, body=?, words=?, updated=?, html=?, published=?, author=?, "
    "source_url=?, format=? WHERE id=?"
)


def update_values(d: Draft, source_path: str, now: str) -> tuple[object, ...]:
    """The values of `UPDATE_SQL` but the article's id, for draft `d`."""
    return (d.content_hash, source_path, d.index, d.title, d.title_derived, d.dateline, d.body,
            d.words, now, d.html, d.published, d.author, d.source_url, d.format)  # fmt: skip


def topic_rows(
    article_id: int, scores: Sequence[tuple[str, float]], named: Sequence[str], added: object
) -> list[tuple[object, ...]]:
    """Topic rows: the classifier's `scores`, and the source's own `named` codes (front
    matter) as the user's. `added` is the article's, copied so that topic lists are read in
    order from their index."""
    rows: list[tuple[object, ...]] = [(article_id, code, 1.0, "user", added) for code in named]
    rows += [(article_id, code, score, "auto", added) for code, score in scores
             if code not in named]  # fmt: skip
    return rows
