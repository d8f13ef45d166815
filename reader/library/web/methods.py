"""`Library`'s saved pages and pictures: save a web page by its URL to read later (saving it
again updates it in place), and serve the library's own copies of pictures to the window.

A saved page is fetched (at most 5 MB, http and https only), its article extracted with
trafilatura (`reader.library.web.extract`), classified by the topic rules and stored like a
feed's entry; its pictures are fetched once and checked, then shown from the library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.library.changes import Changes
from reader.library.errors import FeedProblem
from reader.library.feeds.discover import looks_like_feed
from reader.library.feeds.entries import (
    classify,
    existing_article,
    insert_article,
    store_pictures,
    update_article,
)
from reader.library.feeds.methods import clean_url
from reader.library.feeds.records import FeedInfo, RefreshResult
from reader.library.feeds.refresh import PAGE_ACCEPT, PAGE_BYTES, with_pictures
from reader.library.protection import write
from reader.library.store.models import database
from reader.library.web.extract import extract_page
from reader.library.web.fetch import FetchError, Response, fetch
from reader.library.web.pictures import PictureCheck

if TYPE_CHECKING:
    from reader.library.topics.classifier import Classifier
    from reader.library.topics.rules import TopicRules

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
FEED_TYPES = "application/rss+xml;q=0.8, application/atom+xml;q=0.8, application/feed+json;q=0.8"


class PageMethods:
    """Saved pages and pictures; mixed into `reader.library.api.Library`."""

    rules: TopicRules
    classifier: Callable[[], Classifier]  # TopicMethods, also mixed into Library
    _clock: Callable[[], dt.datetime]

    _report: Callable[[Changes], Changes]  # provided by Library
    add_feed: Callable[..., FeedInfo]  # FeedMethods, also mixed into Library
    refresh_feeds: Callable[..., list[RefreshResult]]

    @write
    def save_page(self, url: str, *, pictures: PictureCheck | None = None) -> int:
        """Save the article of the web page at `url` and return its id; the same URL again
        updates that article in place (its highlights re-anchored). Uses the network.
        `pictures` checks each picture (None leaves them out). Raises `FeedProblem`."""
        url = clean_url(url)
        try:
            got = fetch(url, max_bytes=PAGE_BYTES, accept=PAGE_ACCEPT)
        except FetchError as exc:
            raise FeedProblem(f"Could not save {url}: {exc}.") from exc
        return self._save(url, got, pictures)

    @write
    def add_url(self, url: str, *, pictures: PictureCheck | None = None) -> tuple[str, int]:
        """What a pasted or dropped address asks for: follow it if it is a feed, else save
        the page. Returns ("feed", feed id) or ("page", article id). Uses the network."""
        url = clean_url(url)
        try:
            got = fetch(url, max_bytes=PAGE_BYTES, accept=PAGE_ACCEPT + ", " + FEED_TYPES)
        except FetchError as exc:
            raise FeedProblem(f"Could not open {url}: {exc}.") from exc
        if looks_like_feed(got.body, got.content_type):
            info = self.add_feed(url, refresh=False)
            self.refresh_feeds([info.id], pictures=pictures)
            return "feed", int(info.id)
        return "page", self._save(url, got, pictures)

    def _save(self, url: str, got: Response, pictures: PictureCheck | None) -> int:
        if got.content_type not in HTML_TYPES:
            raise FeedProblem(f"Could not save {url}: it is not a web page ({got.content_type}).")
        draft = extract_page(got.body, url=got.url)
        if draft is None:
            raise FeedProblem(f"Could not save {url}: no article text was found on the page.")
        draft, found = with_pictures(draft, pictures, lambda: False)
        scores = classify(self.classifier(), draft)
        stamp = str(self._clock())
        added: frozenset[int] = frozenset()
        updated: frozenset[int] = frozenset()
        with database.atomic():
            row = database.execute_sql(
                "SELECT s.article_id FROM saved_page s JOIN article a ON a.id = s.article_id "
                "WHERE s.url = ?",
                (url,),
            ).fetchone()
            if row is not None:
                article_id = int(row[0])
                if update_article(article_id, draft, scores, stamp):
                    updated = frozenset({article_id})
            else:
                known = existing_article(draft.content_hash)
                if known is None:
                    article_id = insert_article(draft, scores, stamp)
                    added = frozenset({article_id})
                else:
                    article_id = known
                database.execute_sql(
                    "INSERT OR REPLACE INTO saved_page (url, article_id, saved) VALUES (?,?,?)",
                    (url, article_id, stamp),
                )
            store_pictures(article_id, found)
        touched = bool(added or updated)
        self._report(Changes(articles=updated, added=added, counts=touched, topics=touched))
        return article_id

    def picture(self, sha256: str) -> tuple[bytes, str] | None:
        """A stored picture's bytes and media type, or None (the pane then shows nothing)."""
        row = database.execute_sql(
            "SELECT data, mime FROM picture WHERE sha256 = ?", (sha256.lower(),)
        ).fetchone()
        return (bytes(row[0]), str(row[1])) if row else None
