"""`Library`'s subscriptions: add (by a feed's URL or a page that names one), list, rename,
move, pause, set options, remove, refresh, and exchange them as OPML.

Methods that use the network say so; the window calls them on a worker thread. The network
is used before any transaction opens, so a slow server never holds the library's lock.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from reader.library.changes import NOTHING, Changes
from reader.library.errors import FeedProblem
from reader.library.feeds import opml
from reader.library.feeds.discover import feed_links, looks_like_feed
from reader.library.feeds.entries import delete_plain, over_limit, removable
from reader.library.feeds.parse import FeedError, ParsedFeed
from reader.library.feeds.records import FeedInfo, RefreshResult, read_feeds
from reader.library.feeds.refresh import (
    FEED_ACCEPT,
    FEED_BYTES,
    Fetched,
    Job,
    Writer,
    parse_response,
    prepare_entries,
    read_job,
    run,
)
from reader.library.protection import write
from reader.library.store.models import database
from reader.library.web.fetch import FetchError, Response, fetch
from reader.library.web.pictures import PictureCheck

if TYPE_CHECKING:
    from reader.library.topics.classifier import Classifier
    from reader.library.topics.rules import TopicRules

RefreshProgress = Callable[[int, int, RefreshResult], None]  # done, total, the last result
UNSET: Any = object()
MAX_TITLE = 300
WRITE_SLICE_SECONDS = 0.02  # a refresh commits this often, so other writers wait little
# "name:" not followed by a port number: an address's scheme (javascript:, file:, mailto:).
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d)")


def clean_url(url: str) -> str:
    """A URL as typed, made usable: trimmed, `https://` added to a bare host; raises
    `FeedProblem` for any other scheme (a feed never reads a local file)."""
    url = url.strip()
    if not url:
        raise FeedProblem("No URL was given.")
    lowered = url.lower()
    if lowered.startswith("feed:"):  # feed://host/x and feed:https://host/x
        rest = url[5:]
        url = rest if rest.lower().startswith(("http:", "https:")) else "http:" + rest
    elif not _SCHEME.match(url):
        url = "https://" + url.lstrip("/")
    if not url.lower().startswith(("http://", "https://")):
        raise FeedProblem(f"Only http and https addresses can be followed, not {url[:80]!r}.")
    return url


def _folder(folder: str | None) -> str | None:
    if folder is None:
        return None
    parts = [" ".join(p.split()) for p in folder.split("/")]
    cleaned = "/".join(p for p in parts if p)
    return cleaned[:MAX_TITLE] or None


class FeedMethods:
    """Subscriptions; mixed into `reader.library.api.Library`."""

    rules: TopicRules
    classifier: Callable[[], Classifier]  # TopicMethods, also mixed into Library
    _clock: Callable[[], dt.datetime]

    _report: Callable[[Changes], Changes]  # provided by Library

    # -- reads -----------------------------------------------------------------------------

    def feeds(self) -> list[FeedInfo]:
        """Every subscription, by folder then name, with its unread and total counts."""
        return read_feeds(self._clock())

    def feed(self, feed_id: int) -> FeedInfo | None:
        found = read_feeds(self._clock(), feed_id)
        return found[0] if found else None

    def feed_folders(self) -> list[str]:
        """The folders that hold feeds, sorted (for completion and the sidebar)."""
        return [
            r[0]
            for r in database.execute_sql(
                "SELECT DISTINCT folder FROM feed WHERE folder IS NOT NULL ORDER BY folder"
            )
        ]

    def feeds_due(self, interval_minutes: int) -> list[int]:
        """The feeds a scheduled refresh should fetch now: not paused, not waiting for the
        server, and not fetched within their interval (their own, else `interval_minutes`)."""
        now = self._clock()
        due = []
        for info in self.feeds():
            if info.paused or (info.retry_at is not None and info.retry_at > now):
                continue
            every = dt.timedelta(minutes=info.interval_minutes or interval_minutes)
            if info.last_checked is None or info.last_checked + every <= now:
                due.append(info.id)
        return due

    def export_opml(self) -> str:
        """Every subscription and its folder as an OPML 2.0 document."""
        return opml.write_opml(
            opml.OpmlFeed(f.url, f.title, f.site_url, f.folder) for f in self.feeds()
        )

    # -- adding ------------------------------------------------------------------------------

    @write
    def add_feed(
        self,
        url: str,
        *,
        folder: str | None = None,
        full_text: bool = False,
        refresh: bool = True,
        title: str | None = None,
    ) -> FeedInfo:
        """Subscribe to the feed at `url`, or to the first feed a web page at `url` names.
        Uses the network. With `refresh`, its entries come in at once. Raises `FeedProblem`
        (one sentence) if nothing there can be followed; nothing is saved then."""
        url = clean_url(url)
        existing = self._feed_by_url(url)
        if existing is not None:
            raise FeedProblem(f"You already follow this feed, as “{existing.title}”.")
        response, parsed = self._find_feed(url)
        feed_url = response.moved_to or (response.url if response.url != url else url)
        existing = self._feed_by_url(feed_url)
        if existing is not None:
            raise FeedProblem(f"You already follow this feed, as “{existing.title}”.")
        job = Job(0, feed_url, parsed.title or feed_url, None, None, full_text, {})
        prepared = prepare_entries(parsed.entries, job, None, lambda: False) if refresh else []
        writer = Writer(self.classifier(), self._clock())
        with database.atomic():
            cursor = database.execute_sql(
                "INSERT INTO feed (url, title, user_title, site_url, folder, full_text, paused, "
                "created) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                (
                    feed_url,
                    parsed.title[:MAX_TITLE],
                    (title or "").strip()[:MAX_TITLE] or None,
                    parsed.site_url,
                    _folder(folder),
                    full_text,
                    writer.stamp,
                ),
            )
            job.feed_id = int(cursor.lastrowid)
            added: list[int] = []
            if refresh:
                got = Fetched(job, response, parsed, prepared)
                added = list(writer.write(got).added)
        self._report(Changes(added=frozenset(added), counts=True, topics=bool(added), feeds=True))
        info = self.feed(job.feed_id)
        assert info is not None
        return info

    def _feed_by_url(self, url: str) -> FeedInfo | None:
        row = database.execute_sql("SELECT id FROM feed WHERE url = ?", (url,)).fetchone()
        return self.feed(int(row[0])) if row else None

    @staticmethod
    def _find_feed(url: str) -> tuple[Response, ParsedFeed]:
        try:
            response = fetch(url, max_bytes=FEED_BYTES, accept=FEED_ACCEPT)
            if looks_like_feed(response.body, response.content_type):
                return response, parse_response(response)
            links = feed_links(response.body, response.url)
            if not links:
                raise FeedProblem(
                    f"No feed was found at {url}: it is a web page that names no feed "
                    "(use Add Page to save the page itself)."
                )
            problems = []
            for link in links[:5]:
                try:
                    found = fetch(link, max_bytes=FEED_BYTES, accept=FEED_ACCEPT)
                    return found, parse_response(found)
                except (FetchError, FeedError) as exc:
                    problems.append(f"{link}: {exc}")
            raise FeedProblem(f"The feeds {url} names could not be read ({problems[0]}).")
        except (FetchError, FeedError) as exc:
            raise FeedProblem(f"Could not add {url}: {exc}.") from exc

    # -- changing ----------------------------------------------------------------------------

    @write
    def rename_feed(self, feed_id: int, title: str | None) -> Changes:
        """Give a feed the user's own name; None or "" goes back to the feed's own."""
        name = " ".join((title or "").split())[:MAX_TITLE] or None
        return self._set(feed_id, {"user_title": name})

    @write
    def move_feed(self, feed_id: int, folder: str | None) -> Changes:
        """Put a feed in a folder ("News/World" nests); None or "" takes it out."""
        return self._set(feed_id, {"folder": _folder(folder)})

    @write
    def pause_feed(self, feed_id: int, paused: bool) -> Changes:
        """Stop (or start again) refreshing a feed; resuming forgets the server's wait."""
        fields: dict[str, object] = {"paused": paused}
        if not paused:
            fields.update(retry_at=None, last_error=None)
        return self._set(feed_id, fields)

    @write
    def set_feed_options(
        self,
        feed_id: int,
        *,
        full_text: bool = UNSET,
        interval_minutes: int | None = UNSET,
        keep_days: int | None = UNSET,
        keep_count: int | None = UNSET,
    ) -> Changes:
        """Change a feed's options; what is not given stays. A keep limit applies at once and
        never removes an article with a bookmark, highlight or note."""
        fields: dict[str, object] = {}
        for name, value in (
            ("full_text", full_text),
            ("interval_minutes", interval_minutes),
            ("keep_days", keep_days),
            ("keep_count", keep_count),
        ):
            if value is UNSET:
                continue
            if name != "full_text" and value is not None and (int(value) < 1):
                raise FeedProblem(f"{name.replace('_', ' ')} must be at least 1.")
            fields[name] = value
        changes = self._set(feed_id, fields, report=False)
        if not changes:
            return NOTHING
        info = self.feed(feed_id)
        gone: list[int] = []
        if info is not None and (info.keep_days or info.keep_count):
            with database.atomic():
                gone = over_limit(feed_id, info.keep_days, info.keep_count, str(self._clock()))
                delete_plain(gone)
        return self._report(
            changes | Changes(removed=frozenset(gone), counts=bool(gone), topics=bool(gone))
        )

    def _set(self, feed_id: int, fields: dict[str, object], report: bool = True) -> Changes:
        if not fields:
            return NOTHING
        if database.execute_sql("SELECT 1 FROM feed WHERE id = ?", (feed_id,)).fetchone() is None:
            raise FeedProblem(f"There is no feed {feed_id}.")
        sets = ", ".join(f"{name} = ?" for name in fields)
        with database.atomic():
            database.execute_sql(
                f"UPDATE feed SET {sets} WHERE id = ?", [*fields.values(), feed_id]
            )
        changes = Changes(feeds=True, counts=True)
        return self._report(changes) if report else changes

    @write
    def remove_feed(self, feed_id: int, *, keep_articles: bool) -> Changes:
        """Unsubscribe. Its articles go unless `keep_articles`, except those with a bookmark,
        highlight or note (or that another feed or a saved page also holds): those always
        stay, as articles of their own."""
        if database.execute_sql("SELECT 1 FROM feed WHERE id = ?", (feed_id,)).fetchone() is None:
            raise FeedProblem(f"There is no feed {feed_id}.")
        ids = [
            int(r[0])
            for r in database.execute_sql(
                "SELECT article_id FROM feed_entry WHERE feed_id = ? AND article_id IS NOT NULL",
                (feed_id,),
            )
        ]
        gone = [] if keep_articles else removable(ids)
        with database.atomic():
            delete_plain(gone)
            database.execute_sql("DELETE FROM feed_entry WHERE feed_id = ?", (feed_id,))
            database.execute_sql("DELETE FROM feed WHERE id = ?", (feed_id,))
        kept = frozenset(ids) - frozenset(gone)
        return self._report(
            Changes(
                articles=kept, removed=frozenset(gone), counts=True, topics=bool(gone), feeds=True
            )
        )

    @write
    def import_opml(self, data: bytes) -> tuple[list[FeedInfo], list[str]]:
        """Subscribe to every feed of an OPML document, in its folders, without fetching
        them (the next refresh does). Returns the feeds added and, in words, what was not
        (already followed, not http(s)). Raises `FeedProblem` if it is not OPML."""
        try:
            problems: list[str] = []
            found = opml.read_opml(data, problems=problems)
        except opml.OpmlError as exc:
            raise FeedProblem(f"Not an OPML file: {exc}.") from exc
        added_ids: list[int] = []
        stamp = str(self._clock())
        with database.atomic():
            for item in found:
                try:
                    url = clean_url(item.url)
                except FeedProblem as exc:
                    problems.append(str(exc))
                    continue
                if database.execute_sql("SELECT 1 FROM feed WHERE url = ?", (url,)).fetchone():
                    problems.append(f"{url}: already followed")
                    continue
                cursor = database.execute_sql(
                    "INSERT INTO feed (url, title, site_url, folder, full_text, paused, created) "
                    "VALUES (?, ?, ?, ?, 0, 0, ?)",
                    (
                        url,
                        (item.title or "")[:MAX_TITLE],
                        item.site_url,
                        _folder(item.folder),
                        stamp,
                    ),
                )
                added_ids.append(int(cursor.lastrowid))
        if added_ids:
            self._report(Changes(feeds=True, counts=True))
        infos = {f.id: f for f in self.feeds()}
        return [infos[i] for i in added_ids if i in infos], problems

    # -- refreshing --------------------------------------------------------------------------

    @write
    def refresh_feeds(
        self,
        ids: Iterable[int] | None = None,
        *,
        progress: RefreshProgress | None = None,
        cancelled: Callable[[], bool] | None = None,
        workers: int = 4,
        pictures: PictureCheck | None = None,
    ) -> list[RefreshResult]:
        """Fetch feeds (the given ones, else every feed not paused) and write what is new.
        Uses the network: `workers` feeds are fetched at a time, on threads of their own;
        writes happen on the calling thread. Paused feeds, and feeds whose server asked to
        wait, are skipped with a reason. `pictures` checks each picture (decoding it); None
        leaves pictures out. `progress(done, total, result)` after each feed."""
        now = self._clock()
        infos = {f.id: f for f in self.feeds()}
        wanted = list(ids) if ids is not None else [i for i, f in infos.items() if not f.paused]
        results: list[RefreshResult] = []
        jobs: list[Job] = []
        for feed_id in wanted:
            info = infos.get(feed_id)
            if info is None:
                raise FeedProblem(f"There is no feed {feed_id}.")
            if info.paused:
                results.append(RefreshResult(feed_id, info.title, skipped="paused"))
            elif info.retry_at is not None and info.retry_at > now:
                wait = info.retry_at.strftime("%H:%M UTC")
                results.append(
                    RefreshResult(
                        feed_id, info.title, skipped=f"the server asked to wait until {wait}"
                    )
                )
            else:
                job = read_job(feed_id)
                if job is not None:
                    jobs.append(job)
        total = len(results) + len(jobs)
        for number, result in enumerate(results, 1):
            if progress is not None:
                progress(number, total, result)
        writer = Writer(self.classifier(), now)

        def write_batch(batch: list[Fetched]) -> None:
            done: list[RefreshResult] = []
            writer.classify(batch)  # pure Python, outside the write lock
            # light: what a feed gave can be fetched again, so its commits (one every 20 ms)
            # do not wait for the disk, which the window's own reads then share less
            with database.light(), database.atomic() as txn:
                chunk = time.monotonic()

                def between() -> None:  # a short hold of the lock: the window's writes wait little
                    nonlocal chunk
                    time.sleep(0)  # lets the window's thread take the interpreter's lock
                    if time.monotonic() - chunk > WRITE_SLICE_SECONDS:
                        txn.commit()  # and hands the lock to a waiting writer
                        chunk = time.monotonic()

                for got in batch:
                    done.append(writer.write(got, between))
                    info = infos[got.job.feed_id]
                    if info.keep_days or info.keep_count:
                        gone = over_limit(info.id, info.keep_days, info.keep_count, writer.stamp)
                        delete_plain(gone)
                        done[-1] = _with_removed(done[-1], gone)
            results.extend(done)
            self._report_refresh(done)
            if progress is not None:
                for result in done:
                    progress(len(results), total, result)

        run(
            jobs,
            writer,
            write_batch=write_batch,
            workers=workers,
            pictures=pictures,
            cancelled=cancelled,
        )
        return results

    def _report_refresh(self, done: Sequence[RefreshResult]) -> None:
        added = frozenset(i for r in done for i in r.added)
        updated = frozenset(i for r in done for i in r.updated)
        removed = frozenset(i for r in done for i in r.removed)
        touched = bool(added or updated or removed)
        self._report(
            Changes(
                articles=updated,
                added=added,
                removed=removed,
                counts=True,
                topics=touched,
                feeds=True,
            )
        )


def _with_removed(result: RefreshResult, gone: Sequence[int]) -> RefreshResult:
    if not gone:
        return result
    return RefreshResult(
        result.feed_id,
        result.title,
        result.added,
        result.updated,
        tuple(gone),
        result.not_modified,
        result.error,
        result.skipped,
    )
