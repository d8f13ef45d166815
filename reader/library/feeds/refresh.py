"""Refreshing feeds: fetched a few at a time on worker threads, written on the caller's.

Each feed is one job. A worker thread fetches it (conditionally: the stored ETag and
Last-Modified make an unchanged feed cost one `304`), parses it, and prepares only the
entries that are new or changed since the last fetch: their text through the importer's
pipeline, the linked page's article for a summary when the feed asks for full text, and
their pictures, each fetched once and checked. The worker touches no database. The caller's
thread (the window's refresh worker, or the command line) writes what is ready, in one
transaction per batch of finished feeds, classifies each new or changed article with the
library's topic rules (classified there: the rules' word cache is not shared between
threads), and reports each batch to the library's subscribers so the window shows articles
as they land. Cancel is heard between chunks of every download and between feeds.

What the server says is kept in words on the feed: `301`/`308` updates its URL, `410` pauses
it, `429` and `503` with `Retry-After` leave it alone until then; every other failure is
its `last_error` until the next success.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field, replace
from typing import Any

from reader.library.feeds.entries import (
    Picture,
    Prepared,
    classify,
    entry_digest,
    entry_draft,
    existing_article,
    insert_article,
    store_pictures,
    update_article,
)
from reader.library.feeds.parse import FeedError, ParsedEntry, ParsedFeed, parse_feed
from reader.library.feeds.records import RefreshResult
from reader.library.ingest.draft import Draft
from reader.library.store.models import database
from reader.library.topics.classifier import Classifier
from reader.library.web.extract import extract_page
from reader.library.web.fetch import MB, FetchError, Response, fetch
from reader.library.web.pictures import (
    MAX_PICTURE_BYTES,
    PictureCheck,
    PictureFacts,
    picture_urls,
    settle,
    sniff_picture,
)

log = logging.getLogger(__name__)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
FEED_BYTES = 10 * MB
PAGE_BYTES = 5 * MB
FEED_SECONDS = 30.0  # the longest a feed's whole response may take
PAGE_SECONDS = 30.0
PICTURE_SECONDS = 20.0
PICTURES_PER_ARTICLE = 40
PROCESS_MIN_JOBS = 8  # a refresh of this many feeds fetches and parses in worker processes
WORKER_NICENESS = 10
GONE = "gone"  # the digest of a known entry whose article was removed: it never returns
Progress = Callable[[int, int, str], None]  # done, total, one line about the last feed
Cancelled = Callable[[], bool]


@dataclass(slots=True)
class Job:
    """One feed to fetch, with what the library knows of it."""

    feed_id: int
    url: str
    title: str
    etag: str | None
    last_modified: str | None
    full_text: bool
    known: dict[str, str]  # entry key -> digest (GONE for removed ones)


@dataclass(slots=True)
class Fetched:
    """What a worker brings back for one job."""

    job: Job
    response: Response | None = None
    feed: ParsedFeed | None = None
    prepared: list[Prepared] = field(default_factory=list)
    error: Exception | None = None
    stopped: bool = False  # the refresh was stopped before this feed was done


def _never() -> bool:
    return False


def _nothing() -> None:
    return None


def read_job(feed_id: int) -> Job | None:
    row = database.execute_sql(
        "SELECT id, url, COALESCE(user_title, NULLIF(title, ''), url), etag, last_modified, "
        "full_text FROM feed WHERE id = ?",
        (feed_id,),
    ).fetchone()
    if row is None:
        return None
    known = {
        key: (digest if article is not None else GONE)
        for key, digest, article in database.execute_sql(
            "SELECT key, content_hash, article_id FROM feed_entry WHERE feed_id = ?", (feed_id,)
        )
    }
    return Job(row[0], row[1], row[2], row[3], row[4], bool(row[5]), known)


# -- on a worker thread ------------------------------------------------------------------------


def fetch_job(job: Job, pictures: PictureCheck | None, cancelled: Cancelled) -> Fetched:
    """Fetch, parse and prepare one feed; never raises (the failure is `error`)."""
    out = Fetched(job)
    try:
        response = fetch(
            job.url,
            etag=job.etag,
            last_modified=job.last_modified,
            max_bytes=FEED_BYTES,
            accept=FEED_ACCEPT,
            cancelled=cancelled,
            total_timeout=FEED_SECONDS,
        )
        out.response = response
        if response.status == 304:
            return out
        out.feed = parse_response(response)
        out.prepared = prepare_entries(out.feed.entries, job, pictures, cancelled)
    except (FetchError, FeedError) as exc:
        out.error = exc
        out.stopped = cancelled()
    except Exception as exc:  # a bug met by this feed's content: this feed only
        log.exception("refreshing %s failed", job.url)
        out.error = FeedError(f"could not be read ({type(exc).__name__}: {exc})")
    return out


def parse_response(response: Response) -> ParsedFeed:
    """The feed a response carries (raises `FeedError`)."""
    return parse_feed(
        response.body,
        url=response.url,
        content_type=response.content_type,
        charset=response.charset,
    )


def prepare_entries(
    entries: Sequence[ParsedEntry], job: Job, pictures: PictureCheck | None, cancelled: Cancelled
) -> list[Prepared]:
    """The entries that are new or changed, ready to write (newest first)."""
    out: list[Prepared] = []
    seen: set[str] = set()
    fetched: dict[str, Picture | None] = {}  # a picture shared by entries is fetched once
    for entry in entries:
        if entry.key in seen:
            continue  # a feed that repeats an entry: the first one counts
        seen.add(entry.key)
        digest = entry_digest(entry)
        if job.known.get(entry.key) in (digest, GONE):
            continue
        if cancelled():
            raise FetchError("cancelled")
        full = full_text(entry, cancelled) if job.full_text and entry.summary_only else None
        draft = entry_draft(entry, full)
        found: list[Picture] = []
        if draft is not None:
            draft, found = with_pictures(draft, pictures, cancelled, fetched)
        out.append(Prepared(entry, digest, draft, found))
    out.sort(key=lambda p: p.entry.published or "", reverse=True)
    return out


def full_text(entry: ParsedEntry, cancelled: Cancelled) -> Draft | None:
    """The article of the page an entry links to, or None (the summary is kept)."""
    if not entry.link:
        return None
    try:
        page = fetch(
            entry.link,
            max_bytes=PAGE_BYTES,
            accept=PAGE_ACCEPT,
            cancelled=cancelled,
            total_timeout=PAGE_SECONDS,
        )
    except FetchError as exc:
        if cancelled():
            raise
        log.info("full text of %s: %s", entry.link, exc)
        return None
    return extract_page(page.body, url=page.url)


def fetch_picture(url: str, check: PictureCheck, cancelled: Cancelled) -> Picture | None:
    """One picture fetched and checked, or None (it is left out, its alt text shown)."""
    try:
        got = fetch(
            url,
            max_bytes=MAX_PICTURE_BYTES,
            accept="image/*",
            cancelled=cancelled,
            total_timeout=PICTURE_SECONDS,
        )
    except FetchError as exc:
        log.info("picture %s: %s", url, exc)
        return None
    if sniff_picture(got.body) is None:
        return None
    facts = check(got.body)
    if not isinstance(facts, PictureFacts):
        log.info("picture %s refused: %s", url, facts)
        return None
    sha = hashlib.sha256(got.body).hexdigest()
    return Picture(url, sha, facts.mime, facts.width, facts.height, got.body)


def with_pictures(
    draft: Draft,
    check: PictureCheck | None,
    cancelled: Cancelled,
    fetched: dict[str, Picture | None] | None = None,
) -> tuple[Draft, list[Picture]]:
    """The draft as it is stored: each picture fetched and checked (none when `check` is
    None, pictures being off), pointed at the library's copy or left out, and the HTML
    sanitised strictly. `fetched` remembers pictures already fetched in this refresh."""
    html = draft.html or ""
    found: list[Picture] = []
    cache = fetched if fetched is not None else {}
    if check is not None:
        for url in picture_urls(html)[:PICTURES_PER_ARTICLE]:
            if cancelled():
                raise FetchError("cancelled")
            if url not in cache:
                cache[url] = fetch_picture(url, check, cancelled)
            picture = cache[url]
            if picture is not None:
                found.append(picture)
    stored = {p.url: p.sha256 for p in found}
    return replace(draft, html=settle(html, stored)), found


# -- on the caller's thread --------------------------------------------------------------------


class Writer:
    """Writes fetched feeds into the library; one `added` time for the whole refresh."""

    def __init__(self, rules: Classifier, now: dt.datetime) -> None:
        self.rules = rules
        self.now = now
        self.stamp = str(now)

    def classify(self, batch: Sequence[Fetched]) -> None:
        """Score every draft of `batch` with the topic rules, before any write begins: the
        write lock is then held only for the writing."""
        for got in batch:
            for item in got.prepared:
                if item.draft is not None and item.scores is None:
                    item.scores = classify(self.rules, item.draft)

    def write(self, got: Fetched, between: Callable[[], None] = _nothing) -> RefreshResult:
        """Write one feed's outcome (inside the caller's transaction; `between` is called
        before each entry, where the caller may commit and hand the lock on)."""
        job = got.job
        if not database.execute_sql("SELECT 1 FROM feed WHERE id = ?", (job.feed_id,)).fetchone():
            return RefreshResult(job.feed_id, job.title, skipped="unsubscribed meanwhile")
        if got.stopped:
            return RefreshResult(job.feed_id, job.title, skipped="stopped")
        if got.error is not None:
            return self._failed(job, got.error)
        response = got.response
        assert response is not None
        fields: dict[str, object] = {
            "last_checked": self.stamp,
            "last_success": self.stamp,
            "last_error": None,
            "retry_at": None,
        }
        if response.moved_to and response.moved_to != job.url and not _taken(response.moved_to):
            fields["url"] = response.moved_to
        if response.status == 304:
            self._update_feed(job.feed_id, fields)
            return RefreshResult(job.feed_id, job.title, not_modified=True)
        fields["etag"], fields["last_modified"] = response.etag, response.last_modified
        feed = got.feed
        assert feed is not None
        if feed.title:
            fields["title"] = feed.title
        if feed.site_url:
            fields["site_url"] = feed.site_url
        added, updated = self.write_entries(job, got.prepared, between)
        # last: the validators are stored only once every entry is in (a write committed in
        # slices and cut short refetches the whole feed next time, not a 304)
        self._update_feed(job.feed_id, fields)
        title = job.title if job.title != job.url else (feed.title or job.url)
        return RefreshResult(
            job.feed_id, title, tuple(added), tuple(updated), not_modified=not got.prepared
        )

    def write_entries(
        self, job: Job, prepared: Sequence[Prepared], between: Callable[[], None] = _nothing
    ) -> tuple[list[int], list[int]]:
        added: list[int] = []
        updated: list[int] = []
        for item in prepared:
            between()
            key, draft = item.entry.key, item.draft
            row = database.execute_sql(
                "SELECT id, article_id FROM feed_entry WHERE feed_id = ? AND key = ?",
                (job.feed_id, key),
            ).fetchone()
            article_id = row[1] if row else None
            if draft is not None:
                scores = item.scores if item.scores is not None else classify(self.rules, draft)
                if article_id is not None:
                    if update_article(article_id, draft, scores, self.stamp):
                        updated.append(article_id)
                elif row is None:
                    article_id = existing_article(draft.content_hash)
                    if article_id is None:
                        article_id = insert_article(draft, scores, self.stamp)
                        added.append(article_id)
                if article_id is not None:
                    store_pictures(article_id, item.pictures)
            if row is None:
                database.execute_sql(
                    "INSERT INTO feed_entry (feed_id, key, article_id, content_hash, seen) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (job.feed_id, key, article_id, item.digest, self.stamp),
                )
            else:
                database.execute_sql(
                    "UPDATE feed_entry SET content_hash = ? WHERE id = ?", (item.digest, row[0])
                )
        return added, updated

    def _failed(self, job: Job, error: Exception) -> RefreshResult:
        fields: dict[str, object] = {"last_checked": self.stamp, "last_error": str(error)}
        if isinstance(error, FetchError):
            if error.gone:
                fields["paused"] = True
                fields["last_error"] = "the feed is gone (the server answered 410 Gone)"
            if error.retry_after is not None:
                wait_for = dt.timedelta(seconds=min(error.retry_after, 7 * 86400))
                fields["retry_at"] = str(self.now + wait_for)
        self._update_feed(job.feed_id, fields)
        return RefreshResult(job.feed_id, job.title, error=str(fields["last_error"]))

    @staticmethod
    def _update_feed(feed_id: int, fields: dict[str, object]) -> None:
        sets = ", ".join(f"{name} = ?" for name in fields)
        database.execute_sql(f"UPDATE feed SET {sets} WHERE id = ?", [*fields.values(), feed_id])


def _taken(url: str) -> bool:
    return database.execute_sql("SELECT 1 FROM feed WHERE url = ?", (url,)).fetchone() is not None


# -- worker processes ------------------------------------------------------------------------

_worker_stop: Any = None  # in a worker process: the event the refresh sets to stop
_worker_rules: Classifier | None = None  # and the library's topic rules, to classify there


def _init_worker(stop: Any, rules: Classifier) -> None:
    global _worker_stop, _worker_rules
    _worker_stop, _worker_rules = stop, rules
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)  # the window's thread comes first


def _fetch_in_worker(job: Job, pictures: PictureCheck | None) -> Fetched:
    got = fetch_job(job, pictures, _worker_stop.is_set)
    if _worker_rules is not None:
        for item in got.prepared:  # classified here too: less work for the writing process
            if item.draft is not None:
                item.scores = classify(_worker_rules, item.draft)
    return got


def _pool(
    workers: int, jobs: int, stop: threading.Event, rules: Classifier
) -> tuple[Executor, Callable[[], None]]:
    """Worker processes for a refresh of many feeds (parsing is pure Python: in threads it
    would hold the interpreter's lock against the window's); threads for a few, or if
    processes cannot start. Returns the pool and how to tell its workers to stop."""
    if jobs >= PROCESS_MIN_JOBS:
        try:
            context = multiprocessing.get_context("forkserver")  # never fork: Qt has threads
            context.set_forkserver_preload(["reader.library.ingest.preparing", __name__])
            event = context.Event()
            count = max(1, min(workers, os.cpu_count() or 1))
            pool = ProcessPoolExecutor(count, context, _init_worker, (event, rules))
            return pool, event.set
        except (OSError, ValueError) as exc:
            log.info("refreshing in threads: worker processes did not start (%s)", exc)
    return ThreadPoolExecutor(
        max_workers=max(1, workers), thread_name_prefix="feed-fetch"
    ), stop.set


def run(
    jobs: Sequence[Job],
    writer: Writer,
    *,
    write_batch: Callable[[list[Fetched]], None],
    workers: int = 4,
    pictures: PictureCheck | None = None,
    cancelled: Cancelled | None = None,
) -> bool:
    """Fetch `jobs` on `workers` threads and hand each batch of finished ones to
    `write_batch` on this thread; returns False if cancelled before all were fetched."""
    stop = threading.Event()
    asked = cancelled or _never

    def stopping() -> bool:
        if not stop.is_set() and asked():
            stop.set()
        return stop.is_set()

    pool, tell_workers = _pool(workers, len(jobs), stop, writer.rules)
    in_processes = isinstance(pool, ProcessPoolExecutor)
    pending: set[Future[Fetched]] = set()
    of: dict[Future[Fetched], Job] = {}
    try:
        for job in jobs:
            if in_processes:
                future = pool.submit(_fetch_in_worker, job, pictures)
            else:
                future = pool.submit(fetch_job, job, pictures, stopping)
            of[future] = job
        pending = set(of)
        while pending:
            done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            if done:
                write_batch([_result(f, of[f]) for f in done])
            if stopping():
                tell_workers()
                break
        return not pending and not stop.is_set()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[Fetched], job: Job) -> Fetched:
    try:
        return future.result()
    except BrokenExecutor as exc:  # a worker process died (on this feed, or another)
        return Fetched(job, error=FeedError(f"could not be read (its reader process died: {exc})"))
