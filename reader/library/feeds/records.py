"""What the library says about a subscription (`FeedInfo`) and about one feed's refresh
(`RefreshResult`), and the one line of status both the sidebar and `reader feeds list` show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reader.library.store.models import database

DEFAULT_INTERVAL = 60  # minutes between refreshes of a feed that names no interval of its own


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """One subscription as the window and the command line see it. Times are UTC."""

    id: int
    url: str
    title: str  # the user's name for it, else the feed's own, else its URL
    folder: str | None  # "News/World", or None at the top
    site_url: str | None
    paused: bool
    full_text: bool  # entries that carry only a summary are completed from their page
    interval_minutes: int | None  # None: the global interval
    keep_days: int | None
    keep_count: int | None
    unread: int
    total: int
    last_checked: dt.datetime | None
    last_success: dt.datetime | None
    last_error: str | None  # in words; None after a success
    retry_at: dt.datetime | None  # the server asked not to be fetched before this
    status: str  # one line: "Updated 2026-12-02 21:04 UTC", "Failed …: …", "Paused"

    def to_json(self) -> dict[str, object]:
        """The fields of `reader feeds list --json` (times as ISO 8601 UTC, or null)."""
        out: dict[str, object] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            out[name] = _iso(value) if isinstance(value, dt.datetime) else value
        return out


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What refreshing one feed did: the articles it added and updated, or why not."""

    feed_id: int
    title: str
    added: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()  # by the feed's keep limit
    not_modified: bool = False  # the server answered 304, or sent the same entries
    error: str | None = None  # in words
    skipped: str | None = None  # why it was not fetched: paused, or the server's wait

    def describe(self) -> str:
        """One line for the command line and the status bar."""
        if self.skipped:
            return f"{self.title}: skipped ({self.skipped})"
        if self.error:
            return f"{self.title}: {self.error}"
        if not self.added and not self.updated:
            return f"{self.title}: no new articles"
        parts = [_plural(len(self.added), "new article")]
        if self.updated:
            parts.append(f"{len(self.updated)} updated")
        return f"{self.title}: {', '.join(parts)}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def _iso(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def _when(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def status_line(
    *,
    paused: bool,
    last_checked: dt.datetime | None,
    last_success: dt.datetime | None,
    last_error: str | None,
    retry_at: dt.datetime | None,
    now: dt.datetime,
) -> str:
    """The feed's state in one line, worst news first."""
    if paused:
        return f"Paused: {last_error}" if last_error else "Paused"
    if last_error:
        since = f"last success {_when(last_success)}" if last_success else "never fetched"
        checked = f" {_when(last_checked)}" if last_checked else ""
        line = f"Failed{checked}: {last_error} ({since})"
        if retry_at is not None and retry_at > now:
            line += f"; the server asked to wait until {_when(retry_at)}"
        return line
    if last_success is not None:
        return f"Updated {_when(last_success)}"
    return "Not fetched yet"


def _time(value: object) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


_FEEDS_SQL = """
SELECT f.id, f.url, COALESCE(f.user_title, NULLIF(f.title, ''), f.url), f.folder, f.site_url,
       f.paused, f.full_text, f.interval_minutes, f.keep_days, f.keep_count, f.last_checked,
       f.last_success, f.last_error, f.retry_at
FROM feed f {where} ORDER BY COALESCE(f.folder, ''), lower(COALESCE(f.user_title,
       NULLIF(f.title, ''), f.url)), f.id
"""
_COUNTS_SQL = """
SELECT e.feed_id, COUNT(*), SUM(NOT EXISTS (SELECT 1 FROM reading_state r
                                            WHERE r.article_id = e.article_id AND r.read))
FROM feed_entry e WHERE e.article_id IS NOT NULL {where} GROUP BY e.feed_id
"""


def read_feeds(now: dt.datetime, feed_id: int | None = None) -> list[FeedInfo]:
    """Every subscription (or the one with `feed_id`), by folder and name, with counts."""
    where, params = ("WHERE f.id = ?", [feed_id]) if feed_id is not None else ("", [])
    counts_where = "AND e.feed_id = ?" if feed_id is not None else ""
    counts = {
        fid: (int(total), int(unread or 0))
        for fid, total, unread in database.execute_sql(
            _COUNTS_SQL.format(where=counts_where), params
        )
    }
    out = []
    for row in database.execute_sql(_FEEDS_SQL.format(where=where), params):
        (
            fid,
            url,
            title,
            folder,
            site,
            paused,
            full,
            interval,
            days,
            count,
            checked,
            success,
            error,
            retry,
        ) = row
        total, unread = counts.get(fid, (0, 0))
        checked, success, retry = _time(checked), _time(success), _time(retry)
        status = status_line(
            paused=bool(paused),
            last_checked=checked,
            last_success=success,
            last_error=error,
            retry_at=retry,
            now=now,
        )
        out.append(
            FeedInfo(
                id=fid,
                url=url,
                title=title,
                folder=folder,
                site_url=site,
                paused=bool(paused),
                full_text=bool(full),
                interval_minutes=interval,
                keep_days=days,
                keep_count=count,
                unread=unread,
                total=total,
                last_checked=checked,
                last_success=success,
                last_error=error,
                retry_at=retry,
                status=status,
            )
        )
    return out
