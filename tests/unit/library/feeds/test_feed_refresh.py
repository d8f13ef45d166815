"""Refreshing feeds: what HTTP says (304, 301, 410, 429, 500, slow, huge), entries that
change or repeat, full text from the linked page, hostile feeds, and stopping."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from feedmaker import HTML_TYPE, RSS_TYPE, Item, long_html, page, rss
from localweb import LocalWeb

from reader.library import Library, View
from reader.library.feeds import refresh as refresh_module


def _item(n: int, text: str = "") -> Item:
    return Item(
        f"id-{n}",
        f"Headline {n}",
        long_html(text or f"Entry {n}."),
        link=f"https://example.org/{n}",
    )


def _follow(lib: Library, web: LocalWeb, items: list[Item], **route: object) -> int:
    web.route("/feed.xml", body=rss(items), headers=RSS_TYPE, **route)  # type: ignore[arg-type]
    return lib.add_feed(web.url("/feed.xml")).id


def test_an_unchanged_feed_costs_one_304(empty_library: Library, web: LocalWeb) -> None:
    feed = _follow(empty_library, web, [_item(1), _item(2)], etag='"v1"')
    (result,) = empty_library.refresh_feeds([feed])
    assert result.not_modified and result.added == ()
    assert web.requests[-1].header("If-None-Match") == '"v1"'
    assert empty_library.feed(feed).last_success is not None  # type: ignore[union-attr]


def test_last_modified_is_sent_back(empty_library: Library, web: LocalWeb) -> None:
    stamp = "Tue, 01 Dec 2026 10:00:00 GMT"
    feed = _follow(empty_library, web, [_item(1)], last_modified=stamp)
    (result,) = empty_library.refresh_feeds([feed])
    assert result.not_modified
    assert web.requests[-1].header("If-Modified-Since") == stamp


def test_the_same_entries_again_add_nothing(empty_library: Library, web: LocalWeb) -> None:
    feed = _follow(empty_library, web, [_item(1), _item(2)])  # no validators
    (result,) = empty_library.refresh_feeds([feed])
    assert (result.added, result.updated) == ((), ())
    assert empty_library.counts().all == 2


def test_a_changed_entry_updates_its_article_and_keeps_its_highlight(
    empty_library: Library, web: LocalWeb
) -> None:
    lib = empty_library
    feed = _follow(lib, web, [_item(1, "Alpha beta gamma.")])
    (row,) = lib.page(View("feed", feed=feed))
    body = lib.article(row.id).body  # type: ignore[union-attr]
    start = body.index("beta gamma")
    lib.add_highlight(row.id, start, start + len("beta gamma"), "pink", "kept")
    web.route(
        "/feed.xml", body=rss([_item(1, "Omega alpha beta gamma."), _item(2)]), headers=RSS_TYPE
    )
    (result,) = lib.refresh_feeds([feed])
    assert result.updated == (row.id,) and len(result.added) == 1
    article = lib.article(row.id)
    assert article is not None and article.body.startswith("Omega")
    (note,) = lib.annotations(row.id)
    assert not note.orphan and note.note == "kept"
    assert article.body[note.start : note.end] == "beta gamma"  # type: ignore[misc]


def test_a_permanent_redirect_updates_the_address(empty_library: Library, web: LocalWeb) -> None:
    feed = _follow(empty_library, web, [_item(1)])
    web.route("/new.xml", body=rss([_item(1), _item(2)]), headers=RSS_TYPE)
    web.route("/feed.xml", status=301, headers={"Location": "/new.xml"})
    (result,) = empty_library.refresh_feeds([feed])
    assert len(result.added) == 1
    assert empty_library.feed(feed).url == web.url("/new.xml")  # type: ignore[union-attr]


def test_a_temporary_redirect_keeps_the_address(empty_library: Library, web: LocalWeb) -> None:
    feed = _follow(empty_library, web, [_item(1)])
    web.route("/tmp.xml", body=rss([_item(1)]), headers=RSS_TYPE)
    web.route("/feed.xml", status=302, headers={"Location": "/tmp.xml"})
    empty_library.refresh_feeds([feed])
    assert empty_library.feed(feed).url == web.url("/feed.xml")  # type: ignore[union-attr]


def test_gone_pauses_the_feed(empty_library: Library, web: LocalWeb) -> None:
    feed = _follow(empty_library, web, [_item(1)])
    web.route("/feed.xml", status=410, body=b"gone")
    (result,) = empty_library.refresh_feeds([feed])
    info = empty_library.feed(feed)
    assert info is not None and info.paused and "410" in (result.error or "")
    assert info.status.startswith("Paused: the feed is gone")
    assert empty_library.counts().all == 1  # its articles stay


def test_too_many_requests_waits_as_asked(empty_library: Library, web: LocalWeb) -> None:
    feed = _follow(empty_library, web, [_item(1)])
    web.route("/feed.xml", status=429, headers={"Retry-After": "3600"})
    (failed,) = empty_library.refresh_feeds([feed])
    info = empty_library.feed(feed)
    assert failed.error and info is not None and info.retry_at is not None
    assert info.retry_at > dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=50)
    asked = len(web.requests)
    (again,) = empty_library.refresh_feeds([feed])
    assert again.skipped and "wait until" in again.skipped and len(web.requests) == asked
    assert empty_library.feeds_due(1) == []
    empty_library.pause_feed(feed, False)  # resuming by hand forgets the wait
    assert empty_library.feeds_due(1) == [feed] or empty_library.feed(feed).retry_at is None  # type: ignore[union-attr]


def test_a_server_error_is_kept_in_words_until_a_success(
    empty_library: Library, web: LocalWeb
) -> None:
    lib = empty_library
    feed = _follow(lib, web, [_item(1)])
    web.route("/feed.xml", status=500, body=b"oops")
    (result,) = lib.refresh_feeds([feed])
    info = lib.feed(feed)
    assert info is not None and result.error and "500" in result.error
    assert info.status.startswith("Failed") and "last success" in info.status
    web.route("/feed.xml", body=rss([_item(1)]), headers=RSS_TYPE)
    lib.refresh_feeds([feed])
    assert lib.feed(feed).last_error is None  # type: ignore[union-attr]


def test_not_a_feed_and_billion_laughs_fail_fast(empty_library: Library, web: LocalWeb) -> None:
    lib = empty_library
    feed = _follow(lib, web, [_item(1)])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "&lol%s;&lol%s;&lol%s;&lol%s;">'
            % (i, *([b"" if i == 1 else str(i - 1).encode()] * 4))
            for i in range(1, 10)
        )
        + b']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    )
    web.route("/feed.xml", body=laughs, headers=RSS_TYPE)
    started = time.perf_counter()
    (result,) = lib.refresh_feeds([feed])
    assert time.perf_counter() - started < 5
    assert result.error and "entit" in result.error
    web.route("/feed.xml", body=b"\x00\x01\x02 binary", headers=RSS_TYPE)
    (result,) = lib.refresh_feeds([feed])
    assert result.error and "not a feed" in result.error


def test_a_slow_server_times_out(
    empty_library: Library, web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = _follow(empty_library, web, [_item(1)])
    monkeypatch.setattr(refresh_module, "FEED_SECONDS", 1.0)
    web.route("/feed.xml", handler=lambda _r: (200, RSS_TYPE, iter([b"<rss>", 3.0, b"</rss>"])))
    (result,) = empty_library.refresh_feeds([feed])
    assert result.error and "timed out" in result.error


def test_a_huge_feed_is_refused(
    empty_library: Library, web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = _follow(empty_library, web, [_item(1)])
    chunks = (b"<!-- " + b"x" * 65536 for _ in range(800))  # 50 MB, sent lazily
    web.route("/feed.xml", body=chunks, headers=RSS_TYPE)
    (result,) = empty_library.refresh_feeds([feed])
    assert result.error and "larger than 10 MB" in result.error


def test_cp1252_feed_reads_right(empty_library: Library, web: LocalWeb) -> None:
    item = Item("c1", "Caf\u00e9 prices rise \u20ac2 \u2013 \u201cquoted\u201d", long_html())
    web.route(
        "/feed.xml",
        body=rss([item], encoding="windows-1252"),
        headers={"Content-Type": "application/rss+xml; charset=windows-1252"},
    )
    info = empty_library.add_feed(web.url("/feed.xml"))
    (row,) = empty_library.page(View("feed", feed=info.id))
    assert row.title == item.title


def test_five_thousand_entries(empty_library: Library, web: LocalWeb) -> None:
    items = [
        Item(f"g{i}", f"Story {i}", f"<p>Story {i} about the council budget.</p>")
        for i in range(5000)
    ]
    info = empty_library.add_feed(_serve_many(web, items))
    assert info.total == 5000
    (result,) = empty_library.refresh_feeds([info.id])
    assert result.added == ()


def _serve_many(web: LocalWeb, items: list[Item]) -> str:
    web.route("/big.xml", body=rss(items), headers=RSS_TYPE)
    return web.url("/big.xml")


def test_full_text_comes_from_the_linked_page(empty_library: Library, web: LocalWeb) -> None:
    story = [
        "The city council approved the new school budget on Tuesday after a long debate.",
        "Teachers said the money would pay for new classrooms and for buses to rural areas.",
        "The mayor said the vote showed the city cared about its children and its future.",
    ] * 3
    web.route("/story", body=page("Council approves school budget", story), headers=HTML_TYPE)
    teaser = Item(
        "t1",
        "Council approves school budget",
        "",
        link=web.url("/story"),
        summary="The city council approved the new school budget… Read more",
    )
    web.route("/feed.xml", body=rss([teaser]), headers=RSS_TYPE)
    lib = empty_library
    plain = lib.add_feed(web.url("/feed.xml"))
    (row,) = lib.page(View("feed", feed=plain.id))
    assert "Teachers" not in lib.article(row.id).body  # type: ignore[union-attr]
    lib.remove_feed(plain.id, keep_articles=False)
    web.route(
        "/feed2.xml",
        body=rss([Item("t2", teaser.title, "", link=web.url("/story"), summary=teaser.summary)]),
        headers=RSS_TYPE,
    )
    full = lib.add_feed(web.url("/feed2.xml"), full_text=True)
    (row,) = lib.page(View("feed", feed=full.id))
    article = lib.article(row.id)
    assert article is not None and "Teachers said the money" in article.body
    assert "Most read" not in article.body and "All rights reserved" not in article.body
    assert article.link == web.url("/story") and article.title == teaser.title


def test_stopping_keeps_what_was_written(empty_library: Library, web: LocalWeb) -> None:
    lib = empty_library
    ids = []
    for n in range(6):
        web.route(f"/f{n}.xml", body=rss([_item(n)]), headers=RSS_TYPE)
        ids.append(lib.add_feed(web.url(f"/f{n}.xml"), refresh=False).id)
    for n in range(6):
        web.route(
            f"/f{n}.xml", handler=lambda _r, n=n: (200, RSS_TYPE, iter([1.0, rss([_item(n)])]))
        )
    done: list[int] = []
    results = lib.refresh_feeds(
        ids, workers=2, progress=lambda d, t, r: done.append(d), cancelled=lambda: len(done) >= 2
    )
    assert 2 <= len([r for r in results if r.added]) < 6
    assert {r.skipped for r in results if not r.added} <= {"stopped", None}
    assert lib.counts().all == len([r for r in results if r.added])


def test_many_feeds_are_fetched_in_worker_processes(
    empty_library: Library, web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh of `PROCESS_MIN_JOBS` feeds or more parses in worker processes (away from
    the window's interpreter lock); what they send back is written like any other."""
    lib = empty_library
    count = refresh_module.PROCESS_MIN_JOBS + 2
    ids = []
    for n in range(count):
        web.route(f"/p{n}.xml", body=rss([_item(n), _item(100 + n)]), headers=RSS_TYPE)
        ids.append(lib.add_feed(web.url(f"/p{n}.xml"), refresh=False).id)
    web.route("/p0.xml", status=503, headers={"Retry-After": "120"})
    pools: list[str] = []
    real = refresh_module._pool

    def spy(*args: object) -> object:
        pool, tell = real(*args)  # type: ignore[arg-type]
        pools.append(type(pool).__name__)
        return pool, tell

    monkeypatch.setattr(refresh_module, "_pool", spy)
    results = lib.refresh_feeds(ids, workers=2)
    assert pools == ["ProcessPoolExecutor"]
    by_feed = {r.feed_id: r for r in results}
    assert by_feed[ids[0]].error and lib.feed(ids[0]).retry_at is not None  # type: ignore[union-attr]
    assert all(len(by_feed[i].added) == 2 for i in ids[1:])
    assert lib.counts().all == 2 * (count - 1)
    again = lib.refresh_feeds(ids[1:3], workers=2)  # two feeds: threads
    assert all(r.added == () for r in again) and pools[-1] == "ThreadPoolExecutor"
