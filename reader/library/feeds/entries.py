"""Feed entries and saved pages become articles, through the importer's own pipeline.

An entry's HTML goes through the same block pipeline and sanitiser as an imported HTML file
(`reader.library.ingest.formats.html`), and the same topic rules classify it; its rows are
the importer's (`reader.library.ingest.rows`). An article made from the web has no source
file: its `source_path` and `source_url` are its link.

Identity: an entry is known by its key in its feed (`feed_entry`). A known entry whose title
and content hash the same as last time is skipped without being parsed; one that changed
updates its article in place, and the article's highlights are re-anchored exactly as a
re-imported file's are. A known entry whose article is gone (removed by the user or by the
feed's keep limit) stays gone. An entry whose text is already in the library (the same
story in two feeds) joins the existing article rather than making a second one.

Removal (keep limits, unsubscribing) only ever removes articles that came from the web and
have no bookmark, highlight or note, and that no other feed or saved page also holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.library.annotations.records import reanchor_article
from reader.library.feeds.parse import ParsedEntry
from reader.library.ingest.draft import Draft
from reader.library.ingest.formats.html import parse_html_page
from reader.library.ingest.rows import (
    ARTICLE_SQL,
    TOPIC_SQL,
    UPDATE_SQL,
    topic_rows,
    update_values,
)
from reader.library.search.index import index_articles
from reader.library.store.models import database
from reader.library.topics.classifier import Classifier
from reader.library.web.extract import page_draft

Scores = list[tuple[str, float]]


@dataclass(slots=True)
class Picture:
    """A picture fetched and checked for an article: stored under its SHA-256."""

    url: str
    sha256: str
    mime: str
    width: int
    height: int
    data: bytes


@dataclass(slots=True)
class Prepared:
    """An entry ready to be written: its draft (None if it had no text) and pictures."""

    entry: ParsedEntry
    digest: str  # `entry_digest`
    draft: Draft | None
    pictures: list[Picture] = field(default_factory=list)
    scores: Scores | None = None  # the topic rules' scores, given before the write begins


def entry_digest(entry: ParsedEntry) -> str:
    """What an entry said, hashed: the same digest twice means nothing changed."""
    key = "\x1f".join((entry.title, entry.html, entry.link or "", entry.author or ""))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def entry_draft(entry: ParsedEntry, full_page: Draft | None = None) -> Draft | None:
    """The draft of a feed entry: its own content, or `full_page` (the linked page's article,
    extracted) when the entry carried only a summary and the feed asks for full text."""
    if full_page is not None:
        title = entry.title or ("" if full_page.title_derived else full_page.title)
        body_html = full_page.html
        published = entry.published or full_page.published
        author = entry.author or full_page.author
    else:
        title, body_html = entry.title, entry.html
        published, author = entry.published, entry.author
    page = parse_html_page(body_html or "", find_title=False, pictures=entry.link or "")
    return page_draft(
        page, title=title, fmt="feed", link=entry.link, author=author, published=published
    )


# -- writing ---------------------------------------------------------------------------------


def classify(rules: Classifier, draft: Draft) -> Scores:
    title = draft.title if not draft.title_derived else ""
    return [(s.code, s.score) for s in rules.classify(title, draft.body)]


def existing_article(content_hash: str) -> int | None:
    row = database.execute_sql(
        "SELECT id FROM article WHERE content_hash = ?", (content_hash,)
    ).fetchone()
    return int(row[0]) if row else None


def insert_article(draft: Draft, scores: Scores, added: str) -> int:
    """A new article from the web (no source file); the caller checked its content is new."""
    link = draft.source_url or draft.uri
    cursor = database.execute_sql(
        ARTICLE_SQL,
        (
            draft.uri,
            draft.content_hash,
            None,
            link,
            0,
            draft.title,
            draft.title_derived,
            draft.dateline,
            draft.body,
            draft.words,
            added,
            added,
            draft.html,
            draft.published,
            draft.author,
            draft.source_url,
            draft.format,
        ),
    )
    article_id = int(cursor.lastrowid)
    database.cursor().executemany(TOPIC_SQL, topic_rows(article_id, scores, [], added))
    index_articles([article_id])
    return article_id


def update_article(article_id: int, draft: Draft, scores: Scores, now: str) -> bool:
    """Replace an article's text in place, re-classify it (the user's topic choices stay)
    and re-anchor its highlights. False (nothing written) if another article already has
    this text."""
    found = existing_article(draft.content_hash)
    if found is not None:
        return found == article_id and _same_metadata(article_id, draft, now)
    link = draft.source_url or draft.uri
    database.execute_sql(UPDATE_SQL, (*update_values(draft, link, now), article_id))
    database.execute_sql(
        "DELETE FROM article_topic WHERE article_id=? AND origin='auto'", (article_id,)
    )
    added = database.execute_sql("SELECT added FROM article WHERE id=?", (article_id,))
    rows = topic_rows(article_id, scores, [], added.fetchone()[0])
    database.cursor().executemany(TOPIC_SQL, rows)
    reanchor_article(article_id, draft.body)
    return True


def _same_metadata(article_id: int, draft: Draft, now: str) -> bool:
    """The text is the same but the title or byline may not be: update those."""
    cursor = database.execute_sql(
        "UPDATE article SET title=?, author=?, published=?, html=?, updated=? WHERE id=? AND "
        "(title IS NOT ? OR author IS NOT ? OR published IS NOT ? OR html IS NOT ?)",
        (
            draft.title,
            draft.author,
            draft.published,
            draft.html,
            now,
            article_id,
            draft.title,
            draft.author,
            draft.published,
            draft.html,
        ),
    )
    return bool(cursor.rowcount)


def store_pictures(article_id: int, pictures: Sequence[Picture]) -> None:
    """Keep an article's checked pictures (each stored once, whoever else shows it)."""
    if not pictures:
        return
    cursor = database.cursor()
    cursor.executemany(
        "INSERT OR IGNORE INTO picture (sha256, url, mime, width, height, data, stored) "
        "VALUES (?, ?, ?, ?, ?, ?, datetime('now'))",
        [(p.sha256, p.url, p.mime, p.width, p.height, p.data) for p in pictures],
    )
    cursor.executemany(
        "INSERT OR IGNORE INTO article_picture (article_id, picture_id) VALUES (?, ?)",
        [(article_id, p.sha256) for p in pictures],
    )


def removable(ids: Sequence[int]) -> list[int]:
    """Of `ids`, the articles a limit or an unsubscription may remove: from the web, with no
    bookmark, highlight or note, and held by no more than one feed entry and no saved page."""
    out: list[int] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        out += [
            int(r[0])
            for r in database.execute_sql(
                f"""
            SELECT a.id FROM article a WHERE a.id IN ({marks}) AND a.source_file_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM bookmark b WHERE b.article_id = a.id)
              AND NOT EXISTS (SELECT 1 FROM annotation n WHERE n.article_id = a.id)
              AND NOT EXISTS (SELECT 1 FROM saved_page s WHERE s.article_id = a.id)
              AND (SELECT COUNT(*) FROM feed_entry e WHERE e.article_id = a.id) <= 1""",
                chunk,
            )
        ]
    return out


def delete_plain(ids: Sequence[int]) -> None:
    """Delete articles that `removable` allowed (nothing of the user's goes with them); their
    feed entries stay, without an article, so that the feed never brings them back."""
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        database.execute_sql(
            f"UPDATE feed_entry SET article_id = NULL WHERE article_id IN ({marks})", chunk
        )
        for table in ("reading_state", "article_topic", "article_picture"):
            database.execute_sql(f"DELETE FROM {table} WHERE article_id IN ({marks})", chunk)
        database.execute_sql(f"DELETE FROM article WHERE id IN ({marks})", chunk)
    if ids:
        database.execute_sql(
            "DELETE FROM picture WHERE sha256 NOT IN (SELECT picture_id FROM article_picture)"
        )


def over_limit(feed_id: int, keep_days: int | None, keep_count: int | None, now: str) -> list[int]:
    """The feed's articles beyond its keep limits (older than `keep_days` by when they were
    published or added, or past the newest `keep_count`), removable ones only."""
    found: set[int] = set()
    if keep_days is not None:
        found |= {
            int(r[0])
            for r in database.execute_sql(
                "SELECT a.id FROM feed_entry e JOIN article a ON a.id = e.article_id "
                "WHERE e.feed_id = ? AND julianday(COALESCE(a.published, a.added)) "
                "< julianday(?) - ?",
                (feed_id, now, keep_days),
            )
        }
    if keep_count is not None:
        found |= {
            int(r[0])
            for r in database.execute_sql(
                "SELECT a.id FROM feed_entry e JOIN article a ON a.id = e.article_id "
                "WHERE e.feed_id = ? ORDER BY COALESCE(a.published, a.added) DESC, a.id DESC "
                "LIMIT -1 OFFSET ?",
                (feed_id, keep_count),
            )
        }
    return removable(sorted(found))
